"""Entity names as users type them ("China", "north korea", "NSATU") -> entity IRIs of the store."""
from __future__ import annotations

import difflib
import re

from errors import QueryError
from graph.queries import run_named
from graph.store import Store
from graph.terms import plain
from ingest.vocab import ENT, slug


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
