"""Stance over time: what the Assembly expresses about each actor, document by document, in date order.

Reads the stance-over-time query (one row per speech act about an actor) and groups it by actor,
then by document: the number of speech acts of each stance, the verbs as printed, and the clauses.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from clausegraph.graph.query.named import run_named
from clausegraph.graph.query.resolve import resolve_entity
from clausegraph.graph.store import Store
from clausegraph.graph.store.terms import plain


@dataclass(frozen=True)
class StanceAct:
    """One speech act about an actor: the clause, its stance, the verb as printed and the clause text."""

    clause: str
    stance: str
    verb: str
    text: str


@dataclass
class DocumentStances:
    """The stances expressed about one actor in one document."""

    document: str
    adopted: str
    acts: list[StanceAct] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Stance -> number of speech acts, most frequent first (ties by name)."""
        c = Counter(a.stance for a in self.acts)
        return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))

    @property
    def verbs(self) -> list[str]:
        """The verbs as printed, once each, in the order of the text."""
        return list(dict.fromkeys(a.verb for a in self.acts))

    def verbs_of(self, stance: str) -> list[str]:
        return list(dict.fromkeys(a.verb for a in self.acts if a.stance == stance))


@dataclass
class ActorStances:
    """Every document that expresses a stance about one actor, oldest first."""

    entity: str
    label: str
    type: str
    documents: list[DocumentStances] = field(default_factory=list)

    def change(self) -> str:
        """One line: the stances of the first document against those of the last ("" for a single document)."""
        if len(self.documents) < 2:
            return ""
        first, last = self.documents[0], self.documents[-1]

        def said(d: DocumentStances) -> str:
            return ", ".join(f"{s} ({', '.join(d.verbs_of(s))})" for s in d.counts)

        return f"{first.adopted or first.document}: {said(first)} -> {last.adopted or last.document}: {said(last)}"


def group(rows: list[tuple[str, ...]]) -> list[ActorStances]:
    """Group rows of the stance-over-time query by actor and document (date order within each actor).

    Args:
        rows: (entity, label, type, adopted, document, clause, stance, verb, text).
    """
    actors: dict[str, ActorStances] = {}
    for entity, label, type_, adopted, document, clause, stance, verb, text in rows:
        actor = actors.setdefault(entity, ActorStances(entity, label, type_))
        doc = next((d for d in actor.documents if d.document == document), None)
        if doc is None:
            doc = DocumentStances(document, adopted)
            actor.documents.append(doc)
        act = StanceAct(clause, stance, verb, text)
        if act not in doc.acts:
            doc.acts.append(act)
    for actor in actors.values():
        actor.documents.sort(key=lambda d: (d.adopted or "9999", d.document))
    return sorted(actors.values(), key=lambda a: (a.label.casefold(), a.entity))


def stance_over_time(store: Store, entity: str | None = None) -> list[ActorStances]:
    """The stances about every actor, or about one (an IRI or a name such as "China")."""
    params = {"entity": resolve_entity(store, entity)} if entity else {}
    rows = [tuple(plain(v) for v in r) for r in run_named(store, "stance-over-time", **params).rows]
    return group(rows)
