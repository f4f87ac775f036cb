"""The pipeline: files in, graphs in a store. It composes the two layers below it, `ingest` (text to triples)
and `graph` (triples in a store), which know nothing of each other; each document goes in as one named graph,
replaced whole, unchanged ones skipped."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from clausegraph.errors import ClauseGraphError, InputError
from clausegraph.graph.query.resolve import document_graphs, resolve_document
from clausegraph.graph.store import Store
from clausegraph.graph.store.load import derive_entity_labels, ensure_vocabulary, entities_update
from clausegraph.ingest import BuiltDocument, build_document, fingerprint
from clausegraph.ingest.read import TEXT_SUFFIXES
from clausegraph.vocab import CG


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
    summary.swept = store.sweep_temporary()  # a remote store: leftovers of a write that died
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
    if summary.added or summary.replaced or summary.unchanged:
        store.snapshot()
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
    graph_of = document_graphs(store)
    files = sorted({resolve_document(store, n, sorted(graph_of)) for n in names})
    for f in files:
        store.remove_graph(graph_of[f])  # the graph that holds it, wherever it is
    if files:
        derive_entity_labels(store)
        store.snapshot()
    return files

