"""Network projections of the graph (networkx): entity co-mention, stance edges, ego networks, layout."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

ASSEMBLY = "https://w3id.org/clausegraph/id/entity/nato-parliamentary-assembly"


def co_mention(rows: Iterable[tuple[str, str, str, str, str]]) -> nx.Graph:
    """Entities mentioned in the same clause, edges weighted by the number of such clauses.

    Args:
        rows: (document, clause, entity IRI, label, type), one per entity per clause
            (the clause-entities query).
    Returns:
        An undirected graph; nodes carry label and type, edges weight and the clauses as evidence.
    """
    g = nx.Graph()
    by_clause: dict[tuple[str, str], set[str]] = defaultdict(set)
    for document, clause, entity, label, type_ in rows:
        g.add_node(entity, label=label, type=type_)
        by_clause[(document, clause)].add(entity)
    for (document, clause), ents in sorted(by_clause.items()):
        ordered = sorted(ents)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if g.has_edge(a, b):
                    g[a][b]["weight"] += 1
                    g[a][b]["clauses"].append((document, clause))
                else:
                    g.add_edge(a, b, weight=1, clauses=[(document, clause)], label="co-mentioned")
    return g


def stance_edges(rows: Iterable[tuple[str, str, str, str, str, str, str]], speaker: str = ASSEMBLY,
                 speaker_label: str = "the Assembly") -> nx.MultiDiGraph:
    """The speaker -> entity edges of the stances query, labelled by stance, one per clause.

    Args:
        rows: (document, clause, verb, stance, entity, label, type).
    """
    g = nx.MultiDiGraph()
    g.add_node(speaker, label=speaker_label, type="Organisation")
    for document, clause, verb, stance, entity, label, type_ in rows:
        g.add_node(entity, label=label, type=type_)
        g.add_edge(speaker, entity, key=f"{document}#{clause}#{stance}", label=stance, verb=verb,
                   clauses=[(document, clause)])
    return g


def ego(g: nx.Graph, node: str, depth: int = 1) -> nx.Graph:
    """The subgraph within depth hops of node (empty when node is not in g)."""
    if node not in g:
        return g.__class__()
    undirected = g.to_undirected(as_view=True) if g.is_directed() else g
    return g.subgraph(nx.ego_graph(undirected, node, radius=depth).nodes).copy()


def top(g: nx.Graph, limit: int) -> nx.Graph:
    """At most limit nodes: the ones with the highest weighted degree (ties by label)."""
    if g.number_of_nodes() <= limit:
        return g
    degree = dict(g.degree(weight="weight"))
    keep = sorted(g.nodes, key=lambda n: (-degree[n], g.nodes[n].get("label", n)))[:limit]
    return g.subgraph(keep).copy()


def layout(g: nx.Graph, seed: int = 7, scale: float = 600.0) -> dict[str, tuple[float, float]]:
    """Fixed positions (the same graph always gets the same layout, so nothing moves between reruns)."""
    if g.number_of_nodes() == 0:
        return {}
    base = nx.Graph(g) if g.is_multigraph() or g.is_directed() else g
    # components side by side, the largest in the middle, each laid out on its own so that small
    # islands do not squeeze the main network into a corner
    parts = sorted(nx.connected_components(base), key=len, reverse=True)
    pos: dict[str, tuple[float, float]] = {}
    main = base.subgraph(parts[0])
    k = 2.5 / max(1.0, len(parts[0]) ** 0.5)
    for n, (x, y) in nx.spring_layout(main, seed=seed, weight=None, k=k, iterations=200, scale=scale).items():
        pos[n] = (float(x), float(y))
    for i, comp in enumerate(parts[1:]):
        angle = 2 * math.pi * i / max(1, len(parts) - 1)
        cx, cy = 1.35 * scale * math.cos(angle), 1.35 * scale * math.sin(angle)
        sub = nx.spring_layout(base.subgraph(comp), seed=seed, scale=scale * 0.08) if len(comp) > 1 else {
            next(iter(comp)): (0.0, 0.0)}
        for n, (x, y) in sub.items():
            pos[n] = (float(cx + x), float(cy + y))
    return pos


def centrality(g: nx.Graph) -> list[tuple[str, str, float, float]]:
    """(node, label, degree centrality, betweenness centrality), most central first."""
    if g.number_of_nodes() == 0:
        return []
    deg = nx.degree_centrality(g)
    btw = nx.betweenness_centrality(g, weight=None)
    rows = [(n, g.nodes[n].get("label", n), round(deg[n], 4), round(btw[n], 4)) for n in g.nodes]
    return sorted(rows, key=lambda r: (-r[2], -r[3], r[1]))


def explained_path(g: nx.Graph, a: str, b: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The shortest path from a to b, each hop with the clauses that back it (empty when none)."""
    if a not in g or b not in g:
        return []
    try:
        nodes = nx.shortest_path(g, a, b)
    except nx.NetworkXNoPath:
        return []
    return [(x, y, list(g[x][y].get("clauses", []))) for x, y in zip(nodes, nodes[1:], strict=False)]


def from_pairs(pairs: Iterable[tuple[str, str]], labels: dict[str, str] | None = None) -> nx.DiGraph:
    """A directed graph of (source, target) pairs, e.g. two entity columns of a query result."""
    g = nx.DiGraph()
    labels = labels or {}
    for a, b in pairs:
        for n in (a, b):
            g.add_node(n, label=labels.get(n, n.rsplit("/", 1)[-1]), type="")
        if g.has_edge(a, b):
            g[a][b]["weight"] += 1
        else:
            g.add_edge(a, b, weight=1, label="", clauses=[])
    return g
