"""The remote store against real servers: Oxigraph server and Virtuoso 7, each started for the session.

The whole corpus goes in through load_paths (and the command line); every named query then gives the same
rows, as sets, as the embedded store; validation says the same; a server that is down, a failing batch and
a garbage answer each give one clear error and leave the graph as it was.
"""
from __future__ import annotations

import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from clausegraph.errors import QueryError, StoreError
from clausegraph.graph.query.named import list_queries, run, run_named
from clausegraph.graph.store.remote import TEMP_PREFIX, RemoteStore
from clausegraph.graph.validation.validate import validate
from clausegraph.pipeline import load_paths
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from servers import Server, free_port, oxigraph_server, start_virtuoso, virtuoso_server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow  # a real server, browser or many generated documents: make test-fast skips it

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
G = "https://w3id.org/clausegraph/id/graph/test-remote"
S = URIRef("https://example.org/s")
RUSSIA = "https://w3id.org/clausegraph/id/entity/russia"


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request) -> Server:
    return request.getfixturevalue(f"{request.param}_server")


@pytest.fixture(scope="module")
def remote_corpus(server: Server) -> RemoteStore:
    """The shipped corpus ingested into the server through load_paths with a RemoteStore."""
    store = server.store()
    summary = load_paths(store, [CORPUS])
    assert not summary.failed, summary.failed
    return store


def _params(q) -> dict[str, str]:
    """The parameters the embedded-store tests use: Russia for every required one."""
    return {p.name: RUSSIA for p in q.params.values() if p.required}


def _concatenated(text: str) -> dict[str, str]:
    """The columns a query builds with GROUP_CONCAT, with their separators."""
    found = re.findall(r'GROUP_CONCAT\((?:[^;()]|\([^()]*\))*;\s*SEPARATOR\s*=\s*"([^"]*)"\s*\)\s+AS\s+\?(\w+)',
                       text, re.I)
    return {column: sep for sep, column in found}


def _rows(result, concatenated: dict[str, str]) -> list[tuple]:
    """The rows in a canonical order, repeats kept. In a GROUP_CONCAT column the order of the parts is the
    server's choice (SPARQL leaves it undefined) and an aggregate over unbound values is unbound (Oxigraph)
    or "" (Virtuoso): such cells are compared as their sorted parts."""
    out = []
    for row in result.rows:
        cells = []
        for column, cell in zip(result.columns, row, strict=True):
            if column in concatenated:
                sep = concatenated[column]
                cell = sep.join(sorted(str(cell).split(sep))) if cell is not None and str(cell) else ""
            cells.append(cell)
        out.append(tuple(cells))
    return sorted(out, key=repr)


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_every_named_query_gives_the_embedded_rows(remote_corpus, corpus_store, name):
    q = next(q for q in list_queries() if q.name == name)
    expected = run(corpus_store, q, _params(q))
    got = run(remote_corpus, q, _params(q))
    assert got.columns == expected.columns
    assert _rows(got, _concatenated(q.text)) == _rows(expected, _concatenated(q.text))


def test_validate_says_the_same(remote_corpus, corpus_store):
    assert validate(remote_corpus).text() == validate(corpus_store).text()


def test_graphs_and_hashes_match(remote_corpus, corpus_store):
    assert remote_corpus.graphs() == corpus_store.graphs()
    for g in corpus_store.graphs():
        assert remote_corpus.content_hash(g) == corpus_store.content_hash(g)


def test_second_ingest_changes_nothing(remote_corpus):
    assert load_paths(remote_corpus, [CORPUS]).line() == "0 added, 0 replaced, 2 unchanged"


def test_dump_holds_the_same_quads(remote_corpus, corpus_store):
    from rdflib import Dataset

    def quads(store) -> set:
        ds = Dataset().parse(data=store.dump("nquads").decode("utf-8"), format="nquads")
        return {(s, p, o, str(getattr(g, "identifier", g))) for s, p, o, g in ds.quads((None, None, None, None))}

    assert quads(remote_corpus) == quads(corpus_store)


def _labels(store, graph_iri: str = G) -> list[str]:
    result = store.query(f"SELECT ?l WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?l }} }}")
    return sorted(str(r[0]) for r in result.rows)


def _all_graphs(server: Server) -> set[str]:
    """Every graph on the server, clausegraph's or not (no protocol dataset)."""
    store = server.store()
    rows = store._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    return {str(r[0]) for r in rows}


def test_failed_batch_leaves_the_graph_as_it_was(server):
    store = server.store(batch_size=10)
    kept = Graph()
    for i in range(25):
        kept.add((S, RDFS.label, Literal(f"kept {i:02}")))
    store.replace_graph(G, kept)
    bad = Graph()
    for i in range(30):
        bad.add((S, RDFS.label, Literal(f"new {i:02}")))
    # a literal as predicate: N-Triples that no SPARQL server takes; it sorts last, so the first batches go
    # in before the server rejects the batch that holds it
    bad.add((URIRef("https://example.org/zz"), Literal("not a predicate"), Literal("y")))
    # Oxigraph runs one request as one transaction, so the whole graph goes in one request there; other
    # servers get batches into a temporary graph
    expected = (r"the graph is as it was" if server.name == "oxigraph"
                else r"batch 4 of 4 failed .*the graph is as it was")
    with pytest.raises(StoreError, match=expected):
        store.replace_graph(G, bad)
    assert _labels(store) == sorted(f"kept {i:02}" for i in range(25))
    assert not {g for g in _all_graphs(server) if g.startswith(TEMP_PREFIX)}, "a temporary graph was left behind"
    unserialisable = Graph().add((URIRef("https://example.org/bad iri"), RDFS.label, Literal("y")))
    with pytest.raises(StoreError, match="cannot write graph"):
        store.replace_graph(G, unserialisable)
    assert len(_labels(store)) == 25
    store.remove_graph(G)
    assert G not in store.graphs()


def test_ingest_removes_temporary_graphs_of_writes_that_died_long_ago(server):
    """A write that dies between its batches and its move leaves a temporary graph; the next ingest removes
    those older than an hour (and those of the older, undated naming), never one a live write may own."""
    import time

    from clausegraph.pipeline import load_paths

    store = server.store()
    hour = 3600 * 10**9
    old, legacy, fresh = (f"{TEMP_PREFIX}{time.time_ns() - 2 * hour}-{'a' * 32}", f"{TEMP_PREFIX}{'b' * 32}",
                          f"{TEMP_PREFIX}{time.time_ns()}-{'c' * 32}")
    for g in (old, legacy, fresh):
        store.update(f"INSERT DATA {{ GRAPH <{g}> {{ <https://example.org/s> <https://example.org/p> 'x' }} }}")
    summary = load_paths(store, [])
    assert {g for g in _all_graphs(server) if g.startswith(TEMP_PREFIX)} == {fresh}
    assert summary.swept == 2 and "2 temporary graph(s) of an interrupted earlier write removed" in summary.line()
    assert load_paths(store, []).swept == 0
    store.update(f"DROP SILENT GRAPH <{fresh}>")


def test_oxigraph_is_asked_for_its_union_graph_unless_it_holds_foreign_graphs(oxigraph_server, corpus_store):  # noqa: F811
    """On an Oxigraph server holding only clausegraph graphs, a query asks for the union default graph instead
    of naming every graph (seconds per query at 1,000 documents); a graph of another application on the
    server makes the store name its graphs again, so the foreign triples stay out of every answer."""
    from clausegraph.pipeline import load_paths

    store = oxigraph_server.store()
    assert not load_paths(store, [CORPUS]).failed  # unchanged when the module's corpus fixture ran first
    sent: list[dict] = []
    real = store._request

    def spy(text, **kwargs):
        sent.append({"text": text, **kwargs})
        return real(text, **kwargs)

    store._request = spy  # type: ignore[method-assign]
    expected = run_named(corpus_store, "counts").rows
    assert run_named(store, "counts").rows == expected
    asked = [r for r in sent if "COUNT(*) AS ?documents" in r["text"]]
    assert asked and asked[-1].get("union") and not asked[-1].get("dataset")
    foreign = "https://example.org/another-application"
    store.update(f"INSERT DATA {{ GRAPH <{foreign}> {{ <https://example.org/d> a "
                 "<https://w3id.org/clausegraph/ontology#Document> } }")
    try:
        assert run_named(store, "counts").rows == expected
        asked = [r for r in sent if "COUNT(*) AS ?documents" in r["text"]]
        assert not asked[-1].get("union") and foreign not in asked[-1]["dataset"]
    finally:
        store.update(f"DROP SILENT GRAPH <{foreign}>")
    # a replacement is one request, with no temporary graph
    sent.clear()
    store.replace_graph(G, Graph().add((S, RDFS.label, Literal("one request"))))
    writes = [r for r in sent if r.get("update")]
    assert len(writes) == 1 and TEMP_PREFIX not in writes[0]["text"]
    store.remove_graph(G)


def test_replacement_is_whole_and_typed_terms_survive(server, tmp_path):
    from clausegraph.graph.store import open_store

    store = server.store()
    embedded = open_store(tmp_path / "st")
    g = Graph()
    g.add((S, RDFS.label, Literal("Montréal", lang="fr")))
    g.add((S, RDFS.comment, Literal('quote " and \\ backslash\nnew line')))
    g.add((S, URIRef("https://example.org/n"), Literal(42)))
    g.add((S, URIRef("https://example.org/d"), Literal("2024-11-25", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date"))))
    store.replace_graph(G, g)
    embedded.replace_graph(G, g)
    q = f"SELECT ?p ?o WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}"
    assert {tuple(r) for r in store.query(q).rows} == {tuple(r) for r in embedded.query(q).rows}
    assert len(store.query(q).rows) == 4
    store.replace_graph(G, Graph().add((S, RDFS.label, Literal("only"))))
    assert _labels(store) == ["only"]
    assert store.query("ASK { ?s ?p \"only\" }").rows == [[Literal(True)]]
    store.remove_graph(G)


def test_down_server_is_one_clear_store_error():
    port = free_port()
    store = RemoteStore(f"http://127.0.0.1:{port}/sparql", timeout=5)
    with pytest.raises(StoreError, match=rf"cannot reach the SPARQL endpoint http://127.0.0.1:{port}/sparql"):
        store.query("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(StoreError):
        store.replace_graph(G, Graph().add((S, RDFS.label, Literal("x"))))


def test_silent_server_times_out_with_one_clear_store_error():
    import socket

    with socket.socket() as listener:  # accepts connections, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        store = RemoteStore(f"http://127.0.0.1:{listener.getsockname()[1]}/sparql", timeout=1)
        with pytest.raises(StoreError, match="did not answer the query within 1 s"):
            store.query("SELECT * WHERE { ?s ?p ?o }")


def test_garbage_answer_is_a_store_error(tmp_path):
    (tmp_path / "index.html").write_text("<html>not SPARQL</html>")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def do_POST(self):  # noqa: N802
            self.do_GET()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        store = RemoteStore(f"http://127.0.0.1:{httpd.server_address[1]}/index.html", timeout=5)
        with pytest.raises(StoreError, match="did not answer with SPARQL JSON results"):
            store.query("SELECT * WHERE { ?s ?p ?o }")
    finally:
        httpd.shutdown()


def test_malformed_query_is_a_query_error(remote_corpus):
    with pytest.raises(QueryError, match="malformed SPARQL"):
        remote_corpus.query("SELECT WHERE {")
    with pytest.raises(QueryError, match="updates are refused"):
        remote_corpus.query("DROP ALL")


def test_wrong_password_is_refused_without_showing_it(virtuoso_server):  # noqa: F811  (a fixture)
    """Virtuoso's update endpoint asks for a login (Oxigraph server's takes updates without one)."""
    server = virtuoso_server
    assert server.user
    store = RemoteStore(server.endpoint, server.update_endpoint, user=server.user, password="not-the-password")
    with pytest.raises(StoreError, match="refused the update") as info:
        store.update(f"DROP SILENT GRAPH <{G}>")
    assert "not-the-password" not in str(info.value)


def test_command_line_ingest_and_query(server, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAUSEGRAPH_")} | server.env()
    cli = [sys.executable, "-m", "cli"]
    done = subprocess.run(cli + ["ingest", str(CORPUS)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ingest: ") and "failed" not in done.stdout
    done = subprocess.run(cli + ["query", "counts", "--format", "json"], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert '"documents": 2' in done.stdout
    assert server.password is None or server.password not in done.stdout + done.stderr
    down = subprocess.run(cli + ["--endpoint", f"http://127.0.0.1:{free_port()}/sparql", "stats"], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    assert down.returncode == 2
    assert down.stderr.startswith("clausegraph: error: cannot reach the SPARQL endpoint")
    assert len(down.stderr.strip().splitlines()) == 1


def test_advice_to_restart_an_oxigraph_server_after_a_bulk_load(remote_corpus, server):
    from clausegraph.graph.store.remote import BULK_LOAD

    assert remote_corpus.after_bulk_load(BULK_LOAD - 1) is None
    advice = remote_corpus.after_bulk_load(BULK_LOAD)
    if server.name == "oxigraph":
        assert advice is not None and advice.startswith(f"{BULK_LOAD} documents were written to the Oxigraph server")
        assert "restart" in advice
    else:
        assert advice is None  # the advice is about Oxigraph's storage


def test_app_pages_over_the_remote_store(remote_corpus, server, monkeypatch):
    from streamlit.testing.v1 import AppTest

    for key, value in server.env().items():
        monkeypatch.setenv(key, value)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    frame = at.dataframe[0].value
    assert "494" in frame["number"].astype(str).tolist()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Documents"] == "2" and metrics["Clauses"] == "66"
    at.switch_page("views/validation.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_virtuoso_row_limit_is_an_error_not_a_short_answer(tmp_path_factory):
    """Virtuoso cuts every answer at ResultSetMaxRows (10,000 by default) and only says so in a header."""
    servers = start_virtuoso(tmp_path_factory.mktemp("virtuoso-small"), max_rows=50)
    server = next(servers)
    try:
        store = server.store()
        store.replace_graph(G, Graph().add((S, RDFS.label, Literal("one"))))
        assert _labels(store) == ["one"]
        g = Graph()
        for i in range(60):
            g.add((S, RDFS.label, Literal(f"label {i}")))
        store.replace_graph(G, g)
        with pytest.raises(StoreError, match="cut the answer at 50 rows .*ResultSetMaxRows"):
            store.query("SELECT ?l WHERE { ?s ?p ?l }")
        with pytest.raises(StoreError, match="cut the answer"):
            validate(store)
    finally:
        servers.close()
