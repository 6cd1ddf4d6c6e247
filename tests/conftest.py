"""Shared test fixtures: the bundled example (its path, and the example through
dedup), the mixed-format input folder, and paths to ../shared data."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "deir-ez-zor"
SHARED = ROOT.parent / "shared" / "data"
MULTINEWS_VAL = SHARED / "multinews" / "validation.jsonl.gz"
MULTINEWS_TRAIN = SHARED / "multinews" / "train.jsonl.gz"
MIXED = ROOT / "tests" / "data" / "inputs" / "mixed"  # one story in every format, plus bad files


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture
def mixed_dir() -> Path:
    return MIXED


@pytest.fixture(scope="module")
def example_dedup(example_dir: Path):
    """The bundled example through ingest, clean, segment and dedup:
    (cleaned, sentences, DedupResult, {article id: file-name prefix "000".."004"})."""
    from newsfuse.clean import clean
    from newsfuse.dedup import dedup
    from newsfuse.ingest import ingest
    from newsfuse.segment import segment

    cleaned = clean(ingest([example_dir]).articles)
    sentences = segment(cleaned)
    names = {a.article.id: Path(a.article.origin).name[:3] for a in cleaned}
    return cleaned, sentences, dedup(cleaned, sentences), names


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


# The browser for the page tests: Debian's chromium driven by Playwright (never `playwright install`).
# Under CI=true a chromium that is missing or cannot start fails the browser tests instead of skipping them.
CHROMIUM = os.environ.get("NEWSFUSE_CHROMIUM", "/usr/bin/chromium")
_MISSING = pytest.fail if os.environ.get("CI") == "true" else pytest.skip
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        _MISSING(f"chromium not installed at {CHROMIUM} (`make test` installs Debian's chromium with apt-get)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")
    with sync_api.sync_playwright() as p:
        try:
            chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        except Exception as exc:
            _MISSING(f"chromium at {CHROMIUM} could not start: {exc}")
        yield chromium
        chromium.close()
