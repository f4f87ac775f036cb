"""What every page shares: the store (opened once per process), cached named queries, colours."""
from __future__ import annotations

import os

import streamlit as st

from errors import ClauseGraphError
from graph.queries import load_query, run
from graph.store import EmbeddedStore, open_store, store_path
from graph.terms import plain

TYPE_COLOURS = {
    "State": "#1f77b4", "Organisation": "#2ca02c", "NonStateActor": "#d62728", "Instrument": "#9467bd",
    "Event": "#ff7f0e", "Place": "#8c564b", "Threat": "#e377c2", "Target": "#17becf",
}
STANCE_COLOURS = {"condemn": "#c0392b", "concern": "#e67e22", "note": "#7f8c8d", "welcome": "#27ae60",
                  "affirm": "#2980b9", "urge": "#8e44ad", "unknown": "#95a5a6"}


@st.cache_resource
def _open(path: str) -> EmbeddedStore:
    return open_store(path)


def store() -> EmbeddedStore:
    """The embedded store, opened once per process and path (CLAUSEGRAPH_STORE or ./.clausegraph/store)."""
    return _open(str(store_path(os.environ.get("CLAUSEGRAPH_STORE")).resolve()))


@st.cache_data(show_spinner=False)
def rows(path: str, name: str, generation: int = 0, **params: str) -> tuple[list[str], list[list[str]]]:
    """A named query's columns and rows as text, cached by store, query, parameters and store generation."""
    result = run(_open(path), load_query(name), params)
    return result.columns, [[plain(v) for v in r] for r in result.rows]


def records(name: str, **params: str) -> list[dict[str, str]]:
    """Rows of a named query as dicts; parameters are bound as RDF terms, never pasted into the text."""
    path = str(store_path(os.environ.get("CLAUSEGRAPH_STORE")).resolve())
    columns, data = rows(path, name, st.session_state.get("generation", 0), **params)
    return [dict(zip(columns, r, strict=True)) for r in data]


def changed() -> None:
    """Call after writing to the store: cached answers are stale."""
    st.session_state["generation"] = st.session_state.get("generation", 0) + 1
    rows.clear()


def empty_store_notice() -> bool:
    """Show how to fill an empty store; True when the store is empty."""
    try:
        docs = records("documents")
    except ClauseGraphError as exc:
        st.error(str(exc))
        return True
    if docs:
        return False
    st.info("The store is empty: ingest something first, with `clausegraph ingest corpus/` "
            "(or drop a resolution on the upload box of the Overview page).")
    return True

