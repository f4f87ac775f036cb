"""What every store is: the Store protocol, the Result of a query, and the helpers both stores share
(binding parameters as VALUES, serialising a dataset)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from clausegraph.errors import QueryError
from clausegraph.vocab import ID
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

ONTOLOGY_GRAPH = f"{ID}graph/ontology"
# whether a store holds any document (a store after a failed first ingest holds the ontology graph alone)
HAS_DOCUMENTS = "ASK { GRAPH ?g { ?d <https://w3id.org/clausegraph/ontology#sourceFile> ?file } }"


@dataclass
class Result:
    """Rows of a SELECT (or one row of an ASK) as rdflib terms, with the column names."""

    columns: list[str]
    rows: list[list[Node | None]]


@runtime_checkable
class Store(Protocol):
    """What ingest, queries, validation and the fronts need of a store: the embedded store and the remote
    SPARQL store implement all of it (tests/graph/test_store_contract.py runs one contract against both), so
    no caller ever asks a store whether it has a method."""

    read_only: bool

    def replace_graph(self, graph_iri: str, graph: Graph, then: str = "") -> None:
        """Replace one named graph with graph, then run the update `then` in the same write."""
        ...

    def remove_graph(self, graph_iri: str) -> None:
        """Drop one named graph (nothing happens when it is absent)."""
        ...

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs this project wrote."""
        ...

    def graph_ntriples(self, graph_iri: str) -> bytes:
        """One named graph as N-Triples."""
        ...

    def content_hash(self, graph_iri: str, prop: str = ...) -> str | None:
        """The value of a hash property (cg:contentHash by default) held in a named graph."""
        ...

    def query(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result:
        """A SELECT or ASK over the union of the named graphs, parameters bound as VALUES."""
        ...

    def stream(self, sparql: str, bindings: dict[str, Node] | None = None) \
            -> tuple[list[str], Iterator[list[Node | None]]]:
        """A SELECT's columns and its rows as the engine yields them, none kept (exports of any size)."""
        ...

    def update(self, sparql: str) -> None:
        """A SPARQL Update."""
        ...

    def dataset(self) -> Dataset:
        """Every named graph in an in-memory rdflib Dataset."""
        ...

    def dump(self, fmt: str) -> bytes:
        """The whole dataset serialised: nquads, trig, turtle or jsonld."""
        ...

    def version(self) -> str:
        """A cheap fingerprint that changes whenever a reader would see other data."""
        ...

    def snapshot(self) -> None:
        """Publish what was written to readers in other processes (a server publishes on every write)."""
        ...

    def sweep_temporary(self, max_age: float = ...) -> int:
        """Remove what a write that died left behind; the number of leftovers removed."""
        ...

    def after_bulk_load(self, documents: int) -> str | None:
        """Advice for the user after a large ingest (a server best restarted), or None."""
        ...

    def flush(self) -> None:
        """Make every write durable."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...


def insert_data(graph_iri: str, graph: Graph) -> str:
    """A SPARQL Update that replaces one named graph with the triples of graph."""
    body = graph.serialize(format="nt")
    return f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{body}\n}} }}"


def serialize_dataset(ds: Dataset, fmt: str) -> bytes:
    """A dataset as nquads or trig (graphs kept), jsonld, or turtle (the union of the graphs)."""
    if fmt in ("nquads", "trig"):
        return ds.serialize(format=fmt).encode("utf-8")
    if fmt == "jsonld":
        return ds.serialize(format="json-ld").encode("utf-8")
    union = Graph()
    for prefix, ns in ds.namespaces():
        union.bind(prefix, ns)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union.serialize(format="turtle").encode("utf-8")


def bind(sparql: str, bindings: dict[str, Node] | None) -> str:
    """The query with a VALUES block binding each variable, built from escaped RDF terms.

    The block opens the WHERE group, so the values constrain the whole pattern (filters and
    aggregates included). Values are never pasted as text: each is an rdflib term's N3 form.
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"bad parameter name {name!r}")
    names = sorted(bindings)
    return bind_rows(sparql, names, [[bindings[n] for n in names]])


def bind_rows(sparql: str, names: list[str], rows: list[list[Node]]) -> str:
    """The query with a VALUES block of several rows opening its WHERE group (see bind)."""
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { " + " ".join(
        "(" + " ".join(_n3(v) for v in row) + ")" for row in rows) + " }\n"
    m = re.search(r"\bWHERE\s*\{", sparql, re.I) or re.search(r"\{", sparql)
    if m is None:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    return sparql[: m.end()] + "\n  " + block + sparql[m.end():]


def _n3(term: Node) -> str:
    if isinstance(term, URIRef) and re.search(r'[\s<>"{}|^`\\]', str(term)):
        raise QueryError(f"not a valid IRI: {str(term)!r}")
    return term.n3()
