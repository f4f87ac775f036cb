"""Queries run where they can be stopped (graph/query/sandbox.py), and what is wrong with a query is said
before it runs (graph/query/checks.py)."""
from __future__ import annotations

import os

import processes
import pytest
from clausegraph.errors import QueryError
from clausegraph.graph.query import sandbox
from clausegraph.graph.query.checks import variables
from clausegraph.graph.query.named import NamedQuery, load_query, run, run_with_timeout

# three patterns over every triple, joined on nothing: the cube of the corpus' triples, never finished
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_a_runaway_query_is_stopped_and_its_process_killed(corpus_store):
    with pytest.raises(QueryError, match="stopped after 3 s"):
        run_with_timeout(corpus_store, NamedQuery("(text)", RUNAWAY), {}, 3.0)
    pid = sandbox.last_child
    assert pid is not None and pid != os.getpid()
    assert not processes.alive(pid)  # the CPU is free: the process that ran the query is gone


def test_the_sandbox_answers_as_the_store_does(corpus_store):
    query = load_query("clauses")
    params = {"document": "2024-11-25-montreal-resolution-494.txt"}
    inside = run(corpus_store, query, params)
    outside = run_with_timeout(corpus_store, query, params, 60.0)
    assert outside.columns == inside.columns and outside.rows == inside.rows and len(inside.rows) > 10


def test_the_engines_own_error_comes_back_from_the_child(corpus_store):
    with pytest.raises(QueryError, match="malformed SPARQL"):
        run_with_timeout(corpus_store, NamedQuery("(text)", "SELECT * WHERE { ?s ?p }"), {}, 60.0)


def test_a_misspelled_parameter_names_the_query_variables(corpus_store):
    query = load_query("clauses")
    misspelled = NamedQuery("clauses", query.text.replace("?document", "?doc"), params=query.params)
    with pytest.raises(QueryError) as info:
        run_with_timeout(corpus_store, misspelled, {"document": "x.txt"}, 60.0)
    assert "'document' matches no variable" in str(info.value) and "?doc" in str(info.value)


def test_a_syntax_error_is_reported_with_its_position_not_as_an_update(corpus_store):
    with pytest.raises(QueryError) as info:
        run_with_timeout(corpus_store, NamedQuery("(text)", "PREFIX x: <http://a/>\nSELEC ?s WHERE { ?s ?p ?o }"),
                         {}, 60.0)
    message = str(info.value)
    assert "updates are refused" not in message
    assert "line 2, column 1" in message and "SELEC" in message
    with pytest.raises(QueryError, match="updates are refused"):
        run_with_timeout(corpus_store, NamedQuery("(text)", "DROP ALL"), {}, 60.0)


def test_variables_skip_comments_strings_and_iris():
    text = '# ?ignored\nSELECT ?a WHERE { ?a <http://x/?q=1> "?not" . $b ?p 1 }'
    assert variables(text) == ["a", "b", "p"]
