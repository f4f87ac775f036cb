"""The ontology as a vocabulary others can reuse: every term the annotator writes or reads is declared,
labelled in words and explained; object and datatype properties are used as declared; Wikidata links are
skos:exactMatch (a close identity a reader can follow), never owl:sameAs (which would merge the two
descriptions for a reasoner)."""
from __future__ import annotations

from pathlib import Path

import pytest
from clausegraph.ingest import build_document
from clausegraph.resources import ontology_dir
from clausegraph.vocab import CG
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, Graph, Literal
from rdflib.namespace import SH, SKOS

ROOT = Path(__file__).resolve().parent.parent
SHAPES = Path(__file__).resolve().parent / "data" / "ontology" / "vocabulary-shapes.ttl"
DATA_FILES = ("stances.ttl", "entities.ttl", "patterns.ttl")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_dir() / "clausegraph.ttl")


@pytest.fixture(scope="module")
def built() -> Graph:
    """The graphs of the shipped corpus and of the written test resolutions."""
    g = Graph()
    files = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests/ingest/data/relations").glob("*.txt"))
    assert files
    for f in files:
        g += build_document(f).graph
    return g


def test_the_ontology_passes_its_vocabulary_shapes(ontology):
    conforms, _, text = validate(ontology, shacl_graph=Graph().parse(SHAPES), allow_warnings=False)
    assert conforms, text


def test_the_vocabulary_shapes_catch_a_code_name_and_a_missing_comment(ontology):
    broken = Graph() + ontology
    broken.set((CG.SpeechAct, RDFS.label, Literal("SpeechAct", lang="en")))
    broken.remove((CG.verb, RDFS.comment, None))
    conforms, report, _ = validate(broken, shacl_graph=Graph().parse(SHAPES))
    assert not conforms
    focus = {str(o) for o in report.objects(None, SH.focusNode)}
    assert {str(CG.SpeechAct), str(CG.verb)} <= focus


def _declared(ontology: Graph, term) -> bool:
    return any(t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for t in ontology.objects(term, RDF.type))


def test_every_term_the_annotator_writes_is_declared(ontology, built):
    used = {p for p in built.predicates() if str(p).startswith(str(CG))}
    used |= {o for o in built.objects(None, RDF.type) if str(o).startswith(str(CG))}
    assert len(used) > 20
    assert sorted(t.split("#")[1] for t in used if not _declared(ontology, t)) == []


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_term_the_annotator_reads_is_declared(ontology, name):
    data = Graph().parse(ontology_dir() / name)
    used = {p for p in data.predicates() if str(p).startswith(str(CG))}
    used |= {o for o in data.objects(None, RDF.type) if str(o).startswith(str(CG))}
    assert sorted(t.split("#")[1] for t in used if not _declared(ontology, t)) == []


def test_properties_are_used_as_declared(ontology, built):
    wrong = []
    for p in {p for p in built.predicates() if str(p).startswith(str(CG))}:
        objects = set(built.objects(None, p))
        if (p, RDF.type, OWL.ObjectProperty) in ontology and any(isinstance(o, Literal) for o in objects):
            wrong.append(f"{p.split('#')[1]}: an object property with a literal value")
        if (p, RDF.type, OWL.DatatypeProperty) in ontology and any(not isinstance(o, Literal) for o in objects):
            wrong.append(f"{p.split('#')[1]}: a datatype property with an IRI value")
    assert wrong == []


def test_wikidata_links_are_exact_matches_not_identity(built):
    assert not list(built.triples((None, OWL.sameAs, None)))
    links = {str(o) for o in built.objects(None, SKOS.exactMatch)}
    assert "http://www.wikidata.org/entity/Q159" in links  # Russia, named in every seed
    entities = Graph().parse(ontology_dir() / "entities.ttl")
    assert not list(entities.triples((None, OWL.sameAs, None)))
