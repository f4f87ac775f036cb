"""Stances over time: what the Assembly expresses about one actor, document by document, as a chart and tables."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.stances import group
from views.common import STANCE_COLOURS, empty_store_notice, records

COLUMNS = ["entity", "label", "type", "adopted", "document", "clause", "stance", "verb", "text"]

st.title("Stances over time")
if not empty_store_notice():
    actors = group([tuple(r[c] for c in COLUMNS) for r in records("stance-over-time")])
    if not actors:
        st.info("No stances about states, organisations or non-state actors in the store.")
    else:
        by_iri = {a.entity: a for a in actors}
        # the actor spoken about in the most documents (then most often) comes first
        default = max(actors, key=lambda a: (len(a.documents), sum(len(d.acts) for d in a.documents))).entity
        options = [a.entity for a in actors]
        iri = st.selectbox("Actor", options, index=options.index(default), key="stance_actor",
                           format_func=lambda e: f"{by_iri[e].label} ({by_iri[e].type})")
        actor = by_iri[iri]
        stances = [s for s in STANCE_COLOURS if any(s in d.counts for d in actor.documents)]
        stances += sorted({s for d in actor.documents for s in d.counts} - set(stances))
        names = [f"{d.adopted or '(no date)'} · {d.document.rsplit('.', 1)[0]}" for d in actor.documents]
        frame = pd.DataFrame([[d.counts.get(s, 0) for s in stances] for d in actor.documents],
                             columns=stances, index=pd.Index(names, name="document"))
        st.caption(f"Speech acts about {actor.label} by stance, one bar per document in date order")
        st.bar_chart(frame, color=[STANCE_COLOURS.get(s, "#999999") for s in stances], stack=True,
                     y_label="speech acts")
        if actor.change():
            st.markdown(f"**Change:** {actor.change()}")
        for name, d in zip(names, actor.documents, strict=True):
            st.subheader(name)
            st.caption(", ".join(f"{s} {n} ({', '.join(d.verbs_of(s))})" for s, n in d.counts.items()))
            st.dataframe([{"clause": a.clause, "stance": a.stance, "verb": a.verb, "text": a.text} for a in d.acts],
                         hide_index=True, width="stretch")
