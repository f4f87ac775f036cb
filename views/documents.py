"""Documents: read a document clause by clause, mentions coloured by type, stance verbs marked."""
from __future__ import annotations

import html

import streamlit as st
from clausegraph.views.common import (
    STANCE_COLOURS,
    document_name,
    empty_store_notice,
    records,
    type_colour,
    type_legend,
)


def highlight(text: str, mentions: list[dict[str, str]], verbs: list[dict[str, str]]) -> str:
    """The clause as HTML: each mention (outer ones, in order) coloured by type, each verb in bold."""
    marks: list[tuple[int, int, str]] = []
    pos = 0
    for m in mentions:
        at = text.find(m["text"], pos)
        if at < 0:
            at = text.find(m["text"])
        if at < 0 or any(b < at + len(m["text"]) and at < e for b, e, _ in marks):
            continue
        colour = type_colour(m["type"])
        marks.append((at, at + len(m["text"]), f"<span title='{html.escape(m['label'])} ({m['type']})' "
                      f"style='border-bottom:3px solid {colour};background:{colour}22'>"))
        pos = at
    for v in verbs:
        at = text.find(v["verb"])
        if at >= 0 and not any(b < at + len(v["verb"]) and at < e for b, e, _ in marks):
            colour = STANCE_COLOURS.get(v["stance"], "#999")
            marks.append((at, at + len(v["verb"]), f"<b title='{v['stance']}' style='color:{colour}'>"))
    out, last = [], 0
    for b, e, tag in sorted(marks):
        out.append(html.escape(text[last:b]))
        out.append(tag + html.escape(text[b:e]) + ("</b>" if tag.startswith("<b") else "</span>"))
        last = e
    out.append(html.escape(text[last:]))
    return "".join(out)


st.title("Documents")
if not empty_store_notice():
    docs = records("documents")
    names = [d["document"] for d in docs]
    wanted = st.query_params.get("doc")
    shown = {d["document"]: document_name(d) for d in docs}
    document = st.selectbox("Document", names, index=names.index(wanted) if wanted in names else 0, key="document",
                            format_func=lambda d: shown[d])
    meta = next(d for d in docs if d["document"] == document)
    st.subheader(meta["title"])
    st.caption(" · ".join(x for x in (meta["kind"], meta["number"] and f"No. {meta['number']}", meta["adopted"],
                                      meta["place"], f"file {document}") if x))
    clause_filter = st.query_params.get("clause")
    mentions = records("document-mentions", document=document)
    verbs = records("clause-stances", document=document)
    entity_filter = st.selectbox("Only clauses mentioning", [""] + sorted({m["label"] for m in mentions}),
                                 format_func=lambda x: x or "(any entity)", key="doc_entity")
    for clause in records("document-clauses", document=document):
        cid = clause["clause"]
        ms = [m for m in mentions if m["clause"] == cid]
        if entity_filter and entity_filter not in {m["label"] for m in ms}:
            continue
        vs = [v for v in verbs if v["clause"] == cid]
        indent = "margin-left:2em;" if "." in cid else ""
        focus = "background:#fff8dc;" if clause_filter == cid else ""
        st.markdown(f"<div id='clause-{cid}' style='{indent}{focus}padding:2px 4px'><b>{cid}</b> "
                    f"{highlight(clause['text'], ms, vs)}</div>", unsafe_allow_html=True)
        if ms:
            st.caption("Entities: " + ", ".join(sorted({m["label"] for m in ms})))
    st.markdown(type_legend("&#9632;"), unsafe_allow_html=True)
