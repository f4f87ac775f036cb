"""The link rule of recurring asks, on hand-built pairs that must and must not link."""
from __future__ import annotations

from pathlib import Path

import pytest
from clausegraph.graph.query.track import Ask, link, track

FAMILIES = {"place": "establish", "operationalise": "establish", "establish": "establish",
            "reaffirm": "commit", "meet": "commit", "enshrine": "commit", "ensure": "commit",
            "assess": "assess", "address": "counter", "use": "use", "boost": "strengthen",
            "support": "support", "sustain": "strengthen"}
URGENCY = {"without delay", "at least"}
DRC = ("ent:drc", "Democratic Resilience Centre", "Instrument")
NATO = ("ent:nato", "NATO", "Organisation")
CHINA = ("ent:china", "China", "State")
RUSSIA = ("ent:russia", "Russia", "State")
UKRAINE = ("ent:ukraine", "Ukraine", "State")

DRC_2022 = Ask("2022.txt", "16.o", "2022-05-30", ("place",), (NATO, DRC), None,
               "to place shared democratic values at the heart of NATO's response, including through the "
               "establishment of a Democratic Resilience Centre")
DRC_2024 = Ask("2024.txt", "18.i", "2024-11-25", ("operationalise",), (DRC, NATO), "without delay",
               "to operationalise Allies' commitment to democracy, including by establishing without delay "
               "a Centre for Democratic Resilience at NATO Headquarters")
GDP_2022 = Ask("2022.txt", "16.e", "2022-05-30", ("reaffirm", "meet", "enshrine"),
               (("ent:wales", "Wales Defence Investment Pledge", "Instrument"),
                ("ent:2-20", "2%/20% guidelines", "Target")), None,
               "to reaffirm and meet the 2014 Wales Defence Investment Pledge and to enshrine the 2%/20% guidelines")
GDP_2024 = Ask("2024.txt", "18.c", "2024-11-25", ("ensure", "consider"),
               (("ent:2-gdp", "2% of GDP", "Target"), NATO), "without delay",
               "to ensure that all Allies meet at least the 2% GDP defence spending target without delay")
CHINA_2022 = Ask("2022.txt", "16.h", "2022-05-30", ("assess", "address"), (RUSSIA, CHINA), None,
                 "to assess and address the implications of Russia-China co-operation for Euro-Atlantic security")
CHINA_2024 = Ask("2024.txt", "18.k", "2024-11-25", ("use", "boost"), (CHINA, RUSSIA, CHINA), None,
                 "to use political and economic leverages to deter China from supporting Russia's war effort")
UKR_2024 = Ask("2024.txt", "18.d", "2024-11-25", ("sustain",), (UKRAINE,), None,
               "to sustain and increase military, financial, and humanitarian support for Ukraine")


def test_same_instrument_and_action_family_links_and_deadline_strengthens():
    found = link(DRC_2022, DRC_2024, FAMILIES, urgency=URGENCY)
    assert found is not None
    assert (found.earlier, found.later) == (DRC_2022, DRC_2024)
    assert found.evidence["entities"] == ["Democratic Resilience Centre"]
    assert found.evidence["actions"] == ["establish"]
    assert found.label == "strengthened"


def test_order_of_arguments_does_not_matter():
    assert link(DRC_2024, DRC_2022, FAMILIES, urgency=URGENCY).earlier == DRC_2022


def test_targets_compare_by_their_numbers():
    found = link(GDP_2022, GDP_2024, FAMILIES, urgency=URGENCY)
    assert found is not None
    assert found.evidence["targets"] == ["2"]
    assert found.label == "strengthened"


def test_shared_states_alone_do_not_link():
    assert link(CHINA_2022, CHINA_2024, FAMILIES, urgency=URGENCY) is None


def test_asks_of_one_document_never_link():
    same = Ask("2022.txt", "16.x", "2022-05-30", ("place",), (DRC,), None, DRC_2022.text)
    assert link(DRC_2022, same, FAMILIES) is None


def test_different_instruments_with_same_family_do_not_link():
    other = Ask("2024.txt", "18.z", "2024-11-25", ("establish",),
                (("ent:hub", "Strategic Direction-South Hub", "Instrument"),), None,
                "to establish a hub for the south in Naples")
    assert link(DRC_2022, other, FAMILIES) is None


def test_losing_the_deadline_weakens():
    later = Ask("2026.txt", "3.a", "2026-06-01", ("establish",), (DRC,), None,
                "to consider establishing a Democratic Resilience Centre")
    assert link(DRC_2024, later, FAMILIES, urgency=URGENCY).label == "weakened"


def test_track_lists_links_new_and_dropped():
    result = track([DRC_2022, GDP_2022, CHINA_2022, DRC_2024, GDP_2024, CHINA_2024, UKR_2024], FAMILIES, URGENCY)
    pairs = {(x.earlier.clause, x.later.clause, x.label) for x in result.links}
    assert pairs == {("16.o", "18.i", "strengthened"), ("16.e", "18.c", "strengthened")}
    assert {a.clause for a in result.dropped} == {"16.h"}
    assert {a.clause for a in result.new} == {"16.o", "16.e", "16.h", "18.k", "18.d"}


def _every_pair(asks, families, urgency):
    """The rule applied to every pair of asks, as track did before it compared only asks sharing an anchor."""
    from clausegraph.graph.query.track import Tracking, entity_idf, link, mutual

    idf = entity_idf(asks, families)
    order = {d: i for i, (_, d) in enumerate(sorted({(a.date or "", a.document) for a in asks}))}
    by_doc: dict = {}
    for ask in asks:
        by_doc.setdefault(ask.document, []).append(ask)
    links = []
    for later in asks:
        for doc, candidates in by_doc.items():
            if order[doc] < order[later.document]:
                found = [x for x in (link(c, later, families, idf, urgency) for c in candidates) if x]
                if found:
                    links.append(max(found, key=lambda x: x.score))
    return Tracking(sorted(mutual(links), key=lambda x: (x.later.document, x.later.clause)), [], [])


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_comparing_asks_that_share_an_anchor_finds_every_link(tmp_path):
    """track compares only asks that share an instrument, event, threat, target number or rare actor; on
    30 generated resolutions it finds exactly the links of comparing every pair."""
    import sys

    from clausegraph.graph.query.tracking import asks_from_store, vocabulary
    from clausegraph.graph.store import open_store
    from clausegraph.pipeline import load_paths

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from gen_corpus import generate

    store = open_store(tmp_path / "store")
    assert not load_paths(store, generate(tmp_path / "texts", 30, seed=4)).failed
    asks = asks_from_store(store)
    families, urgency = vocabulary()
    got = track(asks, families, set(urgency))
    expected = _every_pair(asks, families, set(urgency))
    assert len(expected.links) > 25
    assert [(x.earlier.key, x.later.key, x.label, x.score) for x in got.links] == \
        [(x.earlier.key, x.later.key, x.label, x.score) for x in expected.links]


def test_undated_documents_sort_last_and_their_asks_are_never_dropped():
    undated_drc = Ask("undated.txt", "3", None, ("establish",), (DRC, NATO), None,
                      "to establish a Democratic Resilience Centre at NATO Headquarters")
    undated_china = Ask("undated.txt", "4", None, ("assess",), (CHINA, RUSSIA), None,
                        "to assess Russia-China co-operation")
    result = track([undated_drc, undated_china, DRC_2022, CHINA_2022], FAMILIES, URGENCY)
    assert [(x.earlier.document, x.later.document) for x in result.links] == [("2022.txt", "undated.txt")]
    # nothing dated comes after 2022.txt: its unmatched ask is not dropped, nor are the undated document's
    assert result.dropped == []
    later = Ask("2024.txt", "1", "2024-11-25", ("support",), (UKRAINE,), None, "to support Ukraine")
    dropped = track([undated_china, CHINA_2022, later], FAMILIES, URGENCY).dropped
    assert [a.clause for a in dropped] == ["16.h"]
