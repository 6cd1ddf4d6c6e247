#!/usr/bin/env python
"""Speed of `newsfuse.brief` per Multi-News cluster, and the CLI's start-up time.

    .venv/bin/python bench/brief_speed.py [--data PATH] [--limit N] [--words N]
        [--ranker NAME] [--startup-runs N] [--profile]

Times ``newsfuse.pipeline.brief_texts`` on each cluster's documents (process
start and imports excluded; a few warm-up clusters first), prints the median
and p95 per cluster, the per-stage medians, and the median wall time of
``newsfuse --help`` and ``newsfuse brief --help`` as subprocesses.
Targets: median <= 20 ms per cluster, start-up <= 1.5 s.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "multinews" / "validation.jsonl.gz"
TARGET_MEDIAN_MS = 20.0
TARGET_STARTUP_S = 1.5
WARMUP = 5


def load_clusters(path: Path, limit: int) -> list[list[str]]:
    """Documents of the first ``limit`` good clusters; bad lines are named on stderr."""
    from newsfuse.evaluate.data import DataProblem, read_clusters

    clusters = []
    for item in read_clusters(path, limit):
        if isinstance(item, DataProblem):
            print(f"brief_speed: skipped {item}", file=sys.stderr)
        else:
            clusters.append(list(item.documents))
    return clusters


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def time_briefs(clusters, words, ranker) -> tuple[list[float], dict[str, list[float]], int]:
    from newsfuse.clean import clean
    from newsfuse.dedup import dedup
    from newsfuse.ingest import articles_from_texts
    from newsfuse.pipeline import NothingToSummarize, brief_texts, resolve_ranker
    from newsfuse.segment import segment
    from newsfuse.select import select

    chosen = resolve_ranker(ranker)
    for docs in clusters[:WARMUP]:
        try:
            brief_texts(docs, words=words, ranker=chosen)
        except NothingToSummarize:
            pass
    times, failed = [], 0
    for docs in clusters:
        t0 = time.perf_counter()
        try:
            brief_texts(docs, words=words, ranker=chosen)
        except NothingToSummarize:
            failed += 1
        times.append(time.perf_counter() - t0)
    # per-stage times, measured separately (same inputs)
    stages: dict[str, list[float]] = {k: [] for k in ("ingest", "clean", "segment", "dedup", "rank", "select")}
    for docs in clusters:
        t = time.perf_counter()
        articles = articles_from_texts(docs)
        t, stages["ingest"] = _lap(t, stages["ingest"])
        cleaned = clean(articles)
        t, stages["clean"] = _lap(t, stages["clean"])
        sentences = segment(cleaned)
        t, stages["segment"] = _lap(t, stages["segment"])
        result = dedup(cleaned, sentences)
        t, stages["dedup"] = _lap(t, stages["dedup"])
        if not sentences:
            continue
        from newsfuse.rank import RankInput

        story = RankInput(sentences, result.support, result.family)
        scores = chosen.score(story)
        t, stages["rank"] = _lap(t, stages["rank"])
        select(story, scores, words)
        t, stages["select"] = _lap(t, stages["select"])
    return times, stages, failed


def _lap(t0: float, bucket: list[float]) -> tuple[float, list[float]]:
    now = time.perf_counter()
    bucket.append(now - t0)
    return now, bucket


def startup_time(args: list[str], runs: int) -> float:
    exe = Path(sys.executable).with_name("newsfuse")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "newsfuse"]
    walls = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd + args, capture_output=True, check=True)
        walls.append(time.perf_counter() - t0)
    return statistics.median(walls)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="Multi-News .jsonl.gz")
    parser.add_argument("--limit", type=int, default=1000, help="clusters to time (default 1000)")
    parser.add_argument("--words", type=int, default=250, help="word budget (default 250)")
    parser.add_argument("--ranker", default=None, help="ranker name (default: package default)")
    parser.add_argument("--startup-runs", type=int, default=5, help="runs of each --help (default 5)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the briefs")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"brief_speed: data not found at {args.data} (pass --data PATH)", file=sys.stderr)
        return 2

    clusters = load_clusters(args.data, args.limit)
    if not clusters:
        print(f"brief_speed: no clusters with documents in {args.data}", file=sys.stderr)
        return 2
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    times, stages, failed = time_briefs(clusters, args.words, args.ranker)
    if args.profile:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)

    ms = [t * 1000 for t in times]
    median, p95 = statistics.median(ms), percentile(ms, 0.95)
    print(f"data: {args.data} ({len(clusters)} clusters, words={args.words})")
    print(f"newsfuse.brief per cluster: median {median:.1f} ms, p95 {p95:.1f} ms, "
          f"max {max(ms):.1f} ms  (target median <= {TARGET_MEDIAN_MS:.0f} ms: "
          f"{'OK' if median <= TARGET_MEDIAN_MS else 'MISSED'})")
    if failed:
        print(f"  {failed} clusters had nothing to summarize")
    print("per stage (median / p95 ms): " + ", ".join(
        f"{name} {statistics.median(v) * 1000:.1f}/{percentile(v, 0.95) * 1000:.1f}"
        for name, v in stages.items() if v
    ))
    if args.startup_runs > 0:
        top = startup_time(["--help"], args.startup_runs)
        sub = startup_time(["brief", "--help"], args.startup_runs)
        worst = max(top, sub)
        print(f"CLI start-up (median of {args.startup_runs}): newsfuse --help {top:.2f} s, "
              f"newsfuse brief --help {sub:.2f} s  (target <= {TARGET_STARTUP_S} s: "
              f"{'OK' if worst <= TARGET_STARTUP_S else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
