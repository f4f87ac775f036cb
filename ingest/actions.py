"""Requested actions of operative units (lemmas), their addressee and deadline (rules: gold/README.md)."""
from __future__ import annotations

import re
from functools import lru_cache

from clausegraph.ingest.lexicon import Lexicon
from lemminflect import getAllLemmas

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|[,;:()\"“”]")
DETERMINERS = {"the", "a", "an", "their", "its", "our", "all", "any", "this", "these", "those", "such", "every",
               "more", "further", "greater", "new", "additional"}


@lru_cache(maxsize=4096)
def _verb_lemmas(word: str) -> tuple[str, ...]:
    w = word.lower()
    for cand in (w, re.sub(r"is(e|ed|es|ing)$", r"iz\1", w)):
        lemmas = getAllLemmas(cand, upos="VERB").get("VERB")
        if lemmas:
            return tuple(re.sub(r"ize$", "ise", x) if cand != w else x for x in lemmas)
    return ()


def lemma(word: str) -> str:
    """The verb lemma of word ("working" -> "work"), falling back on simple suffix rules."""
    found = _verb_lemmas(word)
    if found:
        return found[0]
    w = word.lower()
    if w.endswith("ing") and len(w) > 5:
        stem = w[:-3]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            return stem[:-1]
        return stem + "e" if re.search(r"(is|iz|at|ur|iv|ag|uc)$", stem) else stem
    return w


def is_verb(word: str) -> bool:
    w = word.lower()
    return bool(_verb_lemmas(w)) or bool(re.search(r"(ise|ize)$", w))


def is_base_verb(word: str, strict: bool) -> bool:
    """Word is a verb's base form; strict also refuses words that read as nouns or adjectives."""
    w = word.lower()
    if not is_verb(w) or lemma(w) != w:
        return False
    if strict:
        other = getAllLemmas(w)
        return not (set(other) - {"VERB"})
    return True


def _strip_parentheticals(text: str) -> str:
    text = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), text)
    return re.sub(r",\s+as\s+[a-z]+ed\b[^,;]*,", lambda m: " " * len(m.group()), text)


class ActionFinder:
    """Applies the ask grammar of ontology/patterns.ttl to a unit's text."""

    def __init__(self, lex: Lexicon) -> None:
        self.particles = lex.wordset("particles")
        self.aspect = lex.wordset("aspect-verbs")
        self.efforts = lex.wordset("effort-nouns")
        self.openers = lex.wordset("non-ask-openers")
        self.prepositions = lex.wordset("non-ask-prepositions")
        self.deadlines = lex.deadlines

    def _verb_at(self, words: list[str], i: int) -> tuple[str, int] | None:
        """The lemma of the verb at i (adverbs skipped, particle kept) and the index after it."""
        while i < len(words) and words[i].lower().endswith("ly") and words[i].lower() not in ("apply", "rely"):
            i += 1
            if i + 1 < len(words) and words[i] in ("and", ",") and words[i + 1].lower().endswith("ly"):
                i += 1
        if i >= len(words) or not words[i][:1].islower() or not is_verb(words[i]):
            return None
        lem = lemma(words[i])
        i += 1
        if i < len(words) and words[i] in self.particles:
            lem, i = f"{lem} {words[i]}", i + 1
        return lem, i

    def _subject_verb(self, words: list[str]) -> int:
        """Where the verb is in a point that opens with its subject ("a) the governments ... support ...")."""
        if self._verb_at(words, 0) is not None or words[0].lower() not in DETERMINERS:
            return 0
        for i, w in enumerate(words[1:15], 1):
            if w[:1].islower() and is_base_verb(w, strict=False) and words[i - 1].lower() not in DETERMINERS \
                    and words[i - 1].lower() not in self.openers | self.prepositions | {"and", "or", "to"}:
                return i
        return 0

    def _coordinated(self, words: list[str], i: int, out: list[str]) -> int:
        """Verbs coordinated right after a verb: "sustain and increase", "counter, deter and respond"."""
        while i + 1 < len(words) and words[i] in (",", "and"):
            j = i + 1
            if words[i] == "," and words[j] == "and":
                j += 1
            if j < len(words) and words[j] == "to":
                return i
            found = self._verb_at(words, j)
            if found is None or not is_base_verb(found[0].split()[0], strict=False):
                return i
            out.append(found[0])
            i = found[1]
        return i

    def _ask(self, words: list[str], i: int, out: list[str]) -> int:
        """One ask starting at a verb: aspect verbs, "V efforts to W", coordination."""
        found = self._verb_at(words, i)
        if found is None:
            return i
        lem, i = found
        if lem in self.aspect:
            if i < len(words) and words[i] == "to" and self._verb_at(words, i + 1):
                return self._ask(words, i + 1, out)
            nxt = self._verb_at(words, i)
            if nxt and words[i].lower().endswith("ing"):
                return self._ask(words, i, out)
        out.append(lem)
        i = self._coordinated(words, i, out)
        j = i
        while j < len(words) and j - i < 5 and words[j] not in (",", ";") and not re.search(r"['’]s?$", words[j]):
            if words[j].lower() in self.efforts and j + 1 < len(words) and words[j + 1] == "to":
                k = self._ask(words, j + 2, out)
                return -k if k != j + 2 else i
            j += 1
        return i

    def find(self, text: str) -> list[str]:
        """The lemmas of every verb the unit asks its addressee to carry out, in order."""
        words = WORD.findall(_strip_parentheticals(text))
        if not words:
            return []
        start = 1 if words[0].lower() == "to" else self._subject_verb(words)
        out: list[str] = []
        i = self._ask(words, start, out)
        nested = i < 0
        i = abs(i)
        if not out:
            return []
        while i < len(words):
            w = words[i].lower()
            prev = words[i - 1] if i else ""
            if w == "to" and (prev == "and" or prev == "," or (prev == "," and not nested)) and \
                    (prev == "and" or not nested):
                if self._verb_at(words, i + 1):
                    k = self._ask(words, i + 1, out)
                    nested, i = k < 0, abs(k)
                    continue
            if w == "and" and i + 1 < len(words) and words[i + 1] == "to" and self._verb_at(words, i + 2):
                k = self._ask(words, i + 2, out)
                nested, i = k < 0, abs(k)
                continue
            if w == "and" and i + 1 < len(words) and (prev == "," or not nested):
                nxt = words[i + 1]
                follow = words[i + 2].lower() if i + 2 < len(words) else ""
                if nxt[:1].islower() and is_base_verb(nxt, strict=follow not in DETERMINERS and
                                                      not re.search(r"['’]s$", follow)):
                    k = self._ask(words, i + 1, out)
                    nested, i = k < 0, abs(k)
                    continue
            to_verb = w == "to" and self._verb_at(words, i + 1) is not None
            gerund = i + 1 < len(words) and words[i + 1].lower().endswith("ing")
            if w in self.openers or to_verb or (prev == "," and w.endswith("ing")) or \
                    (w in self.prepositions and gerund):
                nested = True
            i += 1
        return list(dict.fromkeys(out))

    def deadline(self, text: str) -> str | None:
        """The first deadline phrase of text ("by the next Summit in the Netherlands", "without delay")."""
        hits = [m for p in self.deadlines for m in p.finditer(text)]
        if not hits:
            return None
        return min(hits, key=lambda m: (m.start(), -len(m.group()))).group()


def addressee(text: str, verb_end: int) -> str | None:
    """Whom an operative paragraph addresses: the words after its verb, up to ':' or ' to V'."""
    rest = text[verb_end:].strip()
    m = re.match(r"(?P<a>.+?)(?::|\s+to\s+[a-z]+\b|$)", rest)
    if not m:
        return None
    who = re.split(r"\s+(?:when|at|during|in order|that)\b|,", " " + m.group("a"))[0].strip(" ,;.")
    return who if who and who.lower() not in ("that", "the following") else None
