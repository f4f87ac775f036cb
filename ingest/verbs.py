"""Speech-act verbs of a unit and their stances, from the SKOS vocabulary in ontology/stances.ttl."""
from __future__ import annotations

import re
from functools import lru_cache

from clausegraph.ingest.lexicon import Lexicon, VerbForm
from clausegraph.ingest.model import Unit, Verb

WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*")
TRIGGERS = {"and", "while", "also", "whilst"}


FormIndex = dict[str, list[VerbForm]]


def _match(words: list[tuple[str, int, int]], i: int, forms: FormIndex) -> tuple[VerbForm, int] | None:
    """The longest verb form of forms (see forms()) that the words at i spell, and the index after it."""
    if i >= len(words):
        return None
    for form in forms.get(words[i][0].lower(), ()):  # longest first
        n = len(form.words)
        if tuple(w.lower() for w, _, _ in words[i:i + n]) == form.words:
            return form, i + n
    return None


@lru_cache(maxsize=16)
def forms(lex: Lexicon, kind: str = "all") -> FormIndex:
    """The verb forms of the vocabulary by first word, longest first: "all"; "inner" (those that may
    follow "and" inside a paragraph); "preamble" (no operative verb)."""
    keep = {"all": lambda v: True,
            "inner": lambda v: not v.operative and not v.leading_only,
            "preamble": lambda v: not v.operative}[kind]
    index: FormIndex = {}
    for form in lex.verbs:  # already longest first
        if keep(form):
            index.setdefault(form.words[0], []).append(form)
    return index


def lead_index(words: list[tuple[str, int, int]], lex: Lexicon) -> int:
    """Index of a paragraph's leading verb: 0, or after a subject ("The members ... are deeply troubled")."""
    if not words or words[0][0] not in lex.wordset("subject-openers"):
        return 0
    for i in range(1, min(len(words), 25)):
        j = i + 1 if words[i][0].lower().endswith("ly") else i
        if _match(words, j, forms(lex)) and words[i - 1][0].lower() not in ("the", "a", "an", "of", "to"):
            return i
    return 0


def leads_operative(text: str, lex: Lexicon) -> bool | None:
    """Whether a paragraph opens with a finite verb of the operative part ("URGES", "Calls on").

    Returns None when the opening says neither (no verb of the vocabulary, no capitalised verb).
    """
    words = [(m.group(), m.start(), m.end()) for m in WORDS.finditer(text[:300])]
    if not words:
        return None
    i = lead_index(words, lex)
    j = i + 1 if words[i][0].lower().endswith("ly") and len(words) > i + 1 else i
    found = _match(words, j, forms(lex))
    if found:
        return found[0].operative
    w = words[0][0]
    return True if w.isupper() and len(w) > 2 and not w.endswith("ING") else None


def find_verbs(unit: Unit, lex: Lexicon) -> list[Verb]:
    """Every speech-act verb of a unit, in order.

    A verb opens a paragraph, or (in the preamble) follows "and", "while", "also" or a semicolon.
    An adverb in -ly right before or after it is part of the verb as printed. Where the text
    marks emphasis, an emphasised span that covers the verb gives its printed extent.

    Args:
        unit: the clause unit.
        lex: the loaded vocabulary.
    Returns:
        The verbs with their stances; an emphasised leading word no entry knows gets stance "unknown".
    """
    text = unit.text
    words = [(m.group(), m.start(), m.end()) for m in WORDS.finditer(text)]
    if not words or unit.level != "paragraph":
        return []
    lead_forms = forms(lex)
    inner_forms = forms(lex, "inner")
    out: list[Verb] = []
    lead = lead_index(words, lex)
    i = lead
    while i < len(words):
        first = i == lead
        if not first:
            prev = words[i - 1][0].lower()
            gap = text[words[i - 1][2]:words[i][1]]
            if unit.part != "preamble" or not (prev in TRIGGERS or ";" in gap or "," in gap):
                i += 1
                continue
        j = i + 1 if words[i][0].lower().endswith("ly") and len(words) > i + 1 else i
        found = _match(words, j, lead_forms if first else inner_forms)
        if found is None and j != i:
            j, found = i, _match(words, i, lead_forms if first else inner_forms)
        if found is None:
            if first:
                unknown = _unknown(unit, words)
                if unknown:
                    out.append(unknown)
            i += 1
            continue
        form, k = found
        if k < len(words) and words[k][0].lower().endswith("ly") and words[k][0].lower() not in ("only", "early"):
            if not text[words[k - 1][2]:words[k][1]].strip():
                k += 1
        begin, end = words[i][1], words[k - 1][2]
        begin, end = _emphasised(unit, begin, end)
        out.append(Verb(text[begin:end], form.stance, begin, end))
        i = k
    return out


def _emphasised(unit: Unit, begin: int, end: int) -> tuple[int, int]:
    """The emphasised span that starts the verb, if the text marks one."""
    for b, e in unit.body.emphasis:
        if b <= begin < e and e - b < 40:
            return b, max(e, begin + 1)
    return begin, end


def _unknown(unit: Unit, words: list[tuple[str, int, int]]) -> Verb | None:
    """A leading participle or emphasised word that the vocabulary does not know."""
    w, b, e = words[0]
    for eb, ee in unit.body.emphasis:
        if eb == b:
            return Verb(unit.text[eb:ee], "unknown", eb, ee)
    if re.fullmatch(r"[A-Z][a-z]+(?:ing|ed)", w):
        return Verb(w, "unknown", b, e)
    return None
