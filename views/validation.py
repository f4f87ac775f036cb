"""Validation: the SHACL shapes over the whole graph; each result linked to its clause."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import streamlit as st
from clausegraph.graph.validation.validate import validate
from clausegraph.views.common import document_names, empty_store_notice, records, store
from clausegraph.vocab import slug

st.title("Validation")
if not empty_store_notice():
    if st.button("Run the SHACL shapes", type="primary", key="v_run") or st.session_state.get("v_done"):
        st.session_state["v_done"] = True
        with st.spinner("Validating..."):
            report = validate(store())
        if report.conforms:
            st.success(f"The graph conforms to the shapes ({len(report.findings)} results).")
        else:
            st.error(f"The graph does not conform: {len(report.findings)} results.")
        files = {slug(Path(d["document"]).stem): d["document"] for d in records("documents")}
        titles = document_names()
        by_severity: dict[str, list[str]] = {}
        for f in report.findings:
            name = files.get(f.document or "", f.document or "")
            link = (f"[{titles.get(name, name)} · {f.clause}](documents?doc={quote(name)}&clause={quote(f.clause)} "
                    f"\"{name}\")") if f.clause else ""
            by_severity.setdefault(f.severity, []).append(f"- **{f.message}** `{f.focus}` {f.path} {link}")
        for severity, lines in by_severity.items():
            st.subheader(severity)
            st.markdown("\n".join(lines[:500]))
