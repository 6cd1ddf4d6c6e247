"""How long does `newsfuse eval` take? Per-system time, scoring time, full-split estimate.

    nice -n 10 .venv/bin/python bench/eval_speed.py [DATA] [--limit 200] [--words 250]

Runs every system on the first --limit clusters in this process (serially),
prints each system's median and mean ms per cluster (its own time, as in the
eval table), the ROUGE scoring time per cluster, and the wall time the full
file would take with 1 and 2 workers (assuming the workers get a core each).
"""
from __future__ import annotations

import argparse
import gzip
import statistics
import time
from pathlib import Path

from newsfuse.evaluate.data import EvalCluster, read_clusters
from newsfuse.evaluate.harness import EvalConfig, evaluate_cluster
from newsfuse.evaluate.systems import DEFAULT_SYSTEMS

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared/data/multinews/validation.jsonl.gz"


def count_lines(path: Path) -> int:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return sum(1 for line in f if line.strip())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--words", type=int, default=250)
    ap.add_argument("--systems", default=",".join(DEFAULT_SYSTEMS))
    args = ap.parse_args()
    if not args.data.exists():
        raise SystemExit(f"{args.data}: not found (the shared data is absent)")

    clusters = [c for c in read_clusters(args.data, args.limit) if isinstance(c, EvalCluster)]
    config = EvalConfig(tuple(args.systems.split(",")), words=args.words)
    evaluate_cluster(clusters[0], config)  # warm up imports and caches
    per_system: dict[str, list[float]] = {n: [] for n in config.systems}
    scoring = 0.0
    wall, cpu = time.perf_counter(), time.process_time()
    for c in clusters:
        result = evaluate_cluster(c, config)
        for name, run in result.runs.items():
            per_system[name].append(run.ms)
            scoring += run.score_ms
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    n = len(clusters)
    print(f"{n} clusters of {args.data.name}, budget {args.words} words")
    print(f"{'system':10s} {'median ms':>10s} {'mean ms':>9s}")
    for name, times in per_system.items():
        print(f"{name:10s} {statistics.median(times):10.1f} {sum(times) / n:9.1f}")
    total_ms = 1000 * wall / n
    print("(baselines' times include the shared syntok sentence split of the cluster)")
    print(f"ROUGE scoring: {scoring / n:.1f} ms/cluster for {len(config.systems)} systems")
    print(f"total: {total_ms:.1f} ms/cluster wall, {1000 * cpu / n:.1f} ms/cluster CPU")
    full = count_lines(args.data)
    for workers in (1, 2):
        print(f"full file ({full} clusters), {workers} worker(s): ~{full * wall / n / workers / 60:.1f} min")


if __name__ == "__main__":
    main()
