"""Summit declarations: who speaks, every speaker sentence with a stance verb a speech act, every decision a
commitment made with its maker, actions, instrument, target and deadline (ingest/speakers.py, decisions.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from clausegraph.ingest import build_document, build_source
from clausegraph.ingest.decisions import SummitReader, sentences
from clausegraph.ingest.gazetteer import ref
from clausegraph.ingest.lexicon import load_lexicon
from clausegraph.ingest.read import Source
from clausegraph.vocab import CG, ENT
from rdflib import RDF, URIRef

DATA = Path(__file__).parent / "data" / "summits"
HARBOURTON = DATA / "2027-07-08-harbourton-summit-declaration.txt"
CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def summit():
    return build_document(HARBOURTON)


def _unit(built, uid):
    return next(a for a in built.annotations if a.unit.id == uid)


def test_a_summit_speaks_with_the_alliance_and_an_assembly_text_with_the_assembly(summit):
    speakers = set(summit.graph.objects(None, CG.speaker))
    assert speakers == {URIRef(ENT.nato)}
    for path in CORPUS.glob("*.txt"):
        assert set(build_document(path).graph.objects(None, CG.speaker)) == {URIRef(ENT["nato-parliamentary-assembly"])}


def test_every_speaker_sentence_with_a_stance_verb_is_a_speech_act(summit):
    acts = [(a.unit.id, v.text, v.stance) for a in summit.annotations for v in a.verbs]
    assert acts == [("2", "condemn", "condemn"), ("2", "deeply concerned", "concern"), ("2", "welcome", "welcome"),
                    ("6", "reaffirm", "affirm"), ("6", "note", "note")]


def test_condemned_and_worrying_actors_are_the_doers(summit):
    two = _unit(summit, "2")
    assert [[e.key for e in two.targets[i]] for i in range(3)] == [["russia"], ["russia", "iran"], []]


def test_a_threat_statement_of_a_summit_sentence_names_its_actor(summit):
    assert [(t.posed_by.key, t.threat) for t in _unit(summit, "1").threats] == [("russia", None)]


def _decisions(built):
    return [(a.unit.id, d) for a in built.annotations for d in a.decisions]


def test_every_decision_is_a_commitment_made_with_maker_action_instrument_target_deadline(summit):
    found = [(uid, [m.key for m in d.makers], d.actions, d.instrument.key if d.instrument else None, d.creates,
              [t.label for t in d.targets], d.deadline, d.deadline_date) for uid, d in _decisions(summit)]
    assert found == [
        ("3", ["nato"], ["establish"], "fund-infrastructure-nato-undersea", True, ["EUR 3 billion"], "by 2029",
         "2029-12-31"),
        ("4", ["nato"], ["invest"], None, False, ["3% of GDP"], "by 2032", "2032-12-31"),
        ("4", ["nato"], ["move"], None, False, [], "within a decade", "2037-07-08"),
        ("5", ["nato"], ["deliver"], None, False, ["EUR 40 billion"], "within the next year", "2028-07-08"),
        ("5", ["canada", "norway", "poland"], ["fund"], None, False, [], None, None),
        ("6", ["nato"], ["strengthen"], None, False, [], None, None),
    ]


def test_decisions_are_commitments_made_and_asks_commitments_asked(summit):
    g = summit.graph
    made = set(g.subjects(RDF.type, CG.CommitmentMade))
    assert len(made) == 6 and not set(g.subjects(RDF.type, CG.CommitmentAsked))
    assert made == set(g.subjects(RDF.type, CG.Commitment))
    fund = URIRef(ENT["fund-infrastructure-nato-undersea"])
    assert len(list(g.subjects(CG.creates, fund))) == 1
    assert {str(o) for o in g.objects(None, CG.deadlineDate)} >= {"2029-12-31", "2037-07-08"}
    vilnius = build_document(sorted(CORPUS.glob("*.txt"))[0]).graph
    asked = set(vilnius.subjects(RDF.type, CG.CommitmentAsked))
    assert len(asked) == 15 and not set(vilnius.subjects(RDF.type, CG.CommitmentMade))
    assert set(vilnius.objects(None, CG.askedBy)) == {URIRef(ENT["nato-parliamentary-assembly"])}


def test_a_sentence_that_only_mentions_a_speaker_word_is_no_speech_act():
    lex = load_lexicon()
    reader = SummitReader(lex, ref(lex.entities["nato"]))
    text = "The meeting that we held was useful. Allies, whose forces we welcome, condemn nothing here."
    spans = sentences(text)
    assert len(spans) == 2
    verb, decision = reader.read(text, *spans[0], [], None)
    assert verb is None and decision is None


def test_european_council_conclusions_speak_with_the_european_council():
    text = ("EUROPEAN COUNCIL CONCLUSIONS ON SECURITY\n\n1. The European Council condemns the attacks on "
            "shipping in the Baltic Sea. The European Council has decided to establish a Maritime Security Fund.\n")
    name = "2026-03-20-european-council-conclusions.txt"
    built = build_source(Source(name, Path(name), text, "text"))
    assert set(built.graph.objects(None, CG.speaker)) == {URIRef(ENT["european-council"])}
    assert [v.stance for a in built.annotations for v in a.verbs] == ["condemn"]


def test_every_term_of_the_summit_data_is_declared_in_the_ontology():
    from clausegraph.resources import ontology_dir
    from rdflib import OWL, Graph

    ontology = Graph().parse(ontology_dir() / "clausegraph.ttl")
    data = Graph().parse(ontology_dir() / "summits.ttl")
    used = {p for p in data.predicates() if str(p).startswith(str(CG))}
    used |= {o for o in data.objects(None, RDF.type) if str(o).startswith(str(CG))}
    declared = {t for t in used if set(ontology.objects(t, RDF.type)) & {OWL.Class, OWL.ObjectProperty,
                                                                         OWL.DatatypeProperty}}
    assert sorted(str(t) for t in used - declared) == []
