"""Put built documents into a store: one named graph each, replaced whole, unchanged ones skipped."""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SKOS

from errors import ClauseGraphError, InputError
from graph.queries import QUERY_DIR
from graph.store import ONTOLOGY_GRAPH, Store
from ingest import BuiltDocument, build_document, fingerprint
from ingest.lexicon import ONTOLOGY, load_lexicon
from ingest.read import TEXT_SUFFIXES
from ingest.vocab import CG, ID

VOCABULARIES = ("clausegraph.ttl", "stances.ttl")
ENTITIES_GRAPH = f"{ID}graph/entities"


@dataclass
class Summary:
    """What an ingest changed."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    swept: int = 0  # temporary graphs of interrupted writes removed (remote stores)

    def line(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.replaced)} replaced", f"{len(self.unchanged)} unchanged"]
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        if self.swept:
            parts.append(f"{self.swept} temporary graph(s) of an interrupted earlier write removed")
        return ", ".join(parts)


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the .txt/.md files inside folders named (recursively, sorted); each file once."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            if not os.access(p, os.R_OK | os.X_OK):
                raise InputError(f"{p}: permission denied (the folder cannot be listed)")
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES)
            if not found:
                raise InputError(f"{p}: no .txt, .md, .html or .pdf files in this folder")
            out.extend(found)
        else:
            out.append(p)
    seen: set[Path] = set()  # a file named twice (a folder and a file in it) is read once
    return [p for p in out if not (p.resolve() in seen or seen.add(p.resolve()))]  # type: ignore[func-returns-value]


def vocabulary_graph(directory: Path = ONTOLOGY) -> Graph:
    """The model and the stance scheme, kept in the store's ontology graph so queries see stance labels."""
    g = Graph()
    for name in VOCABULARIES:
        g.parse(directory / name, format="turtle")
    return g


def ensure_vocabulary(store: Store) -> None:
    """Write the ontology graph when it is missing or out of date."""
    files = tuple((name, (ONTOLOGY / name).stat().st_mtime_ns) for name in VOCABULARIES)
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


def derive_entity_labels(store: Store) -> None:
    """Rebuild the entities graph: one preferred label for each entity found by pattern."""
    store.update((QUERY_DIR / "entity-labels.ru").read_text(encoding="utf-8"))


def entity_triples(graph: Graph, types: Iterable[str] | None = None) -> Graph:
    """The triples of a document graph that describe entities (type, labels, Wikidata link): those of every
    subject typed with one of the entity types (the ontology's, Lexicon.entity_types, when omitted)."""
    out = Graph()
    for cls in (CG[t] for t in (load_lexicon().entity_types if types is None else types)):
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
    text = (QUERY_DIR / "entity-labels.ru").read_text(encoding="utf-8")
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


def write(store: Store, built: BuiltDocument, summary: Summary, force: bool = False) -> None:
    """Replace the document's graph unless the store already holds this exact text (or force)."""
    old = store.content_hash(built.graph_iri)
    holder = store.content_hash(built.graph_iri, str(CG.sourceFile)) if old else None
    if holder is not None and holder != built.name and not force:  # x.txt now, x.md before: not an edit
        raise InputError(f"{built.name}: the store holds {holder} as the same document (both become "
                         f"<{built.graph_iri}>); `clausegraph remove {holder}` first, or ingest with --force "
                         "to replace it")
    if not force and old == built.content_hash and \
            store.content_hash(built.graph_iri, str(CG.builtWith)) == fingerprint():
        summary.unchanged.append(built.name)
        return
    store.replace_graph(built.graph_iri, built.graph, then=entities_update(built.graph, built.entity_types))
    (summary.replaced if old else summary.added).append(built.name)


def load_paths(store: Store, paths: Iterable[str | Path],
               build: Callable[[Path], BuiltDocument] = build_document,
               progress: Callable[[int, int, str], None] | None = None, force: bool = False) -> Summary:
    """Ingest files and folders into the store.

    Each file is built completely before its graph is written, in one transaction, so a file
    that fails leaves the store as it was; the others still go in.

    Args:
        store: where the graphs go.
        paths: files and folders.
        build: file -> BuiltDocument (ingest.build_document).
        progress: called with (done, total, file name) after each file.
        force: rebuild and rewrite every file, even one the store holds unchanged (a graph damaged by hand).
    Returns:
        The Summary of added, replaced, unchanged and failed files.
    """
    files = expand(paths)
    summary = Summary()
    ensure_vocabulary(store)
    sweep = getattr(store, "sweep_temporary", None)  # a remote store: leftovers of a write that died
    if sweep is not None:
        summary.swept = sweep()
    graphs: dict[str, Path] = {}  # graph IRI -> the file of this run that has it
    for i, path in enumerate(files, 1):
        try:
            built = build(path)
            first = graphs.setdefault(built.graph_iri, path.resolve())
            if first != path.resolve():  # one would silently replace the other, at every ingest
                raise InputError(f"{path.name}: same document as {first if first.name == path.name else first.name} "
                                 f"(both become <{built.graph_iri}>, named after the file name without its "
                                 "extension); rename one, or ingest only one of them")
            write(store, built, summary, force)
        except ClauseGraphError as exc:
            summary.failed.append((path.name, str(exc)))
        if progress:
            progress(i, len(files), path.name)
    if summary.replaced:
        derive_entity_labels(store)  # entries that only a replaced version named go; added ones are in
    publish = getattr(store, "snapshot", None)
    if publish is not None and (summary.added or summary.replaced or summary.unchanged):
        publish()
    return summary


def remove_documents(store: Store, names: Iterable[str]) -> list[str]:
    """Remove documents from the store: each named by file name, path, stem or graph IRI. Every name is
    checked first, so an unknown one removes nothing; the entities graph is then rebuilt without the entries
    only they named, and a snapshot published for readers.

    Returns:
        The source file names of the documents removed.
    Raises:
        QueryError: a name that is no document of the store.
    """
    from graph.resolve import document_graphs, resolve_document

    graph_of = document_graphs(store)
    files = sorted({resolve_document(store, n, sorted(graph_of)) for n in names})
    for f in files:
        store.remove_graph(graph_of[f])  # the graph that holds it, wherever it is
    if files:
        derive_entity_labels(store)
        publish = getattr(store, "snapshot", None)
        if publish is not None:
            publish()
    return files

