"""Find known entities in text: labels, demonyms and capitals from ontology/entities.ttl."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from clausegraph.ingest.lexicon import GazetteerEntry, Lexicon
from clausegraph.ingest.model import EntityRef

TOKEN = re.compile(r"\w+|[^\w\s]")
DESCRIPTIVE_INNER_TYPES = {"Place", "Event"}


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Word and punctuation tokens of text with their offsets ("NATO-Russia" is three tokens)."""
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


@dataclass(frozen=True)
class Label:
    words: tuple[str, ...]
    entry: GazetteerEntry
    how: str  # "label" | "demonym"


@dataclass
class Hit:
    """A gazetteer match in a unit's text."""

    begin: int
    end: int
    entry: GazetteerEntry
    how: str


def ref(entry: GazetteerEntry, type_: str | None = None) -> EntityRef:
    return EntityRef(entry.key, entry.label, type_ or entry.type, tuple(entry.alt_labels), entry.wikidata, True)


class Gazetteer:
    """An index of every label of the lexicon's entities, matched longest first."""

    def __init__(self, lex: Lexicon, types: frozenset[str] | None = None) -> None:
        self.lex = lex
        self.index: dict[str, list[Label]] = {}
        for entry in lex.entities.values():
            if types is not None and entry.type not in types and not entry.capital_of:
                continue
            for text in [entry.label, *entry.alt_labels]:
                self._add(text, entry, "label")
            for text in entry.demonyms:
                self._add(text, entry, "demonym")
        for labels in self.index.values():
            labels.sort(key=lambda lab: -len(lab.words))
        # the same labels as a tree of the words after the first: a match walks the text's tokens once
        # instead of comparing them with every label that starts with the same word
        self.tries: dict[str, _Node] = {}
        for key, labels in self.index.items():
            root = self.tries[key] = _Node()
            for lab in labels:
                node = root
                for w in lab.words[1:]:
                    node = node.next.setdefault(w, _Node())
                node.labels.append(lab)
        self.by_label = {e.label: e for e in lex.entities.values()}

    def _add(self, text: str, entry: GazetteerEntry, how: str) -> None:
        words = tuple(t for t, _, _ in tokens(text))
        if not words:
            return
        key = words[0].lower() if words[0][:1].islower() else words[0]
        self.index.setdefault(key, []).append(Label(words, entry, how))

    def find(self, text: str, toks: list[tuple[str, int, int]] | None = None) -> list[Hit]:
        """Every longest label match in text (toks: its tokens, when the caller has them already);
        a lower-case label also matches capitalised."""
        if toks is None:
            toks = tokens(text)
        hits: list[Hit] = []
        i = 0
        while i < len(toks):
            word = toks[i][0]
            exact = self.tries.get(word)
            folded = self.tries.get(word.lower()) if word[:1].isupper() else None
            if exact is None and folded is None:
                i += 1
                continue
            best = _longest(toks, i, exact, folded)
            if best is None:
                i += 1
                continue
            n = len(best.words)
            hits.append(Hit(toks[i][1], toks[i + n - 1][2], best.entry, best.how))
            i += n
        return hits

    def entity(self, label: str) -> GazetteerEntry | None:
        return self.by_label.get(label)


class _Node:
    """A node of a label tree: the labels whose words end here (in the index's order) and the next words."""

    __slots__ = ("labels", "next")

    def __init__(self) -> None:
        self.labels: list[Label] = []
        self.next: dict[str, _Node] = {}


def _longest(toks: list[tuple[str, int, int]], i: int, exact: _Node | None, folded: _Node | None) -> Label | None:
    """The longest label spelt by the tokens at i: of the labels keyed by the word (exact) and by its lower case
    (folded), the first longest one whose first word is the token's, as printed or capitalised; at equal length
    an exact key's label comes first, then the index's order."""
    word = toks[i][0]
    ends: dict[int, list[list[Label]]] = {}  # number of words -> the labels that end there, exact key first
    for root in (exact, folded):
        node, n = root, 1
        while node is not None:
            if node.labels:
                ends.setdefault(n, []).append(node.labels)
            if i + n >= len(toks):
                break
            node = node.next.get(toks[i + n][0])
            n += 1
    for n in sorted(ends, reverse=True):
        for labels in ends[n]:
            for lab in labels:
                first = lab.words[0]
                if word == first or word == first[:1].upper() + first[1:]:
                    return lab
    return None


@lru_cache(maxsize=4)
def gazetteer_for(lex: Lexicon) -> Gazetteer:
    return Gazetteer(lex)


@lru_cache(maxsize=8)
def actor_gazetteers_for(lex: Lexicon) -> tuple[Gazetteer, Gazetteer]:
    """Actors only, and states only (with capitals): the actors named inside longer names,
    down to the state inside an organisation's name ("the NATO Representation in Ukraine")."""
    return Gazetteer(lex, lex.actor_types), Gazetteer(lex, frozenset({"State"}))


@lru_cache(maxsize=4)
def descriptive_gazetteer_for(lex: Lexicon) -> Gazetteer:
    """Places and events: listed inside a longer mention only where it is descriptive wording
    ("the action plan adopted at the Washington Summit"), never inside an official name."""
    return Gazetteer(lex, frozenset(DESCRIPTIVE_INNER_TYPES))
