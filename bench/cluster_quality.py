"""Story clustering quality on pooled news streams, against two baselines.

Pools every document of a Multi-News-format file (one cluster per line, each
cluster one story; shuffled with a fixed seed, undated) or of a DUC file
(../shared/data/duc/*.jsonl.gz: each cluster one story, documents with their
dates and, in DUC 2006, headlines; pooled in time order, the dates given to
the methods), clusters them blind and prints B-cubed precision/recall/F1, the adjusted Rand index, wall time and
peak memory for each method. Each method runs in its own process so its peak
memory (ru_maxrss) is its own; wall time covers vectorising + clustering (not
reading the file). For newsfuse-spark the peak is the Python driver's only:
the Spark JVM (spark.driver.memory=1g) and the Python workers are other processes.

Thresholds: newsfuse's merge threshold (0.2) was chosen on a train sample
(the first 5,622 train clusters: F1 0.755 at 0.2, 0.756 at 0.17, from
`--data ../shared/data/multinews/train.jsonl.gz --limit 5622 --methods newsfuse
--threshold T`); the
baselines get the best value of a sweep on the evaluated data itself.

Methods:
  newsfuse        newsfuse.stories, event level (template-free hashed TF-IDF views:
                  body, lead, entities, numbers; top-k body-cosine candidates weighted
                  by the learned pair model; average-linkage merging over them)
  newsfuse-thread the thread level: event stories merged further (lower threshold)
  newsfuse-db     the same through the SQLite store, fed in --batches batches
  newsfuse-spark  the same as a pyspark job (--master, default local[2]); also
                  prints its agreement (ARI) with the single-machine labels
  agglomerative   sklearn AgglomerativeClustering (average linkage, cosine) on
                  TF-IDF reduced by TruncatedSVD; best distance threshold of a sweep
  dbscan          sklearn DBSCAN (cosine) on TF-IDF; best eps of a sweep
  gold-ceiling    not a method: the gold stories with boilerplate-only articles
                  made stories of their own (the ceiling for any text-based method)

  nice -n 10 .venv/bin/python bench/cluster_quality.py --suite --batches 10   # DUC 2003, DUC 2006, Multi-News val
  nice -n 10 .venv/bin/python bench/cluster_quality.py --cv            # DUC 2003, leave-stories-out folds
  nice -n 10 .venv/bin/python bench/cluster_quality.py --example 1000  # the example alone and among 1,000 others
  nice -n 10 .venv/bin/python bench/cluster_quality.py --data ../shared/data/duc/duc2003_task2.jsonl.gz
  nice -n 10 .venv/bin/python bench/cluster_quality.py                 # all local methods
  nice -n 10 .venv/bin/python bench/cluster_quality.py --batches 10    # + incremental store
  nice -n 10 .venv/bin/python bench/cluster_quality.py --engine spark  # + Spark local mode
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "multinews" / "validation.jsonl.gz"
SEED = 13


DUC = ROOT.parent / "shared" / "data" / "duc"
SUITE = [DUC / "duc2003_task2.jsonl.gz", DUC / "duc2006.jsonl.gz", DEFAULT_DATA]


def is_duc(path: Path) -> bool:
    return "duc" in path.name or "tac" in path.name


def load_duc(path: Path, limit: int | None = None, stories: set[int] | None = None):
    """Documents of a DUC-format file pooled in time order: texts (headline + body), gold, days, dates."""
    import gzip
    import json

    from newsfuse.text import days_of

    items = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for g, line in enumerate(fh):
            if limit is not None and g >= limit:
                break
            if stories is not None and g not in stories:
                continue
            row = json.loads(line)
            titles = row.get("titles") or [None] * len(row["documents"])
            for doc, doc_id, date, title in zip(row["documents"], row["doc_ids"], row["dates"], titles):
                items.append((date or "", doc_id, f"{title}\n\n{doc}" if title else doc, g))
    items.sort(key=lambda it: (it[0], it[1]))
    dates = [d or None for d, _, _, _ in items]
    return ([t for _, _, t, _ in items], [g for *_, g in items],
            np.array([days_of(d) for d in dates], dtype=np.float64), dates)


def load(path: Path, limit: int | None, seed: int = SEED, report: bool = False):
    """(texts, gold, days): a DUC stream in time order, or every document of the first ``limit``
    good Multi-News clusters, shuffled, undated; ``report``: name bad lines on stderr."""
    from newsfuse.evaluate.data import DataProblem, read_clusters

    if is_duc(path):
        texts, gold, days, _ = load_duc(path, limit)
        return texts, gold, days
    texts, gold = [], []
    for item in read_clusters(path, limit):
        if isinstance(item, DataProblem):
            if report:
                print(f"cluster_quality: skipped {item}", file=sys.stderr)
            continue
        texts.extend(item.documents)
        gold.extend([item.index] * len(item.documents))
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    return [texts[i] for i in order], [gold[i] for i in order], np.full(len(texts), np.nan)


# ---- methods: each takes (texts, gold, days, options) and returns (labels, note) ----------


def run_newsfuse(texts, gold, days, opts):
    from newsfuse.stories.engine import cluster_texts

    if opts.threshold is None:
        return cluster_texts(texts, days), ""
    return cluster_texts(texts, days, threshold=opts.threshold), f"threshold {opts.threshold}"


def run_newsfuse_thread(texts, gold, days, opts):
    from newsfuse.stories.engine import cluster_texts

    return cluster_texts(texts, days, level="thread"), "thread level"


def run_newsfuse_db(texts, gold, days, opts):
    from datetime import datetime, timezone

    from newsfuse.ingest import Article
    from newsfuse.store import StoryStore

    def iso(d):
        return None if np.isnan(d) else datetime.fromtimestamp(d * 86400.0, tz=timezone.utc).isoformat()

    with tempfile.TemporaryDirectory() as tmp:
        store = StoryStore(Path(tmp) / "bench.db")
        arts = [Article(id=f"d{i}", source=f"d{i}", text=t, origin=f"d{i}", published=iso(d))
                for i, (t, d) in enumerate(zip(texts, days))]
        batches = np.array_split(np.arange(len(texts)), opts.batches)
        seconds = []
        for b in batches:
            start = time.perf_counter()
            store.add([arts[i] for i in b])
            seconds.append(time.perf_counter() - start)
        story = store.story_of_texts(texts)  # a repeated text belongs to its stored copy's story
        store.close()
    # articles in no story (boilerplate only) are stories of their own, as in the one-batch path
    labels = [s if s is not None else -1 - n for n, s in enumerate(story)]
    per_batch = " ".join(f"{t:.1f}" for t in seconds)
    return np.array(labels), f"{opts.batches} batches; s per batch: {per_batch}"


def run_newsfuse_spark(texts, gold, days, opts):
    from newsfuse.stories.spark_job import cluster_texts_spark

    return cluster_texts_spark(texts, days=days, master=opts.master), f"master={opts.master}"


def _tfidf(texts):
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2, max_df=0.5).fit_transform(texts)


def _best(gold, candidates):
    from newsfuse.stories.metrics import bcubed

    scored = [(bcubed(gold, labels)[2], param, labels) for param, labels in candidates]
    f1, param, labels = max(scored, key=lambda t: t[0])
    sweep = ", ".join(f"{p}:{f:.3f}" for f, p, _ in scored)
    return labels, f"best {param} (sweep F1 {sweep})"


def run_agglomerative(texts, gold, days, opts):
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    X = normalize(TruncatedSVD(n_components=200, random_state=0).fit_transform(_tfidf(texts)))
    thresholds = [0.2, 0.3, 0.4, 0.5, 0.6]
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=max(thresholds), compute_distances=True
    ).fit(X)
    n = X.shape[0]
    candidates = []
    for t in thresholds:  # cut the one fitted tree at each threshold
        parent = np.arange(2 * n)
        for step, (a, b) in enumerate(model.children_):
            if model.distances_[step] >= t:
                break
            parent[a] = parent[b] = n + step
        root = parent.copy()
        while not np.array_equal(root[root], root):
            root = root[root]
        candidates.append((f"distance<{t}", root[:n]))
    return _best(gold, candidates)


def run_dbscan(texts, gold, days, opts):
    from sklearn.cluster import DBSCAN
    from sklearn.neighbors import NearestNeighbors

    X = _tfidf(texts)
    eps_values = [0.5, 0.6, 0.65, 0.7, 0.75]
    graph = NearestNeighbors(radius=max(eps_values), metric="cosine", algorithm="brute").fit(X)
    D = graph.radius_neighbors_graph(X, mode="distance")
    candidates = []
    for eps in eps_values:
        labels = DBSCAN(eps=eps, min_samples=2, metric="precomputed").fit_predict(D)
        noise = labels < 0  # noise points are stories of their own
        labels[noise] = labels.max() + 1 + np.arange(noise.sum())
        candidates.append((f"eps={eps}", labels))
    return _best(gold, candidates)


def run_gold_ceiling(texts, gold, days, opts):
    """Not a method: the gold stories with every boilerplate-only article
    (which no text-based method can place) made a story of its own. Its
    score is the ceiling for any method that reads the texts."""
    from newsfuse.stories.engine import boilerplate_rows

    labels = np.asarray(gold).copy()
    alone = boilerplate_rows(texts)
    labels[alone] = labels.max() + 1 + np.arange(len(alone))
    return labels, f"{len(alone)} boilerplate-only articles alone"


METHODS = {
    "newsfuse": run_newsfuse,
    "newsfuse-thread": run_newsfuse_thread,
    "newsfuse-db": run_newsfuse_db,
    "newsfuse-spark": run_newsfuse_spark,
    "agglomerative": run_agglomerative,
    "dbscan": run_dbscan,
    "gold-ceiling": run_gold_ceiling,
}


def _worker(name, opts, queue):
    sys.path.insert(0, str(ROOT / "src"))
    texts, gold, days = load(opts.data, opts.limit)
    start = time.perf_counter()
    labels, note = METHODS[name](texts, gold, days, opts)
    wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((np.asarray(labels).tolist(), note, wall, peak_mb))


def measure(name, opts):
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_worker, args=(name, opts, queue))
    proc.start()
    while True:
        try:
            return queue.get(timeout=5)
        except Exception:
            if not proc.is_alive():
                raise SystemExit(f"method {name} failed (exit code {proc.exitcode})")


# issue 17's targets: (file name part, method) -> (label, check on the quality)
TARGETS = {
    ("duc2003", "newsfuse-thread"): ("B3-F1 >= 0.93", lambda q: q.f1 >= 0.93),
    ("duc2006", "newsfuse-thread"): ("B3-P >= 0.98", lambda q: q.precision >= 0.98),
    ("validation", "newsfuse"): ("B3-F1 >= 0.88 and B3-P >= 0.90", lambda q: q.f1 >= 0.88 and q.precision >= 0.90),
}


def target_note(data: Path, name: str, q) -> str:
    for (part, method), (label, ok) in TARGETS.items():
        if part in data.name and method == name:
            return f"target {label}: {'met' if ok(q) else 'NOT met'}"
    return ""


GRID = [(th, grace, tau) for th in (0.1, 0.15, 0.2, 0.25, 0.3) for grace in (7, 14, 30, 60) for tau in (10, 30, 90)]


def cross_validate(path: Path, folds: int = 2) -> None:
    """Leave-stories-out: pick (threshold, grace, tau) on the other folds' stream, score this fold's stream."""
    import gzip

    from newsfuse.stories import cluster
    from newsfuse.stories.engine import cluster_texts
    from newsfuse.stories.metrics import quality

    with gzip.open(path, "rt", encoding="utf-8") as fh:
        n_stories = sum(1 for _ in fh)
    print(f"leave-stories-out on {path.name}: {n_stories} stories in {folds} folds (story index mod {folds}); "
          f"grid of {len(GRID)} (threshold, grace days, tau days)")
    from newsfuse.stories.similarity import shipped_model

    shipped = (shipped_model().threshold, cluster.GRACE_DAYS, cluster.TAU_DAYS)
    scores, shipped_scores = [], []
    for f in range(folds):
        test = {g for g in range(n_stories) if g % folds == f}
        train = set(range(n_stories)) - test
        tr_texts, tr_gold, tr_days, _ = load_duc(path, stories=train)
        te_texts, te_gold, te_days, _ = load_duc(path, stories=test)

        def f1(texts, gold, days, p):
            return quality(gold, cluster_texts(texts, days, threshold=p[0], grace=p[1], tau=p[2]))

        best = max(GRID, key=lambda p: f1(tr_texts, tr_gold, tr_days, p).f1)
        q = f1(te_texts, te_gold, te_days, best)
        qs = f1(te_texts, te_gold, te_days, shipped)
        scores.append(q.f1)
        shipped_scores.append(qs.f1)
        print(f"fold {f}: {len(te_gold)} held-out articles, {len(test)} stories; chosen on the other fold "
              f"{best}: B3 P/R/F1 {q.precision:.3f}/{q.recall:.3f}/{q.f1:.3f}; shipped {shipped}: "
              f"{qs.precision:.3f}/{qs.recall:.3f}/{qs.f1:.3f}")
    print(f"mean held-out B3-F1: chosen per fold {np.mean(scores):.3f}, shipped {np.mean(shipped_scores):.3f}")


def example_check(n_others: int, batches: int) -> None:
    """Issue 17's target: the bundled example's 5 reports in one event story, alone and mixed into
    ``n_others`` Multi-News validation documents (in memory, and through the store in ``batches``)."""
    from newsfuse.ingest import Article
    from newsfuse.store import StoryStore
    from newsfuse.stories.group import collect, group

    arts, _ = collect([str(ROOT / "examples" / "deir-ez-zor")])
    ids = {a.id for a in arts}
    texts, _, _ = load(DEFAULT_DATA, None)
    others = [Article(id=f"mn{i}", source=f"mn{i}", text=t, origin=f"mn{i}") for i, t in enumerate(texts[:n_others])]
    rng = random.Random(SEED)

    def holding(groups):
        return sorted(len(ids & {a.id for a in g}) for g in groups if ids & {a.id for a in g})

    alone = holding(group(arts).groups)
    mixed_list = others + arts
    rng.shuffle(mixed_list)
    mixed = holding(group(mixed_list).groups)
    with tempfile.TemporaryDirectory() as tmp:
        with StoryStore(Path(tmp) / "ex.db") as store:
            for part in np.array_split(np.arange(len(mixed_list)), batches):
                store.add([mixed_list[i] for i in part])
            story = store.story_of_texts([a.text for a in arts])
    stored = sorted(np.unique(story, return_counts=True)[1].tolist())
    ok = alone == [5] and mixed == [5] and stored == [5]
    print(f"example (5 reports): alone {alone}; among {len(others)} others {mixed}; through the store in {batches} "
          f"batches {stored} (reports per story holding them; target [5] each: {'met' if ok else 'NOT met'})")


def evaluate(data: Path, names: list[str], opts) -> None:
    from sklearn.metrics import adjusted_rand_score

    from newsfuse.stories.metrics import quality

    opts.data = data
    _, gold, days = load(data, opts.limit, report=True)
    order = "in time order, with dates" if is_duc(data) else f"shuffled with seed {SEED}, undated"
    print(f"data: {data} ({len(gold)} articles, {len(set(gold))} stories, {order})")
    print(f"{'method':<15} {'B3-P':>6} {'B3-R':>6} {'B3-F1':>6} {'ARI':>6} {'stories':>7} {'wall s':>7} {'peak MB':>8}  note")
    labels_of = {}
    for name in names:
        labels, note, wall, peak = measure(name, opts)
        labels_of[name] = labels
        q = quality(gold, labels)
        print(
            f"{name:<15} {q.precision:6.3f} {q.recall:6.3f} {q.f1:6.3f} {q.ari:6.3f} {q.n_clusters:7d} "
            f"{wall:7.1f} {peak:8.0f}  {'; '.join(x for x in (note, target_note(data, name, q)) if x)}",
            flush=True,
        )
    for other in ("newsfuse-db", "newsfuse-spark"):
        if other in labels_of and "newsfuse" in labels_of:
            ari = adjusted_rand_score(labels_of["newsfuse"], labels_of[other])
            f1_gap = quality(gold, labels_of[other]).f1 - quality(gold, labels_of["newsfuse"]).f1
            target = ("target: B3-F1 within 0.01" if other == "newsfuse-db" else "target: ARI >= 0.99")
            met = abs(f1_gap) <= 0.01 if other == "newsfuse-db" else ari >= 0.99
            print(f"agreement newsfuse vs {other}: ARI {ari:.4f}, B3-F1 difference {f1_gap:+.4f} "
                  f"({target}: {'met' if met else 'NOT met'})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--suite", action="store_true",
                    help="newsfuse (+ --batches / --engine) on DUC 2003, DUC 2006 and Multi-News validation")
    ap.add_argument("--cv", action="store_true", help="leave-stories-out check of the time and threshold "
                    "parameters on a DUC file (--data, default DUC 2003)")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N clusters")
    ap.add_argument("--batches", type=int, default=0, help="also run the SQLite store fed in N batches")
    ap.add_argument("--engine", choices=["local", "spark"], default="local", help="spark: also run the Spark job")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--threshold", type=float, default=None, help="newsfuse's merge threshold (default: the shipped one)")
    ap.add_argument("--example", type=int, default=None, metavar="N",
                    help="only the example check: the bundled example alone and among N Multi-News documents")
    ap.add_argument("--methods", default=None, help="comma-separated subset of: " + ", ".join(METHODS))
    opts = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    if opts.example is not None:
        example_check(opts.example, opts.batches or 10)
        return 0
    if opts.cv:
        path = opts.data if is_duc(opts.data) else SUITE[0]
        if not path.exists():
            print(f"data not found: {path}; nothing measured", file=sys.stderr)
            return 2
        cross_validate(path)
        return 0
    names = ["newsfuse", "newsfuse-thread", "agglomerative", "dbscan", "gold-ceiling"]
    if opts.suite:
        names = ["newsfuse", "newsfuse-thread"]
    if opts.batches:
        names.insert(1, "newsfuse-db")
    if opts.engine == "spark":
        names.insert(1, "newsfuse-spark")
    if opts.methods:
        names = [m.strip() for m in opts.methods.split(",")]
    datasets = SUITE if opts.suite else [opts.data]
    found = [d for d in datasets if d.exists()]
    for d in datasets:
        if not d.exists():
            print(f"data not found: {d}; skipped", file=sys.stderr)
    if not found:
        return 2
    for d in found:
        evaluate(d, names, opts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
