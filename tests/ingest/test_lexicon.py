"""The entity types come from the ontology (clausegraph.ttl), not from lists in the code: a class added
under cg:Actor (at any depth) makes its entities actors; one added under cg:Entity only does not."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF

from graph.load import entity_triples
from ingest import build_document
from ingest.lexicon import ONTOLOGY, load_lexicon
from ingest.vocab import CG, ENT

TEXT = """RESOLUTION 999
on private armies

The Assembly,

1. Condemning the disinformation campaigns carried out by the Wagner Group in Africa;
2. URGES member governments to sanction the Wagner Group;
"""


def ontology_with(tmp_path: Path, parent: str) -> Path:
    """A copy of ontology/ with a new class cg:PrivateArmy under parent; the Wagner Group becomes one."""
    folder = tmp_path / f"ontology-{parent}"
    shutil.copytree(ONTOLOGY, folder)
    entities = folder / "entities.ttl"
    text = entities.read_text(encoding="utf-8")
    assert "ent:wagner-group a cg:NonStateActor ;" in text
    entities.write_text(text.replace("ent:wagner-group a cg:NonStateActor ;", "ent:wagner-group a cg:PrivateArmy ;"),
                        encoding="utf-8")
    with (folder / "clausegraph.ttl").open("a", encoding="utf-8") as f:
        f.write(f'\ncg:PrivateArmy a owl:Class ; rdfs:subClassOf cg:{parent} ; skos:notation "PrivateArmy" .\n')
    return folder


def test_the_shipped_ontology_gives_the_types():
    lex = load_lexicon()
    assert lex.actor_types == {"State", "Organisation", "NonStateActor"}
    assert set(lex.entity_types) == {"State", "Organisation", "NonStateActor", "Instrument", "Event", "Place",
                                     "Threat", "Target"}
    assert {e.type for e in lex.entities.values()} <= set(lex.entity_types)


@pytest.mark.parametrize(("parent", "actor"), [("NonStateActor", True), ("Actor", True), ("Entity", False)])
def test_a_new_class_is_an_entity_type_and_an_actor_only_under_actor(tmp_path, parent, actor):
    lex = load_lexicon(ontology_with(tmp_path, parent))
    assert "PrivateArmy" in lex.entity_types
    assert ("PrivateArmy" in lex.actor_types) is actor
    assert lex.entities["wagner-group"].type == "PrivateArmy"
    source = tmp_path / "private-armies.txt"
    source.write_text(TEXT, encoding="utf-8")
    built = build_document(source, lex)
    wagner = ENT["wagner-group"]
    assert (wagner, RDF.type, CG.PrivateArmy) in built.graph
    # the entity goes into the shared entities graph like any other typed entity
    assert (wagner, RDF.type, CG.PrivateArmy) in entity_triples(built.graph, lex)
    # only an actor is linked as the one who poses a threat
    posed = set(built.graph.subjects(CG.posedBy, wagner))
    assert bool(posed) is actor
