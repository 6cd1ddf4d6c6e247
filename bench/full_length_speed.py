#!/usr/bin/env python
"""Speed of one default brief on full-length news stories (DUC/TAC data).

    .venv/bin/python bench/full_length_speed.py [--repeat N]

For each story of ../shared/data/duc/ (DUC 2003: ~10 reports, TAC 2011: 10,
DUC 2006: 25 reports) times ``newsfuse.pipeline.build_brief`` on the story's
articles (with their dates and headlines), in this process after a warm-up,
and prints the median and p90 per story by data set, with the median time of
each stage. Targets (issue 9): <= 100 ms for a 10-report story, <= 300 ms for
25 reports. Skips, with a message, when ../shared is absent.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DUC = ROOT.parent / "shared" / "data" / "duc"
SETS = {
    "duc2003 (10 reports)": ("duc2003_task2.jsonl.gz", 100, 100.0),
    "tac2011 (10 reports)": ("tac2011_multiling_en.jsonl.gz", 250, 100.0),
    "duc2006 (25 reports)": ("duc2006.jsonl.gz", 250, 300.0),
}


def stories(path: Path):
    from newsfuse.evaluate.data import EvalCluster, articles_of, read_clusters

    for c in read_clusters(path):
        if not isinstance(c, EvalCluster):
            continue
        articles = articles_of(c.documents, c.dates, c.titles)
        yield c.id, articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="times each story is briefed (median kept)")
    args = parser.parse_args()
    if not DUC.is_dir():
        print(f"full_length_speed: {DUC} not found; skipping (the DUC/TAC data lives in ../shared)")
        return 0
    from newsfuse.pipeline import brief_from_story, build_brief, prepare

    warm = next(stories(DUC / "tac2011_multiling_en.jsonl.gz"))[1]
    build_brief(warm, words=250)
    print("| data | stories | words | median ms | p90 ms | prepare ms | rank+select ms | target |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, (name, words, target) in SETS.items():
        totals, preps, picks = [], [], []
        for _, articles in stories(DUC / name):
            runs = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                story = prepare(articles)
                t1 = time.perf_counter()
                brief_from_story(story, words=words)
                t2 = time.perf_counter()
                runs.append((t2 - t0, t1 - t0, t2 - t1))
            total, prep, pick = sorted(runs)[len(runs) // 2]
            totals.append(1000 * total)
            preps.append(1000 * prep)
            picks.append(1000 * pick)
        totals.sort()
        p90 = totals[min(len(totals) - 1, round(0.9 * (len(totals) - 1)))]
        print(f"| {label} | {len(totals)} | {words} | {statistics.median(totals):.0f} | {p90:.0f} | "
              f"{statistics.median(preps):.0f} | {statistics.median(picks):.0f} | <= {target:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
