"""Stance over time: the stances about each actor, per document in date order, with verbs and clauses."""
from __future__ import annotations

import pytest
from clausegraph.errors import QueryError
from clausegraph.graph.query.named import load_query, run_named
from clausegraph.graph.query.stances import group, stance_over_time
from clausegraph.render import actor

ENT = "https://w3id.org/clausegraph/id/entity/"
ACTOR_TYPES = {"State", "Organisation", "NonStateActor"}


def test_header_declares_an_optional_entity_parameter():
    q = load_query("stance-over-time")
    assert set(q.params) == {"entity"}
    assert q.params["entity"].kind == "IRI" and not q.params["entity"].required
    assert q.columns == ["entity", "label", "type", "adopted", "document", "clause", "stance", "verb", "text"]


def test_group_orders_documents_by_date_and_counts_stances():
    rows = [
        (f"{ENT}x", "X", "State", "2024-01-01", "b.txt", "3", "condemn", "Condemning", "Condemning X"),
        (f"{ENT}x", "X", "State", "2024-01-01", "b.txt", "4", "condemn", "deploring", "deploring X"),
        (f"{ENT}x", "X", "State", "2020-01-01", "z.txt", "1", "concern", "troubled", "troubled by X"),
        (f"{ENT}x", "X", "State", "2020-01-01", "z.txt", "1", "concern", "troubled", "troubled by X"),
        (f"{ENT}a", "A", "Organisation", "2020-01-01", "z.txt", "2", "welcome", "Welcoming", "Welcoming A"),
    ]
    actors = group(rows)
    assert [a.label for a in actors] == ["A", "X"]
    x = actors[1]
    assert [d.document for d in x.documents] == ["z.txt", "b.txt"]  # by date, not by name
    assert x.documents[0].counts == {"concern": 1}  # the same act twice counts once
    assert x.documents[1].counts == {"condemn": 2} and x.documents[1].verbs == ["Condemning", "deploring"]
    assert x.change() == "2020-01-01: concern (troubled) -> 2024-01-01: condemn (Condemning, deploring)"
    assert actors[0].change() == ""


def test_china_moves_from_troubled_by_to_deploring(corpus_store):
    (china,) = stance_over_time(corpus_store, "China")
    assert china.entity == f"{ENT}china" and china.type == "State"
    dates = [d.adopted for d in china.documents]
    assert dates == sorted(dates) and len(dates) == 2
    early, late = china.documents
    assert early.adopted.startswith("2022") and late.adopted.startswith("2024")
    assert "troubled" in early.verbs_of("concern")
    assert "condemn" not in early.counts
    assert "deploring" in late.verbs_of("condemn")
    assert "concern" not in late.counts
    # each act carries its clause and that clause's text, which prints the verb
    for d in china.documents:
        for act in d.acts:
            assert act.verb.lower() in act.text.lower()
            assert "China" in act.text or "PRC" in act.text
    text = actor(china)
    assert text.index("troubled") < text.index("deploring")
    assert text.index(early.document) < text.index(late.document)


def test_only_actors_and_every_stance_act_listed(corpus_store):
    actors = stance_over_time(corpus_store)
    assert actors and {a.type for a in actors} <= ACTOR_TYPES
    # every (document, clause, stance, verb) of the stances query about an actor is in the timeline
    expected = {(str(r[0]), str(r[1]), str(r[3]), str(r[2]), str(r[4])) for r in run_named(corpus_store, "stances").rows
                if str(r[6]) in ACTOR_TYPES}
    got = {(d.document, a.clause, a.stance, a.verb, actor.entity)
           for actor in actors for d in actor.documents for a in d.acts}
    assert got == expected


def test_unknown_entity_is_an_error(corpus_store):
    with pytest.raises(QueryError, match="no entity named"):
        stance_over_time(corpus_store, "Atlantis")
