"""Commitments: every operative point as a row (addressee, actions, entities, targets, deadline); CSV."""
from __future__ import annotations

import csv
import io

import streamlit as st

from views.common import empty_store_notice, records

st.title("Commitments")
if not empty_store_notice():
    data = records("commitments")
    docs = sorted({r["document"] for r in data})
    c1, c2, c3 = st.columns(3)
    chosen = c1.multiselect("Document", docs, default=docs, key="c_docs")
    text = c2.text_input("Action, entity or target contains", key="c_text")
    only_deadline = c3.checkbox("Only with a deadline", key="c_deadline")
    rows = [r for r in data if r["document"] in chosen
            and (not text or text.lower() in " ".join(r.values()).lower())
            and (not only_deadline or r["deadline"])]
    st.caption(f"{len(rows)} of {len(data)} commitments")
    st.dataframe(rows, hide_index=True, width="stretch")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["document", "clause", "addressee", "actions", "entities", "targets",
                                             "deadline"])
    writer.writeheader()
    writer.writerows(rows)
    st.download_button("Download CSV", buf.getvalue(), "commitments.csv", "text/csv", key="c_csv")
