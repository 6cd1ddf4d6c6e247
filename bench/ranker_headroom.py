"""Where is the learned ranker's headroom? (issue 4 study)

Scores, on the first validation clusters, briefs chosen by ``select`` at one
budget from several kinds of sentence scores (fast n-gram ROUGE-1/2 F1 x 100):

* ``shipped``: the model that ships in the package (the default ranker);
* ``refit``: the same recipe refitted on a slice of the training split
  (clusters whose index is not a multiple of 3, as ``newsfuse train`` uses
  them; the shipped lexicon supplies the word-propensity features);
* label variants, fitted on the same slice: the label centred per story,
  its rank within the story, and a classifier of greedy-oracle membership;
* ceilings: the true labels of the validation sentences used as scores
  (what a perfect sentence scorer would get from ``select``), and the greedy
  ROUGE oracle over the very sentences newsfuse ranks.

    .venv/bin/python bench/ranker_headroom.py [--train PATH] [--val PATH]
        [--train-clusters 6000] [--val-clusters 1000] [--words 250]

About 4 minutes on the 2-core machine with the defaults.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1].parent / "shared/data/multinews"


def prepared(path: Path, clusters: int, training: bool, lexicon):
    """(stories, features, labels, oracle membership, story index per row)."""
    from newsfuse.evaluate.ngram import NgramRouge
    from newsfuse.rank.features import feature_matrix
    from newsfuse.train.dataset import read_stories, sentence_labels

    keep = (lambda i: i % 3 != 0) if training else None
    stories, X, y, oracle, owner = [], [], [], [], []
    for story in read_stories(path, None, keep=keep):
        if len(stories) >= clusters:
            break
        texts = [s.text for s in story.rank_input.sentences]
        member = np.zeros(len(texts))
        member[NgramRouge(story.reference).greedy(texts, 250)] = 1.0
        X.append(feature_matrix(story.rank_input, lexicon))
        y.append(sentence_labels(texts, story.reference))
        oracle.append(member)
        owner.append(np.full(len(texts), len(stories)))
        stories.append(story)
    return stories, np.vstack(X), np.concatenate(y), np.concatenate(oracle), np.concatenate(owner)


def within_story(y: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(label minus its story's mean, percentile rank of the label within its story)."""
    from scipy.stats import rankdata

    n = int(owner.max()) + 1
    counts = np.bincount(owner, minlength=n)
    centred = y - (np.bincount(owner, y, n) / np.maximum(counts, 1))[owner]
    ranks = np.zeros_like(y)
    for k in range(n):
        rows = np.flatnonzero(owner == k)
        ranks[rows] = (rankdata(y[rows]) - 0.5) / len(rows)
    return centred, ranks


def score(stories, owner, scores, words) -> tuple[float, float, float]:
    """Mean ROUGE-1 F, ROUGE-2 F (x 100) and words of ``select`` on ``scores``."""
    from newsfuse.evaluate.ngram import NgramRouge
    from newsfuse.select import select

    total = np.zeros(3)
    for k, story in enumerate(stories):
        chosen = select(story.rank_input, scores[owner == k], words)
        text = " ".join(s.text for s in chosen)
        total += (*NgramRouge(story.reference).scores(text), len(text.split()))
    mean = total / max(len(stories), 1)
    return 100 * mean[0], 100 * mean[1], mean[2]


def oracle_score(stories, words) -> tuple[float, float, float]:
    from newsfuse.evaluate.ngram import NgramRouge

    total = np.zeros(3)
    for story in stories:
        texts = [s.text for s in story.rank_input.sentences]
        rouge = NgramRouge(story.reference)
        text = " ".join(texts[i] for i in sorted(rouge.greedy(texts, words)))
        total += (*rouge.scores(text), len(text.split()))
    mean = total / max(len(stories), 1)
    return 100 * mean[0], 100 * mean[1], mean[2]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=DATA / "train.jsonl.gz")
    parser.add_argument("--val", type=Path, default=DATA / "validation.jsonl.gz")
    parser.add_argument("--train-clusters", type=int, default=6000)
    parser.add_argument("--val-clusters", type=int, default=1000)
    parser.add_argument("--words", type=int, default=250)
    args = parser.parse_args(argv)
    for path in (args.train, args.val):
        if not path.exists():
            print(f"skipped: {path} not found (Multi-News lives in ../shared/data/multinews)", file=sys.stderr)
            return 0

    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

    from newsfuse.rank.learned import load_model, single_threaded
    from newsfuse.train.fit import DEFAULT_PARAMS

    started = time.perf_counter()
    shipped = load_model()
    train = prepared(args.train, args.train_clusters, True, shipped.lexicon)
    val = prepared(args.val, args.val_clusters, False, shipped.lexicon)
    _, X, y, oracle, owner = train
    v_stories, vX, vy, _, v_owner = val
    print(f"features: {len(y)} training sentences of {owner.max() + 1} clusters, "
          f"{len(vy)} validation sentences of {len(v_stories)} clusters "
          f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    centred, ranks = within_story(y, owner)

    def regress(labels):
        model = HistGradientBoostingRegressor(**DEFAULT_PARAMS, early_stopping=False, random_state=0)
        model.fit(X, labels)
        return model.predict(vX)

    rows = []
    with single_threaded():
        rows.append(("shipped model (default ranker)", shipped.estimator.predict(vX)))
        rows.append(("refit: mean R1/R2 precision (the shipped label)", regress(y)))
        rows.append(("refit: label centred per story", regress(centred)))
        rows.append(("refit: label rank within story", regress(ranks)))
        classifier = HistGradientBoostingClassifier(**DEFAULT_PARAMS, early_stopping=False, random_state=0)
        rows.append(("refit: oracle-membership classifier", classifier.fit(X, oracle).predict_proba(vX)[:, 1]))
        rows.append(("ceiling: true labels as scores", vy))

    print(f"\nFirst {len(v_stories)} clusters of {args.val}, select at {args.words} words "
          f"(fast n-gram ROUGE F1 x 100)\n")
    print("| scores | ROUGE-1 | ROUGE-2 | words |\n|---|---:|---:|---:|")
    for name, scores in rows:
        r1, r2, words = score(v_stories, v_owner, np.asarray(scores), args.words)
        print(f"| {name} | {r1:.2f} | {r2:.2f} | {words:.1f} |", flush=True)
    r1, r2, words = oracle_score(v_stories, args.words)
    print(f"| ceiling: greedy ROUGE oracle over the same sentences | {r1:.2f} | {r2:.2f} | {words:.1f} |")
    print(f"\n{time.perf_counter() - started:.0f} s in all", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
