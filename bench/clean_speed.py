#!/usr/bin/env python
"""Speed and effect of ingest + clean on Multi-News clusters.

    .venv/bin/python bench/clean_speed.py [--data PATH] [--limit N]

For each cluster, times ``articles_from_texts`` + ``clean`` (imports and a few
warm-up clusters excluded; the fastest of --repeat runs, default 3) and prints the median and p95 per cluster, then the
share of words removed, the removals by reason, and the documents emptied
(documents that were nothing but web furniture). Target: median well under
3 ms per cluster.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "multinews" / "validation.jsonl.gz"
WARMUP = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="time each cluster N times, keep the fastest (shared CPUs are noisy)")
    args = parser.parse_args()
    if not args.data.exists():
        raise SystemExit(f"data not found: {args.data}")

    from newsfuse.clean import clean
    from newsfuse.evaluate.data import DataProblem, read_clusters
    from newsfuse.ingest import articles_from_texts

    clusters = []
    for item in read_clusters(args.data, args.limit):
        if isinstance(item, DataProblem):
            print(f"clean_speed: skipped {item}", file=sys.stderr)
        else:
            clusters.append((item.id, list(item.documents)))

    for cid, docs in clusters[:WARMUP]:
        clean(articles_from_texts(docs, prefix=cid))
    times, reasons, emptied = [], Counter(), 0
    words_in = words_out = docs_total = 0
    for cid, docs in clusters:
        best = float("inf")
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            articles = articles_from_texts(docs, prefix=cid)
            cleaned = clean(articles)
            best = min(best, time.perf_counter() - start)
        times.append(best * 1000)
        for article, result in zip(articles, cleaned):
            docs_total += 1
            words_in += len(article.text.split())
            words_out += len(result.text.split()) + len((result.dateline or "").split())
            emptied += not result.text
            reasons.update(r.reason for r in result.removals)

    ordered = sorted(times)
    print(f"clusters: {len(times)}  documents: {docs_total}  data: {args.data}")
    print(f"ingest+clean per cluster (best of {args.repeat}): median {statistics.median(times):.2f} ms, "
          f"p95 {ordered[int(0.95 * (len(ordered) - 1))]:.2f} ms, max {ordered[-1]:.2f} ms")
    print(f"words removed: {1 - words_out / max(1, words_in):.2%}  documents emptied: {emptied}")
    print("removals by reason: " + ", ".join(f"{r} {n}" for r, n in reasons.most_common()))


if __name__ == "__main__":
    main()
