"""Shared fixtures.  Inputs are built by hand; real articles come from ../shared when present."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (seeds, gold, corpora); tests that need it skip when it is absent."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def no_lac(monkeypatch):
    """Fails the test if it runs LAC: the NER rule tables run on hand-written tokens alone.

    ``load_lac`` is cached, so a call shows in its counts whether or not an earlier test of
    the session loaded the model; a tagger made any other way refuses to start."""
    from graph.segment import lac, load_lac

    def refuse(*args, **kwargs):
        raise AssertionError("the test started the LAC model (LacTagger)")

    monkeypatch.setattr(lac.LacTagger, "__init__", refuse)
    before = load_lac.cache_info()
    yield
    after = load_lac.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses), "the test called LAC (load_lac)"


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module (skips where it is not installed)."""
    from browser_util import Browser, require_chromium

    require_chromium()
    with Browser() as running:
        yield running
