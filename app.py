"""clausegraph explorer (Streamlit): a first page over the embedded store; the full app has its own issue."""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from graph.store import open_store

st.set_page_config(page_title="clausegraph", layout="wide")


@st.cache_resource
def _store(path: str):
    return open_store(Path(path))


def main() -> None:
    st.title("clausegraph")
    st.caption("Actors, threats, instruments and commitments in parliamentary resolutions.")
    path = os.environ.get("CLAUSEGRAPH_STORE", ".clausegraph/store")
    if not Path(path).exists():
        st.info("The store is empty: ingest something first, e.g. `clausegraph ingest corpus/`.")
        return
    store = _store(path)
    from graph.queries import run_named

    columns, rows = run_named(store, "documents")
    if not rows:
        st.info("The store is empty: ingest something first, e.g. `clausegraph ingest corpus/`.")
        return
    st.subheader("Documents")
    st.dataframe([dict(zip(columns, map(str, r), strict=False)) for r in rows], use_container_width=True)


main()
