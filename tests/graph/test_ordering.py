"""Rows sorted in Python (graph/query/ordering.py) come out in the order the engine's ORDER BY gives."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from clausegraph.graph.query import ordering
from clausegraph.graph.query.named import list_queries, load_query, run
from clausegraph.graph.store import open_store
from rdflib import BNode, Literal, URIRef, namespace

ENTITY = "https://w3id.org/clausegraph/id/entity/russia"


def _key_columns(plan: ordering.Plan, columns: list[str], rows: list) -> list[tuple]:
    """Each row's order keys as SPARQL compares them (equal keys tie whatever their text)."""
    index = [columns.index(name) for name, _ in plan.keys if name in columns]
    return [tuple(ordering.sort_key(row[i]) for i in index) for row in rows]


def _check_same_order(store, text: str, params=None) -> int:
    """run() sorts in Python; the engine sorts the same rewritten query (hidden columns kept): the keys
    must come in the same sequence and the rows must be the engine's rows. Where Python does not sort
    (Unsortable values), run() must give exactly the engine's answer to the query as written."""
    from clausegraph.graph.query.named import NamedQuery, bindings

    query = NamedQuery("q", text)
    plan = ordering.plan(text)
    assert plan is not None
    values = bindings(query, params or {})
    masked = ordering.mask(text)
    assert masked is not None
    order_clause = masked[0].rstrip()[ordering.ORDER_TAIL.search(masked[1].rstrip()).start():]
    by_engine = store.query(plan.text + order_clause, values)
    unsorted = store.query(plan.text, values)
    keep_all = ordering.Plan(plan.text, plan.keys, (), False)
    engine_rows = store.query(text, values)
    mine = run(store, query, params)
    assert mine.columns == engine_rows.columns
    try:
        columns, by_python = ordering.finish(keep_all, unsorted.columns, unsorted.rows)
    except ordering.Unsortable:
        assert mine.rows == engine_rows.rows
        return -len(mine.rows)
    assert columns == by_engine.columns
    assert _key_columns(plan, columns, by_python) == _key_columns(plan, columns, by_engine.rows)
    assert sorted(map(repr, mine.rows)) == sorted(map(repr, engine_rows.rows))
    return len(mine.rows)


def _named_queries_in_order(store) -> int:
    """Every planned named query checked; each must be sorted in Python (no Unsortable fallback)."""
    checked = 0
    document = str(run(store, load_query("documents")).rows[0][0])
    for q in list_queries():
        if ordering.plan(q.text) is None:
            continue
        params = {p.name: ENTITY if p.name == "entity" else document for p in q.params.values() if p.required}
        assert _check_same_order(store, q.text, params) >= 0, q.name
        checked += 1
    return checked


def test_every_named_query_is_sorted_as_the_engine_sorts_it(corpus_store):
    assert _named_queries_in_order(corpus_store) >= 15  # all but the unordered and expression-ordered ones


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_named_queries_in_order_on_generated_resolutions(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from clausegraph.pipeline import load_paths
    from gen_corpus import generate

    store = open_store(tmp_path / "store")
    assert not load_paths(store, generate(tmp_path / "texts", 12, seed=9)).failed
    assert _named_queries_in_order(store) >= 15


def test_run_gives_the_engines_rows_in_the_engines_order_where_keys_do_not_tie(corpus_store):
    q = load_query("clause-mentions")
    rows = run(corpus_store, q).rows
    assert rows == corpus_store.query(q.text).rows  # (document, order, i) is unique to a mention


@pytest.mark.parametrize("text", [
    "SELECT ?a WHERE { ?a ?b ?c } ORDER BY STR(?a)",  # an expression
    "SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a LIMIT 5",  # a slice after the order
    "SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a OFFSET 2",
    "SELECT * WHERE { ?a ?b ?c } ORDER BY ?a",
    "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c } GROUP BY ?a ORDER BY ?c",  # ?c is no group key
    "SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a } }",  # the order is a subquery's
    'SELECT ?a WHERE { ?a ?b """x # ORDER BY ?a""" } ORDER BY ?a',
    "SELECT ?a WHERE { ?a ?b ?c }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c } ORDER BY ?a",  # grouped as a whole: ?a cannot be projected
    "SELECT (1 AS ?one) WHERE { ?a ?b ?c } HAVING (COUNT(*) > 0) ORDER BY ?c",  # grouped by HAVING
    "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?s (COUNT(*) AS ?c) WHERE { ?s ?p ?x } GROUP BY ?s } } ORDER BY ?s",
    "SELECT ?k WHERE { ?a ?b ?o } GROUP BY (STR(?o) AS ?k) ORDER BY ?o",  # GROUP BY an expression
    "SELECT ?a WHERE { ?a ?b ?o } VALUES ?a { <http://ex.org/a> } ORDER BY ?o",  # VALUES after the group
    "CONSTRUCT { ?a ?b ?c } WHERE { { SELECT ?a ?b ?c WHERE { ?a ?b ?c } } } ORDER BY ?a",
])
def test_the_engine_sorts_what_python_cannot(text):
    assert ordering.plan(text) is None


def test_plan_adds_hidden_order_variables_and_keeps_comments_out():
    plan = ordering.plan("PREFIX ex: <http://ex.org/ns#>\nSELECT DISTINCT ?a (COUNT(?x) AS ?n)\nWHERE {\n"
                         "  ?a ex:p ?x ; ex:order ?o .  # ORDER BY ?nothing\n} GROUP BY ?a ?o\n"
                         "ORDER BY DESC(?n) ?o ?a\n")
    assert plan is not None
    assert plan.keys == (("n", True), ("o", False), ("a", False))
    assert plan.added == ("o",) and plan.distinct
    assert "ORDER BY" not in plan.text and "<http://ex.org/ns#>" in plan.text
    assert "SELECT DISTINCT ?a (COUNT(?x) AS ?n) ?o\nWHERE" in plan.text


@pytest.fixture(scope="module")
def scratch_store(tmp_path_factory):
    return open_store(tmp_path_factory.mktemp("ordering") / "store")


def _fill(store, graph: str, triples: str) -> None:
    store.update(f"DROP SILENT GRAPH <{graph}> ; INSERT DATA {{ GRAPH <{graph}> {{ {triples} }} }}")


@pytest.mark.parametrize("text", [
    "SELECT ?where WHERE { GRAPH <http://ex.org/t> { ?where <http://ex.org/p> ?o } } ORDER BY DESC(?o)",
    "SELECT ?from WHERE { GRAPH <http://ex.org/t> { ?from <http://ex.org/p> ?o } } ORDER BY DESC(?o)",
    'SELECT ?s (CONCAT(STR(?s), " from { ") AS ?t) WHERE { GRAPH <http://ex.org/t> { ?s <http://ex.org/p> ?o } } '
    "ORDER BY DESC(?o)",
    'SELECT ?s (STRLEN(")") + ?o AS ?t) WHERE { GRAPH <http://ex.org/t> { ?s <http://ex.org/p> ?o } } '
    "ORDER BY DESC(?o)",
    "PREFIX ex: <http://ex.org/>\nSELECT ?s WHERE { GRAPH <http://ex.org/t> { ?s ex:p ?o "
    "OPTIONAL { ?s ex:c\\#sharp ?x } } } ORDER BY DESC(?o)",
    'SELECT ?s WHERE { GRAPH <http://ex.org/t> { ?s <http://ex.org/p> ?o FILTER(?s != "\\\\") } } '
    "# a comment that says from\nORDER BY DESC(?o)",
    "SELECT ?s (COUNT(*) AS ?n) WHERE { GRAPH <http://ex.org/t> { ?s <http://ex.org/p> ?o } } GROUP BY ?s ?o "
    "HAVING (COUNT(*) > 0) ORDER BY DESC(?o) ?s",
])
def test_queries_of_many_shapes_come_back_as_the_engine_orders_them(scratch_store, text):
    """Variables named like keywords, strings holding brackets and keywords, escaped names, a string that
    ends in a backslash before a comment: the rewrite stays valid and the order is the engine's."""
    _fill(scratch_store, "http://ex.org/t", " ".join(
        f"<http://ex.org/s{i}> <http://ex.org/p> {v} ." for i, v in enumerate([3, 1, 4, 2])))
    assert ordering.plan(text) is not None
    assert _check_same_order(scratch_store, text) == 4
    assert run(scratch_store, load_query(text)).rows == scratch_store.query(text).rows


@pytest.mark.parametrize("values", [
    ['"2020-01-01T10:00:00+05:00"^^xsd:dateTime', '"2020-01-01T06:00:00Z"^^xsd:dateTime'],
    ['"NaN"^^xsd:double', '"abc"', '"1"^^xsd:double'],
    ['"0.1"^^xsd:float', '"0.1"^^xsd:double'],
    ['"99999999999999999999"^^xsd:integer', '"100"^^xsd:integer'],
    ['"²"^^xsd:integer', '"1e5"^^xsd:integer', '"3"^^xsd:integer'],
    ['3', '"10"', '"2"', '20'],
    ['true', 'false'],
    ['_:b1', '_:b2', '<http://ex.org/x>'],
])
def test_values_python_does_not_order_as_oxigraph_are_left_to_the_engine(scratch_store, values):
    graph = "http://ex.org/u"
    _fill(scratch_store, graph, "".join(f"<http://ex.org/s{i}> <http://ex.org/p> {v} . " for i, v in enumerate(values))
          .replace("xsd:", "<http://www.w3.org/2001/XMLSchema#").replace("#dateTime", "#dateTime>")
          .replace("#double", "#double>").replace("#float", "#float>").replace("#integer", "#integer>"))
    text = f"SELECT ?s ?o WHERE {{ GRAPH <{graph}> {{ ?s <http://ex.org/p> ?o }} }} ORDER BY ?o ?s"
    assert _check_same_order(scratch_store, text) == -len(values)  # run() fell back to the engine's order


def test_finish_removes_hidden_columns_and_the_duplicates_they_kept_apart():
    plan = ordering.Plan("", (("o", False),), ("o",), True)
    a, b = URIRef("http://ex.org/a"), URIRef("http://ex.org/b")
    rows = [[b, Literal(3)], [a, Literal(2)], [URIRef("http://ex.org/a"), Literal(1)], [b, Literal(10)]]
    assert ordering.finish(plan, ["x", "o"], rows) == (["x"], [[a], [b]])


def test_sort_key_follows_sparql_order():
    xsd = namespace.XSD
    terms = [None, URIRef("http://a"), URIRef("http://b"), Literal(2), Literal("10", datatype=xsd.decimal),
             Literal("100", datatype=xsd.integer)]
    assert sorted(reversed(terms), key=ordering.sort_key) == terms
    strings = [Literal("Z"), Literal("a"), Literal("é")]  # by code point, as Oxigraph compares UTF-8 bytes
    assert sorted([strings[2], strings[0], strings[1]], key=ordering.sort_key) == strings
    dates = [Literal("0999-03-15", datatype=xsd.date), Literal("1999-12-31", datatype=xsd.date),
             Literal("2000-02-29", datatype=xsd.date), Literal("2024-01-01", datatype=xsd.date)]
    assert sorted(reversed(dates), key=ordering.sort_key) == dates
    for odd in (BNode(), Literal(True), Literal("2020-01-01Z", datatype=xsd.date, normalize=False),
                Literal("1", datatype=xsd.float),
                Literal("2021-02-29", datatype=xsd.date), Literal("2020-01-01T10:00:00Z", datatype=xsd.dateTime),
                Literal("NaN", datatype=xsd.double), Literal("x", datatype=URIRef("http://ex.org/dt"))):
        with pytest.raises(ordering.Unsortable):
            ordering.sort_key(odd)


def test_plan_puts_hidden_variables_before_a_dataset_clause(corpus_store):
    text = ("PREFIX cg: <https://w3id.org/clausegraph/ontology#>\nSELECT ?document FROM <urn:x:nothing> "
            "WHERE { ?d cg:sourceFile ?document ; cg:kind ?kind } ORDER BY DESC(?kind) ?document")
    plan = ordering.plan(text)
    assert plan is not None and "SELECT ?document ?kind\nFROM <urn:x:nothing>" in plan.text
    assert run(corpus_store, load_query(text)).columns == ["document"]


def _random_term(rnd: random.Random, kind: str):
    xsd = namespace.XSD  # (not a module global: pytest's collection warns about its attributes)
    if kind == "number":  # integers and decimals compare with each other
        value = rnd.choice([rnd.randint(-30, 30), round(rnd.uniform(-30, 30), 2)])
        datatype = rnd.choice([xsd.integer, xsd.decimal, xsd.int]) if isinstance(value, int) else xsd.decimal
        return Literal(str(value), datatype=datatype)
    if kind == "double":
        return Literal(str(rnd.choice([rnd.randint(-30, 30), round(rnd.uniform(-30, 30), 2)])), datatype=xsd.double)
    if kind == "date":
        return Literal(f"{rnd.randint(1998, 2001)}-{rnd.randint(1, 2):02}-{rnd.randint(1, 28):02}", datatype=xsd.date)
    if kind == "dateTime":
        return Literal(f"2001-01-{rnd.randint(1, 3):02}T{rnd.randint(0, 23):02}:{rnd.randint(0, 1):02}:"
                       f"{rnd.choice(['00', '05', '05.5', '59.25'])}", datatype=xsd.dateTime)
    if kind == "text":
        word = "".join(rnd.choice("aAbZé1 -") for _ in range(rnd.randint(0, 4)))
        return rnd.choice([Literal(word), Literal(word, lang=rnd.choice(["en", "fr"])),
                           Literal(word, datatype=xsd.string)])
    return rnd.choice([None, URIRef(f"http://ex.org/{rnd.randint(0, 9)}"), Literal(str(rnd.randint(0, 9)))])


@pytest.mark.parametrize("seed", range(40))
def test_random_columns_sort_as_in_the_engine(scratch_store, seed):
    """Random numbers (integer and decimal, or double), texts (plain, tagged, xsd:string), dates, date-times
    (without a time zone) and a mix of unbound,
    IRI and literal values, sorted ascending or descending on several keys. (Blank nodes are left out:
    SPARQL leaves their order open, and a remote server's labels are its own.)"""
    rnd = random.Random(seed)
    store = scratch_store
    graph = f"http://ex.org/g{seed}"
    kinds = [rnd.choice(["number", "double", "text", "mixed", "date", "dateTime"]) for _ in range(3)]
    lines = []
    for r in range(rnd.randint(5, 40)):
        for c, kind in enumerate(kinds):
            term = _random_term(rnd, kind)
            if term is not None:
                lines.append(f"<http://ex.org/r{r}> <http://ex.org/c{c}> {term.n3()} .")
    store.update(f"INSERT DATA {{ GRAPH <{graph}> {{ {' '.join(lines)} }} }}")
    order = " ".join(rnd.choice(["?v{}", "DESC(?v{})", "ASC(?v{})"]).format(c) for c in rnd.sample(range(3), 3))
    projected = " ".join(f"?v{c}" for c in range(3) if rnd.random() < 0.6) or "?r"
    text = (f"SELECT {rnd.choice(['', 'DISTINCT '])}{projected} WHERE {{ GRAPH <{graph}> {{ ?r ?p ?any "
            + " ".join(f"OPTIONAL {{ ?r <http://ex.org/c{c}> ?v{c} }}" for c in range(3))
            + f" }} }} ORDER BY {order}")
    assert _check_same_order(store, text) > 0



def test_a_malformed_query_is_reported_as_written(corpus_store):
    """The error is the engine's about the user's query (its line and column), not about the rewritten one."""
    from clausegraph.errors import QueryError

    text = "SELECT ?d\nWHERE { ?d ?p ?o .\n  FILTER(?o = ) }\nORDER BY ?o ?d"
    plan = ordering.plan(text)
    assert plan is not None
    with pytest.raises(QueryError) as engine:
        corpus_store.query(text)
    with pytest.raises(QueryError) as rewritten:
        corpus_store.query(plan.text)
    with pytest.raises(QueryError) as ours:
        run(corpus_store, load_query(text))
    assert str(ours.value) == str(engine.value) != str(rewritten.value)


# -- pages: LIMIT and OFFSET handed to the engine give the slices of the whole sorted answer ---------------

@pytest.fixture(scope="module")
def generated_store(tmp_path_factory):
    """A store of generated resolutions: enough rows per query for pages to cut across documents."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from clausegraph.pipeline import load_paths
    from gen_corpus import generate

    tmp = tmp_path_factory.mktemp("paged")
    store = open_store(tmp / "store")
    assert not load_paths(store, generate(tmp / "texts", 6, seed=4)).failed
    return store


def _required(store, q) -> dict[str, str]:
    document = str(run(store, load_query("documents")).rows[0][0])
    entity = str(run(store, load_query("entities")).rows[0][0])  # the most mentioned entity
    return {p.name: entity if p.kind == "IRI" else document for p in q.params.values() if p.required}


def _selects():
    from clausegraph.graph.query.named import READ_FORMS

    return [q for q in list_queries() if READ_FORMS.match(q.text).group(1).upper() == "SELECT"]


@pytest.mark.parametrize("name", [q.name for q in _selects()])
def test_pages_are_slices_of_the_whole_sorted_answer(generated_store, name):
    from clausegraph.graph.query.named import run_page

    q = load_query(name)
    params = _required(generated_store, q)
    whole = run(generated_store, q, params)  # sorted in Python where ordering.plan allows
    n = len(whole.rows)
    for limit, offset in [(1, 0), (7, 0), (7, 7), (5, max(n - 3, 0)), (100, 0), (3, n + 2), (None, 4)]:
        page, total = run_page(generated_store, q, params, limit, offset)
        assert page.columns == whole.columns, name
        end = None if limit is None else offset + limit
        assert page.rows == whole.rows[offset:end], (name, limit, offset)
        assert total == n, name
    # generated resolutions hold no decisions (commitments made), which these three read
    assert n > 0 or name in {"asks-taken-up", "decisions", "lifeline"}, f"{name} answers nothing here"


def test_paging_a_query_with_its_own_limit_or_a_negative_number_is_refused(generated_store):
    from clausegraph.errors import QueryError
    from clausegraph.graph.query.named import NamedQuery, page_text, run_page

    with pytest.raises(QueryError, match="its own LIMIT"):
        run_page(generated_store, NamedQuery("q", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"), limit=2)
    with pytest.raises(QueryError, match="whole numbers"):
        page_text("SELECT ?s WHERE { ?s ?p ?o }", -1)
    # a comment or a string that reads LIMIT is no LIMIT
    assert page_text('SELECT ?s WHERE { ?s ?p "LIMIT 3" } # LIMIT 4', 2, 1).rstrip().endswith("LIMIT 2\nOFFSET 1")


def test_count_rows_counts_distinct_rows_and_bound_parameters(generated_store):
    from clausegraph.graph.query.named import count_rows

    for name in ("stances", "clause-entities", "documents"):
        q = load_query(name)
        assert count_rows(generated_store, q) == len(run(generated_store, q).rows)
    one = str(run(generated_store, load_query("documents")).rows[0][0])
    q = load_query("clauses")
    assert count_rows(generated_store, q, {"document": one}) == len(run(generated_store, q, {"document": one}).rows)
    assert 0 < count_rows(generated_store, q, {"document": one}) < count_rows(generated_store, q)
