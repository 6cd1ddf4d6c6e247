"""The learned ranker: a gradient-boosted sentence scorer trained on Multi-News.

A model is a directory (``newsfuse/models/ranker-<version>/``) holding

* ``manifest.json`` - format version, feature list, library versions, training
  data hash, hyper-parameters, validation scores, selection settings and the
  SHA-256 of the estimator file;
* ``model.joblib`` - the fitted scikit-learn estimator;
* ``lexicon.json`` - the word propensities the features use (``Lexicon``).

``load_model(path)`` checks the manifest (format version, feature list) and the
checksums of the estimator and lexicon files before unpickling it, so an incompatible or damaged model
fails with a :class:`ModelError` naming the file. ``load_ranker()`` loads the
shipped model once per process (cached) and returns a :class:`LearnedRanker`.

The estimator predicts, for each sentence, how much of the reference summary's
words and word pairs it carries per word (ROUGE-1/2 precision of the sentence
against the reference); ``select`` then fills the budget with the best ones.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import RankInput
from .features import FEATURES, Lexicon, feature_matrix

FORMAT = "newsfuse-ranker"
FORMAT_VERSION = 1
MANIFEST_FILE = "manifest.json"
ESTIMATOR_FILE = "model.joblib"
LEXICON_FILE = "lexicon.json"
MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
# Environment variable that points newsfuse at another model directory.
MODEL_ENV = "NEWSFUSE_MODEL"

_VERSION_DIR = re.compile(r"^ranker-(\d+)(?:\.(\d+))?$")


class ModelError(RuntimeError):
    """A model file is missing, damaged or incompatible with this newsfuse."""


@dataclass(frozen=True)
class LearnedModel:
    estimator: Any
    manifest: dict
    path: Path  # the model directory
    lexicon: Lexicon = field(default_factory=Lexicon)


@dataclass
class LearnedRanker:
    """Scores sentences with a trained estimator over ``rank.features``."""

    model: LearnedModel
    name: str = "learned"

    def score(self, story: RankInput) -> list[float]:
        if not story.sentences:
            return []
        features = feature_matrix(story, self.model.lexicon)
        with single_threaded():
            predicted = self.model.estimator.predict(features)
        return [float(x) for x in predicted]


@lru_cache(maxsize=1)
def _thread_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def single_threaded():
    """Context manager: OpenMP on one thread. scikit-learn's gradient boosting
    otherwise starts a thread team per call; on a story's few dozen rows the
    threads only wait on each other (40x slower on a busy machine)."""
    return _thread_controller().limit(limits=1, user_api="openmp")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_model_dir() -> Path:
    """``$NEWSFUSE_MODEL`` if set, else the newest ``ranker-<version>`` shipped in the package."""
    env = os.environ.get(MODEL_ENV)
    if env:
        return Path(env)
    found = []
    if MODELS_DIR.is_dir():
        for child in MODELS_DIR.iterdir():
            m = _VERSION_DIR.match(child.name)
            if m and (child / MANIFEST_FILE).is_file():
                found.append(((int(m.group(1)), int(m.group(2) or 0)), child))
    if not found:
        raise ModelError(
            f"no trained ranker found in {MODELS_DIR} (expected ranker-<version>/{MANIFEST_FILE}); "
            "train one with `newsfuse train` or use --ranker centrality"
        )
    return max(found)[1]


def save_model(directory: str | Path, estimator: Any, lexicon: Lexicon, manifest: dict) -> Path:
    """Write ``estimator``, ``lexicon`` and the manifest into ``directory``; return the manifest path."""
    import joblib
    import numpy
    import sklearn

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    model_path = directory / ESTIMATOR_FILE
    joblib.dump(estimator, model_path, compress=3)
    lexicon_path = directory / LEXICON_FILE
    lexicon_path.write_text(
        json.dumps({"prior": lexicon.prior, "weights": lexicon.weights}, sort_keys=True), encoding="utf-8"
    )
    full = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "features": list(FEATURES),
        "estimator_file": ESTIMATOR_FILE,
        "estimator_sha256": sha256_file(model_path),
        "lexicon_file": LEXICON_FILE,
        "lexicon_sha256": sha256_file(lexicon_path),
        "sklearn_version": sklearn.__version__,
        "numpy_version": numpy.__version__,
        **manifest,
    }
    manifest_path = directory / MANIFEST_FILE
    manifest_path.write_text(json.dumps(full, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest_path


def read_manifest(directory: str | Path) -> dict:
    """The checked manifest of the model in ``directory`` (ModelError if unusable)."""
    path = Path(directory) / MANIFEST_FILE
    if not path.is_file():
        raise ModelError(f"model manifest not found: {path}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"model manifest {path} is damaged: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ModelError(f"{path} is not a newsfuse ranker manifest")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelError(
            f"model {path} has format version {version}, this newsfuse reads version "
            f"{FORMAT_VERSION}; retrain it with `newsfuse train`"
        )
    features = manifest.get("features")
    if features != list(FEATURES):
        missing = sorted(set(FEATURES) - set(features or []))
        extra = sorted(set(features or []) - set(FEATURES))
        raise ModelError(
            f"model {path} was trained on other features than this newsfuse computes "
            f"(missing: {', '.join(missing) or '-'}; unknown: {', '.join(extra) or '-'}; "
            "or another order); retrain it with `newsfuse train`"
        )
    return manifest


def load_model(directory: str | Path | None = None) -> LearnedModel:
    """Load and check the model in ``directory`` (default: the shipped one)."""
    directory = Path(directory) if directory is not None else default_model_dir()
    manifest = read_manifest(directory)
    model_path = directory / str(manifest.get("estimator_file", ESTIMATOR_FILE))
    if not model_path.is_file():
        raise ModelError(f"model file not found: {model_path}")
    if sha256_file(model_path) != manifest.get("estimator_sha256"):
        raise ModelError(
            f"model file {model_path} is damaged (its SHA-256 does not match {directory / MANIFEST_FILE})"
        )
    lexicon = _load_lexicon(directory / str(manifest.get("lexicon_file", LEXICON_FILE)), manifest)
    import joblib
    import sklearn

    if manifest.get("sklearn_version") != sklearn.__version__:
        warnings.warn(
            f"model {model_path} was trained with scikit-learn {manifest.get('sklearn_version')}, "
            f"running {sklearn.__version__}; scores may differ",
            stacklevel=2,
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=UserWarning)
            estimator = joblib.load(model_path)
    except Exception as exc:  # unpickling errors come in many types
        raise ModelError(f"model file {model_path} cannot be loaded: {exc}") from None
    if not hasattr(estimator, "predict"):
        raise ModelError(f"model file {model_path} does not hold a fitted estimator")
    return LearnedModel(estimator, manifest, directory, lexicon)


def _load_lexicon(path: Path, manifest: dict) -> Lexicon:
    if not path.is_file():
        raise ModelError(f"model file not found: {path}")
    if sha256_file(path) != manifest.get("lexicon_sha256"):
        raise ModelError(f"model file {path} is damaged (its SHA-256 does not match the manifest)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Lexicon({str(k): float(v) for k, v in data["weights"].items()}, float(data["prior"]))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"model file {path} cannot be read: {exc}") from None


@lru_cache(maxsize=8)
def _cached_ranker(directory: Path) -> LearnedRanker:
    ranker = LearnedRanker(load_model(directory))
    _thread_controller()  # inspect the loaded libraries once, at load time
    return ranker


def load_ranker(directory: str | Path | None = None) -> LearnedRanker:
    """The learned ranker for the model in ``directory`` (default: shipped), cached per process."""
    path = Path(directory) if directory is not None else default_model_dir()
    return _cached_ranker(path.resolve())
