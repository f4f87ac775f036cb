"""What a store holds besides documents: the vocabulary graph and the shared entities graph, kept in step with the
document graphs (the pipeline module writes those)."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from clausegraph.errors import ClauseGraphError
from clausegraph.graph.store.base import ONTOLOGY_GRAPH, Store
from clausegraph.resources import ontology_dir, query_dir
from clausegraph.vocab import CG, ID, load_types
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SKOS

VOCABULARIES = ("clausegraph.ttl", "stances.ttl")
ENTITIES_GRAPH = f"{ID}graph/entities"


def vocabulary_graph(directory: Path | None = None) -> Graph:
    """The model and the stance scheme, kept in the store's ontology graph so queries see stance labels."""
    folder = directory or ontology_dir()
    g = Graph()
    for name in VOCABULARIES:
        g.parse(folder / name, format="turtle")
    return g


def ensure_vocabulary(store: Store) -> None:
    """Write the ontology graph when it is missing or out of date."""
    files = tuple((name, (ontology_dir() / name).stat().st_mtime_ns) for name in VOCABULARIES)
    digest = _vocabulary_digest(files)
    from rdflib import Literal, URIRef

    if store.content_hash(ONTOLOGY_GRAPH) != digest:
        g = vocabulary_graph()
        g.add((URIRef(ONTOLOGY_GRAPH), CG.contentHash, Literal(digest)))
        store.replace_graph(ONTOLOGY_GRAPH, g)


@lru_cache(maxsize=4)
def _vocabulary_digest(files: tuple[tuple[str, int], ...]) -> str:
    """The digest of the vocabulary's triples, computed once per version of its files."""
    g = vocabulary_graph()
    return hashlib.sha256("".join(sorted(t.n3() for triple in g for t in triple)).encode()).hexdigest()


@lru_cache(maxsize=1)
def ontology_entity_types() -> tuple[str, ...]:
    """The entity types of the shipped ontology (classes under cg:Entity with a skos:notation)."""
    types, _ = load_types(Graph().parse(ontology_dir() / "clausegraph.ttl", format="turtle"))
    return tuple(sorted(types.values()))


def derive_entity_labels(store: Store) -> None:
    """Rebuild the entities graph: one preferred label for each entity found by pattern."""
    store.update((query_dir() / "entity-labels.ru").read_text(encoding="utf-8"))


def entity_triples(graph: Graph, types: Iterable[str] | None = None) -> Graph:
    """The triples of a document graph that describe entities (type, labels, Wikidata link): those of every
    subject typed with one of the entity types (the ontology's when omitted)."""
    out = Graph()
    for cls in (CG[t] for t in (ontology_entity_types() if types is None else types)):
        for e in graph.subjects(RDF.type, cls):
            for p, o in graph.predicate_objects(e):
                out.add((e, p, o))
    return out


def entities_update(graph: Graph, types: Iterable[str] | None = None) -> str:
    """The update that puts a document's entities into the entities graph, so that the document's graph
    and its entities' entries are written in one transaction: each entity triple once (a graph is a set),
    and a preferred label for each entity found by pattern (entity-labels.ru, limited to these entities).
    Entries of entities no document names any more go at the next whole rebuild (derive_entity_labels).
    types: the entity types the document was built with (the ontology's when omitted)."""
    described = entity_triples(graph, types)
    if not len(described):
        return ""
    insert_entities = (f"INSERT DATA {{ GRAPH <{ENTITIES_GRAPH}> {{\n{described.serialize(format='nt')}\n}} }} ;\n")
    found = sorted({s for s in graph.subjects(SKOS.altLabel, None) if (s, SKOS.prefLabel, None) not in graph},
                   key=str)
    if not found:
        return insert_entities.rstrip(" ;\n")
    values = "VALUES ?e { " + " ".join(e.n3() for e in found if isinstance(e, URIRef)) + " }"
    text = (query_dir() / "entity-labels.ru").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    prefixes = "\n".join(line for line in body.splitlines() if line.startswith("PREFIX"))
    marker = f"INSERT {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e skos:prefLabel ?label }} }}"
    if marker not in body:
        raise ClauseGraphError("queries/entity-labels.ru no longer ends with the preferred-label selection")
    insert = body[body.index(marker):]
    delete = (f"DELETE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e skos:prefLabel ?old }} }} "
              f"WHERE {{ {values} GRAPH <{ENTITIES_GRAPH}> {{ ?e skos:prefLabel ?old }} "
              f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?e skos:prefLabel ?old }} FILTER(?h != <{ENTITIES_GRAPH}>) }} }} ;")
    innermost = "SELECT ?e (MAX(STRLEN(STR(?x))) AS ?n) WHERE {"
    if innermost not in insert:
        raise ClauseGraphError("queries/entity-labels.ru no longer has the expected label selection")
    insert = insert.replace(innermost, innermost + " " + values, 1)
    # no prologue: this update follows another in the same request, and Oxigraph takes PREFIX only at the start
    update = insert_entities + delete + insert
    for prefix, iri in re.findall(r"PREFIX\s+(\w*):\s*<([^>]*)>", prefixes):
        update = re.sub(rf"(?<![\w<]){prefix}:(\w+)", rf"<{iri}\1>", update)
    return update
