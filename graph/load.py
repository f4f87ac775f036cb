"""Put built documents into a store: one named graph each, replaced whole, unchanged ones skipped."""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from errors import ClauseGraphError, InputError
from graph.queries import QUERY_DIR
from graph.store import ONTOLOGY_GRAPH, Store
from ingest import BuiltDocument, build_document, fingerprint
from ingest.lexicon import ONTOLOGY
from ingest.read import TEXT_SUFFIXES
from ingest.vocab import CG

VOCABULARIES = ("clausegraph.ttl", "stances.ttl")


@dataclass
class Summary:
    """What an ingest changed."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.replaced)} replaced", f"{len(self.unchanged)} unchanged"]
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        return ", ".join(parts)


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the .txt/.md files inside folders named (recursively, sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES)
            if not found:
                raise InputError(f"{p}: no .txt, .md, .html or .pdf files in this folder")
            out.extend(found)
        else:
            out.append(p)
    return out


def vocabulary_graph(directory: Path = ONTOLOGY) -> Graph:
    """The model and the stance scheme, kept in the store's ontology graph so queries see stance labels."""
    g = Graph()
    for name in VOCABULARIES:
        g.parse(directory / name, format="turtle")
    return g


def ensure_vocabulary(store: Store) -> None:
    """Write the ontology graph when it is missing or out of date."""
    g = vocabulary_graph()
    digest = hashlib.sha256("".join(sorted(t.n3() for triple in g for t in triple)).encode()).hexdigest()
    from rdflib import Literal, URIRef

    if store.content_hash(ONTOLOGY_GRAPH) != digest:
        g.add((URIRef(ONTOLOGY_GRAPH), CG.contentHash, Literal(digest)))
        store.replace_graph(ONTOLOGY_GRAPH, g)


def derive_entity_labels(store: Store) -> None:
    """Rebuild the entities graph: one preferred label for each entity found by pattern."""
    store.update((QUERY_DIR / "entity-labels.ru").read_text(encoding="utf-8"))


def write(store: Store, built: BuiltDocument, summary: Summary) -> None:
    """Replace the document's graph unless the store already holds this exact text."""
    old = store.content_hash(built.graph_iri)
    if old == built.content_hash and store.content_hash(built.graph_iri, str(CG.builtWith)) == fingerprint():
        summary.unchanged.append(built.name)
        return
    store.replace_graph(built.graph_iri, built.graph)
    (summary.replaced if old else summary.added).append(built.name)


def load_paths(store: Store, paths: Iterable[str | Path],
               build: Callable[[Path], BuiltDocument] = build_document,
               progress: Callable[[int, int, str], None] | None = None) -> Summary:
    """Ingest files and folders into the store.

    Each file is built completely before its graph is written, in one transaction, so a file
    that fails leaves the store as it was; the others still go in.

    Args:
        store: where the graphs go.
        paths: files and folders.
        build: file -> BuiltDocument (ingest.build_document).
        progress: called with (done, total, file name) after each file.
    Returns:
        The Summary of added, replaced, unchanged and failed files.
    """
    files = expand(paths)
    summary = Summary()
    ensure_vocabulary(store)
    for i, path in enumerate(files, 1):
        try:
            write(store, build(path), summary)
        except ClauseGraphError as exc:
            summary.failed.append((path.name, str(exc)))
        if progress:
            progress(i, len(files), path.name)
    if summary.added or summary.replaced:
        derive_entity_labels(store)
    return summary
