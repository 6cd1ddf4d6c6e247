"""Time the facts stage on full-length 10-report stories, on one core.

    python bench/facts_speed.py [--duc ../shared/data/duc] [--stories 10] [--repeat 3]

Runs every DUC 2003 task-2 story (10 full-length newswire reports each) through
ingest-free clean/segment/dedup untimed, then times ``extract_facts`` alone
(spaCy NER on every paragraph, the parse where quotes may be, entities, quotes,
timeline, figures). The process is pinned to one CPU and BLAS/OpenMP threads
are limited to one before anything is imported. The spaCy model and the
gazetteer are loaded once first (printed apart: a one-time cost per process).
Prints words per story and the median / max seconds per story: wall-clock and
CPU time of the process (the CPU time is what one core spends; the wall time
also counts waiting for the core when other work shares the machine).
Without ../shared: times the bundled example (5 reports) and says so.

``--served``: the story page's view of it instead. The DUC stories are added to a
NewsService over a temporary database, spaCy is loaded (a warm server), and the
first facts request of every story is timed twice, each time with a fresh
service (nothing in memory): (a) asked for cold, on demand (wall time, and the
CPU time of the requesting thread, which does all the work: what one idle core
would take); (b) asked for ``--read-delay`` seconds after the story page was
shown (the page starts making them in the background). Prints p50/p95.
"""
from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DUC = ROOT.parent / "shared" / "data" / "duc"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duc", type=Path, default=DUC)
    ap.add_argument("--stories", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3, help="runs per story; the fastest counts")
    ap.add_argument("--served", action="store_true", help="time the service's first facts request per story")
    ap.add_argument("--read-delay", type=float, default=3.0, help="seconds between the page and the facts request")
    args = ap.parse_args()
    if args.served:
        return served(args)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from newsfuse.dedup import names
    from newsfuse.facts import extract_facts, nlp
    from newsfuse.ingest import Article, article_id, ingest
    from newsfuse.pipeline import prepare

    t = time.perf_counter()
    nlp.load()
    names._cities()
    print(f"one-time load (spaCy model, gazetteer): {time.perf_counter() - t:.2f} s")

    stories = []
    path = args.duc / "duc2003_task2.jsonl.gz"
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for record in map(json.loads, f):
                arts = [Article(id=article_id(d, x), source=d, text=x, origin=d, published=p)
                        for d, x, p in zip(record["doc_ids"], record["documents"], record["dates"])]
                stories.append((record["id"], arts))
                if len(stories) >= args.stories:
                    break
    else:
        print(f"facts_speed: {path} not found (../shared is absent): timing the bundled example", file=sys.stderr)
        stories = [("example", list(ingest([ROOT / "examples" / "deir-ez-zor"]).articles))]

    wall, cpu, words = [], [], []
    for sid, arts in stories:
        prepared = prepare(arts)
        runs = [_timed(extract_facts, prepared) for _ in range(args.repeat)]
        w, c = min(r[0] for r in runs), min(r[1] for r in runs)
        n = sum(len(ca.text.split()) for ca in prepared.articles)
        wall.append(w)
        cpu.append(c)
        words.append(n)
        print(f"{sid}: {len(arts)} reports, {n} words, wall {w:.3f} s, cpu {c:.3f} s")
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work inflates wall time)")
    print(f"stories: {len(wall)}; words per story: median {statistics.median(words):.0f}; facts per story on one core: "
          f"wall median {statistics.median(wall):.3f} s (max {max(wall):.3f}), "
          f"cpu median {statistics.median(cpu):.3f} s (max {max(cpu):.3f})")


def _stories(args):
    from newsfuse.ingest import Article, article_id

    path = args.duc / "duc2003_task2.jsonl.gz"
    if not path.exists():
        sys.exit(f"facts_speed: {path} not found (../shared is absent)")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for record in map(json.loads, f):
            out.append([Article(id=article_id(d, x), source=d, text=x, origin=d, published=p)
                        for d, x, p in zip(record["doc_ids"], record["documents"], record["dates"])])
            if len(out) >= args.stories:
                break
    return out


def served(args) -> None:
    import tempfile

    from newsfuse.facts import nlp
    from newsfuse.service import NewsService

    stories = _stories(args)
    t = time.perf_counter()
    nlp.load()
    print(f"one-time spaCy load: {time.perf_counter() - t:.2f} s (a warm server has paid it)")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "stories.db"
        with NewsService(db) as service:
            for arts in stories:
                service.add(arts)
            ids = [s.id for s in service.stories(limit=1000)[1] if s.size >= 2]
        print(f"stories in the database: {len(ids)} (of {sum(len(a) for a in stories)} reports)")
        cold, cold_cpu, after_page = [], [], []
        with NewsService(db) as service:
            for sid in ids:
                service.view(sid, 150)
                t, c = time.perf_counter(), time.thread_time()
                service.facts(sid)
                cold.append(time.perf_counter() - t)
                cold_cpu.append(time.thread_time() - c)
        with NewsService(db) as service:
            for sid in ids:
                service.view(sid, 150)
                service.facts_soon(sid)
                time.sleep(args.read_delay)
                t = time.perf_counter()
                service.facts(sid)
                after_page.append(time.perf_counter() - t)
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work inflates wall time)")
    for name, xs in (("on demand (nothing made before)", cold),
                     ("on demand, CPU time of the requesting thread", cold_cpu),
                     (f"after the story page, {args.read_delay:g} s later", after_page)):
        xs = sorted(xs)
        p95 = xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]
        print(f"first facts request, {name}: p50 {statistics.median(xs):.3f} s, p95 {p95:.3f} s, max {xs[-1]:.3f} s")


def _timed(fn, prepared) -> tuple[float, float]:
    t, c = time.perf_counter(), time.process_time()
    fn(prepared.articles, prepared.dedup)
    return time.perf_counter() - t, time.process_time() - c


if __name__ == "__main__":
    main()
