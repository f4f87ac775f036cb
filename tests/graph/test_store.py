"""The embedded store: a real pyoxigraph store on disk; atomic replacement; parameters bound, not pasted."""
from __future__ import annotations

import pytest
from clausegraph.errors import QueryError, StoreError
from clausegraph.graph.store import bind, open_store, store_path
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

G = "https://w3id.org/clausegraph/id/graph/t"
S = URIRef("https://example.org/s")


def _graph(*labels: str) -> Graph:
    g = Graph()
    for lab in labels:
        g.add((S, RDFS.label, Literal(lab)))
    return g


def test_replace_graph_replaces_whole_graph_and_survives_reopen(tmp_path):
    store = open_store(tmp_path / "st")
    store.replace_graph(G, _graph("one", "two"))
    store.replace_graph(G, _graph("three"))
    store.close()
    again = open_store(tmp_path / "st")
    rows = again.query("SELECT ?l WHERE { ?s ?p ?l }").rows
    assert [str(r[0]) for r in rows] == ["three"]
    assert again.graphs() == [G]


def test_failed_replacement_leaves_graph_as_it_was(tmp_path):
    store = open_store(tmp_path / "st")
    store.replace_graph(G, _graph("kept"))
    bad = Graph()
    bad.add((S, RDFS.label, Literal("x")))
    bad.add((URIRef("https://example.org/bad iri"), RDFS.label, Literal("y")))  # not a valid IRI
    with pytest.raises(StoreError):
        store.replace_graph(G, bad)
    assert [str(r[0]) for r in store.query("SELECT ?l WHERE { ?s ?p ?l }").rows] == ["kept"]


def test_bindings_constrain_aggregates_and_resist_injection(tmp_path):
    store = open_store(tmp_path / "st")
    store.replace_graph(G, _graph("a", 'b" } DROP ALL ; #', "c"))
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?l }"
    assert store.query(q, {"l": Literal("a")}).rows[0][0].toPython() == 1
    assert store.query(q, {"l": Literal('b" } DROP ALL ; #')}).rows[0][0].toPython() == 1
    assert store.query(q).rows[0][0].toPython() == 3


def test_bind_refuses_bad_names_and_iris():
    with pytest.raises(QueryError):
        bind("SELECT * WHERE { ?s ?p ?o }", {"s; DROP": Literal(1)})
    with pytest.raises(QueryError):
        bind("SELECT * WHERE { ?s ?p ?o }", {"s": URIRef("http://x> } DROP ALL {")})


def test_malformed_sparql_is_a_query_error(tmp_path):
    with pytest.raises(QueryError, match="malformed SPARQL"):
        open_store(tmp_path / "st").query("SELECT WHERE {")


def test_store_path_option_then_environment_then_default(monkeypatch, tmp_path):
    monkeypatch.delenv("CLAUSEGRAPH_STORE", raising=False)
    assert str(store_path()) == ".clausegraph/store"
    monkeypatch.setenv("CLAUSEGRAPH_STORE", str(tmp_path / "env"))
    assert store_path() == tmp_path / "env"
    assert store_path(tmp_path / "opt") == tmp_path / "opt"


def test_dump_formats_parse_back(corpus_store):
    from rdflib import Dataset

    n = len(Dataset().parse(data=corpus_store.dump("nquads").decode(), format="nquads"))
    assert n > 1000
    for fmt, parser in (("trig", "trig"), ("turtle", "turtle"), ("jsonld", "json-ld")):
        data = corpus_store.dump(fmt).decode()
        g = Dataset().parse(data=data, format=parser)
        assert len(g) > 1000, fmt
