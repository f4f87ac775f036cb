"""Stances over time: what the Assembly expresses about one actor, document by document, as a chart and tables."""
from __future__ import annotations

import pandas as pd
import streamlit as st
from clausegraph.graph.query.stances import group
from clausegraph.views.common import STANCE_COLOURS, document_names, empty_store_notice, records

COLUMNS = ["entity", "label", "type", "adopted", "document", "clause", "stance", "verb", "text"]

st.title("Stances over time")
if not empty_store_notice():
    # the actors, the one spoken about in the most documents (then most often) first; only the chosen
    # actor's stances are read, so the page stays quick on a large store
    listed = {r["entity"]: r for r in records("stance-actors")}
    if not listed:
        st.info("No stances about states, organisations or non-state actors in the store.")
    else:
        iri = st.selectbox("Actor", list(listed), key="stance_actor",
                           format_func=lambda e: f"{listed[e]['label']} ({listed[e]['type']}, "
                                                 f"{listed[e]['documents']} documents)")
        found = group([tuple(r[c] for c in COLUMNS) for r in records("stance-over-time", entity=iri)])
        if not found:
            st.warning(f"No stance about {listed[iri]['label']} has its clause and verb in the store: run "
                       "`clausegraph validate`.")
            st.stop()
        actor = found[0]
        stances = [s for s in STANCE_COLOURS if any(s in d.counts for d in actor.documents)]
        stances += sorted({s for d in actor.documents for s in d.counts} - set(stances))
        titles = document_names()
        names = [f"{d.adopted or '(no date)'} · {titles.get(d.document, d.document)}" for d in actor.documents]
        frame = pd.DataFrame([[d.counts.get(s, 0) for s in stances] for d in actor.documents],
                             columns=stances, index=pd.Index(names, name="document"))
        st.caption(f"Speech acts about {actor.label} by stance, one bar per document in date order")
        st.bar_chart(frame, color=[STANCE_COLOURS.get(s, "#999999") for s in stances], stack=True,
                     y_label="speech acts")
        if actor.change():
            st.markdown(f"**Change:** {actor.change()}")
        for name, d in zip(names, actor.documents, strict=True):
            st.subheader(name, help=f"file {d.document}")
            st.caption(", ".join(f"{s} {n} ({', '.join(d.verbs_of(s))})" for s, n in d.counts.items()))
            st.dataframe([{"clause": a.clause, "stance": a.stance, "verb": a.verb, "text": a.text} for a in d.acts],
                         hide_index=True, width="stretch")
