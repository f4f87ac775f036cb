"""The entity types come from the ontology (clausegraph.ttl), not from lists in the code: a class added
under cg:Actor (at any depth) makes its entities actors; one added under cg:Entity only does not."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from clausegraph.errors import InputError
from clausegraph.graph.query.named import run_named
from clausegraph.graph.store import ONTOLOGY_GRAPH, open_store
from clausegraph.graph.store.load import ENTITIES_GRAPH, derive_entity_labels, entity_triples, vocabulary_graph
from clausegraph.graph.store.terms import plain
from clausegraph.ingest import build_document
from clausegraph.ingest.lexicon import ONTOLOGY, load_lexicon
from clausegraph.pipeline import Summary, write
from clausegraph.vocab import CG, ENT
from rdflib import RDF, Graph, URIRef

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
    # every entity of the gazetteer is kept (none has a type the ontology does not know)
    gazetteer = Graph().parse(ONTOLOGY / "entities.ttl")
    assert len(lex.entities) == len({s for s in gazetteer.subjects(RDF.type, None) if str(s).startswith(str(ENT))})


@pytest.mark.parametrize(("parent", "actor"), [("NonStateActor", True), ("Actor", True), ("Entity", False)])
@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
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
    assert (wagner, RDF.type, CG.PrivateArmy) in entity_triples(built.graph, lex.entity_types)
    # only an actor is linked as the one who poses a threat
    posed = set(built.graph.subjects(CG.posedBy, wagner))
    assert bool(posed) is actor


def test_the_store_follows_the_ontology_types(tmp_path):
    """Written, rebuilt (as after a re-ingest) and queried: the entity of a new type under cg:NonStateActor
    stays in the entities graph, and the queries count it as an actor."""
    folder = ontology_with(tmp_path, "NonStateActor")
    lex = load_lexicon(folder)
    source = tmp_path / "private-armies.txt"
    source.write_text(TEXT, encoding="utf-8")
    store = open_store(tmp_path / "store")
    store.replace_graph(ONTOLOGY_GRAPH, vocabulary_graph(folder))
    write(store, build_document(source, lex), Summary())
    wagner = "https://w3id.org/clausegraph/id/entity/wagner-group"
    ask = f"ASK {{ GRAPH <{ENTITIES_GRAPH}> {{ <{wagner}> a <{CG.PrivateArmy}> }} }}"
    assert bool(store.query(ask).rows[0][0])
    derive_entity_labels(store)  # the whole rebuild after a document is replaced
    assert bool(store.query(ask).rows[0][0])
    assert "PrivateArmy" in {plain(r[0]) for r in run_named(store, "actor-types").rows}
    entities = {plain(r[0]): plain(r[2]) for r in run_named(store, "entities").rows}
    assert entities[wagner] == "PrivateArmy"
    actors = {plain(r[0]) for r in run_named(store, "stance-actors").rows}
    assert wagner in actors
    over_time = run_named(store, "stance-over-time", entity=wagner).rows
    assert over_time and {plain(r[0]) for r in over_time} == {wagner}
    assert URIRef(wagner) in set(build_document(source, lex).graph.subjects())
    store.close()


def test_a_type_whose_notation_is_not_its_name_is_refused(tmp_path):
    folder = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, folder)
    with (folder / "clausegraph.ttl").open("a", encoding="utf-8") as f:
        f.write('\ncg:PrivateArmy a owl:Class ; rdfs:subClassOf cg:Actor ; skos:notation "Private army" .\n')
    with pytest.raises(InputError, match="notation 'Private army'.*'PrivateArmy' for cg:PrivateArmy"):
        load_lexicon(folder)


def test_an_entity_of_an_unknown_type_is_refused(tmp_path):
    folder = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, folder)
    entities = folder / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "ent:wagner-group a cg:NonStateActor ;", "ent:wagner-group a cg:NonStateActr ;"), encoding="utf-8")
    with pytest.raises(InputError, match="wagner-group> is a cg:NonStateActr, which is not an entity type"):
        load_lexicon(folder)


def test_validation_takes_the_types_from_the_ontology(tmp_path, monkeypatch):
    """Shapes and rules name cg:Entity and cg:Actor, not the types: an entity of a new type under
    cg:NonStateActor conforms, and posing a threat is an actor's; unknown to the model, it would not."""
    import clausegraph.graph.validation.validate as validation

    folder = ontology_with(tmp_path, "NonStateActor")
    source = tmp_path / "2025-05-19-private-armies.txt"  # dated: an undated document is a warning of its own
    source.write_text(TEXT, encoding="utf-8")
    built = build_document(source, load_lexicon(folder))
    data = Graph()
    for t in built.graph:
        data.add(t)
    wagner = str(ENT["wagner-group"])

    def about_wagner(report):
        return sorted((f.severity, f.message) for f in report.findings if f.focus == wagner)

    unknown = validation.validate_graph(data)  # the shipped model has no cg:PrivateArmy
    assert ("Violation", "An entity has exactly one entity type (a class under cg:Entity).") in about_wagner(unknown)
    assert any("no entity type" in m for _, m in about_wagner(unknown))
    monkeypatch.setattr(validation, "MODEL", folder / "clausegraph.ttl")
    for engine in ("sparql", "pyshacl"):
        report = validation.validate_graph(data, engine=engine)
        assert about_wagner(report) == [], engine
        assert report.conforms, [f for f in report.findings if f.severity == "Violation"]
