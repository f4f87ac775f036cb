"""Shared fixtures: paths of the shipped corpus and gold annotations."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = Path(__file__).resolve().parent / "data" / "gold"


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md"))


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory):
    """A real embedded store on disk holding the shipped corpus."""
    from clausegraph.graph.store import open_store
    from clausegraph.pipeline import load_paths

    store = open_store(tmp_path_factory.mktemp("store") / "store")
    summary = load_paths(store, [CORPUS])
    assert not summary.failed, summary.failed
    return store
