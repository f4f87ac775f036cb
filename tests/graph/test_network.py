"""Network projections and analytics: commitment -> entity, communities, explained paths, exports."""
from __future__ import annotations

import csv

import networkx as nx
import pytest
from clausegraph.errors import QueryError
from clausegraph.graph.analytics import network
from clausegraph.graph.analytics import projections as pj
from clausegraph.graph.query.named import run_named
from clausegraph.graph.query.resolve import resolve_entity
from clausegraph.graph.store.terms import plain

ENT = "https://w3id.org/clausegraph/id/entity/"
ROWS = [  # (document, clause, entity, label, type): two commitments of one document
    ("a.txt", "1.a", f"{ENT}x", "X", "State"), ("a.txt", "1.a", f"{ENT}y", "Y", "Instrument"),
    ("a.txt", "1.b", f"{ENT}y", "Y", "Instrument"), ("a.txt", "1.b", f"{ENT}z", "Z", "Organisation"),
]


def _two_cliques() -> nx.Graph:
    g = nx.Graph()
    for group in ("abcd", "wxyz"):
        for i, a in enumerate(group):
            g.add_node(a, label=a.upper(), type="State")
            for b in group[i + 1:]:
                g.add_edge(a, b, weight=3, clauses=[("d.txt", f"{a}{b}")])
    g.add_edge("d", "w", weight=1, clauses=[("d.txt", "bridge")])
    return g


def test_commitment_bipartite_links_each_point_to_its_entities():
    g = network.commitment_bipartite(ROWS)
    assert g.is_directed()
    assert set(g.successors("a.txt#1.a")) == {f"{ENT}x", f"{ENT}y"}
    assert set(g.successors("a.txt#1.b")) == {f"{ENT}y", f"{ENT}z"}
    assert g.nodes["a.txt#1.a"]["type"] == "Commitment" and g.nodes[f"{ENT}z"]["type"] == "Organisation"
    assert g["a.txt#1.b"][f"{ENT}z"]["clauses"] == [("a.txt", "1.b")]


def test_commitment_projection_links_only_entities_of_the_same_point():
    g = network.commitment_projection(ROWS)
    assert g.has_edge(f"{ENT}x", f"{ENT}y") and g.has_edge(f"{ENT}y", f"{ENT}z")
    assert not g.has_edge(f"{ENT}x", f"{ENT}z")
    assert g[f"{ENT}y"][f"{ENT}z"]["clauses"] == [("a.txt", "1.b")]
    assert g[f"{ENT}y"][f"{ENT}z"]["label"] == "asked together"


@pytest.mark.parametrize("method", ["greedy", "louvain"])
def test_communities_separate_two_cliques_joined_by_one_edge(method):
    parts = network.communities(_two_cliques(), method)
    assert [set(p) for p in parts] in ([set("abcd"), set("wxyz")], [set("wxyz"), set("abcd")])
    assert network.modularity(_two_cliques(), parts) > 0.3


def test_communities_of_directed_multigraph_and_bad_method():
    g = nx.MultiDiGraph()
    g.add_edge("s", "a", key="1", label="condemn")
    g.add_edge("s", "a", key="2", label="note")
    g.add_node("lone")
    parts = network.communities(g)
    assert sorted(map(sorted, parts)) == [["a", "s"], ["lone"]]
    assert network.simple(g)["s"]["a"]["weight"] == 2
    with pytest.raises(ValueError):
        network.communities(g, "spectral")


def test_graphml_and_gexf_load_back_in_networkx(tmp_path):
    g = _two_cliques()
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        (path,) = network.export(g, fmt, tmp_path / f"n.{fmt}")
        back = read(path)
        assert set(back.nodes) == set(g.nodes) and back.number_of_edges() == g.number_of_edges()
        assert back.nodes["a"]["label"] == "A" and back.nodes["a"]["type"] == "State"
        assert back["d"]["w"]["clauses"] == "d.txt#bridge" and float(back["d"]["w"]["weight"]) == 1


def test_multigraph_exports_keep_parallel_edges(tmp_path):
    g = network.stance_edges([("a.txt", "1", "Condemning", "condemn", f"{ENT}r", "R", "State"),
                              ("a.txt", "2", "Noting", "note", f"{ENT}r", "R", "State")])
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        back = read(network.export(g, fmt, tmp_path / f"s.{fmt}")[0])
        assert back.is_multigraph() and back.number_of_edges() == 2
        assert sorted(d["label"] for _, _, d in back.edges(data=True)) == ["condemn", "note"]


def test_csv_export_writes_nodes_and_edges(tmp_path):
    nodes, edges = network.export(_two_cliques(), "csv", tmp_path / "out")
    assert (nodes.name, edges.name) == ("nodes.csv", "edges.csv")
    node_rows = list(csv.DictReader(nodes.open(encoding="utf-8")))
    edge_rows = list(csv.DictReader(edges.open(encoding="utf-8")))
    assert len(node_rows) == 8 and {r["label"] for r in node_rows} == set("ABCDWXYZ")
    assert len(edge_rows) == 13
    bridge = [r for r in edge_rows if {r["source"], r["target"]} == {"d", "w"}]
    assert bridge and bridge[0]["clauses"] == "d.txt#bridge" and bridge[0]["weight"] == "1"
    with pytest.raises(ValueError):
        network.export(_two_cliques(), "dot", tmp_path / "x.dot")


# ---------------------------------------------------------------- over the corpus


def test_entity_names_resolve_by_label_key_alt_label_and_iri(corpus_store):
    china = f"{ENT}china"
    for name in ("China", "china", "PRC", "People's Republic of China", china, f"<{china}>"):
        assert resolve_entity(corpus_store, name) == china
    with pytest.raises(QueryError, match="did you mean China"):
        resolve_entity(corpus_store, "Chna")


def test_commitment_projection_of_the_corpus_is_backed_by_commitments(corpus_store):
    g = pj.projection(corpus_store, "commitment")
    concerned = {(plain(r[0]), plain(r[1])): set() for r in run_named(corpus_store, "commitment-entities").rows}
    for r in run_named(corpus_store, "commitment-entities").rows:
        concerned[(plain(r[0]), plain(r[1]))].add(plain(r[2]))
    assert g.number_of_edges() > 0
    for a, b, data in g.edges(data=True):
        assert data["clauses"] and all({a, b} <= concerned[c] for c in data["clauses"])
    bip = pj.projection(corpus_store, "commitment-entity")
    points = [n for n, t in bip.nodes(data="type") if t == "Commitment"]
    assert len(points) == len(concerned)
    assert all(set(bip.successors(f"{d}#{c}")) == ents for (d, c), ents in concerned.items())


def test_explained_path_hops_are_backed_by_clauses_mentioning_both_ends(corpus_store):
    g = pj.projection(corpus_store, "co-mention")
    mentions: dict[tuple[str, str], set[str]] = {}
    for r in run_named(corpus_store, "clause-entities").rows:
        mentions.setdefault((plain(r[0]), plain(r[1])), set()).add(plain(r[2]))
    hops = pj.explain(corpus_store, g, "Finland", "Interpol")
    assert hops[0].source == f"{ENT}finland" and hops[-1].target == f"{ENT}interpol"
    assert len(hops) == nx.shortest_path_length(g, f"{ENT}finland", f"{ENT}interpol")
    for prev, nxt in zip(hops, hops[1:], strict=False):
        assert prev.target == nxt.source
    for h in hops:
        assert h.evidence
        for document, clause, text in h.evidence:
            assert {h.source, h.target} <= mentions[(document, clause)]
            assert text  # the clause text itself, not only its id


def test_path_errors_name_the_problem(corpus_store):
    g = pj.projection(corpus_store, "co-mention")
    with pytest.raises(QueryError, match="no entity named"):
        pj.explain(corpus_store, g, "China", "Atlantis")
    elsewhere = sorted(set(g.nodes) - nx.node_connected_component(g, f"{ENT}china"))
    assert elsewhere  # the corpus network has islands
    with pytest.raises(QueryError, match="no path"):
        pj.explain(corpus_store, g, "China", elsewhere[0])
    with pytest.raises(QueryError, match="unknown projection"):
        pj.projection(corpus_store, "friendship")
    with pytest.raises(QueryError, match="no document"):
        pj.projection(corpus_store, "co-mention", "nope.txt")
    one = pj.projection(corpus_store, "co-mention", "2024-11-25-montreal-resolution-494.txt")
    assert 0 < one.number_of_nodes() < g.number_of_nodes()
    assert {d for _, _, cs in one.edges(data="clauses") for d, _ in cs} == {"2024-11-25-montreal-resolution-494.txt"}


def test_corpus_network_exports_round_trip(corpus_store, tmp_path):
    for name in pj.PROJECTIONS:
        g = pj.projection(corpus_store, name)
        for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
            back = read(network.export(g, fmt, tmp_path / f"{name}.{fmt}")[0])
            assert set(back.nodes) == set(g.nodes), (name, fmt)
            assert back.number_of_edges() == g.number_of_edges(), (name, fmt)


def test_communities_cover_every_node_once(corpus_store):
    g = pj.projection(corpus_store, "co-mention")
    for method in ("greedy", "louvain"):
        parts = network.communities(g, method)
        members = [n for p in parts for n in p]
        assert sorted(members) == sorted(g.nodes) and len(parts) > 1
        assert parts == network.communities(g, method)  # repeatable


def _shape(g: nx.Graph) -> tuple:
    edges = g.edges(keys=True, data=True) if g.is_multigraph() else g.edges(data=True)
    return (sorted((n, sorted(d.items())) for n, d in g.nodes(data=True)),
            sorted(repr(sorted((k, sorted(map(str, v)) if isinstance(v, list) else v) for k, v in e[-1].items()))
                   + repr(e[:-1]) for e in edges))


def test_projection_of_chosen_documents_reads_them_one_by_one(corpus_store):
    """A list of documents (the app's document filter) gives the network of those documents: all of them,
    the whole store's; one, that document's; none, a network without edges."""
    docs = [plain(r[0]) for r in run_named(corpus_store, "documents").rows]
    for name in pj.PROJECTIONS:
        whole = pj.projection(corpus_store, name)
        assert whole.number_of_edges() > 0, name
        assert _shape(pj.projection(corpus_store, name, docs)) == _shape(whole), name
        assert _shape(pj.projection(corpus_store, name, docs[:1])) == _shape(pj.projection(corpus_store, name, docs[0]))
        assert pj.projection(corpus_store, name, []).number_of_edges() == 0
    with pytest.raises(QueryError, match="no document 'nope.txt'"):
        pj.projection(corpus_store, "stance", [docs[0], "nope.txt"])
