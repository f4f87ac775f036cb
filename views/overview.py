"""Overview: the documents, what the graph holds, the most mentioned actors and instruments, upload."""
from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st
from clausegraph.errors import ClauseGraphError
from clausegraph.ingest.read import TEXT_SUFFIXES
from clausegraph.pipeline import load_paths
from clausegraph.views.common import (
    STANCE_COLOURS,
    actor_types,
    document_name,
    empty_store_notice,
    records,
    type_colour,
    writable,
)


def bar_spec(bars: list[tuple[str, int, str]], counted: str) -> dict:
    """A Vega-Lite horizontal bar chart, one bar per (name, count, colour), largest first."""
    return {"data": {"values": [{"name": n, "count": c} for n, c, _ in bars]},
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {"y": {"field": "name", "type": "nominal", "sort": "-x", "title": None},
                         "x": {"field": "count", "type": "quantitative", "title": counted},
                         "color": {"field": "name", "type": "nominal", "legend": None,
                                   "scale": {"domain": [n for n, _, _ in bars], "range": [c for _, _, c in bars]}}}}


st.title("clausegraph")
st.caption("Actors, threats, instruments and commitments in parliamentary resolutions — sourced to the sentence.")

with st.expander("Add a document (" + ", ".join(sorted(TEXT_SUFFIXES)) + ")", expanded=False):
    kinds = sorted(suffix.lstrip(".") for suffix in TEXT_SUFFIXES)
    upload = st.file_uploader("Resolution or declaration", type=kinds, key="upload")
    if upload is not None and st.button("Ingest", key="ingest"):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            try:
                with writable() as writer:
                    summary = load_paths(writer, [path])
            except ClauseGraphError as exc:
                st.error(f"Nothing changed: {exc}")
            else:
                for _name, error in summary.failed:
                    st.error(f"Nothing changed: {error}")
                if not summary.failed:
                    st.success(f"{upload.name}: {summary.line()}")

if not empty_store_notice():
    st.subheader("Documents")
    st.dataframe([{"document": document_name(d), "kind": d["kind"], "number": d["number"], "adopted": d["adopted"],
                   "place": d["place"], "file": d["document"]} for d in records("documents")],
                 hide_index=True, width="stretch", key="o_documents")
    counts = records("counts")[0]
    cols = st.columns(5)
    for col, key in zip(cols, ["documents", "clauses", "entities", "mentions", "commitments"], strict=True):
        col.metric(key.capitalize(), counts[key])
    left, right = st.columns(2)
    with left:
        st.subheader("Entities by type")
        st.caption("Distinct entities of each type (not their mentions)")
        by_type = records("entity-types")
        st.vega_lite_chart(bar_spec([(r["type"], int(r["entities"]), type_colour(r["type"])) for r in by_type],
                                    "entities"), width="stretch")
    with right:
        st.subheader("Stances")
        st.caption("Speech acts of each stance, in the stance colours of every page")
        st.vega_lite_chart(bar_spec([(r["stance"], int(r["speech_acts"]), STANCE_COLOURS.get(r["stance"], "#999"))
                                     for r in records("stance-counts")], "speech acts"), width="stretch")
    entities = records("entities")
    actors = [e for e in entities if e["type"] in actor_types()][:10]
    instruments = [e for e in entities if e["type"] == "Instrument"][:10]
    left, right = st.columns(2)
    left.subheader("Most mentioned actors")
    left.dataframe([{"actor": e["label"], "type": e["type"], "mentions": int(e["mentions"])} for e in actors],
                   hide_index=True, width="stretch")
    right.subheader("Most mentioned instruments")
    right.dataframe([{"instrument": e["label"], "mentions": int(e["mentions"])} for e in instruments],
                    hide_index=True, width="stretch")
