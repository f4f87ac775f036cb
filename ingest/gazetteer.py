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
        self.by_label = {e.label: e for e in lex.entities.values()}

    def _add(self, text: str, entry: GazetteerEntry, how: str) -> None:
        words = tuple(t for t, _, _ in tokens(text))
        if not words:
            return
        key = words[0].lower() if words[0][:1].islower() else words[0]
        self.index.setdefault(key, []).append(Label(words, entry, how))

    def find(self, text: str) -> list[Hit]:
        """Every longest label match in text; a lower-case label also matches capitalised."""
        toks = tokens(text)
        hits: list[Hit] = []
        i = 0
        while i < len(toks):
            word = toks[i][0]
            cands = self.index.get(word, []) + (self.index.get(word.lower(), []) if word[:1].isupper() else [])
            best = None
            for lab in sorted(cands, key=lambda lab: -len(lab.words)):
                n = len(lab.words)
                window = [t for t, _, _ in toks[i:i + n]]
                if len(window) == n and _same(window, lab.words):
                    best = lab
                    break
            if best is None:
                i += 1
                continue
            n = len(best.words)
            hits.append(Hit(toks[i][1], toks[i + n - 1][2], best.entry, best.how))
            i += n
        return hits

    def entity(self, label: str) -> GazetteerEntry | None:
        return self.by_label.get(label)


def _same(window: list[str], words: tuple[str, ...]) -> bool:
    if window[0] != words[0] and window[0] != words[0][:1].upper() + words[0][1:]:
        return False
    return all(a == b for a, b in zip(window[1:], words[1:], strict=True))


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
