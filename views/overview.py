"""Overview: the documents, what the graph holds, the most mentioned actors and instruments, upload."""
from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st
from clausegraph.errors import ClauseGraphError
from clausegraph.ingest.read import TEXT_SUFFIXES
from clausegraph.pipeline import load_paths
from clausegraph.views.common import actor_types, empty_store_notice, records, writable

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
    docs = records("documents")
    st.subheader("Documents")
    for d in docs:
        name = f"{d['kind'].capitalize()} {d['number']}" if d["number"] else d["kind"].capitalize()
        where = ", ".join(x for x in (d["place"], d["adopted"]) if x)
        st.markdown(f"**{name}** — {d['title']} ({where})  \n`{d['document']}`")
    st.dataframe(docs, hide_index=True, width="stretch")
    counts = records("counts")[0]
    cols = st.columns(5)
    for col, key in zip(cols, ["documents", "clauses", "entities", "mentions", "commitments"], strict=True):
        col.metric(key.capitalize(), counts[key])
    left, right = st.columns(2)
    with left:
        st.subheader("Entities by type")
        st.bar_chart({r["type"]: int(r["mentions"]) for r in records("entity-types")}, horizontal=True)
    with right:
        st.subheader("Stances")
        st.bar_chart({r["stance"]: int(r["speech_acts"]) for r in records("stance-counts")}, horizontal=True)
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
