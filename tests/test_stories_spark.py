"""The Spark job in local mode gives the same stories as the single-machine path."""
from __future__ import annotations

import gzip
import importlib.util
import json
import os
import shutil

import numpy as np
import pytest
from test_stories_data import TEMPLATE, corpus

from newsfuse.stories.engine import cluster_texts
from newsfuse.stories.metrics import quality

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark():
    # under CI=true a missing component fails these tests instead of skipping them (as for chromium)
    missing = pytest.fail if os.environ.get("CI") == "true" else pytest.skip
    if importlib.util.find_spec("pyspark") is None:
        missing("pyspark is not installed")
    if shutil.which("java") is None:
        missing("no Java runtime on PATH (Spark needs one; `make java` installs it)")
    from newsfuse.stories.spark_job import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


def spark_labels(spark, texts, days=None):
    from newsfuse.stories.spark_job import cluster_frame

    df = spark.createDataFrame(list(enumerate(texts)), "row LONG, text STRING")
    return cluster_frame(spark, df, days=days)


def test_spark_matches_local_on_a_multinews_sample(spark, multinews_val):
    texts, gold = [], []
    with gzip.open(multinews_val, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n == 25:
                break
            for doc in json.loads(line)["documents"]:
                texts.append(doc)
                gold.append(n)
    local = cluster_texts(texts)
    remote = spark_labels(spark, texts)
    assert quality(local.tolist(), remote.tolist()).ari == pytest.approx(1.0)
    assert quality(gold, remote.tolist()).f1 > 0.6


def test_spark_templates_and_dates(spark):
    texts, gold = corpus()
    texts = [f"{TEMPLATE} {t}" for t in texts] + [TEMPLATE] * 9
    days = np.zeros(len(texts))
    days[2] = 400.0  # one quake article more than a year later: far apart, moderate similarity
    local = cluster_texts(texts, days=days)
    remote = spark_labels(spark, texts, days=days)
    assert np.array_equal(local, remote)
    assert remote[0] == remote[1] != remote[2]
    assert not set(remote[9:].tolist()) & set(remote[:9].tolist())


def test_cli_spark_engine(spark, tmp_path):
    from test_stories_data import QUAKE, TRANSFER
    from typer.testing import CliRunner

    from newsfuse.cli import app

    for i, t in enumerate(QUAKE + TRANSFER):
        (tmp_path / f"a{i}.txt").write_text(t, encoding="utf-8")
    result = CliRunner().invoke(app, ["stories", str(tmp_path), "--engine", "spark", "--no-brief", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert sorted(s["size"] for s in json.loads(result.stdout)["stories"]) == [3, 3]


def test_spark_submit_entry_point_jsonl_in_parquet_out(spark, tmp_path):
    import pyarrow.parquet as pq
    from test_stories_data import PHONE, QUAKE

    from newsfuse.stories.spark_job import main

    src = tmp_path / "articles.jsonl"
    rows = [{"id": f"q{i}", "text": t, "published": "2024-05-01"} for i, t in enumerate(QUAKE)]
    rows += [{"id": f"p{i}", "text": t} for i, t in enumerate(PHONE)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert main(["--input", str(src), "--output", str(tmp_path / "out")]) == 0
    story = {r["id"]: r["story"] for r in pq.read_table(tmp_path / "out").to_pylist()}
    assert len(story) == 6
    assert story["q0"] == story["q1"] == story["q2"] != story["p0"] == story["p1"] == story["p2"]
