"""Network analytics: centrality, communities and explained paths over a chosen projection; GraphML/GEXF/CSV.

The Explore page draws the co-mention network and its ego networks; this page adds the analytics.
"""
from __future__ import annotations

import html
import tempfile
from functools import partial
from pathlib import Path

import networkx as nx
import streamlit as st
from clausegraph.errors import ClauseGraphError
from clausegraph.graph.analytics import network
from clausegraph.graph.analytics import projections as pj
from clausegraph.views.common import choose_documents, document_names, empty_store_notice, location, stamp, store

Selection = tuple[str, str, tuple[str, ...] | None, str]  # store location, projection, documents (None: all), version


@st.cache_resource(show_spinner="Building the network…", max_entries=8)
def _graph(key: Selection) -> tuple[nx.Graph, nx.Graph]:
    """The projection and its simple graph, shared by every session and never modified (cache_data would
    copy a 25,000-edge network at every rerun)."""
    _, projection, documents, _ = key
    g = pj.projection(store(), projection, list(documents) if documents is not None else None)
    return g, network.simple(g)


@st.cache_data(show_spinner="Computing degree and betweenness…", max_entries=8)
def _centrality(key: Selection) -> list[tuple[str, str, float, float]]:
    return network.centrality(_graph(key)[1])


@st.cache_data(show_spinner="Finding communities…", max_entries=16)
def _communities(key: Selection, method: str) -> tuple[list[list[str]], float]:
    g = _graph(key)[0]
    parts = network.communities(g, method)
    return parts, network.modularity(g, parts)


def _exported(g: nx.Graph, fmt: str, name: str) -> bytes:
    """One export file, written when the user asks for it (a large network takes seconds to write; the
    download button calls this outside the script run, so it touches no Streamlit state)."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / ("network" if fmt == "csv" else f"network.{fmt}")
        return next(p.read_bytes() for p in network.export(g, fmt, target) if p.name == name)


st.title("Network analytics")
if not empty_store_notice():
    c1, c2 = st.columns(2)
    projection = c1.selectbox("Projection", list(pj.PROJECTIONS), key="n_projection",
                              format_func=lambda p: f"{p}: {pj.PROJECTIONS[p]}")
    chosen, docs = choose_documents(c2, "n_docs")
    path_key = location()
    key: Selection = (path_key, projection, None if set(chosen) >= set(docs) else tuple(chosen), stamp(path_key))
    g, base = _graph(key)
    st.caption(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges, "
               f"{nx.number_connected_components(base) if base.number_of_nodes() else 0} connected components")
    labels = {n: str(base.nodes[n].get("label", n)) for n in base.nodes}
    types = {n: str(base.nodes[n].get("type", "")) for n in base.nodes}

    central, comms, path = st.tabs(["Centrality", "Communities", "Path"])
    with central:
        top = st.number_input("Top", 5, 500, 20, step=5, key="n_top")
        strength = dict(base.degree(weight="weight"))
        st.dataframe([{"entity": lab, "type": types[n], "degree": d, "betweenness": b, "links": base.degree(n),
                       "weight": strength[n]} for n, lab, d, b in _centrality(key)[: int(top)]],
                     hide_index=True, width="stretch", key="n_centrality")
    with comms:
        method = st.radio("Method", ["greedy", "louvain"], horizontal=True, key="n_method",
                          help="greedy modularity (deterministic) or Louvain (seeded)")
        parts, score = _communities(key, method)
        st.caption(f"{len(parts)} communities, modularity {score}")
        st.dataframe([{"community": i, "size": len(p), "members": ", ".join(labels[n] for n in p)}
                      for i, p in enumerate(parts, 1)], hide_index=True, width="stretch", key="n_communities")
    with path:
        nodes = sorted(base.nodes, key=lambda n: (labels[n].casefold(), n))
        p1, p2 = st.columns(2)
        source = p1.selectbox("From", [""] + nodes, key="n_from", format_func=lambda n: labels.get(n, "(choose)"))
        target = p2.selectbox("To", [""] + nodes, key="n_to", format_func=lambda n: labels.get(n, "(choose)"))
        if source and target:
            try:
                hops = pj.explain(store(), g, source, target)
            except ClauseGraphError as exc:
                st.warning(str(exc))
                hops = []
            titles = document_names()
            for h in hops:
                st.markdown(f"**{html.escape(h.source_label)}** — {html.escape(h.relation)} — "
                            f"**{html.escape(h.target_label)}**")
                for d, c, text in h.evidence:
                    st.markdown(f"<div style='margin-left:1.5em;font-size:0.9em'><b title='{html.escape(d)}'>"
                                f"{html.escape(titles.get(d, d))} · {html.escape(c)}</b> {html.escape(text)}</div>",
                                unsafe_allow_html=True)

    st.subheader("Export")
    e1, e2, e3 = st.columns(3)
    for col, fmt, names, mime in ((e1, "graphml", ["network.graphml"], "application/xml"),
                                  (e2, "gexf", ["network.gexf"], "application/xml"),
                                  (e3, "csv", ["nodes.csv", "edges.csv"], "text/csv")):
        for name in names:
            col.download_button(f"Download {name}", partial(_exported, g, fmt, name),
                                f"{projection}-{name}", mime, key=f"n_export_{name}", on_click="ignore")
