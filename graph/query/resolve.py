"""Entity names as users type them ("China", "north korea", "NSATU") -> entity IRIs of the store."""
from __future__ import annotations

import difflib
import re

from clausegraph.errors import QueryError
from clausegraph.graph.query.named import run_named
from clausegraph.graph.store import Store
from clausegraph.graph.store.terms import plain
from clausegraph.vocab import ENT, ID, slug


def entity_labels(store: Store) -> dict[str, tuple[str, str]]:
    """Every entity of the store: IRI -> (preferred label, type)."""
    return {plain(r[0]): (plain(r[1]), plain(r[2])) for r in run_named(store, "entities").rows}


def resolve_entity(store: Store, name: str, known: dict[str, tuple[str, str]] | None = None) -> str:
    """The IRI of the entity a name stands for: a full IRI, <IRI>, a label, an entity key or another name.

    Raises:
        QueryError: no entity of the store has that name (with the closest labels as hints).
    """
    known = entity_labels(store) if known is None else known
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if re.match(r"^[a-z][a-z0-9+.-]*://", text):
        if text in known:
            return text
        raise QueryError(f"no entity {text} in the store")
    by_label = sorted(e for e, (label, _) in known.items() if label.casefold() == text.casefold())
    if by_label:
        return by_label[0]
    key = f"{ENT}{slug(text)}"
    if key in known:
        return key
    by_name = sorted({plain(r[0]) for r in run_named(store, "entity-names").rows
                      if plain(r[1]).casefold() == text.casefold() and plain(r[0]) in known})
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        raise QueryError(f"{name!r} names several entities: {', '.join(known[e][0] for e in by_name)}")
    close = difflib.get_close_matches(text, sorted({label for label, _ in known.values()}), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise QueryError(f"no entity named {name!r} in the store{hint}")


def _choose(kind: str, name: str, values: list[str], exact: dict[str, str]) -> str:
    """The value name stands for among values (exact maps each accepted spelling to its value), else a
    QueryError with the closest values as hints."""
    if name in exact:
        return exact[name]
    folded = {k.casefold(): v for k, v in exact.items()}
    if name.casefold() in folded:
        return folded[name.casefold()]
    close = difflib.get_close_matches(name, values, n=3, cutoff=0.5)
    hint = (f"; one of: {', '.join(values)}" if 0 < len(values) <= 12
            else f"; did you mean {', '.join(close)}?" if close else "")
    raise QueryError(f"no {kind} {name!r} in the store{hint}")


DOCUMENT_GRAPHS = "SELECT ?g ?file WHERE { GRAPH ?g { ?d <https://w3id.org/clausegraph/ontology#sourceFile> ?file } }"


def document_graphs(store: Store) -> dict[str, str]:
    """Every document of the store: source file name -> the named graph that holds it."""
    return {plain(r[1]): plain(r[0]) for r in store.query(DOCUMENT_GRAPHS).rows}


def resolve_document(store: Store, name: str, known: list[str] | None = None) -> str:
    """The source file name of the document a name stands for: its file name, a path to it, its stem or its
    graph IRI (as `validate --document` takes them).

    Raises:
        QueryError: no document of the store has that name (with the closest as hints).
    """
    files = sorted(plain(r[0]) for r in run_named(store, "documents").rows) if known is None else known
    exact: dict[str, str] = {}
    for f in files:
        stem = f.rsplit(".", 1)[0]
        for spelling in (stem, slug(stem), f"{ID}graph/{slug(stem)}", f"<{ID}graph/{slug(stem)}>"):
            exact.setdefault(spelling, f)
    for f in files:
        exact[f] = f  # a file name wins over another file's stem
    text = name.strip()
    tail = text.replace("\\", "/").rsplit("/", 1)[-1] if "://" not in text else text
    stem = tail.rsplit(".", 1)[0]  # "b.txt" for a document known by its stem only
    return _choose("document", next((c for c in (tail, stem) if c in exact), text), files, exact)


VOCABULARIES = {  # parameter -> the query listing its values (the notations of the store's ontology)
    "stance": "SELECT DISTINCT ?v WHERE { ?c <http://www.w3.org/2004/02/skos/core#inScheme> "
              "<https://w3id.org/clausegraph/stance/scheme> ; <http://www.w3.org/2004/02/skos/core#notation> ?v }",
    "type": "SELECT DISTINCT ?v WHERE { ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ "
            "<https://w3id.org/clausegraph/ontology#Entity> ; <http://www.w3.org/2004/02/skos/core#notation> ?v }",
}


def resolve_param(store: Store, name: str, value: str, kind: str = "literal") -> str:
    """A parameter value as the store names it: an entity (IRI parameters) by any of its names, a document
    by file name, path, stem or graph IRI, a stance or an entity type by its notation in any case. Other
    parameters are returned as given.

    Raises:
        QueryError: a value the store does not know, with the closest ones as hints.
    """
    if kind == "IRI":
        return resolve_entity(store, value)
    if name == "document":
        return resolve_document(store, value)
    if name in VOCABULARIES:
        values = sorted(plain(r[0]) for r in store.query(VOCABULARIES[name]).rows)
        if values:  # a store without the ontology graph (an old one) takes the value as given
            return _choose(name, value.strip(), values, {v: v for v in values})
    return value
