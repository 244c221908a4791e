"""Fixtures shared by the whole suite: the real spaCy pipeline, loaded once, and the
corpora the tests build from."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
SEEDS_GOLD = SHARED / "eval" / "seeds.gold.json"
SAMPLE = REPO / "notebooks" / "data" / "sample"
DEVSET = REPO / "tests" / "data" / "devset"


@pytest.fixture(scope="session")
def nlp():
    """The default pipeline with newskg's components (the real model, not a blank one)."""
    from newskg.extract.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"{SEEDS} is missing: the tests expect ../shared beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def devset_dir() -> Path:
    return DEVSET


@pytest.fixture(scope="session")
def seeds_dir(shared: Path) -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seeds_gold(shared: Path) -> Path:
    return SEEDS_GOLD
