"""Threats: who is called a threat, by year; per named threat, who poses it; every row opens its clause."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st
from clausegraph.views.common import document_names, empty_store_notice, records


def clause_link(document: str, clause: str) -> str:
    """The Documents page scrolled to one clause."""
    return "documents?" + urlencode({"doc": document, "clause": clause})


st.title("Threats")
if not empty_store_notice():
    titles = document_names()
    rows = records("threats")
    statements = [r for r in rows if r["posed_by"]]
    if not rows:
        st.info("No threat is named in the store's documents.")
        st.stop()
    st.subheader("Who is called a threat, by year")
    st.caption("Each count is of threat statements: a clause that says the actor poses, is or carries out a "
               "threat or challenge.")
    st.dataframe([{"year": r["year"] or "(no date)", "actor": r["label"], "statements": int(r["statements"]),
                   "documents": int(r["documents"]), "threats named": r["threats"]}
                  for r in records("threat-actors")], hide_index=True, width="stretch", key="threat_years")

    st.subheader("One actor")
    actors = sorted({r["posed_by_label"] for r in statements},
                    key=lambda a: -sum(r["posed_by_label"] == a for r in statements))
    if actors:
        actor = st.selectbox("Actor", actors, key="threat_actor")
        mine = sorted((r for r in statements if r["posed_by_label"] == actor),
                      key=lambda r: (r["adopted"] or "9999", r["document"]))
        dated = [r["adopted"] for r in mine if r["adopted"]]
        st.markdown(f"**{actor}** is called a threat or the source of one in {len({r['document'] for r in mine})} "
                    f"documents" + (f", since {min(dated)}" if dated else "") + ".")
        st.dataframe([{"adopted": r["adopted"], "document": titles.get(r["document"], r["document"]),
                       "clause": r["clause"], "threat": r["label"] or "(the actor itself)",
                       "open": clause_link(r["document"], r["clause"]), "file": r["document"]} for r in mine],
                     hide_index=True, width="stretch", key="threat_actor_rows",
                     column_config={"open": st.column_config.LinkColumn("clause text", display_text="open")})

    st.subheader("Named threats")
    named = sorted({r["label"] for r in rows if r["label"]})
    if named:
        threat = st.selectbox("Threat", named, key="threat_named")
        st.dataframe([{"posed by": r["posed_by_label"] or "(no actor named)", "adopted": r["adopted"],
                       "document": titles.get(r["document"], r["document"]), "clause": r["clause"],
                       "open": clause_link(r["document"], r["clause"]), "file": r["document"]}
                      for r in rows if r["label"] == threat],
                     hide_index=True, width="stretch", key="threat_named_rows",
                     column_config={"open": st.column_config.LinkColumn("clause text", display_text="open")})
