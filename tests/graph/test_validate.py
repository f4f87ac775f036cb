"""SHACL shapes: valid_*.ttl conform, each invalid_*.ttl breaks the shape it is named after."""
from __future__ import annotations

from pathlib import Path

import pytest
from clausegraph.graph.validation.validate import validate, validate_graph
from rdflib import Graph

SHAPES = Path(__file__).parent / "shapes"


@pytest.mark.parametrize("path", sorted(SHAPES.glob("valid_*.ttl")), ids=lambda p: p.stem)
def test_valid_graphs_conform(path):
    report = validate_graph(Graph().parse(path))
    assert report.conforms, report.text()


@pytest.mark.parametrize("path", sorted(SHAPES.glob("invalid_*.ttl")), ids=lambda p: p.stem)
def test_invalid_graphs_are_caught(path):
    report = validate_graph(Graph().parse(path))
    assert not report.conforms
    assert any(f.severity == "Violation" for f in report.findings)
    assert "does NOT conform" in report.text()


def test_findings_point_at_the_clause():
    g = Graph().parse(SHAPES / "invalid_clause_part_unknown.ttl")
    report = validate_graph(g)
    (finding,) = [f for f in report.findings if f.path.endswith("#part")]
    assert finding.document == "t"
    assert finding.message == "A clause's part is preamble or operative."


def test_corpus_store_conforms(corpus_store):
    report = validate(corpus_store)
    assert report.conforms, report.text()
