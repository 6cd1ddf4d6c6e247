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
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from newsfuse.facts import extract_facts, names, nlp
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


def _timed(fn, prepared) -> tuple[float, float]:
    t, c = time.perf_counter(), time.process_time()
    fn(prepared.articles, prepared.dedup)
    return time.perf_counter() - t, time.process_time() - c


if __name__ == "__main__":
    main()
