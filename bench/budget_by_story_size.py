"""Would a per-story word budget beat the fixed default? (issue 4 study)

Multi-News reference length grows with the number of reports in a cluster
(the script prints the mean per group). This script scores
the default ranker's briefs at several budgets with the fast n-gram ROUGE
F1, picks the best budget per number of documents on one slice of the
validation split, and checks that choice on another slice.

    .venv/bin/python bench/budget_by_story_size.py [--data PATH] [--tune 0:1000] [--check 1000:3000]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

BUDGETS = [175, 200, 225, 250, 275, 300, 325, 350]
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared/data/multinews/validation.jsonl.gz"


def score_slice(path: Path, start: int, stop: int):
    """Rows of (documents, reference words, [(R1, R2) per budget]) for good clusters start..stop-1."""
    from newsfuse.evaluate.data import EvalCluster, read_clusters
    from newsfuse.evaluate.ngram import NgramRouge
    from newsfuse.ingest import articles_from_texts
    from newsfuse.pipeline import prepare, resolve_ranker
    from newsfuse.select import select

    ranker = resolve_ranker(None)  # the default ranker, as `newsfuse brief` uses it
    rows = []
    for cluster in read_clusters(path, limit=stop):
        if not isinstance(cluster, EvalCluster) or cluster.index < start:
            continue
        story = prepare(articles_from_texts(cluster.documents))
        if not story.sentences:
            continue
        scores = ranker.score(story.rank_input)
        reference = cluster.references[0]
        rouge = NgramRouge(reference)
        per_budget = [
            rouge.scores(" ".join(s.text for s in select(story.rank_input, scores, budget)))
            for budget in BUDGETS
        ]
        rows.append((len(cluster.documents), len(reference.split()), per_budget))
    return rows


def _span(text: str) -> tuple[int, int]:
    a, b = text.split(":")
    return int(a), int(b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--tune", type=_span, default=(0, 1000), help="clusters START:STOP to choose budgets on")
    parser.add_argument("--check", type=_span, default=(1000, 3000), help="clusters START:STOP to check on")
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"data not found: {args.data} (../shared is absent?)")

    tune = score_slice(args.data, *args.tune)
    check = score_slice(args.data, *args.check)
    group = lambda n: min(n, 5)  # noqa: E731  (5 stands for 5 or more documents)
    best: dict[int, int] = {}
    for g in sorted({group(n) for n, _, _ in tune}):
        scores = np.array([[r1 + r2 for r1, r2 in row] for n, _, row in tune if group(n) == g])
        ref_words = np.mean([w for n, w, _ in tune if group(n) == g])
        best[g] = int(np.argmax(scores.mean(0)))
        print(
            f"{g}{'+' if g == 5 else ''} documents: {len(scores)} clusters, "
            f"reference {ref_words:.0f} words on average, best budget {BUDGETS[best[g]]}"
        )
    fixed = BUDGETS.index(250)
    r = np.array([row[fixed] for _, _, row in check]) * 100
    a = np.array([row[best.get(group(n), fixed)] for n, _, row in check]) * 100
    print(f"check slice {args.check[0]}:{args.check[1]} ({len(check)} clusters), ROUGE-1/2 F1:")
    print(f"  fixed 250 words        {r[:, 0].mean():.2f} / {r[:, 1].mean():.2f}")
    print(f"  budget by story size   {a[:, 0].mean():.2f} / {a[:, 1].mean():.2f}")


if __name__ == "__main__":
    main()
