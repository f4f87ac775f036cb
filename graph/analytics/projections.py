"""Network projections read from a store (render.py prints them for the command line).

graph/analytics/network.py holds the pure networkx functions; this module feeds them from the named queries
(clause-entities, commitment-entities, stances) and looks up the clause texts behind the edges.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx
from clausegraph.errors import QueryError
from clausegraph.graph.analytics import network
from clausegraph.graph.query.named import run_named
from clausegraph.graph.query.resolve import entity_labels, resolve_entity
from clausegraph.graph.store import Store
from clausegraph.graph.store.terms import plain

PROJECTIONS: dict[str, str] = {
    "co-mention": "entities mentioned in the same clause",
    "commitment": "entities concerned by the same commitment (operative point)",
    "commitment-entity": "commitment -> entity (bipartite: operative points and the entities they concern)",
    "stance": "the Assembly -> entity, one edge per stance it expresses in a clause",
}


def _rows(store: Store, name: str, documents: list[str] | None) -> list[tuple[str, ...]]:
    """A named query's rows as text: over the whole store, or one query per document (each narrowed by its
    `document` parameter, so a few documents of a large store are read in milliseconds)."""
    if documents is None:
        return [tuple(plain(v) for v in r) for r in run_named(store, name).rows]
    return [tuple(plain(v) for v in r) for d in documents for r in run_named(store, name, document=d).rows]


def projection(store: Store, name: str = "co-mention", document: str | list[str] | None = None) -> nx.Graph:
    """The network of one projection (see PROJECTIONS), over every document, one (its source file name) or
    several (a list of names)."""
    documents = [document] if isinstance(document, str) else document
    builders: dict[str, Callable[[], nx.Graph]] = {
        "co-mention": lambda: network.co_mention(_rows(store, "clause-entities", documents)),  # type: ignore[arg-type]
        "commitment": lambda: network.commitment_projection(
            _rows(store, "commitment-entities", documents)),  # type: ignore[arg-type]
        "commitment-entity": lambda: network.commitment_bipartite(
            _rows(store, "commitment-entities", documents)),  # type: ignore[arg-type]
        "stance": lambda: network.stance_edges(_rows(store, "stances", documents)),  # type: ignore[arg-type]
    }
    if name not in builders:
        raise QueryError(f"unknown projection {name!r}; projections are: {', '.join(PROJECTIONS)}")
    if documents:
        known = {plain(r[0]) for r in run_named(store, "documents").rows}
        missing = [d for d in documents if d not in known]
        if missing:
            raise QueryError(f"no document {missing[0]!r} in the store (give its source file name)")
    return builders[name]()


def node_for(store: Store, g: nx.Graph, name: str) -> str:
    """The node of g an entity name stands for (QueryError when the entity is not in this network)."""
    labels = entity_labels(store)
    iri = resolve_entity(store, name, labels)
    if iri not in g:
        raise QueryError(f"{labels[iri][0]} is not in this network")
    return iri


def clause_texts(store: Store, documents: set[str]) -> dict[tuple[str, str], str]:
    """(document, clause id) -> clause text, for the given documents."""
    out: dict[tuple[str, str], str] = {}
    for d in sorted(documents):
        for r in run_named(store, "document-clauses", document=d).rows:
            out[(d, plain(r[0]))] = plain(r[2])
    return out


@dataclass
class Hop:
    """One step of an explained path: from one entity to the next, with the clauses that back it."""

    source: str
    source_label: str
    target: str
    target_label: str
    relation: str
    evidence: list[tuple[str, str, str]]  # (document, clause, text)


def explain(store: Store, g: nx.Graph, a: str, b: str) -> list[Hop]:
    """The shortest path between two entities (names or IRIs), each hop with the clauses behind it.

    Raises:
        QueryError: an unknown entity, an entity outside the network, or no path between them.
    """
    base = network.simple(g)
    src, dst = node_for(store, base, a), node_for(store, base, b)
    hops = network.explained_path(base, src, dst)
    if not hops and src != dst:
        raise QueryError(f"no path between {base.nodes[src]['label']} and {base.nodes[dst]['label']} in this network")
    texts = clause_texts(store, {d for _, _, clauses in hops for d, _ in clauses})
    return [Hop(x, base.nodes[x].get("label", x), y, base.nodes[y].get("label", y), base[x][y].get("label", ""),
                [(d, c, texts.get((d, c), "")) for d, c in clauses]) for x, y, clauses in hops]
