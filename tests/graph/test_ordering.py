"""Rows sorted in Python (graph/ordering.py) come out in the order the engine's ORDER BY gives."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef, namespace

from graph import ordering
from graph.queries import list_queries, load_query, run
from graph.store import open_store

ENTITY = "https://w3id.org/clausegraph/id/entity/russia"


def _key_columns(plan: ordering.Plan, columns: list[str], rows: list) -> list[tuple]:
    """Each row's order keys as SPARQL compares them (equal keys tie whatever their text)."""
    index = [columns.index(name) for name, _ in plan.keys if name in columns]
    return [tuple(ordering.sort_key(row[i]) for i in index) for row in rows]


def _check_same_order(store, text: str, params=None) -> int:
    """run() sorts in Python; the engine sorts the same rewritten query (hidden columns kept): the keys
    must come in the same sequence and the rows must be the engine's rows."""
    from graph.queries import NamedQuery, bindings

    query = NamedQuery("q", text)
    plan = ordering.plan(text)
    assert plan is not None
    values = bindings(query, params or {})
    stripped = ordering._strip_comments(text).rstrip()
    order_clause = stripped[ordering.ORDER_TAIL.search(stripped).start():]
    by_engine = store.query(plan.text + order_clause, values)
    unsorted = store.query(plan.text, values)
    keep_all = ordering.Plan(plan.text, plan.keys, [], False)
    columns, by_python = ordering.finish(keep_all, unsorted.columns, unsorted.rows)
    assert columns == by_engine.columns
    assert _key_columns(plan, columns, by_python) == _key_columns(plan, columns, by_engine.rows)
    engine_rows = store.query(text, values)
    mine = run(store, query, params)
    assert mine.columns == engine_rows.columns
    assert sorted(map(repr, mine.rows)) == sorted(map(repr, engine_rows.rows))
    return len(mine.rows)


def _named_queries_in_order(store) -> int:
    checked = 0
    for q in list_queries():
        if ordering.plan(q.text) is None:
            continue
        params = {p.name: ENTITY for p in q.params.values() if p.required}
        _check_same_order(store, q.text, params)
        checked += 1
    return checked


def test_every_named_query_is_sorted_as_the_engine_sorts_it(corpus_store):
    assert _named_queries_in_order(corpus_store) >= 15  # all but the unordered and expression-ordered ones


def test_named_queries_in_order_on_generated_resolutions(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from gen_corpus import generate

    from graph.load import load_paths

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
    "CONSTRUCT { ?a ?b ?c } WHERE { { SELECT ?a ?b ?c WHERE { ?a ?b ?c } } } ORDER BY ?a",
])
def test_the_engine_sorts_what_python_cannot(text):
    assert ordering.plan(text) is None


def test_plan_adds_hidden_order_variables_and_keeps_comments_out():
    plan = ordering.plan("PREFIX ex: <http://ex.org/ns#>\nSELECT DISTINCT ?a (COUNT(?x) AS ?n)\nWHERE {\n"
                         "  ?a ex:p ?x ; ex:order ?o .  # ORDER BY ?nothing\n} GROUP BY ?a ?o\n"
                         "ORDER BY DESC(?n) ?o ?a\n")
    assert plan is not None
    assert plan.keys == [("n", True), ("o", False), ("a", False)]
    assert plan.added == ["o"] and plan.distinct
    assert "ORDER BY" not in plan.text and "<http://ex.org/ns#>" in plan.text
    assert "SELECT DISTINCT ?a (COUNT(?x) AS ?n) ?o\nWHERE" in plan.text


def test_plan_puts_hidden_variables_before_a_dataset_clause(corpus_store):
    text = ("PREFIX cg: <https://w3id.org/clausegraph/ontology#>\nSELECT ?document FROM <urn:x:nothing> "
            "WHERE { ?d cg:sourceFile ?document ; cg:kind ?kind } ORDER BY DESC(?kind) ?document")
    plan = ordering.plan(text)
    assert plan is not None and "SELECT ?document ?kind\nFROM <urn:x:nothing>" in plan.text
    assert run(corpus_store, load_query(text)).columns == ["document"]


def test_finish_removes_hidden_columns_and_the_duplicates_they_kept_apart():
    plan = ordering.Plan("", [("o", False)], ["o"], True)
    a, b = URIRef("http://ex.org/a"), URIRef("http://ex.org/b")
    rows = [[b, Literal(3)], [a, Literal(2)], [URIRef("http://ex.org/a"), Literal(1)], [b, Literal(10)]]
    assert ordering.finish(plan, ["x", "o"], rows) == (["x"], [[a], [b]])


def test_sort_key_follows_sparql_order():
    xsd = namespace.XSD
    terms = [None, BNode(), URIRef("http://a"), URIRef("http://b"), Literal(2), Literal("10", datatype=xsd.decimal),
             Literal("1e2", datatype=xsd.double)]
    assert sorted(reversed(terms), key=ordering.sort_key) == terms
    strings = [Literal("Z"), Literal("a"), Literal("é")]  # by code point, as Oxigraph compares UTF-8 bytes
    assert sorted([strings[2], strings[0], strings[1]], key=ordering.sort_key) == strings


def _random_term(rnd: random.Random, kind: str):
    xsd = namespace.XSD  # (not a module global: pytest's collection warns about its attributes)
    if kind == "number":
        value = rnd.choice([rnd.randint(-30, 30), round(rnd.uniform(-30, 30), 2)])
        datatype = rnd.choice([xsd.integer, xsd.decimal, xsd.double, xsd.int]) if isinstance(value, int) else \
            rnd.choice([xsd.decimal, xsd.double])
        return Literal(str(value), datatype=datatype)
    if kind == "text":
        word = "".join(rnd.choice("aAbZé1 -") for _ in range(rnd.randint(0, 4)))
        return rnd.choice([Literal(word), Literal(word, lang=rnd.choice(["en", "fr"])),
                           Literal(word, datatype=xsd.string)])
    return rnd.choice([None, URIRef(f"http://ex.org/{rnd.randint(0, 9)}"), Literal(str(rnd.randint(0, 9)))])


@pytest.fixture(scope="module")
def scratch_store(tmp_path_factory):
    return open_store(tmp_path_factory.mktemp("ordering") / "store")


@pytest.mark.parametrize("seed", range(40))
def test_random_columns_sort_as_in_the_engine(scratch_store, seed):
    """Random numbers (integer, decimal, double), texts (plain, tagged, xsd:string) and a mix of unbound,
    IRI and literal values, sorted ascending or descending on several keys. (Blank nodes are left out:
    SPARQL leaves their order open, and a remote server's labels are its own.)"""
    rnd = random.Random(seed)
    store = scratch_store
    graph = f"http://ex.org/g{seed}"
    kinds = [rnd.choice(["number", "text", "mixed"]) for _ in range(3)]
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

