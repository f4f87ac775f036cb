"""Annotated document -> RDF triples for its own named graph (DCTERMS, SKOS, PROV-O, NIF offsets)."""
from __future__ import annotations

import gc
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from clausegraph.ingest.model import Annotation, Document, EntityRef
from clausegraph.vocab import CG, ENT, NIF, STANCE, WD, doc_iri, entity_iri, slug
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

KIND_CLASS = {"resolution": CG.Resolution, "declaration": CG.Declaration}
LEVEL_CLASS = {("paragraph", "preamble"): CG.PreambularParagraph, ("paragraph", "operative"): CG.OperativeParagraph}
ASSEMBLY = "nato-parliamentary-assembly"


@lru_cache(maxsize=65536)
def _int(n: int) -> Literal:
    """An xsd:integer literal (built once per value: rdflib's Literal constructor is slow)."""
    return Literal(n)


@lru_cache(maxsize=65536)
def _anchor(text: str) -> Literal:
    """A mention's text as a literal (built once per text: a long paragraph names the same entities again)."""
    return Literal(text)


@lru_cache(maxsize=65536)
def _entity_node(key: str) -> URIRef:
    """An entity's IRI (one term for all the mentions that denote it, not one per mention)."""
    return URIRef(entity_iri(key))


# the terms of the per-mention triples, looked up once: a namespace builds a new term at every attribute access
BEGIN, END, ANCHOR, ORDER, IN_CLAUSE, DENOTES, DERIVED = (NIF.beginIndex, NIF.endIndex, NIF.anchorOf, CG.order,
                                                          CG.inClause, CG.denotes, PROV.wasDerivedFrom)
TYPE, MENTION, ABOUT = RDF.type, CG.Mention, CG.about


def _span(g: Graph, node: URIRef, begin: int, end: int) -> None:
    g.add((node, BEGIN, _int(begin)))
    g.add((node, END, _int(end)))


def _entity(g: Graph, e: EntityRef, seen: set[EntityRef] | None = None) -> URIRef:
    """Describe an entity. A gazetteer entity carries its canonical label; an entity found by pattern
    carries its printed names as alternative labels only, and graph/store/load.py derives one preferred
    label from every document that names it (queries/entity-labels.ru)."""
    node = _entity_node(e.key)
    if seen is not None:
        if e in seen:  # described already in this graph, with these very labels
            return node
        seen.add(e)
    g.add((node, RDF.type, CG[e.type]))
    if e.known:
        g.add((node, SKOS.prefLabel, Literal(e.label, lang="en")))
    labels = e.alt_labels if e.known else (e.label, *e.alt_labels)
    for alt in labels:
        if alt != e.label or not e.known:
            g.add((node, SKOS.altLabel, Literal(alt, lang="en")))
    if e.wikidata:
        g.add((node, SKOS.exactMatch, URIRef(e.wikidata if e.wikidata.startswith("http") else WD[e.wikidata])))
    return node


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a graph is built: every collection walks all the triples built so far,
    which for a long document costs more than building them (and what a graph build allocates it keeps)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_collector_paused()
def document_graph(doc: Document, anns: list[Annotation], speaker: EntityRef | None = None,
                   built_with: str | None = None, actor_types: frozenset[str] = frozenset()) -> Graph:
    """The triples of one document.

    Args:
        doc: the structured document.
        anns: its annotations, one per unit, in order.
        speaker: the entity that speaks (the Assembly) when the gazetteer knows it.
        built_with: fingerprint of the annotator's code and data (cg:builtWith).
        actor_types: the entity types that are actors (a verb with targets is about those actors only).
    Returns:
        A graph whose IRIs depend only on the file name and the text, so the same input
        always gives the same graph.
    """
    g = Graph(store="SimpleMemory")  # no contexts needed; adds are a third cheaper than the default store
    for prefix, ns in (("cg", CG), ("ent", ENT), ("nif", NIF), ("dcterms", DCTERMS), ("skos", SKOS),
                       ("prov", PROV), ("st", STANCE)):
        g.bind(prefix, ns)
    d = URIRef(doc_iri(doc.stem))
    g.add((d, RDF.type, CG.Document))
    g.add((d, RDF.type, KIND_CLASS.get(doc.kind, CG.Document)))
    g.add((d, CG.kind, Literal(doc.kind)))
    g.add((d, DCTERMS.title, Literal(doc.title)))
    g.add((d, CG.sourceFile, Literal(doc.name)))
    g.add((d, CG.contentHash, Literal(doc.content_hash)))
    if built_with:
        g.add((d, CG.builtWith, Literal(built_with)))
    if doc.number:
        g.add((d, CG.number, Literal(doc.number)))
    if doc.adopted:
        g.add((d, DCTERMS.date, Literal(doc.adopted, datatype=XSD.date)))
    if doc.place:
        g.add((d, CG.adoptedIn, Literal(doc.place)))
    if doc.committee:
        g.add((d, CG.adoptedBy, Literal(doc.committee)))
    for i, fn in enumerate(doc.footnotes):
        f = URIRef(f"{d}/footnote/{i + 1}")
        g.add((d, CG.hasFootnote, f))
        g.add((f, RDF.type, CG.Footnote))
        g.add((f, CG.marker, Literal(fn.marker)))
        g.add((f, CG.text, Literal(fn.text)))
        _span(g, f, fn.begin, fn.end)
    for c in doc.citations:
        cited = URIRef(f"{ENT.rsplit('entity/', 1)[0]}cited/{slug(c.identifier)}")
        g.add((d, DCTERMS.references, cited))
        g.add((cited, RDF.type, CG.CitedDocument))
        g.add((cited, DCTERMS.identifier, Literal(c.identifier)))
        if c.title:
            g.add((cited, DCTERMS.title, Literal(c.title)))
    seen: set[EntityRef] = set()
    speaker_node = _entity(g, speaker, seen) if speaker else None
    for ann in anns:
        _unit(g, d, ann, speaker_node, seen, actor_types)
    return g


def _unit(g: Graph, d: URIRef, ann: Annotation, speaker: URIRef | None, seen: set[EntityRef],
          actor_types: frozenset[str]) -> None:
    unit = ann.unit
    u = URIRef(f"{d}/clause/{unit.id}")
    g.add((u, RDF.type, CG.Clause))
    g.add((u, RDF.type, LEVEL_CLASS.get((unit.level, unit.part), CG.Point)))
    g.add((u, CG.inDocument, d))
    g.add((u, DCTERMS.isPartOf, URIRef(f"{d}/clause/{unit.parent}") if unit.parent else d))
    g.add((u, PROV.wasDerivedFrom, d))
    g.add((u, CG.clauseId, Literal(unit.id)))
    g.add((u, CG.part, Literal(unit.part)))
    g.add((u, CG.order, _int(unit.order)))
    g.add((u, CG.text, Literal(unit.text)))
    _span(g, u, *unit.span)
    if not unit.complete:
        g.add((u, CG.incomplete, Literal(True)))
    if unit.addressee and unit.level == "paragraph":
        g.add((u, CG.addressee, Literal(unit.addressee)))
    entities: list[URIRef] = []
    for i, m in enumerate(ann.mentions):
        node = URIRef(f"{u}/mention/{m.begin}-{m.end}")
        e = _entity(g, m.entity, seen)
        entities.append(e)
        g.add((node, TYPE, MENTION))
        g.add((node, ANCHOR, _anchor(m.text)))
        _span(g, node, *unit.body.source_span(m.begin, m.end))
        g.add((node, ORDER, _int(i)))
        g.add((node, IN_CLAUSE, u))
        g.add((node, DENOTES, e))
        g.add((node, DERIVED, u))
    by_begin = sorted(range(len(ann.mentions)), key=lambda k: ann.mentions[k].begin)
    begins = [ann.mentions[k].begin for k in by_begin]
    for i, v in enumerate(ann.verbs):
        a = URIRef(f"{u}/act/{i}")
        g.add((u, CG.hasSpeechAct, a))
        g.add((a, RDF.type, CG.SpeechAct))
        g.add((a, CG.verb, Literal(v.text)))
        g.add((a, CG.stance, STANCE[v.stance]))
        g.add((a, CG.order, _int(i)))
        _span(g, a, *unit.body.source_span(v.begin, v.end))
        if speaker is not None:
            g.add((a, CG.speaker, speaker))
        scope_end = ann.verbs[i + 1].begin if i + 1 < len(ann.verbs) else len(unit.text)
        targets = ann.targets.get(i)
        for j in by_begin[bisect_left(begins, v.end):bisect_left(begins, scope_end)]:
            m = ann.mentions[j]
            if m.modifier:  # "denouncing threats against NATO partners" is not about NATO
                continue
            if targets is not None and (m.entity.type in actor_types or m.victim):
                continue  # the actors a verb blames or credits come from ingest/relations.py, below
            if m.victim and not v.about_victims:  # "Condemning Russia's war against Ukraine" is not about Ukraine
                continue
            g.add((a, ABOUT, entities[j]))
        for actor in targets or ():
            g.add((a, CG.about, _entity(g, actor, seen)))
    for i, t in enumerate(ann.threats):
        s = URIRef(f"{u}/threat/{i}")
        g.add((u, CG.hasThreatStatement, s))
        g.add((s, RDF.type, CG.ThreatStatement))
        g.add((s, CG.inClause, u))
        g.add((s, CG.posedBy, _entity(g, t.posed_by, seen)))
        if t.threat is not None:
            g.add((s, CG.threat, _entity(g, t.threat, seen)))
        g.add((s, PROV.wasDerivedFrom, u))
    if ann.is_commitment:
        k = URIRef(f"{u}/commitment")
        g.add((u, CG.hasCommitment, k))
        g.add((k, RDF.type, CG.Commitment))
        g.add((k, PROV.wasDerivedFrom, u))
        for lemma in ann.actions:
            g.add((k, CG.action, Literal(lemma)))
        if unit.addressee:
            g.add((k, CG.addressee, Literal(unit.addressee)))
        if ann.deadline:
            g.add((k, CG.deadline, Literal(ann.deadline)))
        for m, e in zip(ann.mentions, entities, strict=True):
            g.add((k, CG.target if m.entity.type == "Target" else CG.concerns, e))
