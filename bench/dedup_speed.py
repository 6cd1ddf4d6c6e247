"""Time the segment and dedup stages per Multi-News cluster.

    python bench/dedup_speed.py [--data ../shared/data/multinews/validation.jsonl.gz] [--limit 1000]

Ingest and clean run untimed first; then ``segment`` and ``dedup`` are timed
separately on each cluster. Prints median and p95 milliseconds per cluster,
the mean documents and sentences per cluster, and how many copy / rewrite /
spun relations were found (Multi-News clusters hold independent reports, so
few are expected).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from newsfuse.clean import clean
from newsfuse.dedup import dedup
from newsfuse.dedup.bigrams import table
from newsfuse.evaluate.data import DataProblem, read_clusters
from newsfuse.ingest import articles_from_texts
from newsfuse.segment import segment

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "multinews" / "validation.jsonl.gz"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=1000)
    args = ap.parse_args()
    if not args.data.exists():
        raise SystemExit(f"data not found: {args.data}")

    table()  # load the shipped bigram table once, outside the timings
    seg_ms, dedup_ms, docs, sents = [], [], [], []
    kinds: Counter[str] = Counter()
    for item in read_clusters(args.data, args.limit):
        if isinstance(item, DataProblem):
            print(f"dedup_speed: skipped {item}", file=sys.stderr)
            continue
        cleaned = clean(articles_from_texts(list(item.documents)))
        t0 = time.perf_counter()
        sentences = segment(cleaned)
        t1 = time.perf_counter()
        result = dedup(cleaned, sentences)
        t2 = time.perf_counter()
        seg_ms.append((t1 - t0) * 1000)
        dedup_ms.append((t2 - t1) * 1000)
        docs.append(len(cleaned))
        sents.append(len(sentences))
        for r in result.relations:
            kinds["spun" if r.of is None else r.kind] += 1
    for name, ms in (("segment", seg_ms), ("dedup", dedup_ms)):
        print(f"{name}: median {np.median(ms):.2f} ms, p95 {np.percentile(ms, 95):.2f} ms per cluster")
    print(f"clusters: {len(docs)}, documents/cluster: {np.mean(docs):.1f}, sentences/cluster: {np.mean(sents):.1f}")
    print(f"relations: {dict(kinds)} over {sum(docs)} documents")


if __name__ == "__main__":
    main()
