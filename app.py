"""clausegraph explorer (Streamlit): overview, network, documents, commitments, SPARQL, validation.

Run with `clausegraph app` (or `make run`). Every page is a thin layer over graph/ functions and
named queries; only this file and views/ import streamlit.
"""
from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="clausegraph", page_icon=":material/hub:", layout="wide")

PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("views/explore.py", title="Explore", icon=":material/hub:"),
    st.Page("views/network.py", title="Network", icon=":material/share:"),
    st.Page("views/stances.py", title="Stances over time", icon=":material/timeline:"),
    st.Page("views/threats.py", title="Threats", icon=":material/warning:"),
    st.Page("views/documents.py", title="Documents", icon=":material/description:"),
    st.Page("views/commitments.py", title="Commitments", icon=":material/checklist:"),
    st.Page("views/asks.py", title="Recurring asks", icon=":material/repeat:"),
    st.Page("views/sparql.py", title="SPARQL", icon=":material/code:"),
    st.Page("views/validation.py", title="Validation", icon=":material/verified:"),
]

st.navigation(PAGES).run()
