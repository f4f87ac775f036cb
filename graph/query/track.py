"""Recurring asks: link each commitment to the commitments of other documents that ask for the same thing.

The rule (``link``) needs no model download. Two asks of different documents are linked when
  * they name the same instrument, event, threat or target (targets compare by their
    numbers: "the 2%/20% guidelines" and "the 2% of GDP target" share 2%), or they share a
    rarer actor and much of their wording; and
  * they ask for the same kind of thing: an action lemma of the same family
    (ontology/patterns.ttl, cg:ActionFamily), or a token overlap of at least ``MIN_OVERLAP``.
The later ask is then "strengthened" (it adds a deadline, urgency or a higher number),
"weakened" (it loses them) or "repeated". An ask with no earlier match is "new"; an ask with
no later match while a later dated document exists is "dropped". Undated documents come after every
dated one (``chronology``), so their asks are never "dropped".
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

SPECIFIC_TYPES = {"Instrument", "Event", "Threat", "Target"}
MIN_OVERLAP = 0.2
RARE_ACTOR_IDF = 1.0  # an actor this rare anchors a link (link) and is a key of the candidate search (anchors)
STOP = {"the", "a", "an", "of", "to", "and", "in", "on", "for", "with", "by", "as", "its", "their", "that",
        "this", "at", "from", "all", "including", "while", "be", "is", "are", "our", "other", "such", "which"}


@dataclass(frozen=True)
class Ask:
    """One commitment (operative unit) as the link rule sees it."""

    document: str
    clause: str
    date: str | None
    actions: tuple[str, ...]
    entities: tuple[tuple[str, str, str], ...]  # (entity IRI, label, type)
    deadline: str | None = None
    text: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.document, self.clause)


@dataclass
class Link:
    """An earlier ask asked again later, with what matched and how the wording moved."""

    earlier: Ask
    later: Ask
    label: str
    score: float
    evidence: dict[str, list[str] | float] = field(default_factory=dict)


@dataclass
class Tracking:
    links: list[Link]
    new: list[Ask]
    dropped: list[Ask]


def chronology(date: str | None, document: str) -> tuple[bool, str, str]:
    """The order of documents in time: by adoption date, undated documents last, then by name."""
    return (date is None, date or "", document)


@lru_cache(maxsize=65536)
def tokens(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z][a-z-]+", text.lower()) if w not in STOP and len(w) > 2)


@lru_cache(maxsize=65536)
def numbers(label: str) -> frozenset[str]:
    return frozenset(re.findall(r"\d+(?:\.\d+)?", label))


def _families(actions: tuple[str, ...], families: dict[str, str]) -> set[str]:
    return {families.get(a, a) for a in actions}


def _urgency(ask: Ask, urgency: set[str]) -> set[str]:
    low = ask.text.lower()
    found = {u for u in urgency if u in low}
    if ask.deadline:
        found.add("deadline")
    return found


def link(a: Ask, b: Ask, families: dict[str, str], idf: dict[str, float] | None = None,
         urgency: set[str] | None = None) -> Link | None:
    """The link between two asks of different documents, or None when they ask for different things.

    Args:
        a, b: the two asks; the one adopted first (by date, then document name) is the earlier.
        families: action lemma -> family name.
        idf: entity IRI -> inverse document frequency over all asks (rarer entities count more).
        urgency: words that make an ask more pressing.
    Returns:
        A Link with its evidence and label, or None.
    """
    if a.document == b.document:
        return None
    earlier, later = sorted((a, b), key=lambda x: chronology(x.date, x.document))
    idf = idf or {}
    ents_a = {e for e, _, t in earlier.entities if t != "Target"}
    ents_b = {e for e, _, t in later.entities if t != "Target"}
    types = {e: t for e, _, t in earlier.entities + later.entities}
    labels = {e: lab for e, lab, _ in earlier.entities + later.entities}
    shared = ents_a & ents_b
    specific = sorted(labels[e] for e in shared if types[e] in SPECIFIC_TYPES)
    t_a = {n for _, lab, t in earlier.entities if t == "Target" for n in numbers(lab)}
    t_b = {n for _, lab, t in later.entities if t == "Target" for n in numbers(lab)}
    shared_targets = sorted(t_a & t_b)
    fam = sorted(_families(earlier.actions, families) & _families(later.actions, families))
    tok_a, tok_b = tokens(earlier.text), tokens(later.text)
    overlap = len(tok_a & tok_b) / len(tok_a | tok_b) if tok_a | tok_b else 0.0
    actors = sorted(labels[e] for e in shared if types[e] not in SPECIFIC_TYPES and idf.get(e, 0) >= RARE_ACTOR_IDF)
    anchored = bool(specific or shared_targets) or (bool(actors) and overlap >= 2 * MIN_OVERLAP)
    if not anchored or not (fam or overlap >= MIN_OVERLAP):
        return None
    score = round(len(specific) + len(shared_targets) + 0.5 * len(fam) + overlap
                  + 0.25 * sum(idf.get(e, 0) for e in shared), 3)
    label = _label(earlier, later, t_a, t_b, urgency or set())
    evidence: dict[str, list[str] | float] = {
        "entities": specific, "targets": shared_targets, "actions": fam, "actors": actors, "overlap": round(overlap, 3)}
    return Link(earlier, later, label, score, evidence)


def _label(earlier: Ask, later: Ask, t_a: set[str], t_b: set[str], urgency: set[str]) -> str:
    u_a, u_b = _urgency(earlier, urgency), _urgency(later, urgency)
    up = len(u_b - u_a) + sum(1 for n in t_b if t_a and float(n) > max(map(float, t_a)))
    down = len(u_a - u_b) + sum(1 for n in t_b if t_a and float(n) < min(map(float, t_a)))
    if up > down:
        return "strengthened"
    if down > up:
        return "weakened"
    return "repeated"


def entity_idf(asks: list[Ask]) -> dict[str, float]:
    """Inverse document frequency of each entity over the asks."""
    counts = Counter(e for ask in asks for e in {x for x, _, _ in ask.entities})
    n = len(asks) or 1
    return {e: math.log(n / c) for e, c in counts.items()}


def anchors(ask: Ask, idf: dict[str, float]) -> set[tuple[str, str]]:
    """What can anchor a link of this ask (see ``link``): its instruments, events and threats, the numbers of
    its targets, and its rarer actors. Two asks that share none cannot link, so ``track`` compares only asks
    that share one, instead of every pair (11,000 asks make 60 million pairs)."""
    out: set[tuple[str, str]] = set()
    for e, label, t in ask.entities:
        if t == "Target":
            out |= {("number", n) for n in numbers(label)}
        elif t in SPECIFIC_TYPES or idf.get(e, 0) >= RARE_ACTOR_IDF:
            out.add(("entity", e))
    return out


def track(asks: list[Ask], families: dict[str, str], urgency: set[str] | None = None,
          progress: Callable[[int, int, str], None] | None = None) -> Tracking:
    """Link every ask to the best-matching ask of each other document; list new and dropped asks.
    progress: called with (asks done, asks, "asks linked") every 100 asks and at the end."""
    idf = entity_idf(asks)
    docs = sorted({chronology(a.date, a.document) for a in asks})
    order = {d: i for i, (_, _, d) in enumerate(docs)}
    first_seen: dict[str, int] = {}
    for i, ask in enumerate(asks):
        first_seen.setdefault(ask.document, i)
    keys = [anchors(a, idf) for a in asks]
    sharing: dict[tuple[str, str], list[int]] = {}
    for i, ks in enumerate(keys):
        for k in ks:
            sharing.setdefault(k, []).append(i)
    links: list[Link] = []
    for j, later in enumerate(asks):
        best: dict[str, Link] = {}  # per earlier document, the first of the best-scoring links
        for i in sorted({i for k in keys[j] for i in sharing[k]}):
            candidate = asks[i]
            if order[candidate.document] >= order[later.document]:
                continue
            found = link(candidate, later, families, idf, urgency)
            if found and (candidate.document not in best or found.score > best[candidate.document].score):
                best[candidate.document] = found
        links += [best[d] for d in sorted(best, key=first_seen.__getitem__)]
        if progress and (j + 1 == len(asks) or (j + 1) % 100 == 0):
            progress(j + 1, len(asks), "asks linked")
    linked_later = {x.later.key for x in links}
    linked_earlier = {x.earlier.key for x in links}
    last_dated = max((order[a.document] for a in asks if a.date), default=-1)  # dropped: a later dated one exists
    new = [a for a in asks if a.key not in linked_later]
    dropped = [a for a in asks if order[a.document] < last_dated and a.key not in linked_earlier]
    return Tracking(sorted(links, key=lambda x: (x.later.document, x.later.clause)), new, dropped)
