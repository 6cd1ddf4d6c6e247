"""Fit (and cross-validate) the event-story pair model of newsfuse.stories.similarity.

Labelled pairs: every stream's candidate pairs (each article's 20 nearest by
body cosine, as clustering sees them), labelled 1 when both articles are in
the same gold cluster. Streams: the first --train-clusters clusters of
Multi-News train (shuffled, undated) and, with --duc, TAC 2011 (dated).

Cross-validation is leave-topics-out: the clusters are split in --folds folds
(cluster index mod folds); for each fold a model is fitted on the pairs whose
both articles lie in the other folds, the merge threshold is picked on the
other folds' clustering, and the held-out fold's articles are clustered and
scored (B-cubed), next to the cosine baseline on the same articles.

  nice -n 10 .venv/bin/python bench/fit_story_model.py --cv             # figures only
  nice -n 10 .venv/bin/python bench/fit_story_model.py --write          # fit on all, write the model
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared" / "data"
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
THREAD_THRESHOLDS = (0.1, 0.125, 0.15, 0.2)  # lower ones join unrelated topics of one day (tests/test_stories_levels.py)


def multinews(path: Path, limit: int, seed: int = 13):
    from newsfuse.evaluate.data import DataProblem, read_clusters

    texts, gold = [], []
    for item in read_clusters(path, limit):
        if isinstance(item, DataProblem):
            continue
        texts += item.documents
        gold += [item.index] * len(item.documents)
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    return [texts[i] for i in order], np.array([gold[i] for i in order]), np.full(len(texts), np.nan)


def duc(path: Path):
    sys.path.insert(0, str(ROOT / "bench"))
    from cluster_quality import load_duc

    texts, gold, days, _ = load_duc(path)
    return texts, np.array(gold), days


class Stream:
    """One stream's texts, gold, days, and view matrices (computed once)."""

    def __init__(self, name, texts, gold, days):
        from newsfuse.stories import features, similarity

        self.name, self.texts, self.gold, self.days = name, texts, gold, days
        terms, stats = features.fit_terms(texts)
        self.mats = similarity.view_matrices(similarity.counts_of(terms), stats.idf())
        self.junk = np.array([features.is_boilerplate(t) for t in terms])

    def subset(self, keep: np.ndarray):
        """A stream of the rows in ``keep`` (bool), statistics refitted on them."""
        idx = np.flatnonzero(keep)
        return Stream(self.name, [self.texts[i] for i in idx], self.gold[idx], self.days[idx])

    def pairs(self):
        from newsfuse.stories import cluster, similarity

        e = cluster.candidate_edges(self.mats[0], k=cluster.DEFAULT_K, floor=cluster.DEFAULT_FLOOR)
        X = similarity.pair_features(self.mats, e.i, e.j, self.days)
        y = (self.gold[e.i] == self.gold[e.j]).astype(int)
        return X, y


CASED_WEIGHT = [1.0]


def fit(streams, C=1.0):
    from sklearn.linear_model import LogisticRegression

    from newsfuse.stories.similarity import PairModel

    parts = [s.pairs() for s in streams]
    X = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    w = np.concatenate([np.full(len(p[1]), 1.0 if s.name.startswith("multinews") else CASED_WEIGHT[0])
                        for s, p in zip(streams, parts)])
    mean, scale = X.mean(axis=0), X.std(axis=0) + 1e-9
    lr = LogisticRegression(C=C, max_iter=2000, class_weight=None).fit((X - mean) / scale, y, sample_weight=w)
    return PairModel(lr.coef_[0].astype(np.float64), float(lr.intercept_[0]), 0.5, mean, scale, 0.1), len(y), y.mean()


def level_scores(stream, model, thresholds, thread_thresholds=(None,), event_t=None):
    """{(event t, thread t): (event quality, thread quality)} on one stream."""
    from newsfuse.stories import similarity
    from newsfuse.stories.metrics import quality

    edges = similarity.scored_edges(stream.mats, stream.days, model=model)
    out = {}
    for t in thresholds:
        for tt in thread_thresholds:
            ev, th = similarity.cluster_levels(stream.mats, stream.days, model=model, threshold=t,
                                               thread_threshold=tt if tt is not None else t, edges=edges)
            out[(t, tt)] = (quality(list(stream.gold), ev), quality(list(stream.gold), th))
    return out


def baseline(stream):
    from newsfuse.stories import cluster
    from newsfuse.stories.metrics import quality

    return quality(list(stream.gold), cluster.cluster(stream.mats[0], days=stream.days))


EVENT_STREAMS = ("multinews-train",)  # event grain: picks the event threshold
THREAD_STREAMS = ("duc2003",)  # topic (TDT story) grain: picks the thread threshold


def pick(streams, model):
    """Event threshold: best mean event F1 on the event streams; thread threshold: best thread F1
    on the thread streams given that event threshold."""
    ev = [s for s in streams if s.name in EVENT_STREAMS]
    th = [s for s in streams if s.name in THREAD_STREAMS]
    grid = {t: np.mean([level_scores(s, model, [t])[(t, None)][0].f1 for s in ev]) for t in THRESHOLDS}
    best = max(grid, key=grid.get)
    tgrid = {}
    if th:
        for tt in THREAD_THRESHOLDS:
            if tt <= best:
                tgrid[tt] = np.mean([level_scores(s, model, [best], [tt])[(best, tt)][1].f1 for s in th])
    tbest = max(tgrid, key=tgrid.get) if tgrid else best
    return best, tbest, grid, tgrid


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train-clusters", type=int, default=3000)
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--duc", action="store_true", help="also TAC 2011 and DUC 2003 pairs (cased, dated)")
    ap.add_argument("--duc2006", action="store_true", help="with --duc: also DUC 2006 pairs")
    ap.add_argument("--cased-weight", type=float, default=1.0,
                    help="weight of a pair of the cased streams (DUC, TAC) relative to a Multi-News pair")
    opts = ap.parse_args(argv)
    CASED_WEIGHT[0] = opts.cased_weight
    mn = SHARED / "multinews" / "train.jsonl.gz"
    if not mn.exists():
        print(f"data not found: {mn}; nothing fitted", file=sys.stderr)
        return 2
    raw = [("multinews-train", *multinews(mn, opts.train_clusters))]
    if opts.duc:
        raw.append(("tac2011", *duc(SHARED / "duc" / "tac2011_multiling_en.jsonl.gz")))
        raw.append(("duc2003", *duc(SHARED / "duc" / "duc2003_task2.jsonl.gz")))
        if opts.duc2006:
            raw.append(("duc2006", *duc(SHARED / "duc" / "duc2006.jsonl.gz")))
    fmt = lambda g: ", ".join(f"{t}:{v:.3f}" for t, v in g.items())  # noqa: E731
    if opts.cv:
        for name, texts, gold, days in raw:
            print(f"{name}: {len(texts)} articles, {len(set(gold.tolist()))} clusters; leave-topics-out, "
                  f"{opts.folds} folds (cluster index mod {opts.folds})")
        held = []
        for f in range(opts.folds):
            train = [Stream(n, *_sel(t, g, d, g % opts.folds != f)) for n, t, g, d in raw]
            test = [Stream(n, *_sel(t, g, d, g % opts.folds == f)) for n, t, g, d in raw]
            model, n_pairs, pos = fit(train)
            best, tbest, grid, tgrid = pick(train, model)
            print(f"fold {f}: fitted on {n_pairs} pairs ({pos:.3f} positive) of the other fold; thresholds picked "
                  f"there: event {best} (F1 {fmt(grid)}), thread {tbest} (F1 {fmt(tgrid)})")
            for s in test:
                ev, th = level_scores(s, model, [best], [tbest])[(best, tbest)]
                b = baseline(s)
                held.append((s.name, ev.f1, th.f1, b.f1))
                print(f"  held-out {s.name}: {len(s.texts)} articles; event P/R/F1 {ev.precision:.3f}/{ev.recall:.3f}/"
                      f"{ev.f1:.3f}; thread {th.precision:.3f}/{th.recall:.3f}/{th.f1:.3f}; "
                      f"cosine baseline {b.precision:.3f}/{b.recall:.3f}/{b.f1:.3f}")
        for name in dict.fromkeys(n for n, *_ in held):
            m = [x for x in held if x[0] == name]
            print(f"mean held-out B3-F1 on {name}: event {np.mean([x[1] for x in m]):.3f}, thread "
                  f"{np.mean([x[2] for x in m]):.3f}, cosine baseline {np.mean([x[3] for x in m]):.3f}")
    if opts.write:
        streams = [Stream(n, t, g, d) for n, t, g, d in raw]
        model, n_pairs, pos = fit(streams)
        best, tbest, grid, tgrid = pick(streams, model)
        print(f"fitted on {n_pairs} pairs ({pos:.3f} positive); event threshold {best} (training F1 {fmt(grid)}); "
              f"thread threshold {tbest} (training F1 {fmt(tgrid)})")
        from newsfuse.stories.similarity import MODEL_DIR, PairModel

        model = PairModel(model.coef, model.intercept, best, model.mean, model.scale, tbest)
        MODEL_DIR.mkdir(parents=True, exist_ok=True)
        data = model.to_json()
        data["trained_on"] = [f"{n}: {len(t)} articles, {len(set(g.tolist()))} clusters" for n, t, g, _ in raw]
        data["command"] = "bench/fit_story_model.py " + " ".join(argv if argv is not None else sys.argv[1:])
        (MODEL_DIR / "model.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print("coefficients (standardised features): "
              + ", ".join(f"{n} {c:+.3f}" for n, c in zip(data["features"], data["coef"])))
        print(f"wrote {MODEL_DIR / 'model.json'}")
    return 0


def _sel(texts, gold, days, keep):
    idx = np.flatnonzero(keep)
    return [texts[i] for i in idx], gold[idx], days[idx]


if __name__ == "__main__":
    sys.exit(main())
