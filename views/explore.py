"""Explore: start from one actor (the most condemned at first) and its neighbourhood, grow it by clicking
nodes, filter by document, stance and entity type; the whole network is one click away."""
from __future__ import annotations

import html
from collections import Counter
from urllib.parse import urlencode

import streamlit as st
from clausegraph.graph.analytics import network
from clausegraph.views.common import (
    STANCE_COLOURS,
    actor_types,
    choose_documents,
    document_names,
    empty_store_notice,
    records,
    records_of,
    type_legend,
)
from clausegraph.views.graphview import render

BLAME = "condemn"  # the stance the page opens on: the actor the Assembly condemns most often


def _grow() -> None:
    """A click on a node (typed into the hidden `grow` box by the network): add it to the grown nodes."""
    node = st.session_state.get("grow", "")
    grown = st.session_state.setdefault("grown", [])
    if node and node not in grown:
        grown.append(node)
    st.session_state["card"] = node or st.session_state.get("card", "")
    st.session_state["grow"] = ""


def _restart() -> None:
    """A new actor (or the whole network): forget the nodes grown by clicking."""
    st.session_state["grown"] = []
    st.session_state["card"] = ""


def _whole_network() -> None:
    st.session_state["actor"] = ""
    _restart()


def _card(entity: str, names: dict[str, str], stances: list[dict[str, str]]) -> None:
    """What the store says of one entity: its names, what the Assembly expresses about it, its clauses."""
    card = records("entity", entity=entity)
    if not card:
        return
    info = card[0]
    st.subheader(f"{info['label']} · {info['type']}")
    if info.get("names"):
        st.write(f"Also printed as: {info['names']}")
    if info.get("wikidata"):
        st.markdown(f"Wikidata: [{info['wikidata'].rsplit('/', 1)[-1]}]({info['wikidata']})")
    said = Counter(r["stance"] for r in stances if r["entity"] == entity)
    if said:
        st.markdown("What the Assembly expresses about it: " + ", ".join(
            f"<span style='color:{STANCE_COLOURS.get(s, '#999')}'><b>{html.escape(s)}</b></span> {n}"
            for s, n in said.most_common()), unsafe_allow_html=True)
    for r in records("entity-clauses", entity=entity):
        badges = " ".join(f"<span style='background:{STANCE_COLOURS.get(s.strip(), '#999')};color:white;"
                          f"padding:0 4px;border-radius:3px'>{html.escape(s.strip())}</span>"
                          for s in r["stances"].split(",") if s.strip())
        name = names.get(r["document"], r["document"])
        link = html.escape("documents?" + urlencode({"doc": r["document"], "clause": r["clause"]}), quote=True)
        st.markdown(f"<b title='{html.escape(r['document'], quote=True)}'>{html.escape(name)} · {r['clause']}</b> "
                    f"{badges} <a href='{link}' target='_self'>open in the document</a><br>"
                    f"<span style='font-size:0.9em'>{html.escape(r['text'])}</span>", unsafe_allow_html=True)


st.title("Explore")
if not empty_store_notice():
    names = document_names()
    f1, f2, f3 = st.columns(3)
    chosen_docs, docs = choose_documents(f1, "docs")
    clause_entities = records_of("clause-entities", chosen_docs, docs)
    stances = [r for r in records_of("stances", chosen_docs, docs) if r["document"] in chosen_docs]
    types = sorted({r["type"] for r in clause_entities})
    chosen_types = f2.multiselect("Entity type", types, default=types, key="types")
    stance_names = [s for s in STANCE_COLOURS if any(r["stance"] == s for r in stances)]
    stance_names += sorted({r["stance"] for r in stances} - set(stance_names))
    chosen_stances = f3.multiselect("Stance", stance_names, default=[], key="stances",
                                    help="Keep only entities the Assembly expresses one of these stances about")

    kept = [r for r in clause_entities if r["document"] in chosen_docs and r["type"] in chosen_types]
    if chosen_stances:
        about = {r["entity"] for r in stances if r["stance"] in chosen_stances}
        kept = [r for r in kept if r["entity"] in about]
    g = network.co_mention((r["document"], r["clause"], r["entity"], r["label"], r["type"]) for r in kept)
    labels = {n: str(g.nodes[n]["label"]) for n in g.nodes}

    # the question the page opens on: the actor the Assembly condemns most often, and its neighbourhood
    blamed = Counter(r["entity"] for r in stances if r["stance"] == BLAME)
    spoken = Counter(r["entity"] for r in stances)
    kinds = actor_types()
    actors = sorted((n for n in g.nodes if g.nodes[n]["type"] in kinds),
                    key=lambda n: (-blamed[n], -spoken[n], labels[n].casefold()))
    if st.session_state.get("actor") not in ["", *actors]:  # first visit, or the filters took the actor away
        st.session_state["actor"] = actors[0] if actors else ""
        _restart()
    a1, a2, a3, a4 = st.columns([3, 1, 1, 1], vertical_alignment="bottom")
    actor = a1.selectbox("Actor", ["", *actors], key="actor", on_change=_restart,
                         format_func=lambda n: f"{labels[n]} ({blamed[n]} × {BLAME})" if n else "(whole network)",
                         help=f"Actors in order of how often the Assembly expresses '{BLAME}' about them")
    depth = a2.slider("Depth", 1, 3, 1, key="depth")
    limit = a3.number_input("Node limit", 10, 2000, 80, step=10, key="limit")
    a4.button("Whole network", key="whole", on_click=_whole_network, disabled=not actor)
    # the network types a clicked node's id here (hidden: it is not for typing)
    st.text_input("Grow from", key="grow", on_change=_grow, label_visibility="collapsed")
    st.html("<style>.st-key-grow{display:none}</style>")

    grown = [n for n in st.session_state.get("grown", []) if n in g]
    view = network.neighbourhood(g, actor, depth, grown) if actor else g
    centres = [n for n in [actor, *grown] if n]
    shown = network.top(view, int(limit), keep=centres)
    st.caption(f"{shown.number_of_nodes()} of {g.number_of_nodes()} entities, {shown.number_of_edges()} links "
               "(edges: mentioned in the same clause; width: number of clauses)"
               + (" · click a node to add its neighbours" if actor else ""))
    if grown:
        st.caption("Grown from: " + ", ".join(labels[n] for n in grown))
    st.iframe(render(shown, network.layout(shown), report_to="grow", highlight=frozenset(centres),
                     documents=names), height=620)
    st.markdown(type_legend("&#9679;") + " &nbsp; (a large node with a dark border: where the view starts "
                "or was grown)", unsafe_allow_html=True)

    focus = st.session_state.get("card") if st.session_state.get("card") in g else actor
    if focus:
        _card(focus, names, stances)
    with st.expander("Centrality"):
        st.dataframe([{"entity": lab, "degree": d, "betweenness": b} for _, lab, d, b in network.centrality(g)[:50]],
                     hide_index=True, width="stretch")
