"""Recurring asks: each commitment linked to the later commitments that ask for the same thing, labelled
repeated / strengthened / weakened, with the evidence; new and dropped asks (graph/query/track.py)."""
from __future__ import annotations

import csv
import io
from functools import partial

import streamlit as st
from clausegraph.graph.query.track import Tracking
from clausegraph.graph.query.tracking import tracking
from clausegraph.views.common import document_names, empty_store_notice, location, stamp, store

LABEL_COLOURS = {"strengthened": "green", "repeated": "blue", "weakened": "orange"}
SHOWN = 50  # links drawn at first; a large store has hundreds of thousands
MAX_SHOWN = 1000


@st.cache_data(show_spinner="Linking the commitments across documents ...")
def _tracking(path: str, version: str) -> Tracking:
    return tracking(store())


def _evidence(evidence: dict) -> str:
    return "; ".join(f"{k}: {', '.join(v) if isinstance(v, list) else v}" for k, v in evidence.items() if v)


def _csv(links: list) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["label", "score", "earlier_document", "earlier_clause", "later_document", "later_clause",
                     "evidence"])
    writer.writerows([x.label, x.score, x.earlier.document, x.earlier.clause, x.later.document, x.later.clause,
                      _evidence(x.evidence)] for x in links)
    return buf.getvalue()


st.title("Recurring asks")
st.caption("What the Assembly asks again, document after document: same instrument or target, same kind of "
           "action, similar wording. *Strengthened* adds a deadline, urgency or a higher target.")
if not empty_store_notice():
    path = location()
    result = _tracking(path, stamp(path))
    labels = sorted({x.label for x in result.links})
    c1, c2 = st.columns([2, 3])
    chosen = c1.multiselect("Label", labels, default=labels, key="asks_labels")
    text = c2.text_input("Clause text or evidence contains", key="asks_text")
    links = [x for x in result.links if x.label in chosen
             and (not text or text.lower() in f"{x.earlier.text} {x.later.text} {_evidence(x.evidence)}".lower())]
    m1, m2, m3 = st.columns(3)
    m1.metric("Recurring asks", len(result.links))
    m2.metric("New asks", len(result.new))
    m3.metric("Dropped asks", len(result.dropped))
    d1, d2 = st.columns([1, 3])
    limit = int(d1.number_input("Links shown", 10, MAX_SHOWN, min(SHOWN, MAX_SHOWN), step=50, key="asks_shown"))
    if len(links) > limit:
        d2.caption(f"Showing the first {limit} of {len(links)} links: narrow them with the label and text "
                   "filters, or download them all.")
    # written when pressed: a large store has hundreds of thousands of links, too many to write on every rerun
    d2.download_button("Download the links (CSV)", partial(_csv, links), "recurring-asks.csv", "text/csv",
                       key="asks_csv", on_click="ignore")
    titles = document_names()
    for x in links[:limit]:
        colour = LABEL_COLOURS.get(x.label, "gray")
        with st.container(border=True):
            st.markdown(f":{colour}[**{x.label}**] · {titles.get(x.earlier.document, x.earlier.document)} "
                        f"**{x.earlier.clause}** → {titles.get(x.later.document, x.later.document)} "
                        f"**{x.later.clause}**", help=f"files {x.earlier.document} and {x.later.document}")
            left, right = st.columns(2)
            left.caption(f"{x.earlier.date or ''} · {x.earlier.clause}")
            left.write(x.earlier.text)
            right.caption(f"{x.later.date or ''} · {x.later.clause}")
            right.write(x.later.text)
            st.caption(f"Evidence: {_evidence(x.evidence)}")
    with st.expander(f"New asks ({len(result.new)})"):
        st.dataframe([{"document": titles.get(a.document, a.document), "clause": a.clause, "text": a.text,
                       "file": a.document} for a in result.new],
                     hide_index=True, width="stretch")
    with st.expander(f"Dropped asks ({len(result.dropped)})"):
        st.dataframe([{"document": titles.get(a.document, a.document), "clause": a.clause, "text": a.text,
                       "file": a.document} for a in result.dropped],
                     hide_index=True, width="stretch")
