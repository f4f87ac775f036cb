"""Decisions and asks taken up, over a store holding the corpus, an Assembly resolution and a later summit
declaration (tests/ingest/data/summits/): two of the resolution's three asks are taken up, the third is not."""
from __future__ import annotations

from pathlib import Path

import pytest
from clausegraph.graph.query.named import run_named
from clausegraph.graph.store.terms import plain
from clausegraph.vocab import ENT

ROOT = Path(__file__).resolve().parents[2]
SUMMITS = ROOT / "tests" / "ingest" / "data" / "summits"
RESOLUTION = "2026-10-12-lisbon-resolution-512.txt"
SUMMIT = "2027-07-08-harbourton-summit-declaration.txt"


def E(key: str) -> str:
    return str(ENT[key])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from clausegraph.graph.store import open_store
    from clausegraph.pipeline import load_paths

    s = open_store(tmp_path_factory.mktemp("decisions") / "store")
    summary = load_paths(s, [ROOT / "corpus", SUMMITS / RESOLUTION, SUMMITS / SUMMIT])
    assert not summary.failed, summary.failed
    return s


def _rows(store, name, **params):
    result = run_named(store, name, **params)
    return [dict(zip(result.columns, (plain(v) for v in row), strict=True)) for row in result.rows]


def test_two_asks_are_taken_up_and_the_third_is_not(store):
    rows = _rows(store, "asks-taken-up")
    assert [(r["document"], r["clause"], r["decided_in"], r["decided_clause"]) for r in rows] == [
        (RESOLUTION, "3.a", SUMMIT, "3"), (RESOLUTION, "3.b", SUMMIT, "4")]
    fund, spending = rows
    assert fund["instrument"] == E("fund-infrastructure-nato-undersea")
    assert (fund["action"], fund["asked_on"], fund["decided_on"]) == ("establish", "2026-10-12", "2027-07-08")
    assert "fund" in fund["why"] and spending["why"] == "same target: 3% of GDP"


def test_a_decision_taken_before_an_ask_does_not_take_it_up(store):
    assert all(r["decided_on"] > r["asked_on"] for r in _rows(store, "asks-taken-up"))
    assert _rows(store, "asks-taken-up", document="2024-11-25-montreal-resolution-494.txt") == []


def test_decisions_list_maker_actions_instrument_target_and_deadline(store):
    rows = _rows(store, "decisions", document=SUMMIT)
    first = rows[0]
    assert (first["clause"], first["maker"], first["actions"], first["instrument"], first["target"],
            first["deadline"], first["deadline_date"]) == (
        "3", E("nato"), "establish", E("fund-infrastructure-nato-undersea"), "EUR 3 billion", "by 2029",
        "2029-12-31")
    named = next(r for r in rows if "canada" in r["maker"])
    assert set(named["maker"].split("; ")) == {E("canada"), E("norway"), E("poland")}
    assert len(rows) == 6


def test_speech_acts_say_who_speaks(store):
    rows = _rows(store, "clause-stances")
    speakers = {r["document"]: r["speaker"] for r in rows}
    assert speakers[SUMMIT] == E("nato")
    assert speakers[RESOLUTION] == speakers["2024-11-25-montreal-resolution-494.txt"] == \
        E("nato-parliamentary-assembly")


def test_summit_threat_statements_are_in_clause_threats(store):
    rows = _rows(store, "clause-threats", document=SUMMIT)
    assert {(r["clause"], r["posed_by"]) for r in rows} >= {("1", E("russia"))}


def test_decisions_are_not_tracked_as_asks(store):
    rows = _rows(store, "asks")
    assert {r["document"] for r in rows} == {RESOLUTION, "2024-11-25-montreal-resolution-494.txt",
                                             "2022-05-30-vilnius-declaration-confronting-russias-threat.txt"}
