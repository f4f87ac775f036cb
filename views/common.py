"""What every page shares: the store (opened once per process), cached named queries, colours."""
from __future__ import annotations

import hashlib
import html
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st
from clausegraph.errors import ClauseGraphError, StoreError
from clausegraph.graph.query.named import load_query, run
from clausegraph.graph.store import EmbeddedStore, open_store, store_path, store_version
from clausegraph.graph.store.remote import RemoteStore, endpoint_from_env, open_remote
from clausegraph.graph.store.terms import plain

TYPE_COLOURS = {
    "State": "#1f77b4", "Organisation": "#2ca02c", "NonStateActor": "#d62728", "Instrument": "#9467bd",
    "Event": "#ff7f0e", "Place": "#8c564b", "Threat": "#e377c2", "Target": "#17becf",
}
EXTRA_COLOURS = ("#bcbd22", "#7f7f7f", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94")


def type_colour(entity_type: str) -> str:
    """The colour of an entity type: its own for the shipped types; for a type added to the ontology, one of
    EXTRA_COLOURS chosen by its name (the same on every page and every run)."""
    if entity_type in TYPE_COLOURS:
        return TYPE_COLOURS[entity_type]
    if not entity_type:
        return "#999"  # no type known
    return EXTRA_COLOURS[int(hashlib.sha256(entity_type.encode()).hexdigest(), 16) % len(EXTRA_COLOURS)]


def type_legend(symbol: str) -> str:
    """HTML: the colour of every entity type of the store (entity-types), the shipped ones when it has none."""
    types = sorted({r["type"] for r in records("entity-types")}) or list(TYPE_COLOURS)
    return " ".join(f"<span style='color:{type_colour(t)}'>{symbol}</span> {html.escape(t)}" for t in types)


STANCE_COLOURS = {"condemn": "#c0392b", "concern": "#e67e22", "note": "#7f8c8d", "welcome": "#27ae60",
                  "affirm": "#2980b9", "urge": "#8e44ad", "unknown": "#95a5a6"}


REMOTE = "sparql:"  # the key of a remote store: this prefix and the query endpoint ($CLAUSEGRAPH_ENDPOINT)


def location() -> str:
    """Where the app reads: the endpoint (CLAUSEGRAPH_ENDPOINT) or the store folder; a key of the caches."""
    endpoint = endpoint_from_env()
    if endpoint:
        return REMOTE + endpoint
    return str(store_path(os.environ.get("CLAUSEGRAPH_STORE")).resolve())


def stamp(path: str) -> str:
    """What the app's caches are keyed by: the newest published state of the store (see
    graph.store.embedded.EmbeddedStore.snapshot), so the app sees what `clausegraph ingest` adds while it runs."""
    return store_version(Path(path))


@st.cache_resource(max_entries=2)
def _open(path: str, version: str) -> EmbeddedStore | RemoteStore:
    """The store read-only: the app never holds the writer's lock, so ingest can run beside it."""
    if path.startswith(REMOTE):
        return open_remote(path.removeprefix(REMOTE), read_only=True)
    if version == "missing":
        open_store(path).close()  # create an empty store, then read it like any other
    return open_store(path, read_only=True)


def store() -> EmbeddedStore | RemoteStore:
    """The store as it is now (CLAUSEGRAPH_ENDPOINT, else CLAUSEGRAPH_STORE or ./.clausegraph/store), read-only."""
    path = location()
    return _open(path, stamp(path))


@contextmanager
def writable() -> Iterator[EmbeddedStore | RemoteStore]:
    """The store opened for writing for the time of one change (an upload), then closed."""
    try:
        writer = open_remote() if endpoint_from_env() else open_store(location())
    except StoreError as exc:
        raise StoreError(f"{exc} (is `clausegraph ingest` writing to it right now? try again when it is done)") \
            from None
    try:
        yield writer
    finally:
        writer.close()
    changed()


@st.cache_data(show_spinner=False)
def rows(path: str, name: str, version: str = "", **params: str) -> tuple[list[str], list[list[str]]]:
    """A named query's columns and rows as text, cached by store, query, parameters and store version."""
    result = run(_open(path, version), load_query(name), params)
    return result.columns, [[plain(v) for v in r] for r in result.rows]


def records(name: str, **params: str) -> list[dict[str, str]]:
    """Rows of a named query as dicts; parameters are bound as RDF terms, never pasted into the text."""
    path = location()
    columns, data = rows(path, name, stamp(path), **params)
    return [dict(zip(columns, r, strict=True)) for r in data]


def document_name(row: dict[str, str]) -> str:
    """How the app names a document: its title with the year ("Declaration on X (2022)"); the file name
    when it has no title. The file name stays in a column or a tooltip beside it."""
    title = " ".join((row.get("title") or "").split())
    if not title:
        return row.get("document", "")
    year = (row.get("adopted") or "")[:4]
    return f"{title} ({year})" if year else title


def document_names() -> dict[str, str]:
    """File name -> the document's name as the app shows it (document_name), for every document."""
    return {d["document"]: document_name(d) for d in records("documents")}


MANY_DOCUMENTS = 25  # above this, pages that list clauses start from the newest WINDOW documents
WINDOW = 10


def choose_documents(container: object, key: str) -> tuple[list[str], list[str]]:
    """A document filter: (chosen, all documents). Every document is chosen by default in a small store;
    in a larger one the newest WINDOW (by adoption date), so a page asks only for their rows and opens in
    moments instead of reading the whole corpus (the user adds documents, or all of them, at will)."""
    names = document_names()
    docs = list(names)  # ordered by adoption date, then file name
    default = docs if len(docs) <= MANY_DOCUMENTS else docs[-WINDOW:]
    chosen = container.multiselect("Document", docs, default=default, key=key,  # type: ignore[attr-defined]
                                   format_func=lambda d: names.get(d, d), help="Each document by its title and year")
    if len(docs) > MANY_DOCUMENTS and len(chosen) < len(docs):
        container.caption(f"{len(chosen)} of {len(docs)} documents (the newest {WINDOW} at first)")  # type: ignore[attr-defined]
    return chosen, docs


def records_of(name: str, chosen: list[str], docs: list[str], **params: str) -> list[dict[str, str]]:
    """Rows of a named query with a `document` parameter, for the chosen documents: one query when all are
    chosen, else one per document (each cached, so adding a document reads only that document)."""
    if set(chosen) >= set(docs):
        return records(name, **params)
    out: list[dict[str, str]] = []
    for document in chosen:
        out += records(name, document=document, **params)
    return out


def actor_types() -> set[str]:
    """The entity types that are actors, as the store's ontology says (queries/actor-types.rq)."""
    return {r["type"] for r in records("actor-types")}


def changed() -> None:
    """Call after writing to the store: cached answers are stale."""
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

