"""Commitments: every ask and decision as a row (clause text, who is asked or who decides, actions, instrument,
target, deadline, where the ask recurs); CSV; an instrument's life line (created, asked, reaffirmed or raised)."""
from __future__ import annotations

import csv
import io

import streamlit as st
from clausegraph.graph.query.track import Tracking
from clausegraph.graph.query.tracking import tracking
from clausegraph.views.common import choose_documents, empty_store_notice, location, records, records_of, stamp, store

COLUMNS = ["document", "clause", "text", "addressee", "actions", "instrument", "targets", "deadline", "recurs",
           "entities"]


@st.cache_data(show_spinner="Linking the asks across documents ...")
def _tracking(path: str, version: str) -> Tracking:
    return tracking(store())


def _recurs(result: Tracking) -> dict[tuple[str, str], list[str]]:
    """(document, clause) -> where the ask is asked again, or was asked before."""
    out: dict[tuple[str, str], list[str]] = {}
    for x in result.links:
        out.setdefault(x.earlier.key, []).append(f"again in {x.later.document} {x.later.clause} ({x.label})")
        out.setdefault(x.later.key, []).append(f"first in {x.earlier.document} {x.earlier.clause}")
    return out


st.title("Commitments")
if not empty_store_notice():
    c1, c2, c3 = st.columns(3)
    chosen, docs = choose_documents(c1, "c_docs")
    text = c2.text_input("Action, entity or target contains", key="c_text")
    only_deadline = c3.checkbox("Only with a deadline", key="c_deadline")
    data = records_of("commitments", chosen, docs)
    types = {r["label"]: r["type"] for r in records("entities")}
    texts = {(r["document"], r["clause"]): r["text"] for r in records("asks")}
    decided = {(r["document"], r["clause"]): r for r in records("decisions")}
    path = location()
    recurs = _recurs(_tracking(path, stamp(path)))
    for r in data:
        key = (r["document"], r["clause"])
        names = [n for n in r["entities"].split("; ") if n]
        r["text"] = texts.get(key, "")
        r["instrument"] = "; ".join(n for n in names if types.get(n) == "Instrument")
        r["recurs"] = "; ".join(recurs.get(key, []))
        if key in decided and not r["addressee"]:
            r["addressee"] = "decided by " + decided[key]["maker"].rsplit("/", 1)[-1]
    rows = [{c: r.get(c, "") for c in COLUMNS} for r in data
            if (not text or text.lower() in " ".join(r.values()).lower()) and (not only_deadline or r["deadline"])]
    st.caption(f"{len(rows)} of {len(data)} commitments")
    st.dataframe(rows, hide_index=True, width="stretch")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    st.download_button("Download CSV", buf.getvalue(), "commitments.csv", "text/csv", key="c_csv")

    st.subheader("An instrument's life line")
    st.caption("Created (a summit decision), asked to fund or fulfil (the Assembly, year by year), reaffirmed "
               "or raised: every commitment that names the instrument or asks for the target it set.")
    instruments = {r["label"]: r["entity"] for r in records("entities", type="Instrument")}
    if instruments:
        labels = sorted(instruments)
        default = next((i for i, lab in enumerate(labels) if "Wales" in lab), 0)
        chosen_instrument = st.selectbox("Instrument", labels, index=default, key="c_instrument")
        life = records("lifeline", entity=instruments[chosen_instrument])
        st.dataframe(life, hide_index=True, width="stretch")
