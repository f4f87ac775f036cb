"""The store: one interface, an embedded pyoxigraph implementation on disk (remote SPARQL comes later)."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from errors import QueryError, StoreError
from graph.terms import to_rdflib
from ingest.vocab import CG, ID

DEFAULT_STORE = Path(".clausegraph/store")
ONTOLOGY_GRAPH = f"{ID}graph/ontology"


@dataclass
class Result:
    """Rows of a SELECT (or one row of an ASK) as rdflib terms, with the column names."""

    columns: list[str]
    rows: list[list[Node | None]]


class Store(Protocol):
    """What ingest, queries, validation and the fronts need of a store."""

    def replace_graph(self, graph_iri: str, graph: Graph) -> None: ...
    def remove_graph(self, graph_iri: str) -> None: ...
    def graphs(self) -> list[str]: ...
    def content_hash(self, graph_iri: str, prop: str = ...) -> str | None: ...
    def query(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result: ...
    def update(self, sparql: str) -> None: ...
    def dataset(self) -> Dataset: ...
    def close(self) -> None: ...


def store_path(option: str | os.PathLike[str] | None = None) -> Path:
    """The store folder: the --store option, else $CLAUSEGRAPH_STORE, else ./.clausegraph/store."""
    return Path(option or os.environ.get("CLAUSEGRAPH_STORE") or DEFAULT_STORE)


def insert_data(graph_iri: str, graph: Graph) -> str:
    """A SPARQL Update that replaces one named graph with the triples of graph."""
    body = graph.serialize(format="nt")
    return f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{body}\n}} }}"


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
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(
        _n3(bindings[n]) for n in names) + ") }\n"
    m = re.search(r"\bWHERE\s*\{", sparql, re.I) or re.search(r"\{", sparql)
    if m is None:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    return sparql[: m.end()] + "\n  " + block + sparql[m.end():]


def _n3(term: Node) -> str:
    if isinstance(term, URIRef) and re.search(r'[\s<>"{}|^`\\]', str(term)):
        raise QueryError(f"not a valid IRI: {str(term)!r}")
    return term.n3()


class EmbeddedStore:
    """A pyoxigraph store in a folder on disk; queries see the union of the named graphs."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = Path(path)
        try:
            if read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from None

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """Drop the named graph and insert graph in its place, in one transaction."""
        try:
            self._store.update(insert_data(graph_iri, graph))
        except Exception as exc:  # rdflib raises a bare Exception for a term it cannot serialise
            raise StoreError(f"cannot write graph {graph_iri}: {exc}") from None

    def remove_graph(self, graph_iri: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update in one transaction."""
        try:
            self._store.update(sparql)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"update failed: {str(exc).splitlines()[0]}") from None

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def content_hash(self, graph_iri: str, prop: str = str(CG.contentHash)) -> str | None:
        """The value of a hash property (cg:contentHash by default) held in a named graph."""
        quads = self._store.quads_for_pattern(None, ox.NamedNode(prop), None, ox.NamedNode(graph_iri))
        for q in quads:
            return str(getattr(q.object, "value", q.object))
        return None

    def query(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result:
        """Run a SPARQL query over the union of the named graphs, values bound as variables."""
        try:
            answer = self._store.query(bind(sparql, bindings), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {str(exc).splitlines()[0]}") from None
        except OSError as exc:
            raise StoreError(f"query failed: {exc}") from None
        if isinstance(answer, ox.QueryBoolean):
            from rdflib import Literal

            return Result(["result"], [[Literal(bool(answer))]])
        if isinstance(answer, ox.QueryTriples):
            return Result(["subject", "predicate", "object"],
                          [[to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)] for t in answer])
        columns = [v.value for v in answer.variables]
        return Result(columns, [[to_rdflib(sol[c]) for c in columns] for sol in answer])

    def dump(self, fmt: str) -> bytes:
        """The whole dataset serialised: nquads or trig keep graphs; turtle and jsonld are built with rdflib."""
        if fmt in ("nquads", "trig"):
            ox_fmt = ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.TRIG
            return self._store.dump(format=ox_fmt) or b""
        ds = self.dataset()
        if fmt == "jsonld":
            return ds.serialize(format="json-ld").encode("utf-8")
        union = Graph()
        for prefix, ns in ds.namespaces():
            union.bind(prefix, ns)
        for s, p, o, _ in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        return union.serialize(format="turtle").encode("utf-8")

    def dataset(self) -> Dataset:
        """An in-memory rdflib Dataset holding every named graph of the store."""
        ds = Dataset()
        data = self._store.dump(format=ox.RdfFormat.N_QUADS) or b""
        if data:
            ds.parse(data=data.decode("utf-8"), format="nquads")
        from ingest.vocab import CG as _cg
        from ingest.vocab import ENT, NIF

        for prefix, ns in (("cg", _cg), ("ent", ENT), ("nif", NIF)):
            ds.bind(prefix, ns)
        return ds

    def flush(self) -> None:
        self._store.flush()

    def close(self) -> None:
        self.flush() if hasattr(self._store, "flush") and not self._read_only() else None
        del self._store

    def _read_only(self) -> bool:
        try:
            self._store.flush()
            return False
        except OSError:
            return True


def open_store(path: str | os.PathLike[str] | None = None, read_only: bool = False) -> EmbeddedStore:
    """Open (creating if needed) the embedded store at path or the default location."""
    return EmbeddedStore(store_path(path), read_only=read_only)


def graph_iri_ref(iri: str) -> URIRef:
    return URIRef(iri)
