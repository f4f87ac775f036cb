"""Convert RDF terms between pyoxigraph and rdflib, so every store answers with rdflib terms."""
from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node


@cache  # datatype IRIs are few; building their URIRef for every literal cost a third
def datatype_ref(iri: str) -> URIRef:
    """The rdflib IRI of a literal's datatype, built once per datatype."""
    return URIRef(iri)


def to_rdflib(term: object) -> Node | None:
    """A pyoxigraph term as the equal rdflib term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=datatype_ref(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def converter(build: Callable[[object], Node | None] | None = None,
              key: Callable[[object], Hashable] | None = None) -> Callable[[object], Node | None]:
    """build (to_rdflib by default) with a memory: a term seen before is not built again. Rows of a
    listing repeat few terms (document names, entities, types), and building rdflib literals is what
    costs (7x faster on 47,000 rows). key: what identifies a term (the term itself by default; a SPARQL
    JSON term, a dict, is not hashable). None converts to None."""
    make = build or to_rdflib
    seen: dict[Hashable, Node | None] = {}

    def convert(term: object) -> Node | None:
        if term is None:
            return None
        k = key(term) if key else term
        out = seen.get(k)
        if out is None:
            out = seen[k] = make(term)
        return out

    return convert


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def plain(term: Node | None) -> str:
    """The text of a term as a CSV cell shows it: IRIs as they are, literals by their lexical form."""
    return "" if term is None else str(term)
