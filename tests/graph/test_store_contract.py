"""One contract for every store: the embedded pyoxigraph store and the remote store on an Oxigraph server
and on Virtuoso each implement the whole Store protocol, and give the same answers to the same calls.

Callers (the pipeline, validation, the CLI) call these methods without asking whether a store has them; a
store that lacks one, or answers another way, fails here. The embedded store runs in `make test-fast`;
the servers are slow (they start real processes) and run in `make test`.
"""
from __future__ import annotations

import uuid

import pytest
from clausegraph.graph.store import EmbeddedStore, Result, Store, open_store
from rdflib import XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS
from servers import oxigraph_server, virtuoso_server  # noqa: F401  (fixtures)

S = URIRef("https://example.org/contract/s")
N = URIRef("https://example.org/contract/n")
HASH = URIRef("https://w3id.org/clausegraph/ontology#contentHash")


@pytest.fixture(params=["embedded",
                        pytest.param("oxigraph", marks=pytest.mark.slow),
                        pytest.param("virtuoso", marks=pytest.mark.slow)])
def store(request, tmp_path) -> Store:
    if request.param == "embedded":
        opened = open_store(tmp_path / "store")
    else:
        opened = request.getfixturevalue(f"{request.param}_server").store()
    yield opened
    for g in opened.graphs():
        if "/contract-" in g:
            opened.remove_graph(g)
    opened.close()


def _graph_iri() -> str:
    return f"https://w3id.org/clausegraph/id/graph/contract-{uuid.uuid4().hex[:8]}"


def _sample(label: str = "Montréal") -> Graph:
    g = Graph()
    g.add((S, RDFS.label, Literal(label, lang="fr")))
    g.add((S, N, Literal(42)))
    g.add((S, URIRef("https://example.org/contract/d"), Literal("2024-11-25", datatype=XSD.date)))
    g.add((S, HASH, Literal("abc123")))
    return g


def test_every_method_of_the_protocol_is_there(store):
    assert isinstance(store, Store)
    assert isinstance(store.read_only, bool)


def test_a_written_graph_is_listed_read_back_and_hashed(store):
    g_iri = _graph_iri()
    before = store.version()
    store.replace_graph(g_iri, _sample())
    assert g_iri in store.graphs()
    back = Graph().parse(data=store.graph_ntriples(g_iri).decode("utf-8"), format="nt")
    assert set(back) == set(_sample())
    assert store.content_hash(g_iri) == "abc123"
    assert store.content_hash(g_iri, str(RDFS.label)) == "Montréal"
    assert store.version() != before


def test_replacing_a_graph_is_whole_and_then_runs_in_the_same_write(store):
    g_iri = _graph_iri()
    store.replace_graph(g_iri, _sample("first"))
    then = f'INSERT DATA {{ GRAPH <{g_iri}> {{ <{S}> <{RDFS.comment}> "added by then" }} }}'
    store.replace_graph(g_iri, _sample("second"), then=then)
    labels = store.query(f"SELECT ?l WHERE {{ GRAPH <{g_iri}> {{ ?s <{RDFS.label}> ?l }} }}").rows
    assert labels == [[Literal("second", lang="fr")]]
    assert store.query(f'ASK {{ GRAPH <{g_iri}> {{ ?s <{RDFS.comment}> "added by then" }} }}').rows \
        == [[Literal(True)]]


def test_query_binds_parameters_and_keeps_datatypes(store):
    g_iri = _graph_iri()
    store.replace_graph(g_iri, _sample())
    result = store.query(f"SELECT ?s ?n WHERE {{ GRAPH <{g_iri}> {{ ?s <{N}> ?n }} }}", {"s": S})
    assert isinstance(result, Result)
    assert result.columns == ["s", "n"]
    assert result.rows == [[S, Literal(42)]]
    assert store.query(f"SELECT ?n WHERE {{ GRAPH <{g_iri}> {{ ?s <{N}> ?n }} }}",
                       {"s": URIRef("https://example.org/other")}).rows == []


def test_update_then_remove(store):
    g_iri = _graph_iri()
    store.update(f'INSERT DATA {{ GRAPH <{g_iri}> {{ <{S}> <{RDFS.label}> "by update" }} }}')
    assert g_iri in store.graphs()
    store.remove_graph(g_iri)
    assert g_iri not in store.graphs()
    assert store.content_hash(g_iri) is None
    store.remove_graph(g_iri)  # removing an absent graph is no error


def test_dataset_and_dump_hold_the_graph(store):
    g_iri = _graph_iri()
    store.replace_graph(g_iri, _sample())
    ds = store.dataset()
    assert isinstance(ds, Dataset)
    assert set(ds.graph(URIRef(g_iri))) == set(_sample())
    quads = Dataset().parse(data=store.dump("nquads").decode("utf-8"), format="nquads")
    assert (S, N, Literal(42), URIRef(g_iri)) in set(quads.quads((None, None, None, None)))


def test_housekeeping_answers_without_probing(store):
    store.snapshot()
    store.flush()
    assert isinstance(store.sweep_temporary(), int)
    advice = store.after_bulk_load(1)
    assert advice is None or isinstance(advice, str)


def test_a_reader_in_another_process_sees_a_published_write(store, tmp_path):
    """What snapshot() promises: after it, a read-only opening sees the write (a server always does)."""
    g_iri = _graph_iri()
    store.replace_graph(g_iri, _sample())
    store.snapshot()
    if isinstance(store, EmbeddedStore):
        reader = open_store(store.path, read_only=True)
        try:
            assert g_iri in reader.graphs()
        finally:
            reader.close()
    else:
        assert g_iri in store.graphs()


def test_stream_hands_over_the_rows_of_query(store):
    g_iri = _graph_iri()
    store.replace_graph(g_iri, _sample())
    text = f"SELECT ?p ?o WHERE {{ GRAPH <{g_iri}> {{ ?s ?p ?o }} }} ORDER BY ?p"
    columns, rows = store.stream(text, {"s": S})
    assert (columns, list(rows)) == (store.query(text, {"s": S}).columns, store.query(text, {"s": S}).rows)
