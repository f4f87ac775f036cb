"""Commitments asked and made, in RDF: an Assembly ask is a cg:CommitmentAsked, a summit decision a
cg:CommitmentMade with its maker, instrument, target and deadline; both carry the families of their actions
(ontology/patterns.ttl cg:ActionFamily), so a query can tell that a decision does what an ask asked."""
from __future__ import annotations

from clausegraph.ingest.lexicon import Lexicon
from clausegraph.ingest.model import Annotation, Document, EntityRef
from clausegraph.vocab import CG, NIF, PAT, doc_iri, entity_iri
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV


def action_families(lex: Lexicon) -> dict[str, list[str]]:
    """Action lemma -> the families (pat:family-*) it belongs to."""
    out: dict[str, list[str]] = {}
    for name, words in sorted(lex.words.items()):
        if name.startswith("family-"):
            for w in words:
                out.setdefault(w, []).append(name)
    return out


def add_commitments(g: Graph, doc: Document, anns: list[Annotation], speaker: EntityRef | None,
                    lex: Lexicon) -> None:
    """Type the asks of a document's graph and add its decisions (ingest/decisions.py).

    Args:
        g: the document's graph, as ingest/to_rdf.py built it.
        doc: the structured document.
        anns: its annotations; decisions are those of summit texts.
        speaker: the entity that speaks (asks or decides).
        lex: the vocabulary (action families).
    """
    families = action_families(lex)
    d = doc_iri(doc.stem)
    for ann in anns:
        u = URIRef(f"{d}/clause/{ann.unit.id}")
        if ann.is_commitment:
            k = URIRef(f"{u}/commitment")
            g.add((k, RDF.type, CG.CommitmentAsked))
            if speaker is not None:
                g.add((k, CG.askedBy, URIRef(entity_iri(speaker.key))))
            _families(g, k, ann.actions, families)
        for i, dec in enumerate(ann.decisions):
            k = URIRef(f"{u}/decision/{i}")
            g.add((u, CG.hasCommitment, k))
            g.add((k, RDF.type, CG.Commitment))
            g.add((k, RDF.type, CG.CommitmentMade))
            g.add((k, PROV.wasDerivedFrom, u))
            g.add((k, CG.text, Literal(ann.unit.text[dec.begin:dec.end])))
            begin, end = ann.unit.body.source_span(dec.begin, dec.end)
            g.add((k, NIF.beginIndex, Literal(begin)))
            g.add((k, NIF.endIndex, Literal(end)))
            for m in dec.makers:
                g.add((k, CG.maker, URIRef(entity_iri(m.key))))
            for a in dec.actions:
                g.add((k, CG.action, Literal(a)))
            _families(g, k, dec.actions, families)
            if dec.instrument is not None:
                g.add((k, CG.creates if dec.creates else CG.instrument, URIRef(entity_iri(dec.instrument.key))))
            for t in dec.targets:
                g.add((k, CG.target, URIRef(entity_iri(t.key))))
            for e in dec.concerns:
                g.add((k, CG.concerns, URIRef(entity_iri(e.key))))
            if dec.deadline:
                g.add((k, CG.deadline, Literal(dec.deadline)))
            if dec.deadline_date:
                g.add((k, CG.deadlineDate, Literal(dec.deadline_date, datatype=XSD.date)))


def _families(g: Graph, k: URIRef, actions: list[str], families: dict[str, list[str]]) -> None:
    for a in actions:
        for f in families.get(a, ()):
            g.add((k, CG.actionFamily, PAT[f]))
