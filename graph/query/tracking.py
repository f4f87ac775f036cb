"""Recurring asks over a store: read the commitments and apply graph/query/track.py (the CLI's render.py and
the app draw the result)."""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from clausegraph.graph.query.named import run_named
from clausegraph.graph.query.track import Ask, Tracking, Words, track
from clausegraph.graph.store import Store
from clausegraph.graph.store.terms import plain
from clausegraph.resources import ontology_dir
from clausegraph.vocab import CG, PAT
from rdflib import RDF, Graph


@lru_cache(maxsize=1)
def vocabulary() -> tuple[dict[str, str], frozenset[str]]:
    """Action families (lemma -> family) and urgency words from ontology/patterns.ttl."""
    g = Graph().parse(ontology_dir() / "patterns.ttl", format="turtle")
    families: dict[str, str] = {}
    for fam in g.subjects(RDF.type, CG.ActionFamily):
        name = str(fam).split("family-")[-1]
        for w in g.objects(fam, CG.word):
            families.setdefault(str(w), name)
    urgency = frozenset(str(w) for w in g.objects(PAT["urgency-words"], CG.word))
    return families, urgency


def asks_from_store(store: Store) -> list[Ask]:
    """Every commitment of the store as an Ask (entity labels and types looked up once)."""
    labels = {plain(r[0]): (plain(r[1]), plain(r[2])) for r in run_named(store, "entities").rows}
    out = []
    for r in run_named(store, "asks").rows:
        document, adopted, clause, text, deadline, actions, entities = (plain(v) for v in r)
        ents = tuple((e, *labels.get(e, (e, "Entity"))) for e in entities.split("|") if e)
        out.append(Ask(document, clause, adopted or None, tuple(a for a in actions.split("|") if a),
                       ents, deadline or None, text))
    return out


@lru_cache(maxsize=1)
def object_words() -> Words:
    """Where the object of a verb ends and which object words say nothing, from ontology/patterns.ttl."""
    g = Graph().parse(ontology_dir() / "patterns.ttl", format="turtle")
    return Words(frozenset(str(w) for w in g.objects(PAT["object-boundaries"], CG.word)),
                 frozenset(str(w) for w in g.objects(PAT["generic-object-words"], CG.word)),
                 frozenset(str(w) for w in g.objects(PAT["beneficiary-links"], CG.word)))


def tracking(store: Store, progress: Callable[[int, int, str], None] | None = None) -> Tracking:
    families, urgency = vocabulary()
    return track(asks_from_store(store), families, set(urgency), progress, object_words())
