"""`newsfuse train` on a small slice of Multi-News: end to end, reproducible, better than random."""
from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.rank.features import FEATURES, feature_matrix
from newsfuse.rank.learned import load_model, load_ranker
from newsfuse.train.dataset import read_stories, sentence_labels
from newsfuse.train.fit import model_scorer, random_scorer, score_stories


_CACHE: dict = {}


@pytest.fixture
def trained(tmp_path_factory, multinews_train, multinews_val):
    """Train once per test session on 200 clusters (a few seconds)."""
    if "run" not in _CACHE:
        _CACHE["run"] = _train(tmp_path_factory, multinews_train, multinews_val)
    return _CACHE["run"]


def _train(tmp_path_factory, train_path, val_path):
    out = tmp_path_factory.mktemp("models") / "ranker-test"
    result = CliRunner().invoke(
        app,
        ["train", "--data", str(train_path), "--out", str(out), "--limit", "200",
         "--validation", str(val_path), "--val-limit", "60", "--seed", "3"],
    )
    assert result.exit_code == 0, result.output
    return out, result.output, val_path


def test_train_writes_a_versioned_model_and_report(trained):
    out, output, _ = trained
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["version"] == "test"
    assert manifest["features"] == list(FEATURES)
    assert manifest["seed"] == 3
    assert len(manifest["data"]["sha256"]) == 64
    assert manifest["data"]["training_clusters"] + manifest["data"]["lexicon_clusters"] <= 200
    assert manifest["data"]["training_sentences"] > 1000
    assert {"learned", "centrality", "random"} <= set(manifest["validation"]["scores"])
    assert (out / "training-report.md").read_text().startswith("# newsfuse ranker test")
    assert "| learned |" in output
    assert (out / "model.joblib").stat().st_size < 20 * 1024 * 1024


def test_trained_model_beats_random_on_validation_slice(trained):
    out, _, val_path = trained
    model = load_model(out)
    stories = list(read_stories(val_path, limit=60))
    learned = score_stories(stories, model_scorer(model.estimator, model.lexicon), [250])[0]
    rand = score_stories(stories, random_scorer(0), [250])[0]
    assert learned.rouge1 > rand.rouge1
    assert learned.rouge2 > rand.rouge2
    # the loaded ranker's scores agree with the training labels better than chance
    ranker = load_ranker(out)
    scores, labels = [], []
    for story in stories[:20]:
        got = np.array(ranker.score(story.rank_input))
        assert got.shape == (len(story.rank_input.sentences),) and np.isfinite(got).all()
        scores.extend(got)
        labels.extend(sentence_labels([s.text for s in story.rank_input.sentences], story.reference))
    assert np.corrcoef(scores, labels)[0, 1] > 0.1


def test_training_is_reproducible(trained, tmp_path):
    out, _, val_path = trained
    again = tmp_path / "ranker-again"
    result = CliRunner().invoke(
        app,
        ["train", "--data", str(json.loads((out / "manifest.json").read_text())["data"]["path"]),
         "--out", str(again), "--limit", "200", "--val-limit", "0", "--seed", "3"],
    )
    assert result.exit_code == 0, result.output
    first, second = load_model(out), load_model(again)
    assert first.lexicon == second.lexicon
    story = next(iter(read_stories(val_path, limit=1)))
    x = feature_matrix(story.rank_input, first.lexicon)
    assert np.array_equal(first.estimator.predict(x), second.estimator.predict(x))


def test_labels_follow_the_reference():
    labels = sentence_labels(
        ["The rebels seized the northern city on Monday.", "Weather was mild in the capital."],
        "Rebels seized the northern city of Aleppo on Monday, officials said.",
    )
    assert labels[0] > 0.5 > labels[1]


def test_train_cli_names_a_missing_file(tmp_path):
    result = CliRunner().invoke(
        app, ["train", "--data", str(tmp_path / "nope.jsonl.gz"), "--out", str(tmp_path / "m")]
    )
    assert result.exit_code == 2
    assert "nope.jsonl.gz" in result.output
