"""Every .ttl and .rq of the repository parses."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseUpdate

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", ".git", ".clausegraph"}


def _files(suffix: str) -> list[Path]:
    return sorted(p for p in ROOT.rglob(f"*{suffix}") if not SKIP & set(p.relative_to(ROOT).parts))


@pytest.mark.parametrize("path", _files(".ttl"), ids=lambda p: str(p.relative_to(ROOT)))
def test_turtle_parses(path):
    assert len(Graph().parse(path, format="turtle")) > 0


@pytest.mark.parametrize("path", _files(".rq"), ids=lambda p: str(p.relative_to(ROOT)))
def test_query_parses(path):
    prepareQuery(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", _files(".ru"), ids=lambda p: str(p.relative_to(ROOT)))
def test_update_parses(path):
    parseUpdate(path.read_text(encoding="utf-8"))
