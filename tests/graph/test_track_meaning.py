"""Recurring asks found by meaning: what is asked of whom about what (action families, objects, actors,
instruments, targets), on the seeds and on hand-written pairs that must and must not link."""
from __future__ import annotations

from clausegraph.graph.query.track import Ask, Words, entity_idf, frame, link, track
from clausegraph.graph.query.tracking import object_words, tracking, vocabulary

SEED_REPEATS = {("16.a", "18.d"), ("16.c", "18.a"), ("16.e", "18.c"), ("16.h", "18.k"), ("16.l", "18.n"),
                ("16.o", "18.i")}


def test_the_seeds_repeats_are_linked_each_with_its_reason(corpus_store):
    result = tracking(corpus_store)
    pairs = {(x.earlier.clause, x.later.clause) for x in result.links}
    assert SEED_REPEATS <= pairs
    assert len(pairs - SEED_REPEATS) <= 2
    for x in result.links:
        reasons = {k for k, v in x.evidence.items() if v and k != "overlap"}
        assert reasons & {"entities", "targets", "objects", "actors"}, x.evidence
        assert reasons & {"actions", "objects"}, x.evidence


def test_the_object_of_an_action_and_whom_it_is_for_are_in_the_frame():
    families, _ = vocabulary()
    ask = Ask("a.txt", "1.a", "2020-01-01", ("sustain", "increase"), (), None,
              "to sustain and increase military and humanitarian support for Ukraine, while delivering on pledges")
    fams, objects = frame(ask, families, object_words())
    assert {"strengthen", "support"} <= fams
    assert {"military", "humanitarian", "support", "ukraine"} <= objects
    assert "pledge" not in objects  # after "while": another phrase


GEORGIA = ("ent:georgia", "Georgia", "State")
MOLDOVA = ("ent:moldova", "Moldova", "State")
RUSSIA = ("ent:russia", "Russia", "State")
FRANCE = ("ent:france", "France", "State")


def _asks():
    early = Ask("2020.txt", "5.b", "2020-05-01", ("step up",), (GEORGIA, MOLDOVA, RUSSIA), None,
                "to step up practical support for partners under Russian pressure, notably Georgia and Moldova")
    later = Ask("2023.txt", "9.c", "2023-05-01", ("reassure",), (GEORGIA, MOLDOVA, RUSSIA), None,
                "to keep reassuring partners by supporting the efforts of Georgia and Moldova against Russia")
    unrelated = Ask("2023.txt", "9.d", "2023-05-01", ("hold",), (RUSSIA, FRANCE), None,
                    "to hold consultations in France on the reform of the budget procedure")
    fillers = [Ask("2021.txt", f"{i}", "2021-05-01", ("condemn",), (RUSSIA,), None, "to note Russia's actions")
               for i in range(20)]
    return early, later, unrelated, fillers


def test_rare_actors_in_common_with_an_action_family_link_without_shared_words():
    families, _ = vocabulary()
    early, later, unrelated, fillers = _asks()
    idf = entity_idf([early, later, unrelated, *fillers], families, object_words())
    found = link(early, later, families, idf, words=object_words())
    assert found is not None
    assert found.evidence["actors"] == ["Georgia", "Moldova"]
    assert "support" in found.evidence["actions"]


def test_a_common_actor_alone_does_not_link():
    families, _ = vocabulary()
    early, _, unrelated, fillers = _asks()
    idf = entity_idf([early, unrelated, *fillers], families, object_words())
    assert link(early, unrelated, families, idf, words=object_words()) is None


def test_an_ask_is_renewed_by_its_best_match_only():
    families, urgency = vocabulary()
    early, later, unrelated, fillers = _asks()
    twin = Ask("2023.txt", "9.e", "2023-05-01", ("support",), (GEORGIA, RUSSIA), None,
               "to support Georgia's reforms")
    result = track([early, *fillers, later, unrelated, twin], families, set(urgency), words=object_words())
    assert [(x.earlier.clause, x.later.clause) for x in result.links if x.earlier is early] == [("5.b", "9.c")]


def test_without_word_lists_the_frame_still_reads_actions():
    families, _ = vocabulary()
    fams, _ = frame(Ask("a", "1", None, ("deter",), (), None, "to deter aggression"), families, Words())
    assert "counter" in fams
