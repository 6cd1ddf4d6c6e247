"""Load on the HTTP API: story list and cached brief at 20 concurrent clients, and reads during a big batch.

Starts `newsfuse serve --db TMP --host 127.0.0.1` as its own process (a real
uvicorn server; nothing but 127.0.0.1 is ever contacted), fills the database,
then measures with CLIENTS client threads (one keep-alive http.client connection each):

1. GET /api/stories?limit=50                  for --seconds
2. GET /api/stories/{id}?words=120 (cached)   for --seconds, over the 5 largest stories, briefs made beforehand
3. the same mix of reads (list, cached brief) WHILE one POST /api/articles adds a batch of --batch
   articles (1,000 by default): do the reads keep answering, and how slowly?

Prints requests, errors, throughput, p50/p99/max latency per phase. Target: p99 <= 100 ms for the
cached brief, zero errors. Articles: Multi-News validation documents when ../shared is there (the
first clusters preload the store, the next ones make the batch), else generated texts.

  .venv/bin/python bench/api_load.py
  .venv/bin/python bench/api_load.py --clients 20 --seconds 10 --batch 1000
"""
from __future__ import annotations

import argparse
import http.client
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "multinews" / "validation.jsonl.gz"


def articles_from_data(skip: int, count: int) -> list[dict]:
    from newsfuse.evaluate.data import DataProblem, read_clusters

    docs: list[dict] = []
    seen = 0
    for cluster in read_clusters(DATA):
        if isinstance(cluster, DataProblem):
            continue
        for k, doc in enumerate(cluster.documents):
            if not doc.strip():
                continue
            seen += 1
            if seen > skip:
                docs.append({"text": doc, "source": f"mn{cluster.index}-{k}"})
            if len(docs) >= count:
                return docs
    return docs


def articles_generated(skip: int, count: int) -> list[dict]:
    """Invented reports: each story a set of sentences about one made-up event, each report five of them."""
    rng = random.Random(skip)
    places = ["Arlen", "Brisk", "Corvo", "Dunmere", "Elsby", "Fallow", "Garth", "Holm", "Ivel", "Jura"]
    things = ["bridge", "school", "harbour", "mill", "railway", "hospital", "market", "dam", "library", "airport"]
    verbs = ["reopened", "closed", "flooded", "was sold", "was rebuilt", "caught fire", "won an award", "was inspected"]
    out = []
    for n in range(skip, skip + count):
        story = n // 5
        place, thing = places[story % 10], things[(story // 10) % 10]
        facts = [f"The {thing} in {place} {verbs[(story + i) % len(verbs)]} on day {story % 28 + 1}, officials said."
                 for i in range(4)]
        facts += [f"Resident number {story * 7 + i} of {place} told reporters the {thing} mattered to the town."
                  for i in range(4)]
        rng.shuffle(facts)
        out.append({"title": f"{place} {thing} news {story}", "source": f"outlet{n % 9}",
                    "text": " ".join(facts[:5])})
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def hammer(base: str, paths: list[str], clients: int, stop: threading.Event, seconds: float | None) -> dict:
    """CLIENTS threads requesting ``paths`` round robin until ``stop`` (or ``seconds``)."""
    host, port = base.split("//")[1].split(":")
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    until = time.monotonic() + seconds if seconds else None

    def client(k: int) -> None:
        mine, bad = [], []
        conn = http.client.HTTPConnection(host, port, timeout=60)  # light client: the measure is the server's
        i = k
        while not stop.is_set() and (until is None or time.monotonic() < until):
            path = paths[i % len(paths)]
            t = time.perf_counter()
            try:
                conn.request("GET", path)
                r = conn.getresponse()
                body = r.read()
                if r.status != 200 or not body:
                    bad.append(f"{r.status} {path}")
            except Exception as exc:  # a refused or dropped request is an error, counted
                bad.append(f"{type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
            mine.append(time.perf_counter() - t)
            i += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {"requests": len(latencies), "errors": len(errors), "first_errors": errors[:3], "wall_s": wall,
            "rps": len(latencies) / wall if wall else 0.0,
            "p50_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
            "p99_ms": 1000 * pct(latencies, 99) if latencies else float("nan"),
            "max_ms": 1000 * max(latencies) if latencies else float("nan")}


def line(name: str, r: dict) -> str:
    return (f"{name:<34} {r['requests']:>7,} {r['errors']:>6} {r['rps']:>8.1f} {r['p50_ms']:>8.1f} "
            f"{r['p99_ms']:>8.1f} {r['max_ms']:>8.1f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=10.0, help="length of each read-only phase")
    ap.add_argument("--preload", type=int, default=300, help="articles stored before measuring")
    ap.add_argument("--batch", type=int, default=1000, help="articles added in one request during phase 3")
    ap.add_argument("--words", type=int, default=120)
    args = ap.parse_args()
    make = articles_from_data if DATA.exists() else articles_generated
    print(f"articles: {'Multi-News validation documents' if DATA.exists() else 'generated (no ../shared data)'}")
    preload, batch = make(0, args.preload), make(args.preload, args.batch)

    with tempfile.TemporaryDirectory(prefix="newsfuse-load-") as tmp:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "newsfuse"), "serve", "--db", f"{tmp}/load.db",
                                   "--host", "127.0.0.1", "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            with httpx.Client(base_url=base, timeout=600) as c:
                for _ in range(300):
                    try:
                        c.get("/api/stories?limit=1")
                        break
                    except httpx.TransportError:
                        time.sleep(0.1)
                t = time.perf_counter()
                r = c.post("/api/articles", json=preload)
                r.raise_for_status()
                print(f"preload: {len(preload)} articles in {time.perf_counter() - t:.1f} s")
                stories = c.get("/api/stories?limit=500").json()
                largest = sorted(stories["stories"], key=lambda s: -s["size"])[:5]
                brief_paths = [f"/api/stories/{s['id']}?words={args.words}" for s in largest]
                for p in brief_paths:  # make the briefs once: the phases read them cached
                    c.get(p).raise_for_status()
                print(f"stories: {stories['total']}; cached briefs of the 5 largest (sizes "
                      f"{[s['size'] for s in largest]}) at {args.words} words")
            print(f"\n{args.clients} concurrent clients, keep-alive; latency in ms\n")
            print(f"{'phase':<34} {'requests':>7} {'errors':>6} {'req/s':>8} {'p50':>8} {'p99':>8} {'max':>8}")
            never = threading.Event()
            print(line("story list", hammer(base, ["/api/stories?limit=50"], args.clients, never, args.seconds)))
            print(line("cached brief", hammer(base, brief_paths, args.clients, never, args.seconds)))

            done = threading.Event()
            outcome: dict = {}

            def add_batch() -> None:
                t0 = time.perf_counter()
                try:
                    with httpx.Client(base_url=base, timeout=1800) as c:
                        r = c.post("/api/articles", json=batch)
                        outcome["status"] = r.status_code
                        outcome["added"] = sum(a["status"] == "added" for a in r.json().get("articles", []))
                except Exception as exc:
                    outcome["status"] = f"{type(exc).__name__}: {exc}"
                outcome["seconds"] = time.perf_counter() - t0
                done.set()

            writer = threading.Thread(target=add_batch)
            writer.start()
            during = hammer(base, ["/api/stories?limit=50"] + brief_paths, args.clients, done, None)
            writer.join()
            print(line("list + brief during a batch", during))
            print(f"\nbatch: {len(batch)} articles, status {outcome.get('status')}, {outcome.get('added', 0)} added, "
                  f"{outcome.get('seconds', 0):.1f} s; {during['requests']:,} reads answered meanwhile "
                  f"({during['errors']} errors)")
            for phase in (during,):
                for e in phase["first_errors"]:
                    print("  error:", e)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
            err = server.stderr.read() if server.stderr else ""
            if "Traceback" in err:
                print("server log:\n" + err[-3000:], file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
