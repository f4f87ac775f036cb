"""Explore: facets, then an interactive network with entity cards and links to the sentences."""
from __future__ import annotations

import html

import streamlit as st
from clausegraph.graph.analytics import network
from clausegraph.views.common import (
    STANCE_COLOURS,
    actor_types,
    choose_documents,
    empty_store_notice,
    records,
    records_of,
    type_legend,
)
from clausegraph.views.graphview import render

st.title("Explore")
if not empty_store_notice():
    f1, f2, f3, f4 = st.columns(4)
    chosen_docs, docs = choose_documents(f1, "docs")
    clause_entities = records_of("clause-entities", chosen_docs, docs)
    stances = records_of("stances", chosen_docs, docs)
    entities = {r["entity"]: r for r in records("entities")}
    types = sorted({r["type"] for r in clause_entities})
    chosen_types = f2.multiselect("Entity type", types, default=types, key="types")
    stance_names = sorted({r["stance"] for r in stances})
    chosen_stances = f3.multiselect("Stance", stance_names, default=[], key="stances",
                                    help="Keep only entities the Assembly expresses one of these stances about")
    labels = {e: r["label"] for e, r in entities.items()}
    actor_options = sorted((e for e, r in entities.items() if r["type"] in actor_types()),
                           key=lambda e: labels[e])
    actor = f4.selectbox("Actor", [""] + actor_options, format_func=lambda e: labels.get(e, "(any)") if e else "(any)",
                         key="actor")

    kept = [r for r in clause_entities if r["document"] in chosen_docs and r["type"] in chosen_types]
    if chosen_stances:
        about = {r["entity"] for r in stances if r["stance"] in chosen_stances and r["document"] in chosen_docs}
        kept = [r for r in kept if r["entity"] in about]
    g = network.co_mention((r["document"], r["clause"], r["entity"], r["label"], r["type"]) for r in kept)

    c1, c2, c3 = st.columns([2, 1, 1])
    focus_options = sorted(g.nodes, key=lambda n: g.nodes[n]["label"])
    default_focus = focus_options.index(actor) + 1 if actor in focus_options else 0
    focus = c1.selectbox("Entity card and ego network", [""] + focus_options, index=default_focus,
                         format_func=lambda n: g.nodes[n]["label"] if n else "(whole network)", key="focus")
    depth = c2.slider("Depth", 1, 3, 1, key="depth")
    limit = c3.number_input("Node limit", 10, 2000, 80, step=10, key="limit")
    view = network.ego(g, focus, depth) if focus else g
    shown = network.top(view, int(limit))
    st.caption(f"{shown.number_of_nodes()} of {g.number_of_nodes()} entities, {shown.number_of_edges()} links "
               "(edges: mentioned in the same clause; width: number of clauses)")
    st.iframe(render(shown, network.layout(shown)), height=620)
    st.markdown(type_legend("&#9679;"), unsafe_allow_html=True)

    if focus:
        card = records("entity", entity=focus)
        if card:
            info = card[0]
            st.subheader(f"{info['label']} · {info['type']}")
            if info.get("names"):
                st.write(f"Also printed as: {info['names']}")
            if info.get("wikidata"):
                st.markdown(f"Wikidata: [{info['wikidata'].rsplit('/', 1)[-1]}]({info['wikidata']})")
            for r in records("entity-clauses", entity=focus):
                badges = " ".join(f"<span style='background:{STANCE_COLOURS.get(s.strip(), '#999')};color:white;"
                                  f"padding:0 4px;border-radius:3px'>{html.escape(s.strip())}</span>"
                                  for s in r["stances"].split(",") if s.strip())
                st.markdown(f"**{html.escape(r['document'])} · {r['clause']}** {badges}<br>"
                            f"<span style='font-size:0.9em'>{html.escape(r['text'])}</span>", unsafe_allow_html=True)
    with st.expander("Centrality"):
        st.dataframe([{"entity": lab, "degree": d, "betweenness": b} for _, lab, d, b in network.centrality(g)[:50]],
                     hide_index=True, width="stretch")
