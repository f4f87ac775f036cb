"""Network projections of the graph (networkx): entity co-mention, stance edges, commitment -> entity,
ego networks, layout, centrality, communities, explained paths and exports (GraphML, GEXF, CSV)."""
from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

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


def top(g: nx.Graph, limit: int, keep: Iterable[str] = ()) -> nx.Graph:
    """At most limit nodes (or the nodes of keep, if more): the nodes of keep that are in g, then the ones
    with the highest weighted degree (ties by label)."""
    if g.number_of_nodes() <= limit:
        return g
    kept = [n for n in dict.fromkeys(keep) if n in g]
    degree = dict(g.degree(weight="weight"))
    rest = sorted((n for n in g.nodes if n not in set(kept)), key=lambda n: (-degree[n], g.nodes[n].get("label", n)))
    return g.subgraph(kept + rest[: max(0, limit - len(kept))]).copy()


def neighbourhood(g: nx.Graph, centre: str, depth: int = 1, grown: Iterable[str] = ()) -> nx.Graph:
    """The ego network of centre within depth hops, grown by the direct neighbours of each node of grown
    (the nodes a user clicked to expand); empty when centre is not in g."""
    if centre not in g:
        return g.__class__()
    nodes = set(nx.ego_graph(g, centre, radius=depth).nodes)
    for n in grown:
        if n in g:
            nodes |= {n, *g.neighbors(n)}
    return g.subgraph(nodes).copy()


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
    """(node, label, degree centrality, betweenness centrality), most central first.

    Degree centrality as networkx defines it: the fraction of the other nodes a node is linked to, so at
    most 1. A self-loop (the Assembly taking a stance about itself) links a node to no other node: it is left
    out, where networkx would count it twice and give more than 1.
    """
    if g.number_of_nodes() == 0:
        return []
    g = simple(g)
    loops = list(nx.selfloop_edges(g))
    if loops:
        g = nx.restricted_view(g, [], loops)
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


def commitment_bipartite(rows: Iterable[tuple[str, str, str, str, str]]) -> nx.DiGraph:
    """Commitment -> entity: one node per operative point (document#clause), an edge to each entity it concerns.

    Args:
        rows: (document, clause, entity IRI, label, type), one per entity per commitment
            (the commitment-entities query).
    """
    g = nx.DiGraph()
    for document, clause, entity, label, type_ in rows:
        node = f"{document}#{clause}"
        g.add_node(node, label=f"{document.rsplit('.', 1)[0]} {clause}", type="Commitment", bipartite=0)
        g.add_node(entity, label=label, type=type_, bipartite=1)
        g.add_edge(node, entity, weight=1, label="concerns", clauses=[(document, clause)])
    return g


def commitment_projection(rows: Iterable[tuple[str, str, str, str, str]]) -> nx.Graph:
    """Entities asked about in the same commitment (operative point), weighted by the number of such points.

    The entity side of the commitment -> entity graph, projected: an edge keeps the commitments behind it.
    """
    g = co_mention(rows)
    for _, _, data in g.edges(data=True):
        data["label"] = "asked together"
    return g


def simple(g: nx.Graph) -> nx.Graph:
    """An undirected simple graph of g: parallel and opposite edges merged, weights summed, clauses joined."""
    if not g.is_directed() and not g.is_multigraph():
        return g
    out = nx.Graph()
    out.add_nodes_from(g.nodes(data=True))
    for a, b, data in g.edges(data=True):
        if out.has_edge(a, b):
            out[a][b]["weight"] += data.get("weight", 1)
            out[a][b]["clauses"] += [c for c in data.get("clauses", []) if c not in out[a][b]["clauses"]]
        else:
            out.add_edge(a, b, weight=data.get("weight", 1), label=data.get("label", ""),
                         clauses=list(data.get("clauses", [])))
    return out


def communities(g: nx.Graph, method: str = "greedy", seed: int = 7) -> list[list[str]]:
    """Communities of the network, largest first, each sorted by label (isolated nodes are communities of one).

    Args:
        method: "greedy" (greedy modularity, deterministic) or "louvain" (seeded, so repeatable).
    """
    base = simple(g)
    if base.number_of_nodes() == 0:
        return []
    if method == "greedy":
        parts = nx.community.greedy_modularity_communities(base, weight="weight")
    elif method == "louvain":
        parts = nx.community.louvain_communities(base, weight="weight", seed=seed)
    else:
        raise ValueError(f"unknown community method {method!r}: greedy or louvain")

    def label(n: str) -> str:
        return str(base.nodes[n].get("label", n))

    ordered = [sorted(p, key=lambda n: (label(n).casefold(), n)) for p in parts]
    return sorted(ordered, key=lambda p: (-len(p), label(p[0]).casefold()))


def modularity(g: nx.Graph, parts: list[list[str]]) -> float:
    """The modularity of a partition of g (0.0 for a graph without edges)."""
    base = simple(g)
    if base.number_of_edges() == 0:
        return 0.0
    return round(nx.community.modularity(base, [set(p) for p in parts], weight="weight"), 4)


def exportable(g: nx.Graph) -> nx.Graph:
    """A copy of g whose attributes GraphML and GEXF can hold: lists of clauses become text, None is dropped."""
    def flat(data: dict) -> dict[str, object]:
        out: dict[str, object] = {}
        for k, v in data.items():
            if v is None:
                continue
            if k == "clauses":
                out["clauses"] = "; ".join(f"{d}#{c}" for d, c in v)
                out.setdefault("weight", len(v))
            elif isinstance(v, (list, tuple, set)):
                out[k] = "; ".join(map(str, v))
            elif isinstance(v, (str, int, float, bool)):
                out[k] = v
            else:
                out[k] = str(v)
        return out

    h = g.__class__()
    h.add_nodes_from((n, flat(d)) for n, d in g.nodes(data=True))
    if g.is_multigraph():
        h.add_edges_from((a, b, k, flat(d)) for a, b, k, d in g.edges(keys=True, data=True))
    else:
        h.add_edges_from((a, b, flat(d)) for a, b, d in g.edges(data=True))
    return h


EXPORT_FORMATS = ("graphml", "gexf", "csv")


def export(g: nx.Graph, fmt: str, path: str | Path) -> list[Path]:
    """Write g as GraphML, GEXF, or CSV (nodes.csv and edges.csv in the folder path); the files written.

    GraphML and GEXF read back with networkx (read_graphml, read_gexf): node ids are the entity IRIs,
    labels, types, weights and the clauses behind each edge ("document#clause; ...") are attributes.
    """
    path = Path(path)
    h = exportable(g)
    if fmt == "graphml":
        nx.write_graphml(h, path)
        return [path]
    if fmt == "gexf":
        nx.write_gexf(h, path)
        return [path]
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}: {', '.join(EXPORT_FORMATS)}")
    path.mkdir(parents=True, exist_ok=True)
    nodes, edges = path / "nodes.csv", path / "edges.csv"
    node_keys = sorted({k for _, d in h.nodes(data=True) for k in d} - {"label", "type"})
    with nodes.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "label", "type", *node_keys])
        for n, d in sorted(h.nodes(data=True)):
            w.writerow([n, d.get("label", ""), d.get("type", ""), *(d.get(k, "") for k in node_keys)])
    with edges.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["source", "target", "label", "weight", "clauses"])
        for a, b, d in sorted(h.edges(data=True), key=lambda e: (e[0], e[1], str(e[2].get("clauses", "")))):
            w.writerow([a, b, d.get("label", ""), d.get("weight", 1), d.get("clauses", "")])
    return [nodes, edges]
