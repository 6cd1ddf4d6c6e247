"""Story clustering as a pyspark job: the same stories as the single-machine path, over partitions.

Stages (each a Spark job over the article partitions; the functions applied
are the very ones of :mod:`newsfuse.stories.features` and
:mod:`newsfuse.stories.cluster`, so the result equals the local path):

1. templates (near-duplicate passages shared across articles): each
   partition analyses its articles; the 5-gram shingle buckets are counted
   with ``reduceByKey``; buckets in ``TEMPLATE_DF`` or more articles are
   broadcast;
2. document frequencies of the remaining content terms (``reduceByKey``),
   broadcast as the IDF;
3. vectors of every view (:mod:`newsfuse.stories.views`) per partition,
   gathered into one sparse matrix (about 12 bytes per non-zero term); the
   body view is broadcast;
4. candidate pairs: each partition computes the top-k body-cosine neighbours
   of its articles (``mapPartitions``); the pairs are collected, weighted by
   the pair model (:mod:`newsfuse.stories.similarity`) and merged by average
   linkage on the driver (the graph is small: k pairs per article).

As a job: ``spark-submit --master yarn --py-files newsfuse.whl
-m newsfuse.stories.spark_job --input IN --output OUT`` (see docs/scaling.md);
IN is Parquet or JSON Lines with columns ``text`` and optional ``id``,
``published``; OUT is Parquet with ``id`` and ``story``.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from typing import Iterable, Iterator, Sequence

import numpy as np

APP_NAME = "newsfuse-stories"


def spark_session(master: str = "local[2]"):
    """A SparkSession for the job (no UI, few shuffle partitions); raises RuntimeError without Java."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise RuntimeError("--engine spark needs a Java runtime (java not found on PATH and JAVA_HOME unset)")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(master)
        .appName(APP_NAME)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.driver.memory", "1g")
        .config("spark.python.worker.reuse", "true")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# ---- functions shipped to the executors (module-level, so they pickle by reference) ---------


def _shingle_buckets(rows: Iterable) -> Iterator[tuple[int, int]]:
    from newsfuse.stories import features

    for row in rows:
        for b in features.analyse(row["text"]).shingle_buckets.tolist():
            yield b, 1


def _stats_with(frequent: Sequence[int], term_df=None, n_docs: int = 0):
    from newsfuse.stories import features

    stats = features.CorpusStats(n_docs=n_docs)
    stats.shingle_df[np.asarray(frequent, dtype=np.int64)] = features.TEMPLATE_DF
    if term_df is not None:
        stats.term_df = term_df
    return stats


def _terms(frequent_bc):
    def run(rows: Iterable) -> Iterator[tuple[int, list[int]]]:
        from newsfuse.stories import features

        stats = _stats_with(frequent_bc.value)
        for row in rows:
            yield row["row"], features.article_terms(features.analyse(row["text"]), stats).tolist()

    return run


def _vectors(idf_bc):
    def run(items: Iterable[tuple[int, list[int]]]) -> Iterator[tuple[int, list[int], list[float]]]:
        from newsfuse.stories import similarity

        stats = _stats_with([], term_df=idf_bc.value[1], n_docs=idf_bc.value[0])
        items = list(items)
        X = similarity.stack_views(similarity.view_matrices(
            similarity.counts_of([np.asarray(t, dtype=np.int64) for _, t in items]), stats.idf()))
        for (row, _), start, end in zip(items, X.indptr[:-1], X.indptr[1:]):
            yield row, X.indices[start:end].tolist(), X.data[start:end].tolist()

    return run


def _edges(matrix_bc, k: int, floor: float):
    def run(rows: Iterable[int]) -> Iterator[tuple[int, int, float]]:
        import scipy.sparse as sp

        from newsfuse.stories import cluster

        data, indices, indptr, shape = matrix_bc.value
        X = sp.csr_matrix((data, indices, indptr), shape=shape)
        rows = np.fromiter(rows, dtype=np.int64)
        if len(rows) == 0:
            return
        e = cluster.candidate_edges(X, rows=rows, k=k, floor=floor)
        yield from zip(e.i.tolist(), e.j.tolist(), e.sim.tolist())

    return run


# ---- the job ---------------------------------------------------------------------------------


def cluster_frame(spark, df, *, days: np.ndarray | None = None) -> np.ndarray:
    """Story labels for a DataFrame with columns ``row`` (0..n-1) and ``text``."""
    import scipy.sparse as sp

    from . import cluster, features, similarity

    sc = spark.sparkContext
    n = df.count()
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    rdd = df.select("row", "text").rdd
    counts = rdd.mapPartitions(_shingle_buckets).reduceByKey(lambda a, b: a + b)
    frequent = counts.filter(lambda kv: kv[1] >= features.TEMPLATE_DF).keys().collect()
    terms = rdd.mapPartitions(_terms(sc.broadcast(frequent))).cache()
    df_pairs = terms.flatMap(lambda rt: [(t, 1) for t in set(rt[1])]).reduceByKey(lambda a, b: a + b).collect()
    term_df = np.zeros(features.N_TERMS, dtype=np.uint32)
    if df_pairs:
        keys, values = zip(*df_pairs)
        term_df[np.asarray(keys, dtype=np.int64)] = np.asarray(values, dtype=np.uint32)
    vectors = sorted(terms.mapPartitions(_vectors(sc.broadcast((n, term_df)))).collect())
    terms.unpersist()
    indptr = np.cumsum([0] + [len(ix) for _, ix, _ in vectors])
    X = sp.csr_matrix(
        (np.concatenate([np.asarray(v, dtype=np.float32) for _, _, v in vectors]),
         np.concatenate([np.asarray(ix, dtype=np.int64) for _, ix, _ in vectors]), indptr),
        shape=(n, features.N_TERMS),
    )
    mats = similarity.split_views(X)
    body = mats[0]
    matrix_bc = sc.broadcast((body.data, body.indices, body.indptr, body.shape))
    rows = sc.parallelize(range(n), max(2, sc.defaultParallelism))
    pairs = rows.mapPartitions(_edges(matrix_bc, cluster.DEFAULT_K, cluster.DEFAULT_FLOOR)).collect()
    if pairs:
        i, j, s = (np.asarray(c) for c in zip(*pairs))
        edges = cluster.normalise_edges(i.astype(np.int64), j.astype(np.int64), s.astype(np.float32))
    else:
        edges = cluster.normalise_edges(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
    model = similarity.shipped_model()
    if len(edges):  # the same weights as the local path: the pair model's probability
        edges = cluster.Edges(edges.i, edges.j,
                              model.probability(similarity.pair_features(mats, edges.i, edges.j, days)).astype(np.float32))
    return cluster.merge(n, edges, threshold=model.threshold, days=days)


def cluster_texts_spark(texts: Sequence[str], days: np.ndarray | None = None, *, master: str = "local[2]") -> np.ndarray:
    """Same contract as :func:`newsfuse.stories.engine.cluster_texts`, computed by Spark.

    The texts go to Spark through a JSON Lines file, as a real job's input would."""
    import json

    from pyspark.sql import SparkSession

    owned = SparkSession.getActiveSession() is None  # stop only a session this call started
    spark = spark_session(master)
    try:
        with tempfile.TemporaryDirectory(prefix="newsfuse-spark-") as tmp:
            path = os.path.join(tmp, "articles.jsonl")
            with open(path, "w", encoding="utf-8") as fh:
                for row, text in enumerate(texts):
                    fh.write(json.dumps({"row": row, "text": text}) + "\n")
            df = spark.read.schema("row LONG, text STRING").json(path)
            return cluster_frame(spark, df, days=days)
    finally:
        if owned:
            spark.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """spark-submit entry point: read articles (Parquet/JSONL), write (id, story) as Parquet."""
    from ..text import days_of

    ap = argparse.ArgumentParser(prog="newsfuse.stories.spark_job", description=__doc__.split("\n")[0])
    ap.add_argument("--input", required=True, help="Parquet or JSON Lines (.jsonl/.json) with a 'text' column")
    ap.add_argument("--output", required=True, help="Parquet output directory: id, story")
    ap.add_argument("--master", default=None, help="default: what spark-submit sets")
    args = ap.parse_args(argv)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # executors: this interpreter unless told otherwise
    from pyspark.sql import SparkSession

    owned = SparkSession.getActiveSession() is None
    builder = SparkSession.builder.appName(APP_NAME).config("spark.ui.enabled", "false")
    spark = (builder.master(args.master) if args.master else builder).getOrCreate()
    try:
        reader = spark.read
        df = reader.json(args.input) if args.input.endswith((".jsonl", ".json")) else reader.parquet(args.input)
        if "text" not in df.columns:
            raise SystemExit(f"{args.input}: no 'text' column (columns: {', '.join(df.columns)})")
        cols = [c for c in ("id", "published") if c in df.columns]
        indexed = (
            df.select("text", *cols)
            .rdd.zipWithIndex()
            .map(lambda ri: (ri[1], str(ri[0]["id"]) if "id" in cols else str(ri[1]), ri[0]["text"] or "",
                             ri[0]["published"] if "published" in cols else None))
            .toDF("row LONG, id STRING, text STRING, published STRING")
            .cache()
        )
        meta = sorted(indexed.select("row", "id", "published").collect())
        days = np.array([days_of(r["published"]) for r in meta], dtype=np.float64)
        labels = cluster_frame(spark, indexed.select("row", "text"), days=days)
        out = spark.createDataFrame([(r["id"], int(s)) for r, s in zip(meta, labels)], "id STRING, story LONG")
        out.write.mode("overwrite").parquet(args.output)
    finally:
        if owned:
            spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
