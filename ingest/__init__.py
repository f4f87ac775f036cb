"""Text -> RDF: read a resolution, find its structure, annotate it and build its graph."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from clausegraph.ingest.annotate import annotate
from clausegraph.ingest.commitments import add_commitments
from clausegraph.ingest.gazetteer import ref
from clausegraph.ingest.lexicon import Lexicon, load_lexicon
from clausegraph.ingest.model import Annotation, Document
from clausegraph.ingest.read import Source, read_source
from clausegraph.ingest.record import add_record
from clausegraph.ingest.speakers import speaker_of
from clausegraph.ingest.structure import structure
from clausegraph.ingest.to_rdf import ASSEMBLY, document_graph
from clausegraph.resources import ingest_sources, ontology_dir, query_dir
from clausegraph.vocab import graph_iri
from rdflib import Graph

__all__ = ["BuiltDocument", "build_document", "build_source", "fingerprint", "parse"]


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """SHA-256 of what turns text into RDF (ontology/ data, ingest/ code, and the update that derives the
    entities graph from the documents): a document is rebuilt on re-ingest when its text or this changes."""
    h = hashlib.sha256()
    derived = query_dir() / "entity-labels.ru"
    for path in sorted([*ingest_sources(), *ontology_dir().glob("*.ttl"), derived]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@dataclass
class BuiltDocument:
    """A document ready for the store: its name, named graph IRI, triples and content hash."""

    name: str
    graph_iri: str
    graph: Graph
    content_hash: str
    document: Document
    annotations: list[Annotation]
    entity_types: tuple[str, ...] | None = None  # those of the lexicon it was built with (None: the ontology's)


def parse(source: Source, lex: Lexicon | None = None) -> tuple[Document, list[Annotation]]:
    """Structure and annotate a source text."""
    lex = lex or load_lexicon()
    doc = structure(source, lex)
    return doc, annotate(doc, lex, speaker_of(doc))


def build_source(source: Source, lex: Lexicon | None = None) -> BuiltDocument:
    """Build the graph of a source already read."""
    lex = lex or load_lexicon()
    doc, anns = parse(source, lex)
    speaker = lex.entities.get(speaker_of(doc)) or lex.entities.get(ASSEMBLY)
    graph = document_graph(doc, anns, ref(speaker) if speaker else None, fingerprint(), lex.actor_types)
    add_commitments(graph, doc, anns, ref(speaker) if speaker else None, lex)
    add_record(graph, doc)
    return BuiltDocument(source.name, graph_iri(doc.stem), graph, doc.content_hash, doc, anns, lex.entity_types)


def build_document(path: Path | str, lex: Lexicon | None = None) -> BuiltDocument:
    """Read, structure and annotate one file and build its graph.

    Args:
        path: a .txt or .md file.
        lex: the vocabulary (loaded from ontology/ when omitted).
    Returns:
        The BuiltDocument.
    Raises:
        errors.InputError: the file cannot be read as text.
        errors.StructureError: the text has no numbered paragraphs.
    """
    return build_source(read_source(Path(path)), lex)
