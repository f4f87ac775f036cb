"""Network projections read from a store, and network analytics rendered as text for the command line.

graph/analytics/network.py holds the pure networkx functions; this module feeds them from the named queries
(clause-entities, commitment-entities, stances) and looks up the clause texts behind the edges.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

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


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(header: list[str], rows: list[list[str]], width: int = 60) -> str:
    cells = [[_cut(c, width) for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"


def print_summary(g: nx.Graph, out: TextIO) -> None:
    base = network.simple(g)
    comps = nx.number_connected_components(base) if base.number_of_nodes() else 0
    out.write(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges, {comps} connected components\n")


def print_centrality(g: nx.Graph, out: TextIO, top: int = 10) -> None:
    """The top nodes by degree centrality, then the top by betweenness centrality."""
    base = network.simple(g)
    rows = network.centrality(base)
    types = {n: str(base.nodes[n].get("type", "")) for n in base.nodes}
    strength = dict(base.degree(weight="weight"))
    out.write(f"== Degree centrality (top {top})\n")
    out.write(_table(["rank", "entity", "type", "degree", "links", "weight"],
                     [[str(i + 1), lab, types[n], f"{d:.4f}", str(base.degree(n)), str(strength[n])]
                      for i, (n, lab, d, _) in enumerate(rows[:top])]))
    out.write(f"== Betweenness centrality (top {top})\n")
    by_btw = sorted(rows, key=lambda r: (-r[3], -r[2], r[1]))
    out.write(_table(["rank", "entity", "type", "betweenness"],
                     [[str(i + 1), lab, types[n], f"{b:.4f}"] for i, (n, lab, _, b) in enumerate(by_btw[:top])]))


def print_communities(g: nx.Graph, out: TextIO, method: str = "greedy", width: int = 110) -> None:
    parts = network.communities(g, method)
    base = network.simple(g)
    out.write(f"== {len(parts)} communities ({method}; modularity {network.modularity(g, parts)})\n")
    for i, part in enumerate(parts, 1):
        labels = ", ".join(str(base.nodes[n].get("label", n)) for n in part)
        out.write(f"{i:>3}. ({len(part)}) {_cut(labels, width)}\n")


def print_path(hops: list[Hop], out: TextIO, clauses: int = 3, width: int = 100) -> None:
    """Each hop of a path with at most `clauses` of the clauses behind it (0: all of them)."""
    if not hops:
        out.write("(the same entity: a path of length 0)\n")
        return
    out.write(f"== {hops[0].source_label} -> {hops[-1].target_label}: {len(hops)} hop{'s' if len(hops) > 1 else ''}\n")
    for h in hops:
        out.write(f"{h.source_label} -- {h.relation} -- {h.target_label}\n")
        shown = h.evidence if clauses <= 0 else h.evidence[:clauses]
        for d, c, text in shown:
            out.write(f"    {d} {c}: {_cut(text, width)}\n")
        if len(shown) < len(h.evidence):
            out.write(f"    … and {len(h.evidence) - len(shown)} more clauses\n")


def print_ego(g: nx.Graph, node: str, out: TextIO, depth: int = 1) -> None:
    """The ego network of node: its neighbours within depth hops, the strongest links first, with their clauses."""
    base = network.simple(g)
    sub = network.ego(base, node, depth)
    dist = nx.single_source_shortest_path_length(sub, node)
    out.write(f"== {base.nodes[node].get('label', node)}: {sub.number_of_nodes() - 1} neighbours within {depth} "
              f"hop{'s' if depth > 1 else ''}, {sub.number_of_edges()} links\n")
    rows = []
    for n in sorted(sub.nodes, key=lambda n: (dist[n], -(sub[node][n]["weight"] if sub.has_edge(node, n) else 0),
                                               str(sub.nodes[n].get("label", n)).casefold())):
        if n == node:
            continue
        direct = sub.has_edge(node, n)
        clauses = sub[node][n].get("clauses", []) if direct else []
        rows.append([str(dist[n]), str(sub.nodes[n].get("label", n)), str(sub.nodes[n].get("type", "")),
                     str(sub[node][n].get("weight", 1)) if direct else "",
                     ", ".join(f"{d.rsplit('.', 1)[0]} {c}" for d, c in clauses)])
    out.write(_table(["hops", "entity", "type", "weight", "clauses"], rows, 80))
