"""Recurring asks: link each commitment to the commitments of other documents that ask for the same thing.

The rule (``link``) needs no model download. It compares what is asked of whom about what: each ask's
*frame* (``frame``) holds the families of its verbs (ontology/patterns.ttl, cg:ActionFamily: the asked
actions, and every verb or action noun of its text: "support", "deterrence", "co-operation"), the words of
the objects of those verbs ("the Alliance's deterrence and defence posture" gives deterrence, defence,
posture), its actors, instruments, events, threats and targets. Two asks of different documents are linked
when they are anchored by
  * the same instrument, event, threat or target (targets compare by their numbers: "the 2%/20%
    guidelines" and "the 2% of GDP target" share 2%), or
  * the same object of an action, a word rarer than ``RARE_WORD_IDF`` over all asks, with an actor or an
    action family in common, or
  * actors in common whose rarity (inverse document frequency) adds up to ``ACTOR_PAIR_IDF`` (Georgia and
    Moldova; China and Russia), with an action family in common;
and they ask for the same kind of thing (an action family in common, or that shared object).
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
ANCHOR_TYPES = {"Instrument", "Threat", "Target"}  # an event (a war) is the setting of many asks, weighed as actors are
MIN_OVERLAP = 0.2
RARE_ACTOR_IDF = 1.0  # an actor this rare is a key of the candidate search (anchors)
ACTOR_PAIR_IDF = 2.5  # actors in common this rare together anchor a link ...
RAREST_ACTOR_IDF = 2.0  # ... when one of them is at least this rare
RARE_WORD_IDF = 1.5  # an object word this rare anchors a link
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


@dataclass(frozen=True)
class Words:
    """The word lists of the frame (ontology/patterns.ttl): where an object ends, which object words say nothing,
    and which boundaries open the names of whom the action is for."""

    boundaries: frozenset[str] = frozenset()
    generic: frozenset[str] = frozenset()
    beneficiary: frozenset[str] = frozenset()  # boundaries after which only the names of whom it is for follow


WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|[,;:.()]")


@lru_cache(maxsize=4096)
def inflections(families: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Every form of every family word ("supporting", "strengthens", "deterred") -> its family."""
    out: dict[str, str] = {}
    for word, fam in families:
        w = word.split()[0] if " " in word else word
        forms = {w, w + "s", w + "es", w + "ing", w + "ed", w + "d"}
        if w.endswith("e"):
            forms |= {w[:-1] + "ing", w[:-1] + "ed"}
        if w.endswith("y"):
            forms |= {w[:-1] + "ies", w[:-1] + "ied"}
        if len(w) > 2 and w[-1] not in "aeiouwy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
            forms |= {w + w[-1] + "ing", w + w[-1] + "ed"}
        for f in forms:
            out.setdefault(f, fam)
    return out


def frame(ask: Ask, families: dict[str, str], words: Words) -> tuple[frozenset[str], frozenset[str]]:
    """The action families of an ask (its asked actions, and every verb or action noun of its text) and the
    words of the objects of its verbs: after each verb, the words up to a boundary (a preposition, ";"),
    leaving out determiners, possessives, adverbs and generic words."""
    forms = inflections(tuple(sorted(families.items())))
    fams = set(_families(ask.actions, families))
    asked = {a.split()[0] for a in ask.actions}
    toks = WORD.findall(ask.text)
    objects: set[str] = set()
    for i, t in enumerate(toks):
        low = t.lower()
        fam = forms.get(low)
        if fam is None and low not in asked:
            continue
        if fam is not None:
            fams.add(fam)
        j = i + 1
        while j < len(toks) and (toks[j].lower() in ("and", ",", "or") or toks[j].lower().endswith("ly")
                                 or forms.get(toks[j].lower()) == fam and fam is not None):
            j += 1  # "sustain and increase support": the object of both
        names_only = False  # after "for", "to", "of": only the names of whom it is for ("support for Ukraine")
        while j < len(toks):
            w = toks[j].lower()
            if w in words.boundaries or w in (";", ":", ".", "(", ")") or (w in forms and w != low and j > i + 1
                                                                          and toks[j - 1].lower() == "and"):
                if names_only or w not in words.beneficiary:
                    break
                names_only = True
            elif names_only:
                if toks[j][:1].isupper():
                    objects.add(re.sub(r"['’]s?$", "", w))
            elif w[:1].isalpha() and not re.search(r"['’]s?$", w) and w not in STOP and w not in words.generic \
                    and not w.endswith("ly") and len(w) > 2 and w[:1].islower() == toks[j][:1].islower():
                objects.add(w[:-1] if w.endswith("s") and not w.endswith(("ss", "es")) and len(w) > 4 else w)
            j += 1
    return frozenset(fams), frozenset(objects)


def _urgency(ask: Ask, urgency: set[str]) -> set[str]:
    low = ask.text.lower()
    found = {u for u in urgency if u in low}
    if ask.deadline:
        found.add("deadline")
    return found


def link(a: Ask, b: Ask, families: dict[str, str], idf: dict[str, float] | None = None,
         urgency: set[str] | None = None, words: Words | None = None) -> Link | None:
    """The link between two asks of different documents, or None when they ask for different things.

    Args:
        a, b: the two asks; the one adopted first (by date, then document name) is the earlier.
        families: action lemma -> family name.
        idf: entity IRI (and "word:" + object word) -> inverse document frequency over all asks.
        urgency: words that make an ask more pressing.
        words: the word lists of the frame (object boundaries, generic words).
    Returns:
        A Link with its evidence (what matched: entities, targets, objects, actors, actions) and label, or None.
    """
    if a.document == b.document:
        return None
    earlier, later = sorted((a, b), key=lambda x: chronology(x.date, x.document))
    idf = idf or {}
    words = words or Words()
    ents_a = {e for e, _, t in earlier.entities if t != "Target"}
    ents_b = {e for e, _, t in later.entities if t != "Target"}
    types = {e: t for e, _, t in earlier.entities + later.entities}
    labels = {e: lab for e, lab, _ in earlier.entities + later.entities}
    shared = ents_a & ents_b
    specific = sorted(labels[e] for e in shared if types[e] in ANCHOR_TYPES)
    t_a = {n for _, lab, t in earlier.entities if t == "Target" for n in numbers(lab)}
    t_b = {n for _, lab, t in later.entities if t == "Target" for n in numbers(lab)}
    shared_targets = sorted(t_a & t_b)
    fam_a, obj_a = frame(earlier, families, words)
    fam_b, obj_b = frame(later, families, words)
    fam = sorted(fam_a & fam_b)
    objects = sorted(w for w in obj_a & obj_b if idf.get("word:" + w, 0) >= RARE_WORD_IDF)
    actors = sorted(e for e in shared if types[e] not in ANCHOR_TYPES)
    actor_weight = sum(idf.get(e, 0) for e in actors)
    rarest = max((idf.get(e, 0) for e in actors), default=0.0)
    tok_a, tok_b = tokens(earlier.text), tokens(later.text)
    overlap = len(tok_a & tok_b) / len(tok_a | tok_b) if tok_a | tok_b else 0.0
    anchored = bool(specific or shared_targets) \
        or (bool(objects) and bool(fam or (actors and actor_weight >= RARE_ACTOR_IDF))) \
        or (actor_weight >= ACTOR_PAIR_IDF and rarest >= RAREST_ACTOR_IDF and len(actors) >= 2 and bool(fam))
    if not anchored or not (fam or objects):
        return None
    score = round(2 * (len(specific) + len(shared_targets)) + 0.5 * len(fam) + overlap
                  + 0.25 * sum(idf.get(e, 0) for e in shared) + 0.5 * sum(idf.get("word:" + w, 0) for w in objects), 3)
    label = _label(earlier, later, t_a, t_b, urgency or set())
    evidence: dict[str, list[str] | float] = {
        "entities": specific, "targets": shared_targets, "objects": objects, "actions": fam,
        "actors": sorted(labels[e] for e in actors if idf.get(e, 0) >= RARE_ACTOR_IDF),
        "overlap": round(overlap, 3)}
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


def entity_idf(asks: list[Ask], families: dict[str, str] | None = None, words: Words | None = None
               ) -> dict[str, float]:
    """Inverse document frequency of each entity over the asks, and of each object word ("word:" + word) when
    families are given."""
    counts = Counter(e for ask in asks for e in {x for x, _, _ in ask.entities})
    if families is not None:
        counts.update("word:" + w for ask in asks for w in frame(ask, families, words or Words())[1])
    n = len(asks) or 1
    return {e: math.log(n / c) for e, c in counts.items()}


def anchors(ask: Ask, idf: dict[str, float], objects: frozenset[str] = frozenset()) -> set[tuple[str, str]]:
    """What can anchor a link of this ask (see ``link``): its instruments, events and threats, the numbers of
    its targets, and its rarer actors. Two asks that share none cannot link, so ``track`` compares only asks
    that share one, instead of every pair (11,000 asks make 60 million pairs)."""
    out: set[tuple[str, str]] = set()
    for e, label, t in ask.entities:
        if t == "Target":
            out |= {("number", n) for n in numbers(label)}
        elif t in SPECIFIC_TYPES or idf.get(e, 0) >= RARE_ACTOR_IDF or t not in SPECIFIC_TYPES:
            out.add(("entity", e))
    out |= {("word", w) for w in objects if idf.get("word:" + w, 0) >= RARE_WORD_IDF}
    return out


def mutual(links: list[Link]) -> list[Link]:
    """The links each of whose earlier asks has no better link into the same later document: an ask renewed in
    a later text is renewed by the ask that matches it best, not by every ask that picked it."""
    best: dict[tuple[tuple[str, str], str], float] = {}
    for x in links:
        k = (x.earlier.key, x.later.document)
        best[k] = max(best.get(k, x.score), x.score)
    return [x for x in links if x.score >= best[(x.earlier.key, x.later.document)]]


def track(asks: list[Ask], families: dict[str, str], urgency: set[str] | None = None,
          progress: Callable[[int, int, str], None] | None = None, words: Words | None = None) -> Tracking:
    """Link every ask to the best-matching ask of each other document; list new and dropped asks.
    progress: called with (asks done, asks, "asks linked") every 100 asks and at the end."""
    words = words or Words()
    idf = entity_idf(asks, families, words)
    docs = sorted({chronology(a.date, a.document) for a in asks})
    order = {d: i for i, (_, _, d) in enumerate(docs)}
    first_seen: dict[str, int] = {}
    for i, ask in enumerate(asks):
        first_seen.setdefault(ask.document, i)
    keys = [anchors(a, idf, frame(a, families, words)[1]) for a in asks]
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
            found = link(candidate, later, families, idf, urgency, words)
            if found and (candidate.document not in best or found.score > best[candidate.document].score):
                best[candidate.document] = found
        links += [best[d] for d in sorted(best, key=first_seen.__getitem__)]
        if progress and (j + 1 == len(asks) or (j + 1) % 100 == 0):
            progress(j + 1, len(asks), "asks linked")
    links = mutual(links)
    linked_later = {x.later.key for x in links}
    linked_earlier = {x.earlier.key for x in links}
    last_dated = max((order[a.document] for a in asks if a.date), default=-1)  # dropped: a later dated one exists
    new = [a for a in asks if a.key not in linked_later]
    dropped = [a for a in asks if order[a.document] < last_dated and a.key not in linked_earlier]
    return Tracking(sorted(links, key=lambda x: (x.later.document, x.later.clause)), new, dropped)
