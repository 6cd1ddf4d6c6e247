"""Hostile inputs against every command, under /usr/bin/time: exit status, wall time, peak memory.

    .venv/bin/python bench/hostile.py [--only SUBSTRING] [--limit-s 60] [--limit-mb 2048]

Generates every input itself (in a temporary folder, removed afterwards):
bombs (gzip that expands to 2 GB of valid articles or 5 GB of newlines),
pathological sizes (20,000 short articles, 50 documents of 190,000
characters, an element with 300,000 attributes, 100,000-deep JSON/HTML/XML),
bad values in every field (lone surrogates, 5,000-digit numbers, NaN,
malformed URLs, markup and javascript: URLs), bad files (binary, not UTF-8,
empty, over the size limit, truncated gzip) and bad outputs (missing folder,
closed stdout, existing model directory) -- for brief (md/json/html),
stories (md/json/html, feeds), eval and train.

Each case runs in a fresh process with a hard stop at twice the time limit.
A case passes when it ends within the limits, prints no traceback and exits
with a documented status (0 output written, 1 nothing usable / cannot write,
2 usage error). Prints one row per case and a summary; exit status 1 if any
case fails. The machine is shared: wall times include other people's load.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE = [sys.executable, "-m", "newsfuse"]
STORM = ("A strong storm hit the northern coast of Brevia on Monday, officials said. "
         "Thousands of homes lost power as winds reached 120 kilometres an hour. "
         "Rescue teams were sent to the towns of Olm and Varra.")
MARKUP = '<script>alert(1)</script><img src=x onerror=alert(2)>[x](javascript:alert(3))'


def words(rng: random.Random, vocab: list[str], n: int) -> str:
    return " ".join(rng.choice(vocab) for _ in range(n)).capitalize() + "."


def make_inputs(d: Path) -> dict[str, Path]:
    """Every hostile input, generated; name -> path."""
    rng = random.Random(11)
    vocab = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9))) for _ in range(6000)]
    common = vocab[:300]
    mixed = common * 2 + vocab
    p: dict[str, Path] = {}

    def put(name: str, data: str | bytes) -> Path:
        path = d / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        p[name] = path
        return path

    put("good.txt", "Storm hits Brevia coast\n\n" + STORM)
    put("good2.json", json.dumps({"text": STORM.replace("Monday", "Monday morning"), "title": "Brevia storm"}))
    put("deep.json", "[" * 100_000 + "]" * 100_000)
    put("bigint.json", '{"text": "Storm words.", "title": ' + "9" * 5000 + "}")
    put("surrogate-text.json", '{"text": "A storm \\ud800 hit the coast on Monday, officials said."}')
    put("surrogate-title.json", json.dumps({"text": STORM}).replace("}", ', "title": "\\udc00"}'))
    put("nan-title.json", '{"text": "' + STORM + '", "title": NaN, "published": Infinity}')
    put("markup-fields.json", json.dumps([{"text": STORM + " " + MARKUP, "title": MARKUP, "source": MARKUP,
                                           "author": MARKUP, "published": MARKUP, "url": url}
                                          for url in ("javascript:alert(4)", "http://x.example/<script>alert(5)</script>",
                                                      "http://[::1", "http://x.example:99999/")]))
    put("mixed.jsonl", "\n".join(["[" * 100_000 + "]" * 100_000, json.dumps({"text": STORM}),
                                  '{"text": "x", "id": ' + "7" * 5000 + "}", '{"text": "a \\ud800 b."}', "{bad"]) + "\n")
    many = [{"title": "Storm", "text": words(rng, mixed, 14) + " " + words(rng, mixed, 14)} for _ in range(20_000)]
    put("many-short.json", json.dumps(many))
    docs = []
    for _ in range(50):
        parts, n = [], 0
        while n < 190_000:
            s = words(rng, mixed, rng.randint(8, 25))
            parts.append(s)
            n += len(s) + 1
        docs.append(" ".join(parts))
    put("long-docs.txt", " ||||| ".join(docs))
    put("no-full-stop.txt", " ".join(rng.choice(vocab) for _ in range(30_000))[:190_000])
    put("attributes.html", "<html><body><p " + " ".join(f'a{i}="x"' for i in range(300_000)) + ">" + STORM + "</p></body></html>")
    put("deep.html", "<html><body>" + "<div>" * 100_000 + STORM + "</div>" * 100_000 + "</body></html>")
    put("elements.html", "<html><body>" + "<span>x</span>" * 60_000 + "</body></html>")
    put("binary.txt", bytes(range(256)) * 100)
    put("latin1.txt", "Caf\xe9 au lait is served daily.".encode("latin-1"))
    put("empty.json", "")
    put("too-large.txt", "word " * 2_200_000)
    chunk = gzip.compress((json.dumps({"title": "Storm", "text": STORM}) + "\n").encode() * 50_000, 9)
    with open(d / "bomb.jsonl.gz", "wb") as fh:  # gzip members back to back: ~2 GB when expanded
        for _ in range(2_000_000_000 // (len(STORM) * 50_000)):
            fh.write(chunk)
    p["bomb.jsonl.gz"] = d / "bomb.jsonl.gz"
    nl = gzip.compress(b"\n" * 100_000_000, 9)
    with open(d / "newlines.jsonl.gz", "wb") as fh:  # ~5 GB of newlines
        for _ in range(50):
            fh.write(nl)
    p["newlines.jsonl.gz"] = d / "newlines.jsonl.gz"
    whole = gzip.compress("".join(json.dumps({"text": f"Report {n}. {STORM}"}) + "\n" for n in range(3000)).encode())
    put("truncated.jsonl.gz", whole[: len(whole) // 2])
    item = f"<item><title>T {MARKUP}</title><link>javascript:alert(6)</link><description>{STORM}</description></item>"
    put("feed.rss", f'<?xml version="1.0"?><rss version="2.0"><channel><title>{MARKUP}</title>{item}</channel></rss>'
        .replace("<script>", "&lt;script&gt;"))
    put("laughs.rss", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(9))
        + ']><rss version="2.0"><channel><title>&j;</title><item><title>&j;</title>'
        + "<description>&j;</description></item></channel></rss>")
    put("deep.rss", '<?xml version="1.0"?><rss><channel>' + "<x>" * 100_000 + "</x>" * 100_000 + "</channel></rss>")
    items = "".join(f"<item><title>T{n}</title><description>{words(rng, mixed, 12)}</description></item>"
                    for n in range(60_000))
    put("big-feed.rss", f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{items}</channel></rss>')
    put("empty-feed.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing</title></channel></rss>')
    good = {"documents": [STORM, STORM.replace("Monday", "Monday night")], "summary": "A storm hit Brevia."}
    cluster_lines = ["[" * 100_000 + "]" * 100_000, json.dumps({**good, "id": "g1"}),
                     '{"id": ' + "7" * 5000 + ', "documents": ["a"], "summary": "b"}',
                     '{"documents": ["A \\ud800 storm."], "summary": "s"}',
                     '{"documents": NaN, "summary": "s"}', json.dumps({**good, "id": "g2"})]
    put("clusters.jsonl", "\n".join(cluster_lines) + "\n")
    put("long-line.jsonl", json.dumps({**good, "id": "g3"}) + "\n" + "x" * 11_000_000 + "\n" + json.dumps(good) + "\n")
    train = [json.dumps({"id": f"c{k}", "documents": [" ".join(words(rng, mixed, 12) for _ in range(8)) for _ in range(3)],
                         "summary": words(rng, mixed, 20)}) for k in range(30)]
    put("train.jsonl", "\n".join(["[" * 100_000 + "]" * 100_000, *train, '{"documents": ["\\ud800"], "summary": "s"}']) + "\n")
    tz = gzip.compress(("\n".join(train) + "\n").encode())
    put("train-truncated.jsonl.gz", tz[: len(tz) * 2 // 3])
    (d / "existing-model").mkdir()
    (d / "existing-model" / "model.joblib").write_text("keep me")
    (d / "old.md").write_text("keep me")
    return p


def cases(p: dict[str, Path], d: Path) -> list[tuple[str, list[str], dict]]:
    g = [str(p["good.txt"]), str(p["good2.json"])]
    out = str(d / "out")
    c: list[tuple[str, list[str], dict]] = []
    for name in ("deep.json", "bigint.json", "surrogate-text.json", "surrogate-title.json", "nan-title.json",
                 "mixed.jsonl", "attributes.html", "deep.html", "elements.html", "binary.txt", "latin1.txt",
                 "empty.json", "too-large.txt", "truncated.jsonl.gz", "no-full-stop.txt"):
        c.append((f"brief {name} + good", ["brief", str(p[name]), *g, "-f", "json", "-o", out + ".json"], {}))
    for fmt in ("md", "html", "json"):
        c.append((f"brief markup fields -f {fmt}", ["brief", str(p["markup-fields.json"]), "-f", fmt], {}))
    for name in ("many-short.json", "long-docs.txt", "bomb.jsonl.gz", "newlines.jsonl.gz"):
        c.append((f"brief {name}", ["brief", str(p[name]), "-f", "json", "-o", out + ".json"], {}))
    c.append(("brief --ranker centrality long-docs.txt", ["brief", str(p["long-docs.txt"]), "-r", "centrality"], {}))
    c.append(("brief stdin deep JSON", ["brief", "-"], {"stdin": p["deep.json"]}))
    c.append(("brief stdin bomb (decompressed)", ["brief", "-"], {"stdin_text": "[" + ",".join(
        [json.dumps({"text": STORM})] * 20_000) + "]"}))
    c.append(("brief -o missing folder", ["brief", *g, "-o", str(d / "missing" / "x.md")], {}))
    c.append(("brief -o over existing, all bad", ["brief", str(p["deep.json"]), "-o", str(d / "old.md")], {}))
    c.append(("brief closed stdout", ["brief", *g], {"close_stdout": True}))
    c.append(("brief, stdout piped to head -c 20", ["brief", *g, "-f", "html"], {"pipe_to": "head -c 20"}))
    c.append(("stories, stdout piped to head -c 20", ["stories", *g], {"pipe_to": "head -c 20"}))
    for fmt in ("md", "html", "json"):
        c.append((f"stories markup + feed -f {fmt}", ["stories", str(p["markup-fields.json"]), str(p["feed.rss"]), *g,
                                                       "-f", fmt], {}))
    for name in ("deep.json", "mixed.jsonl", "laughs.rss", "deep.rss", "empty-feed.rss", "surrogate-title.json"):
        c.append((f"stories {name} + good", ["stories", str(p[name]), *g, "-f", "json"], {}))
    c.append(("stories malformed URLs", ["stories", "http://[::1", "http://x.example:99999/", "http://127.0.0.1/",
                                         "javascript:alert(1)", *g], {}))
    for name in ("many-short.json", "bomb.jsonl.gz", "long-docs.txt", "big-feed.rss"):
        c.append((f"stories {name}", ["stories", str(p[name]), "-f", "json", "-o", out + ".json"], {}))
    c.append(("stories --db, -o missing folder", ["stories", *g, "--db", str(d / "s.db"), "-o",
                                                  str(d / "missing" / "s.md")], {}))
    c.append(("eval bad lines", ["eval", str(p["clusters.jsonl"]), "--systems", "lead,random", "--workers", "1"], {}))
    c.append(("eval 11 MB line", ["eval", str(p["long-line.jsonl"]), "--systems", "lead", "--workers", "1"], {}))
    c.append(("eval gzip of 5 GB newlines", ["eval", str(p["newlines.jsonl.gz"]), "--systems", "lead"], {}))
    c.append(("train gzip of 5 GB newlines", ["train", "--data", str(p["newlines.jsonl.gz"]), "--val-limit", "0",
                                             "--validation", str(p["train.jsonl"]), "--out", str(d / "ranker-nl")], {}))
    c.append(("eval truncated gz", ["eval", str(p["train-truncated.jsonl.gz"]), "--systems", "lead", "--workers", "1"], {}))
    c.append(("train bad lines", ["train", "--data", str(p["train.jsonl"]), "--validation", str(p["train.jsonl"]),
                                  "--val-limit", "5", "--out", str(d / "ranker-new")], {}))
    c.append(("train --out existing", ["train", "--data", str(p["train.jsonl"]), "--out", str(d / "existing-model")], {}))
    c.append(("train truncated gz", ["train", "--data", str(p["train-truncated.jsonl.gz"]), "--validation",
                                     str(p["train.jsonl"]), "--val-limit", "0", "--out", str(d / "ranker-cut")], {}))
    return c


def run_case(args: list[str], opts: dict, hard_stop: float) -> tuple[int, float, float, str]:
    """(exit status, wall s, peak MB, stderr) of one command under /usr/bin/time."""
    stats = tempfile.NamedTemporaryFile(delete=False, suffix=".time")
    stats.close()
    cmd = ["/usr/bin/time", "-f", "%e %M", "-o", stats.name, *EXE, *args]
    if opts.get("close_stdout"):  # closed for newsfuse itself (time would reuse fd 1 for its -o file)
        cmd[5:5] = ["sh", "-c", 'exec "$@" >&-', "sh"]
    if opts.get("pipe_to"):  # a reader that goes away early
        cmd = ["sh", "-c", 'exec "$@" | ' + opts["pipe_to"], "sh", *cmd]
    stdin = subprocess.DEVNULL
    kwargs: dict = {}
    if "stdin" in opts:
        stdin = open(opts["stdin"], "rb")
    if "stdin_text" in opts:
        kwargs["input"] = opts["stdin_text"].encode()
    else:
        kwargs["stdin"] = stdin
    try:
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=hard_stop, cwd=ROOT,
                              **kwargs)
        err = proc.stderr.decode("utf-8", "replace")
        wall, kb = Path(stats.name).read_text().split()[-2:]
        return proc.returncode, float(wall), int(kb) / 1024, err
    except subprocess.TimeoutExpired:
        return 124, hard_stop, float("nan"), "killed at the hard stop"
    finally:
        if hasattr(stdin, "close"):
            stdin.close()
        os.unlink(stats.name)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="", help="run only the cases whose name contains this")
    ap.add_argument("--limit-s", type=float, default=60.0)
    ap.add_argument("--limit-mb", type=float, default=2048.0)
    args = ap.parse_args()
    if not Path("/usr/bin/time").exists():
        print("bench/hostile.py needs /usr/bin/time (Debian package 'time')", file=sys.stderr)
        return 2
    d = Path(tempfile.mkdtemp(prefix="newsfuse-hostile-"))
    try:
        t0 = time.perf_counter()
        paths = make_inputs(d)
        print(f"inputs generated in {time.perf_counter() - t0:.1f} s in {d}", file=sys.stderr)
        failures = 0
        print(f"| case | exit | wall s | peak MB | traceback | verdict |\n|---|---:|---:|---:|---|---|")
        for name, argv, opts in cases(paths, d):
            if args.only not in name:
                continue
            code, wall, mb, err = run_case(argv, opts, hard_stop=2 * args.limit_s)
            trace = "Traceback" in err
            ok = code in (0, 1, 2) and wall <= args.limit_s and not (mb > args.limit_mb) and not trace
            failures += not ok
            print(f"| {name} | {code} | {wall:.1f} | {mb:.0f} | {'YES' if trace else 'no'} | {'ok' if ok else 'FAIL'} |",
                  flush=True)
            if not ok:
                print("    " + "\n    ".join(err.strip().splitlines()[-6:]), file=sys.stderr)
        print(f"\n{failures} case(s) failed; limits {args.limit_s:g} s and {args.limit_mb:g} MB per case; "
              f"total {time.perf_counter() - t0:.0f} s", flush=True)
        return 1 if failures else 0
    finally:
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
