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
A case passes when it ends within the limits, prints no traceback, exits with
the status expected for THAT case (0 output written, 1 nothing usable / cannot
write, 2 usage error) and its output is what that case must give: a brief or a
story list that parses and carries no live markup, the problems named on
stderr (the bad input by name, the budget that was spent), an existing file
left untouched when nothing could be written. Prints one row per case and a
summary; exit status 1 if any case fails. The machine is shared: wall times
include other people's load.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Expect:
    """What one case must give: its exit status, its output (``kind``, on stdout or in ``file``), words its
    stderr must hold, and a file that must still hold "keep me" afterwards."""

    code: int
    kind: str | None = None  # brief-json|brief-md|brief-html|stories-json|stories-md|stories-html|eval|empty|None
    err: tuple[str, ...] = ()
    file: str | None = None
    keep: str | None = None


# live markup an output must never carry from its input: a tag that runs or loads something, a javascript: link
HTML_LIVE = re.compile(r"<(script|img|iframe|svg|object|embed)\b|href\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)
MD_LIVE = re.compile(r"(?<!\\)<(script|img|iframe|svg|object|embed)\b|(?<!\\)\]\(\s*javascript:|<javascript:",
                     re.IGNORECASE)


def check_output(kind: str | None, text: str) -> list[str]:
    """Why ``text`` is not the output of kind ``kind`` (empty list: it is)."""
    if kind is None:
        return []
    if kind == "empty":
        return [] if not text.strip() else [f"expected no output, got {text[:60]!r}"]
    if not text.strip():
        return [f"no output (expected {kind})"]
    bad = []
    if re.search("[\ud800-\udfff]", text):
        bad.append("a lone surrogate in the output")
    if kind.endswith("-json") or kind == "eval":
        try:
            data = json.loads(text) if kind != "eval" else None
        except ValueError as exc:
            return bad + [f"output is not JSON ({exc})"]
        if kind == "brief-json" and (data.get("schema") != "newsfuse.brief/2" or not data.get("sentences")):
            bad.append("not a brief with sentences (schema newsfuse.brief/2)")
        if kind == "stories-json" and not data.get("stories"):
            bad.append("no stories in the JSON story list")
        return bad
    if kind.endswith("-html"):
        if not text.lstrip().lower().startswith("<!doctype html>"):
            bad.append("not an HTML page")
        if HTML_LIVE.search(text):
            bad.append("live markup from the input in the HTML")
        return bad
    if kind.endswith("-md"):
        if not text.startswith("#"):
            bad.append("not a Markdown document (no heading)")
        if MD_LIVE.search(text):
            bad.append("live markup from the input in the Markdown")
        if kind == "brief-md" and "## Sources" not in text:
            bad.append("no Sources section")
        return bad
    return bad


def cases(p: dict[str, Path], d: Path) -> list[tuple[str, list[str], dict, Expect]]:
    g = [str(p["good.txt"]), str(p["good2.json"])]
    out = str(d / "out")
    c: list[tuple[str, list[str], dict, Expect]] = []
    json_out = out + ".json"
    for name in ("deep.json", "bigint.json", "surrogate-text.json", "surrogate-title.json", "nan-title.json",
                 "mixed.jsonl", "attributes.html", "deep.html", "elements.html", "binary.txt", "latin1.txt",
                 "empty.json", "too-large.txt", "truncated.jsonl.gz", "no-full-stop.txt"):
        named = () if name in READ_FINE else (name,)
        c.append((f"brief {name} + good", ["brief", str(p[name]), *g, "-f", "json", "-o", json_out], {},
                  Expect(0, "brief-json", named, file=json_out)))
    for fmt in ("md", "html", "json"):
        c.append((f"brief markup fields -f {fmt}", ["brief", str(p["markup-fields.json"]), "-f", fmt], {},
                  Expect(0, f"brief-{fmt}")))
    c.append(("brief many-short.json", ["brief", str(p["many-short.json"]), "-f", "json", "-o", json_out], {},
              Expect(0, "brief-json", ("2,000 articles",), file=json_out)))
    c.append(("brief long-docs.txt", ["brief", str(p["long-docs.txt"]), "-f", "json", "-o", json_out], {},
              Expect(0, "brief-json", file=json_out)))
    c.append(("brief bomb.jsonl.gz", ["brief", str(p["bomb.jsonl.gz"]), "-f", "json", "-o", json_out], {},
              Expect(0, "brief-json", ("bomb.jsonl.gz", "budget"), file=json_out)))
    c.append(("brief newlines.jsonl.gz", ["brief", str(p["newlines.jsonl.gz"]), "-f", "json", "-o", json_out], {},
              Expect(1, None, ("newlines.jsonl.gz",), keep=None)))
    c.append(("brief --ranker centrality long-docs.txt", ["brief", str(p["long-docs.txt"]), "-r", "centrality"], {},
              Expect(0, "brief-md")))
    c.append(("brief stdin deep JSON", ["brief", "-"], {"stdin": p["deep.json"]}, Expect(1, "empty", ("stdin",))))
    c.append(("brief stdin bomb (decompressed)", ["brief", "-"], {"stdin_text": "[" + ",".join(
        [json.dumps({"text": STORM})] * 20_000) + "]"}, Expect(0, "brief-md", ("2,000 articles",))))
    c.append(("brief -o missing folder", ["brief", *g, "-o", str(d / "missing" / "x.md")], {},
              Expect(1, "empty", ("cannot write", "missing"))))
    c.append(("brief -o over existing, all bad", ["brief", str(p["deep.json"]), "-o", str(d / "old.md")], {},
              Expect(1, "empty", ("deep.json",), keep=str(d / "old.md"))))
    c.append(("brief closed stdout", ["brief", *g], {"close_stdout": True}, Expect(1, None, ("stdout",))))
    c.append(("brief, stdout piped to head -c 20", ["brief", *g, "-f", "html"], {"pipe_to": "head -c 20"},
              Expect(0, None)))
    c.append(("stories, stdout piped to head -c 20", ["stories", *g], {"pipe_to": "head -c 20"}, Expect(0, None)))
    for fmt in ("md", "html", "json"):
        c.append((f"stories markup + feed -f {fmt}", ["stories", str(p["markup-fields.json"]), str(p["feed.rss"]), *g,
                                                       "-f", fmt], {}, Expect(0, f"stories-{fmt}")))
    for name in ("deep.json", "mixed.jsonl", "laughs.rss", "deep.rss", "empty-feed.rss", "surrogate-title.json"):
        c.append((f"stories {name} + good", ["stories", str(p[name]), *g, "-f", "json"], {},
                  Expect(0, "stories-json", (name,))))
    c.append(("stories malformed URLs", ["stories", "http://[::1", "http://x.example:99999/", "http://127.0.0.1/",
                                         "javascript:alert(1)", *g], {},
              Expect(0, "stories-md", ("http://[::1", "x.example:99999", "127.0.0.1", "javascript:alert(1)"))))
    c.append(("stories many-short.json", ["stories", str(p["many-short.json"]), "-f", "json", "-o", json_out], {},
              Expect(0, "stories-json", file=json_out)))
    c.append(("stories bomb.jsonl.gz", ["stories", str(p["bomb.jsonl.gz"]), "-f", "json", "-o", json_out], {},
              Expect(0, "stories-json", ("bomb.jsonl.gz", "budget"), file=json_out)))
    for name in ("long-docs.txt", "big-feed.rss"):
        c.append((f"stories {name}", ["stories", str(p[name]), "-f", "json", "-o", json_out], {},
                  Expect(0, "stories-json", file=json_out)))
    c.append(("stories --db, -o missing folder", ["stories", *g, "--db", str(d / "s.db"), "-o",
                                                  str(d / "missing" / "s.md")], {},
              Expect(1, "empty", ("cannot write", "missing"))))
    c.append(("eval bad lines", ["eval", str(p["clusters.jsonl"]), "--systems", "lead,random", "--workers", "1"], {},
              Expect(0, "eval", ("clusters.jsonl",))))
    c.append(("eval 11 MB line", ["eval", str(p["long-line.jsonl"]), "--systems", "lead", "--workers", "1"], {},
              Expect(0, "eval", ("long-line.jsonl",))))
    c.append(("eval gzip of 5 GB newlines", ["eval", str(p["newlines.jsonl.gz"]), "--systems", "lead"], {},
              Expect(1, None, ("newlines.jsonl.gz",))))
    c.append(("train gzip of 5 GB newlines", ["train", "--data", str(p["newlines.jsonl.gz"]), "--val-limit", "0",
                                             "--validation", str(p["train.jsonl"]), "--out", str(d / "ranker-nl")], {},
              Expect(1, None, ("newlines.jsonl.gz",))))
    c.append(("eval truncated gz", ["eval", str(p["train-truncated.jsonl.gz"]), "--systems", "lead", "--workers", "1"],
              {}, Expect(1, "eval", ("train-truncated.jsonl.gz", "truncated"))))  # scores what it read, then exit 1
    c.append(("train bad lines", ["train", "--data", str(p["train.jsonl"]), "--validation", str(p["train.jsonl"]),
                                  "--val-limit", "5", "--out", str(d / "ranker-new")], {},
              Expect(0, None, ("train.jsonl",))))
    c.append(("train --out existing", ["train", "--data", str(p["train.jsonl"]), "--out", str(d / "existing-model")],
              {}, Expect(2, None, ("existing-model",), keep=str(d / "existing-model" / "model.joblib"))))
    c.append(("train truncated gz", ["train", "--data", str(p["train-truncated.jsonl.gz"]), "--validation",
                                     str(p["train.jsonl"]), "--val-limit", "0", "--out", str(d / "ranker-cut")], {},
              Expect(1, None, ("train-truncated.jsonl.gz", "truncated"))))
    return c


# inputs that are read as articles, so stderr need not name them: a Latin-1 file is decoded, not refused; a
# NaN title or date is dropped and the text kept; 190,000 characters without a full stop are one long report;
# a paragraph with 300,000 attributes is read for its text
READ_FINE = {"latin1.txt", "nan-title.json", "no-full-stop.txt", "attributes.html"}


def run_case(args: list[str], opts: dict, hard_stop: float) -> tuple[int, float, float, str, str]:
    """(exit status, wall s, peak MB, stderr, stdout) of one command under /usr/bin/time."""
    stats = tempfile.NamedTemporaryFile(delete=False, suffix=".time")
    stats.close()
    captured = tempfile.TemporaryFile()
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
        proc = subprocess.run(cmd, stdout=captured, stderr=subprocess.PIPE, timeout=hard_stop, cwd=ROOT, **kwargs)
        err = proc.stderr.decode("utf-8", "replace")
        wall, kb = Path(stats.name).read_text().split()[-2:]
        captured.seek(0)
        return proc.returncode, float(wall), int(kb) / 1024, err, captured.read().decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return 124, hard_stop, float("nan"), "killed at the hard stop", ""
    finally:
        captured.close()
        if hasattr(stdin, "close"):
            stdin.close()
        os.unlink(stats.name)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", action="append", default=[],
                    help="run only the cases whose name contains this (may be given several times)")
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
        print("| case | exit (expected) | wall s | peak MB | traceback | output | verdict |\n|---|---:|---:|---:|---|---|---|")
        for name, argv, opts, expect in cases(paths, d):
            if args.only and not any(part in name for part in args.only):
                continue
            for stale in (d / "out.json",):
                stale.unlink(missing_ok=True)
            code, wall, mb, err, out = run_case(argv, opts, hard_stop=2 * args.limit_s)
            trace = "Traceback" in err
            wrong = []
            if code != expect.code:
                wrong.append(f"exit {code}, expected {expect.code}")
            produced = Path(expect.file).read_text(encoding="utf-8", errors="replace") \
                if expect.file and Path(expect.file).exists() else ("" if expect.file else out)
            wrong += check_output(expect.kind, produced)
            wrong += [f"stderr does not name {w!r}" for w in expect.err if w.lower() not in err.lower()]
            if expect.keep and Path(expect.keep).read_text() != "keep me":
                wrong.append(f"{expect.keep} was overwritten")
            ok = not wrong and wall <= args.limit_s and not (mb > args.limit_mb) and not trace
            failures += not ok
            print(f"| {name} | {code} ({expect.code}) | {wall:.1f} | {mb:.0f} | {'YES' if trace else 'no'} | "
                  f"{'; '.join(wrong) or 'as expected'} | {'ok' if ok else 'FAIL'} |", flush=True)
            if not ok:
                print("    " + "\n    ".join(err.strip().splitlines()[-6:]), file=sys.stderr)
        print(f"\n{failures} case(s) failed; limits {args.limit_s:g} s and {args.limit_mb:g} MB per case; "
              f"total {time.perf_counter() - t0:.0f} s", flush=True)
        return 1 if failures else 0
    finally:
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
