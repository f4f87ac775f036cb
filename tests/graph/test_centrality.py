"""Degree centrality stays what networkx defines: the fraction of the other nodes a node links to (at most 1)."""
from __future__ import annotations

import networkx as nx
from clausegraph.graph.analytics import network
from clausegraph.graph.analytics import projections as pj


def test_a_self_loop_does_not_push_degree_centrality_above_one():
    g = nx.Graph()
    g.add_edges_from([("hub", "a"), ("hub", "b"), ("hub", "hub")])
    for n in g:
        g.nodes[n]["label"] = n
    rows = {n: d for n, _, d, _ in network.centrality(g)}
    assert rows == {"hub": 1.0, "a": 0.5, "b": 0.5}


def test_stance_projection_centrality_is_at_most_one(corpus_store):
    """The Assembly expresses stances about itself: its self-loop once gave a degree centrality of 1.04."""
    g = pj.projection(corpus_store, "stance")
    assert any(a == b for a, b in g.edges())  # the case that broke is in the corpus
    rows = network.centrality(network.simple(g))
    assert rows[0][2] == 1.0 and all(0 <= d <= 1 and 0 <= b <= 1 for _, _, d, b in rows)
