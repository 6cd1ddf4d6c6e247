"""Learned ranker: model files are checked (damaged, incompatible, missing) and the shipped one works."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingRegressor

from newsfuse.ingest import articles_from_texts
from newsfuse.pipeline import prepare
from newsfuse.rank import get_ranker
from newsfuse.rank.features import FEATURES, Lexicon, feature_matrix
from newsfuse.rank.learned import (
    FORMAT_VERSION,
    MODELS_DIR,
    LearnedRanker,
    ModelError,
    default_model_dir,
    load_model,
    load_ranker,
    save_model,
)

TEXTS = [
    "Syrian government forces reached the besieged city of Deir ez-Zor on Tuesday. "
    "The siege had lasted nearly three years, officials said. Residents celebrated.",
    "Government troops broke the siege of Deir ez-Zor on Tuesday, state media reported. "
    "Kurdish-led fighters advanced from the north along the Euphrates river.",
]


@pytest.fixture
def story():
    return prepare(articles_from_texts(TEXTS)).rank_input


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory):
    """A small model fitted once per module: its score is the centroid_sim feature plus a little noise."""
    rng = np.random.default_rng(0)
    x = rng.random((300, len(FEATURES)))
    y = x[:, FEATURES.index("centroid_sim")] + 0.1 * rng.random(300)
    estimator = HistGradientBoostingRegressor(max_iter=20, random_state=0).fit(x, y)
    path = tmp_path_factory.mktemp("models") / "ranker-9"
    save_model(path, estimator, Lexicon({"siege": 0.8, "the": 0.9}, 0.3), {"version": "9"})
    return path


@pytest.fixture
def model_dir(saved_model, tmp_path):
    """A fresh copy of the saved model for each test (some tests damage their copy)."""
    return shutil.copytree(saved_model, tmp_path / "ranker-9")


def test_saved_model_loads_and_scores(model_dir, story):
    model = load_model(model_dir)
    assert model.manifest["format_version"] == FORMAT_VERSION
    assert model.lexicon.weights["siege"] == 0.8
    scores = np.asarray(LearnedRanker(model).score(story))
    assert len(scores) == len(story.sentences)
    assert all(np.isfinite(scores))
    # the model learned "score = centroid_sim": its scores must rank the sentences the way that feature
    # does (an all-zero or constant model fails here)
    assert np.ptp(scores) > 0.05
    feature = feature_matrix(story, model.lexicon)[:, FEATURES.index("centroid_sim")]
    assert np.corrcoef(np.argsort(np.argsort(scores)), np.argsort(np.argsort(feature)))[0, 1] > 0.8


def test_lexicon_feeds_features(story):
    plain = feature_matrix(story)
    lexical = feature_matrix(story, Lexicon({"siege": 1.0}, 0.25))
    col = FEATURES.index("lex_content_mean")
    assert (plain[:, col] == 0).all()
    assert (lexical[:, col] >= 0.25).all() and lexical[:, col].max() > 0.25


def test_damaged_model_file_fails_cleanly(model_dir):
    path = model_dir / "model.joblib"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="model.joblib.*damaged"):
        load_model(model_dir)


def test_truncated_model_with_matching_checksum_fails_cleanly(model_dir):
    path = model_dir / "model.joblib"
    path.write_bytes(path.read_bytes()[:100])
    manifest = json.loads((model_dir / "manifest.json").read_text())
    from newsfuse.rank.learned import sha256_file

    manifest["estimator_sha256"] = sha256_file(path)
    (model_dir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="model.joblib.*cannot be loaded"):
        load_model(model_dir)


def test_damaged_manifest_fails_cleanly(model_dir):
    (model_dir / "manifest.json").write_text("{not json")
    with pytest.raises(ModelError, match="manifest.json.*damaged"):
        load_model(model_dir)


def test_other_format_version_is_refused(model_dir):
    manifest = json.loads((model_dir / "manifest.json").read_text())
    manifest["format_version"] = FORMAT_VERSION + 1
    (model_dir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match=r"manifest.json has format version 2"):
        load_model(model_dir)


def test_other_feature_list_is_refused(model_dir):
    manifest = json.loads((model_dir / "manifest.json").read_text())
    manifest["features"] = manifest["features"][:-1] + ["sentiment"]
    (model_dir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match=rf"other features.*missing: {FEATURES[-1]}; unknown: sentiment"):
        load_model(model_dir)


def test_missing_model_is_named(tmp_path, monkeypatch):
    with pytest.raises(ModelError, match="manifest not found"):
        load_model(tmp_path / "ranker-0")
    monkeypatch.setenv("NEWSFUSE_MODEL", str(tmp_path / "elsewhere"))
    assert default_model_dir() == tmp_path / "elsewhere"


def test_load_ranker_is_cached(model_dir, tmp_path):
    assert load_ranker(model_dir) is load_ranker(model_dir)
    copy = tmp_path / "ranker-copy"
    shutil.copytree(model_dir, copy)
    assert load_ranker(copy) is not load_ranker(model_dir)


def test_shipped_model_is_small_loads_and_ranks(story):
    shipped = [p for p in MODELS_DIR.glob("ranker-*") if (p / "manifest.json").is_file()]
    assert shipped, f"no model shipped in {MODELS_DIR}"
    for path in shipped:
        assert sum(f.stat().st_size for f in path.iterdir()) < 20 * 1024 * 1024
    ranker = get_ranker("learned")
    assert ranker.name == "learned"
    scores = ranker.score(story)
    assert len(scores) == len(story.sentences)
    assert all(np.isfinite(scores)) and len(set(scores)) > 1
