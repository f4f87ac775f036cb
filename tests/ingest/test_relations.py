"""Relations (ingest/relations.py): whom a stance blames or credits, and who poses which threat.

Texts are written for these tests (not the seeds); expectations follow the gold README's rules."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from clausegraph.ingest import build_source, parse
from clausegraph.ingest.read import Source, read_source
from clausegraph.vocab import CG

DATA = Path(__file__).parent / "data" / "relations"


def _source(text: str) -> Source:
    return Source(name="t.txt", path=Path("t.txt"), text=text, format="text")


def _unit(clause: str):
    _, anns = parse(_source(f"The Assembly,\n\n1. {clause}\n"))
    return anns[0]


def _targets(ann) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for i, v in enumerate(ann.verbs):
        if i in ann.targets:
            out.setdefault(v.stance, set()).update(e.label for e in ann.targets[i])
    return {k: v for k, v in out.items() if v}


def _threats(ann) -> set[tuple[str, str | None]]:
    return {(t.posed_by.label, t.threat.label if t.threat else None) for t in ann.threats}


@pytest.mark.parametrize("path", sorted(DATA.glob("*.txt")), ids=lambda p: p.stem)
@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_relations_of_a_written_resolution_match_its_annotation(path):
    want = json.loads(path.with_suffix(".json").read_text())["clauses"]
    _, anns = parse(read_source(path))
    have = {a.unit.id: a for a in anns}
    assert set(want) <= set(have)
    for cid, w in want.items():
        ann = have[cid]
        assert _targets(ann) == {k: set(v) for k, v in w["targets"].items() if v}, cid
        assert _threats(ann) == {(a, t) for a, t in w["threats"]}, cid


@pytest.mark.parametrize(("clause", "stance", "blamed"), [
    # "its" is the doer named before it, not the victim
    ("Condemning the seizure of Georgia's territory by Russia and its continued war against Ukraine;",
     "condemn", {"Russia"}),
    # suppliers to a war are blamed, the war's owner is its beneficiary here
    ("Deploring the weapons supplied by the Iranian and North Korean regimes to Russia's armed forces;",
     "condemn", {"Iran", "North Korea"}),
    # a welcomed act belongs to its doer; the aggressor it resists is not credited
    ("Praising Ukraine's defence against Russia's invasion;", "welcome", {"Ukraine"}),
    # an organisation used as a venue is not blamed
    ("Condemning Russia's misuse of international bodies, notably Interpol, to hunt down exiled journalists;",
     "condemn", {"Russia"}),
    # a beneficiary is not credited; the giver is
    ("Applauding the financial aid provided to Moldova by the European Union;", "welcome", {"European Union"}),
    # the object itself
    ("Welcoming Sweden as the newest member of the Alliance;", "welcome", {"Sweden"}),
    ("Concerned that China is expanding its nuclear arsenal with no transparency towards Japan;", "concern",
     {"China"}),
    # an actor inside an instrument's title is not credited for welcoming its establishment
    ("Welcoming the establishment of the NATO Integrated Air and Missile Defence Centre for Ukraine;", "welcome",
     set()),
    # joint acts: each partner is blamed
    ("Alarmed by the deepening military co-operation between Iran and Russia;", "concern", {"Iran", "Russia"}),
])
def test_stance_targets_are_the_doers(clause, stance, blamed):
    ann = _unit(clause)
    assert _targets(ann).get(stance, set()) == blamed


def test_each_verb_gets_the_targets_of_its_own_complement():
    ann = _unit("Welcoming Finland's decision to raise defence spending, and condemning Belarus' attacks on "
                "Lithuania's border;")
    assert [(v.stance, {e.label for e in ann.targets[i]}) for i, v in enumerate(ann.verbs)] == [
        ("welcome", {"Finland"}), ("condemn", {"Belarus"})]


@pytest.mark.parametrize(("clause", "threats"), [
    ("Stressing that Russia represents the gravest threat to peace in Europe;", {("Russia", None)}),
    ("Mindful of the long-term challenges which China poses to Allied interests;", {("China", None)}),
    ("Noting the cyber attacks from Russia and its proxies against Allied hospitals;",
     {("Russia", "cyberattacks")}),
    ("Recalling Russia's hybrid threats and their effects, including disinformation;",
     {("Russia", "hybrid threats"), ("Russia", "disinformation")}),
    ("Recognising that Iran's actions threaten stability in the Middle East;", {("Iran", None)}),
    ("Stressing that Allies must respond to the threats directed against them;", set()),
    ("Recognising that terrorism remains a persistent threat to Allied citizens;", set()),
    ("Condemning Russia's attacks on Ukraine's energy grid;", set()),  # a stance, not a threat statement
    ("Recognising the security risks of climate change for NATO's southern flank;", set()),
])
def test_threat_statements(clause, threats):
    assert _threats(_unit(clause)) == threats


@pytest.mark.parametrize(("clause", "verb", "stance"), [
    ("Warning that Belarus is hosting Russian nuclear weapons;", "Warning", "concern"),
    ("Criticising the expulsion of Allied diplomats from Minsk;", "Criticising", "condemn"),
    ("Lamenting the loss of civilian lives in Kharkiv;", "Lamenting", "concern"),
    ("Apprehensive about the arms race in the Arctic;", "Apprehensive", "concern"),
    ("Expressing strong concern at the jamming of satellite signals;", "Expressing strong concern", "concern"),
    ("Expressing deep concern over the detention of journalists;", "Expressing deep concern", "concern"),
    ("Conveying its admiration for the people of Ukraine;", "Conveying its admiration", "welcome"),
    ("Expressing admiration for the work of the deminers;", "Expressing admiration", "welcome"),
    ("Grateful to Canada for leading the battlegroup in Latvia;", "Grateful", "welcome"),
    ("Highly valuing the contribution of Allied parliaments;", "Highly valuing", "welcome"),
    ("Aware that deterrence rests on credible capabilities;", "Aware", "note"),
    ("Taking note of the report of the Secretary General;", "Taking note", "note"),
    ("Fully sharing the goals of the Strategic Concept;", "Fully sharing", "affirm"),
    ("Reiterating its firm condemnation of the Wagner Group's crimes in Africa;",
     "Reiterating its firm condemnation", "condemn"),
])
def test_stance_words(clause, verb, stance):
    ann = _unit(clause)
    assert [(v.text, v.stance) for v in ann.verbs][:1] == [(verb, stance)]


def test_a_nominal_stance_has_targets_and_an_operative_form():
    ann = _unit("Reiterating its firm condemnation of the atrocities committed by the Wagner Group in Mali;")
    assert _targets(ann) == {"condemn": {"Wagner Group"}}
    _, anns = parse(_source("The Assembly,\n\n1. Recalling its earlier texts;\n\n2. EXPRESSES its deep concern at "
                            "Belarus' forced deportation of children;\n"))
    assert [(v.text, v.stance) for v in anns[1].verbs] == [("EXPRESSES its deep concern", "concern")]
    assert _targets(anns[1]) == {"concern": {"Belarus"}}


def test_threat_statements_are_nodes_of_the_clause_graph():
    built = build_source(_source("The Assembly,\n\n1. Stressing that Russia's disinformation campaigns remain a "
                                 "threat to democratic institutions;\n"))
    g = built.graph
    statements = list(g.subjects(CG.posedBy, None))
    assert statements
    clause = next(g.subjects(CG.clauseId, None))
    for s in statements:
        assert (clause, CG.hasThreatStatement, s) in g
        assert (s, CG.inClause, clause) in g
    assert {str(g.value(s, CG.posedBy)).rsplit("/", 1)[-1] for s in statements} == {"russia"}
