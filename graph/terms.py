"""Convert RDF terms between pyoxigraph and rdflib, so every store answers with rdflib terms."""
from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_DATATYPES: dict[str, URIRef] = {}  # datatype IRIs are few; building their URIRef for every literal cost a third


def datatype_ref(iri: str) -> URIRef:
    """The rdflib IRI of a literal's datatype, built once per datatype."""
    ref = _DATATYPES.get(iri)
    if ref is None:
        ref = _DATATYPES[iri] = URIRef(iri)
    return ref


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


def converter() -> Callable[[object], Node | None]:
    """to_rdflib with a memory: a term seen before is not built again. Rows of a listing repeat few
    terms (document names, entities, types), and building rdflib literals is what costs (7x faster on
    47,000 rows)."""
    seen: dict[object, Node | None] = {}

    def convert(term: object) -> Node | None:
        if term is None:
            return None
        out = seen.get(term)
        if out is None:
            out = seen[term] = to_rdflib(term)
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
