"""Calibrate the spun-text detector: how often is ordinary news flagged?

    python bench/spin_calibration.py [--data ../shared/data/multinews/validation.jsonl.gz] [--limit 1000]

Runs clean -> segment -> spin evidence on every Multi-News validation document
of the first ``--limit`` clusters and on the bundled example, and prints the
distribution of the unseen-bigram rate, the share of validation documents that
would be flagged (false positives: Multi-News is ordinary news) and the rate of
each example report.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from newsfuse.clean import clean
from newsfuse.dedup.bigrams import unseen_rate
from newsfuse.dedup.spin import SPIN_MIN_BIGRAMS, SPIN_RATE, SPIN_RATE_WITH_VARIANT, spin_evidence
from newsfuse.text import clauses
from newsfuse.evaluate.data import DataProblem, read_clusters
from newsfuse.ingest import articles_from_texts, ingest
from newsfuse.segment import segment

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "multinews" / "validation.jsonl.gz"


def doc_rates(articles):
    cleaned = clean(articles)
    sentences = segment(cleaned)
    out = []
    for i, art in enumerate(cleaned):
        sents = [s for s in sentences if s.doc_index == i]
        parts = [c for s in sents for c in clauses(s.text)]
        rate, total = unseen_rate(parts)
        score, why = spin_evidence(art, sents, parts)
        out.append((art, rate, total, why))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=1000)
    args = ap.parse_args()
    if not args.data.exists():
        raise SystemExit(f"data not found: {args.data}")

    rates, flagged, judged, flagged_examples, clusters = [], 0, 0, [], 0
    for item in read_clusters(args.data, args.limit):
        if isinstance(item, DataProblem):
            print(f"spin_calibration: skipped {item}", file=sys.stderr)
            continue
        clusters += 1
        for art, rate, total, why in doc_rates(articles_from_texts(list(item.documents))):
            if total < SPIN_MIN_BIGRAMS:
                continue
            judged += 1
            rates.append(rate)
            if why:
                flagged += 1
                flagged_examples.append((item.index, rate, why[:100], art.text[:160].replace("\n", " ")))
    r = np.array(rates)
    print(f"validation documents judged: {judged} (>= {SPIN_MIN_BIGRAMS} common-word bigrams), clusters: {clusters}")
    for q in (50, 90, 95, 99, 99.5, 99.9):
        print(f"  rate p{q}: {np.percentile(r, q):.3f}")
    print(f"  share with rate >= SPIN_RATE ({SPIN_RATE}): {np.mean(r >= SPIN_RATE):.4f}")
    print(f"  share with rate >= SPIN_RATE_WITH_VARIANT ({SPIN_RATE_WITH_VARIANT}): {np.mean(r >= SPIN_RATE_WITH_VARIANT):.4f}")
    print(f"  flagged (false-positive rate): {flagged}/{judged} = {flagged / max(judged, 1):.4f}")
    for ex in flagged_examples[:10]:
        print("   ", ex)
    example = ingest([ROOT / "examples" / "deir-ez-zor"])
    print("bundled example:")
    for art, rate, total, why in doc_rates(example.articles):
        print(f"  {Path(art.article.origin).name[:3]} rate={rate:.3f} bigrams={total} flagged={bool(why)} {why[:120]}")


if __name__ == "__main__":
    main()
