"""Named queries: headers, parameters, the scorer's columns, and answers over the corpus store."""
from __future__ import annotations

import csv
import io
import json

import pytest
from clausegraph.errors import QueryError
from clausegraph.graph.query.named import (
    list_queries,
    load_query,
    parse_params,
    run,
    run_named,
    to_csv,
    to_json,
    to_term,
)
from rdflib import Literal, URIRef

SCORER_COLUMNS = {
    "documents": ["document", "title", "kind", "number", "adopted", "place"],
    "clauses": ["document", "clause", "part"],
    "clause-stances": ["document", "clause", "verb", "stance", "speaker"],
    "clause-actions": ["document", "clause", "action"],
    "clause-mentions": ["document", "clause", "text", "entity", "type"],
}
RES494 = "2024-11-25-montreal-resolution-494.txt"


def test_every_named_query_declares_its_columns_and_returns_them(corpus_store):
    queries = list_queries()
    assert {"documents", "stances", "threats", "instruments", "commitments", "sources"} <= {q.name for q in queries}
    for q in queries:
        assert q.columns, q.name
        params = {p.name: "https://w3id.org/clausegraph/id/entity/russia" for p in q.params.values() if p.required}
        assert run(corpus_store, q, params).columns == q.columns, q.name


@pytest.mark.parametrize(("name", "columns"), sorted(SCORER_COLUMNS.items()))
def test_scorer_queries_have_exact_csv_columns(corpus_store, name, columns):
    text = to_csv(run_named(corpus_store, name))
    assert next(csv.reader(io.StringIO(text))) == columns


def test_documents_row_for_resolution_494(corpus_store):
    rows = list(csv.DictReader(io.StringIO(to_csv(run_named(corpus_store, "documents")))))
    row = next(r for r in rows if r["document"] == RES494)
    assert (row["kind"], row["number"], row["adopted"], row["place"]) == ("resolution", "494", "2024-11-25", "Montréal")


def test_parameter_filters_rows_and_quotes_are_harmless(corpus_store):
    all_rows = run_named(corpus_store, "clauses").rows
    one = run_named(corpus_store, "clauses", document=RES494).rows
    assert 0 < len(one) < len(all_rows)
    assert run_named(corpus_store, "clauses", document='x" } ; DROP ALL ; #').rows == []
    assert len(run_named(corpus_store, "clauses").rows) == len(all_rows)


def test_sources_give_the_exact_sentence(corpus_store):
    result = run_named(corpus_store, "sources", entity="https://w3id.org/clausegraph/id/entity/interpol")
    rows = [dict(zip(result.columns, map(str, r), strict=True)) for r in result.rows]
    assert rows and rows[0]["text"] == "Interpol"
    assert "Interpol" in rows[0]["clause_text"] and rows[0]["clause"] == "7"


def test_condemned_entities_include_russia(corpus_store):
    result = run_named(corpus_store, "stances", stance="condemn")
    labels = {str(r[result.columns.index("label")]) for r in result.rows}
    assert "Russia" in labels


def test_commitments_carry_deadline_and_target(corpus_store):
    result = run_named(corpus_store, "commitments", document=RES494)
    rows = {str(r[1]): dict(zip(result.columns, map(lambda v: "" if v is None else str(v), r), strict=True))
            for r in result.rows}
    assert rows["18.c"]["deadline"] == "without delay"
    assert "2% of GDP" in rows["18.c"]["targets"]
    assert rows["18.b"]["deadline"] == "by the next Summit in the Netherlands"


def test_load_query_by_name_file_and_text(tmp_path):
    assert load_query("documents").name == "documents"
    f = tmp_path / "mine.rq"
    f.write_text("# Mine.\n# columns: n\nSELECT (1 AS ?n) WHERE {}\n")
    assert load_query(str(f)).columns == ["n"]
    assert load_query("SELECT ?s WHERE { ?s ?p ?o }").name == "(text)"
    with pytest.raises(QueryError, match="unknown query 'nope'"):
        load_query("nope")
    with pytest.raises(QueryError, match="no such query file"):
        load_query(str(tmp_path / "missing.rq"))


def test_updates_are_refused(corpus_store):
    with pytest.raises(QueryError, match="updates are refused"):
        run(corpus_store, load_query("DROP ALL ; INSERT DATA { <a:b> <a:c> <a:d> }"))


def test_parameters_are_checked():
    with pytest.raises(QueryError, match="has no parameter"):
        from clausegraph.graph.query.named import bindings
        bindings(load_query("clauses"), {"colour": "red"})
    with pytest.raises(QueryError, match="needs --param entity"):
        from clausegraph.graph.query.named import bindings
        bindings(load_query("sources"), {})
    assert parse_params(["a=b=c"]) == {"a": "b=c"}
    with pytest.raises(QueryError):
        parse_params(["novalue"])


def test_to_term():
    assert to_term("https://x.org/a") == URIRef("https://x.org/a")
    assert to_term("Russia", "IRI") == URIRef("https://w3id.org/clausegraph/id/entity/russia")
    assert to_term("42", "integer") == Literal(42)
    assert to_term("it's") == Literal("it's")


def test_formats(corpus_store):
    result = run_named(corpus_store, "counts")
    assert json.loads(to_json(result))[0]["documents"] == 2
    from clausegraph.render import table

    assert table(result.columns, result.rows).endswith("(1 row)")


def test_a_commitment_without_entities_lists_none_and_a_document_narrows_mentions(tmp_path):
    from clausegraph.graph.store import open_store
    from clausegraph.pipeline import load_paths

    doc = tmp_path / "plain.txt"
    doc.write_text("The Assembly,\n\n1. Welcoming the Wales Defence Investment Pledge;\n"
                   "2. URGES member governments:\n a. to act swiftly and decisively;\n"
                   " b. to honour the Wales Defence Investment Pledge;\n", encoding="utf-8")
    store = open_store(tmp_path / "store")
    assert not load_paths(store, [doc, "corpus"]).failed
    rows = {r["clause"]: r for r in _records(run_named(store, "commitments", document="plain.txt"))}
    assert rows["2.a"]["entities"] == "" and rows["2.a"]["actions"] == "act"
    assert rows["2.b"]["entities"] == "Wales Defence Investment Pledge"
    mentions = _records(run_named(store, "document-mentions", document="plain.txt"))
    assert [m["text"] for m in mentions] == ["the Wales Defence Investment Pledge"] * 2


def _records(result):
    return [dict(zip(result.columns, ("" if v is None else str(v) for v in r), strict=True)) for r in result.rows]


def test_entity_clauses_without_speech_act_have_no_stances(corpus_store):
    """Regression: a clause with no speech act (an operative point) listed every notation of the graph as its
    stances ("welcome, urge, ..., Threat, Target"), because the notation lookup joined an unbound stance."""
    drc = run_named(corpus_store, "entity-clauses", entity="https://w3id.org/clausegraph/id/entity/"
                    "democratic-resilience-centre").rows
    assert [str(r[1]) for r in drc] == ["16.o", "18.i"]
    assert all(r[2] is None or str(r[2]) == "" for r in drc)
    stances = {"condemn", "concern", "note", "welcome", "affirm", "urge", "unknown"}
    for entity in ("russia", "china", "ukraine", "nato"):
        for row in run_named(corpus_store, "entity-clauses", entity=entity).rows:
            assert set(filter(None, str(row[2] or "").split(", "))) <= stances, row


def test_commitments_of_one_document_are_its_rows_of_all(corpus_store):
    every = run_named(corpus_store, "commitments").rows
    one = run_named(corpus_store, "commitments", document=RES494).rows
    assert one and {tuple(map(str, r[:3])) for r in one} == {tuple(map(str, r[:3])) for r in every
                                                            if str(r[0]) == RES494}
    labels = {str(r[4]) for r in every if r[4] is not None}
    assert any("Democratic Resilience Centre" in x for x in labels)
    assert not any(x.count(";") > 20 for x in labels)  # no row gathers every label of the graph


def test_condemnations_list_no_victim_and_threats_name_their_posers(corpus_store):
    """On the seeds, condemnations blame no victim; threats name Russia in Montreal 8 and the PRC in Montreal 10."""
    result = run_named(corpus_store, "stances", stance="condemn")
    rows = [dict(zip(result.columns, map(str, r), strict=True)) for r in result.rows]
    blamed = {r["entity"].rsplit("/", 1)[-1] for r in rows}
    assert not blamed & {"ukraine", "georgia", "moldova", "interpol"}
    assert {"russia", "china", "north-korea", "belarus", "iran"} <= blamed
    result = run_named(corpus_store, "threats")
    rows = [dict(zip(result.columns, map(lambda v: "" if v is None else str(v), r), strict=True))
            for r in result.rows]
    posed = {(r["document"], r["clause"], r["posed_by_label"]) for r in rows}
    assert (RES494, "8", "Russia") in posed
    assert (RES494, "10", "China") in posed


# -- streams: memory flat in the number of rows --------------------------------------------------------------

class _Sink:
    """A file that keeps nothing: what is measured is the memory of producing the rows, not of keeping them."""

    def write(self, text: str) -> int:
        return len(text)


def _rows_store(tmp_path, n: int):
    from clausegraph.graph.store import open_store

    store = open_store(tmp_path / f"rows-{n}")
    body = "\n".join(f'<https://example.org/s/{i}> <https://example.org/p> "value number {i}" .' for i in range(n))
    store.update(f"INSERT DATA {{ GRAPH <https://example.org/g> {{ {body} }} }}")
    return store


def _peak(fn) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["csv", "json", "ndjson"])
@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_a_stream_holds_no_more_memory_for_ten_times_the_rows(tmp_path, monkeypatch, fmt):
    from clausegraph.graph.query.named import NamedQuery, stream
    from clausegraph.graph.store import embedded
    from clausegraph.render import write_rows

    monkeypatch.setattr(embedded, "STREAM_MEMORY", 200)  # the terms a stream remembers, below both sizes
    query = NamedQuery("q", "SELECT ?s ?o WHERE { GRAPH ?g { ?s <https://example.org/p> ?o } } ORDER BY ?s")
    peaks, whole = {}, {}
    for n in (1_000, 10_000):
        store = _rows_store(tmp_path, n)

        def streamed(store=store, n=n) -> None:
            columns, rows = stream(store, query)
            assert write_rows(columns, rows, fmt, _Sink()) == n

        streamed()  # warm-up: the query parsed, caches filled
        peaks[n] = _peak(streamed)
        whole[n] = _peak(lambda store=store: run(store, query))
        store.close()
    assert peaks[10_000] < 1.5 * peaks[1_000] + 50_000, peaks
    assert whole[10_000] > 5 * whole[1_000], whole  # the measure would see rows held in memory


def test_a_stream_gives_the_rows_of_run_in_the_engines_order(corpus_store):
    from clausegraph.graph.query.named import stream

    for name in ("clause-mentions", "stances", "documents", "counts"):
        q = load_query(name)
        columns, rows = stream(corpus_store, q)
        assert (columns, list(rows)) == (run(corpus_store, q).columns, run(corpus_store, q).rows), name


# -- pages gathered a few documents (or entities) at a time ----------------------------------------------

PAGED = [q.name for q in list_queries() if q.pages]


def test_the_long_listings_are_paged_by_a_parameter_and_their_headers_name_the_orders_first_key():
    from clausegraph.graph.query.named import driver_text

    assert {"clauses", "clause-mentions", "clause-stances", "asks", "instruments", "stance-over-time"} <= set(PAGED)
    for name in PAGED:
        driver = driver_text(load_query(name))
        assert driver is not None, name
        text, param, keys = driver
        assert keys and text.rstrip().endswith("ORDER BY " + " ".join(f"?{k}" for k in keys)), name


@pytest.mark.parametrize("name", PAGED)
def test_pages_gathered_by_runs_are_slices_of_the_whole_answer(corpus_store, name):
    """One value per first batch, so every page crosses batches; offsets land inside, at the edge of and
    beyond the answer (batches before the page are counted, not handed over)."""
    from clausegraph.graph.query.named import _by_runs, bindings

    q = load_query(name)
    whole = run(corpus_store, q).rows
    n = len(whole)
    for limit, offset in [(1, 0), (13, 0), (13, 13), (40, n // 3), (7, max(n - 3, 0)), (5, n), (100, 0)]:
        page = _by_runs(corpus_store, q, bindings(q, {}), limit, offset, first=1)
        if page is None:  # the corpus has no value to page by (no decisions...): the engine pages it
            assert n == 0, name
            continue
        assert page.columns == q.columns, name
        assert page.rows == whole[offset:offset + limit], (name, limit, offset)


TIED = """# params: none
# columns: document,clause
# pages: document by ?d cg:sourceFile ?document BIND("one" AS ?kind)
PREFIX cg: <https://w3id.org/clausegraph/ontology#>
SELECT ?document ?clause WHERE {
  ?d cg:sourceFile ?document . ?u cg:inDocument ?d ; cg:clauseId ?clause . BIND("one" AS ?kind)
}
ORDER BY ?kind ?clause ?document
"""


def test_documents_whose_leading_keys_tie_are_gathered_together(corpus_store):
    """Ordered by a key every document shares, then clause: the documents' rows interleave, so a batch
    never splits documents whose keys tie; the pages are still slices of the whole answer."""
    from clausegraph.graph.query.named import _by_runs, parse_header

    q = parse_header("tied", TIED)
    whole = run(corpus_store, q).rows
    changes = sum(a[0] != b[0] for a, b in zip(whole, whole[1:], strict=False))
    assert changes > len({r[0] for r in whole})  # the documents' rows interleave
    for limit, offset in [(1, 0), (30, 0), (30, 45), (10, len(whole) - 4)]:
        page = _by_runs(corpus_store, q, {}, limit, offset, first=1)
        assert page is not None and page.rows == whole[offset:offset + limit], (limit, offset)


def test_queries_that_cannot_be_paged_by_runs_are_paged_by_the_engine(corpus_store):
    from clausegraph.graph.query.named import _by_runs, driver_text, parse_header, run_page

    # the order does not start with a key the pattern binds
    assert driver_text(parse_header("x", TIED.replace("ORDER BY ?kind", "ORDER BY ?clause ?kind"))) is None
    # a document listed with two sets of keys (a clause id per clause): its rows are not one run
    twice = parse_header("x", TIED.replace('BIND("one" AS ?kind)\n', ". ?u cg:inDocument ?d ; cg:clauseId ?clause\n")
                         .replace("ORDER BY ?kind ?clause ?document", "ORDER BY ?clause ?document"))
    assert _by_runs(corpus_store, twice, {}, 5, 0) is None
    # a bound parameter is one run already: the engine pages it
    q = load_query("clauses")
    assert _by_runs(corpus_store, q, {"document": Literal(RES494)}, 5, 0) is None
    page, total = run_page(corpus_store, q, {"document": RES494}, 5, 2)
    assert page.rows == run(corpus_store, q, {"document": RES494}).rows[2:7] and total > 7


def test_rows_with_an_empty_leading_key_are_a_run_of_their_own(corpus_store):
    """threats: the statements naming no threat (label empty) sort first; each is a run of the actor said to
    pose it, the labelled rows runs of their threat. Pages one value at a time are slices of the whole answer
    across the empty-label rows, the turn to labelled ones and the end."""
    from clausegraph.graph.query.named import _by_runs, driver_text

    q = load_query("threats")
    text, param, keys = driver_text(q)
    assert (param, keys) == ("entity", ["label", "posed_by_label"])
    whole = run(corpus_store, q).rows
    empty = sum(r[1] is None for r in whole)
    assert 0 < empty < len(whole) and all(r[1] is None for r in whole[:empty])  # the empty keys lead
    for limit, offset in [(1, 0), (empty + 3, 0), (5, max(empty - 2, 0)), (7, len(whole) - 4), (100, 0)]:
        page = _by_runs(corpus_store, q, {}, limit, offset, first=1)
        assert page is not None and page.rows == whole[offset:offset + limit], (limit, offset)


def test_a_batch_binds_each_branch_of_a_union_and_keeps_the_answer(corpus_store):
    """The VALUES of a batch open the WHERE group and each branch of its UNION (Oxigraph joins VALUES only
    within a group); a subquery branch, or one that binds the name itself, is left alone."""
    from clausegraph.graph.query.named import _batch
    from clausegraph.graph.store import bind_rows

    q = load_query("threats")
    threat = next(r[0] for r in run(corpus_store, q).rows if r[0] is not None)
    actor = next(r[2] for r in run(corpus_store, q).rows if r[0] is None)
    rows = [[URIRef(threat)], [URIRef(actor)]]
    text = _batch(q.text, ["entity"], rows)
    assert text.count("VALUES (?entity)") == 4
    assert corpus_store.query(text).rows == corpus_store.query(bind_rows(q.text, ["entity"], rows)).rows != []
    left = "SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } } UNION { BIND(1 AS ?x) } UNION { ?x ?p 2 } }"
    assert _batch(left, ["x"], [[Literal(1)]]).count("VALUES") == 2


def test_threats_of_one_entity_are_its_rows_of_all(corpus_store):
    """entity: the rows of one named threat, or of an actor called a threat itself, as in the whole answer."""
    q = load_query("threats")
    whole = run(corpus_store, q).rows
    for pick in (lambda r: r[0] is not None, lambda r: r[0] is None):
        row = next(r for r in whole if pick(r))
        entity = row[0] if row[0] is not None else row[2]
        mine = [r for r in whole if entity in (r[0], r[2] if r[0] is None else None)]
        assert run(corpus_store, q, {"entity": str(entity)}).rows == mine


def test_stance_over_time_lists_undated_documents_after_the_dated_ones(tmp_path):
    """An undated document's stances ("adopted" empty) come after every dated one of the same actor, in the
    query's own order and on the engine's, not first as an empty text would sort."""
    from clausegraph.graph.query import ordering
    from clausegraph.graph.store import bind_rows, open_store
    from clausegraph.pipeline import load_paths

    doc = tmp_path / "undated.txt"
    doc.write_text("The Assembly,\n\n1. Condemning Russia's war against Ukraine;\n", encoding="utf-8")
    store = open_store(tmp_path / "store")
    assert not load_paths(store, [doc, "corpus"]).failed
    q = load_query("stance-over-time")
    russia = URIRef("https://w3id.org/clausegraph/id/entity/russia")
    for rows in (run(store, q, {"entity": russia}).rows,  # sorted in Python (graph/query/ordering.py)
                 store.query(bind_rows(q.text, ["entity"], [[russia]])).rows):  # sorted by the engine
        adopted = [str(r[q.columns.index("adopted")] or "") for r in rows]
        dated = [a != "" for a in adopted]
        assert any(dated) and not all(dated), adopted
        assert dated == sorted(dated, reverse=True), adopted  # every dated row before the undated ones
    assert ordering.plan(q.text) is not None  # still sorted in Python: the key is a variable, not an expression
