"""SPARQL: edit and run a named query or your own; read-only, stopped after a timeout."""
from __future__ import annotations

import streamlit as st
from clausegraph.errors import ClauseGraphError
from clausegraph.graph.analytics import network
from clausegraph.graph.query.checks import variables
from clausegraph.graph.query.named import NamedQuery, list_queries, run_with_timeout, to_csv, to_json
from clausegraph.graph.store.terms import plain
from clausegraph.views.common import empty_store_notice, store
from clausegraph.views.graphview import render

TIMEOUT = 10.0

st.title("SPARQL")
if not empty_store_notice():
    named = {q.name: q for q in list_queries()}
    name = st.selectbox("Named query", list(named), index=list(named).index("stances"), key="q_name")
    query = named[name]
    text = st.text_area("Query", query.text, height=320, key=f"q_text_{name}")
    params = {}
    if query.params:
        cols = st.columns(len(query.params))
        for col, p in zip(cols, query.params.values(), strict=True):
            value = col.text_input(f"{p.name} ({p.kind}{', required' if p.required else ''})", key=f"p_{name}_{p.name}")
            if value:
                params[p.name] = value
    st.caption("Variables of this query: " + (", ".join(f"?{v}" for v in variables(text)) or "none"))
    if st.button("Run", type="primary", key="q_run"):
        try:
            result = run_with_timeout(store(), NamedQuery(name, text, params=query.params), params, TIMEOUT)
        except ClauseGraphError as exc:
            first, *rest = str(exc).splitlines()
            st.error(first)
            if rest:  # a syntax error: the line of the query, marked where the parser stopped
                st.code("\n".join(rest), language=None)
        else:
            table = [dict(zip(result.columns, map(plain, r), strict=True)) for r in result.rows]
            st.caption(f"{len(table)} rows")
            st.dataframe(table, hide_index=True, width="stretch")
            d1, d2 = st.columns(2)
            d1.download_button("CSV", to_csv(result), f"{name}.csv", "text/csv", key="q_csv", on_click="ignore")
            d2.download_button("JSON", to_json(result), f"{name}.json", "application/json", key="q_json",
                               on_click="ignore")
            iri_columns = [c for c in result.columns
                           if table and all(r[c].startswith("https://w3id.org/clausegraph/id/entity/") for r in table)]
            if len(iri_columns) >= 2:
                a, b = iri_columns[:2]
                g = network.from_pairs((r[a], r[b]) for r in table)
                st.subheader(f"{a} → {b}")
                st.iframe(render(g, network.layout(g)), height=500)
