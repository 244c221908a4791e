"""Fixtures shared by the whole suite: the real spaCy pipeline, loaded once, and the
corpora the tests build from."""
from __future__ import annotations

import os
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


CHROMIUM = Path(os.environ.get("NEWSKG_CHROMIUM", "/usr/bin/chromium"))
# Without the background-networking flags Chromium keeps calling hosts this machine cannot reach.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, headless, driven by Playwright; `make test` installs it when missing."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()
