"""Shared test fixtures: paths to the bundled example and to ../shared data."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "deir-ez-zor"
SHARED = ROOT.parent / "shared" / "data"
MULTINEWS_VAL = SHARED / "multinews" / "validation.jsonl.gz"
MULTINEWS_TRAIN = SHARED / "multinews" / "train.jsonl.gz"


@pytest.fixture
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture
def multinews_val() -> Path:
    if not MULTINEWS_VAL.exists():
        pytest.skip(f"shared data not found at {MULTINEWS_VAL} (../shared is absent)")
    return MULTINEWS_VAL


@pytest.fixture
def multinews_train() -> Path:
    if not MULTINEWS_TRAIN.exists():
        pytest.skip(f"shared data not found at {MULTINEWS_TRAIN} (../shared is absent)")
    return MULTINEWS_TRAIN
