"""Commitments: every operative point as a row (addressee, actions, entities, targets, deadline); CSV."""
from __future__ import annotations

import csv
import io

import streamlit as st
from clausegraph.views.common import choose_documents, empty_store_notice, records_of

st.title("Commitments")
if not empty_store_notice():
    c1, c2, c3 = st.columns(3)
    chosen, docs = choose_documents(c1, "c_docs")
    text = c2.text_input("Action, entity or target contains", key="c_text")
    only_deadline = c3.checkbox("Only with a deadline", key="c_deadline")
    data = records_of("commitments", chosen, docs)
    rows = [r for r in data if (not text or text.lower() in " ".join(r.values()).lower())
            and (not only_deadline or r["deadline"])]
    st.caption(f"{len(rows)} of {len(data)} commitments")
    st.dataframe(rows, hide_index=True, width="stretch")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["document", "clause", "addressee", "actions", "entities", "targets",
                                             "deadline"])
    writer.writeheader()
    writer.writerows(rows)
    st.download_button("Download CSV", buf.getvalue(), "commitments.csv", "text/csv", key="c_csv")
