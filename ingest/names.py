"""Find names the gazetteer does not know: capitalised phrases with a head noun, acronym definitions."""
from __future__ import annotations

import re
from dataclasses import dataclass

from clausegraph.ingest.gazetteer import Gazetteer
from clausegraph.ingest.lexicon import Lexicon

WORD = re.compile(r"[\w]+(?:[-–][\w]+)*(?:['’]s\b|(?<=s)['’](?!\w))?")
ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z0-9&-]{1,9})\)")


@dataclass
class Phrase:
    """A capitalised phrase; head and type are set when a head noun names its kind."""

    begin: int
    end: int
    text: str
    head: str | None
    type: str | None
    words: list[str]
    acronym: str | None = None
    acronym_end: int | None = None


def _bare(word: str) -> str:
    return re.sub(r"['’]s?$", "", word)


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def initials_match(words: list[str], acronym: str) -> bool:
    letters = "".join(w[0] for w in words if w[:1].isupper() or w[:1].isdigit())
    letters_all = "".join(p[0] for w in words for p in re.split(r"[-–]", w) if p[:1].isupper())
    acr = acronym.replace("-", "").replace("&", "").upper()
    return acr in (letters.upper(), letters_all.upper()) or (
        len(acr) >= 2 and _subsequence(acr, letters_all.upper()))


def _subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(c in it for c in short)


class NameFinder:
    """Capitalised phrases headed by a word of ontology/patterns.ttl."""

    def __init__(self, lex: Lexicon, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.heads = {w.lower(): t for w, t in lex.heads.items()}
        self.lower_heads = {w.lower() for w in lex.lower_heads}
        self.connectors = lex.wordset("connectors")
        verb_words = {w for v in lex.verbs for w in v.words}
        self.not_names = lex.wordset("not-names") | {w.upper() for w in verb_words} | {
            w.capitalize() for w in verb_words}
        self.event_heads = {w.lower() for w, t in lex.heads.items() if t in ("Event", "Organisation")}

    def head_of(self, words: list[str]) -> tuple[str | None, str | None]:
        """The head noun of a name (rightmost head word before the first preposition) and its type."""
        first: list[str] = []
        for w in words:
            if w.lower() in self.connectors and w.lower() not in ("and", "the"):
                break
            first.append(w)
        for w in reversed(first):
            for cand in (_bare(w), _bare(w).split("-")[-1]):
                t = self.heads.get(cand.lower())
                if t and (cand[:1].isupper() or cand.lower() in self.lower_heads):
                    return cand, t
        last = _bare(words[-1]).lower() if words else ""
        if last in self.lower_heads:
            return words[-1], "Instrument"
        return None, None

    def _is_entity(self, text: str) -> bool:
        return any(h.begin == 0 and h.end == len(text) for h in self.gaz.find(text))

    def find(self, text: str) -> list[Phrase]:
        """Every capitalised phrase of text that has a head noun or defines an acronym."""
        words = [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]
        out: list[Phrase] = []
        i = 0
        while i < len(words):
            w, b, _ = words[i]
            if not _is_cap(w) or _bare(w) in self.not_names or w in self.not_names:
                i += 1
                continue
            j = i
            while j + 1 < len(words):
                nxt, nb, _ = words[j + 1]
                gap = text[words[j][2]:nb]
                so_far = [x for x, _, _ in words[i:j + 1]]
                if gap.strip() not in ("", ",", "/"):
                    break
                if re.search(r"['’]s?$", words[j][0]) and self._is_entity(_bare(text[b:words[j][2]])):
                    break  # "the European Union's Military Assistance Mission": the Union's own body
                if gap.strip() == "," or nxt.lower() == "and":
                    head = self.head_of(so_far)[0]
                    if (head and _bare(so_far[-1]).endswith(head)) or (len(so_far) == 1 and so_far[0].isupper()) or (
                            self._is_entity(text[b:words[j][2]]) and "," not in text[b:words[j][2]]):
                        break
                if _is_cap(nxt) or (nxt[:1].isdigit() and _is_cap(words[j][0])):
                    j += 1
                    continue
                if nxt.lower() in self.lower_heads and _is_cap(words[j][0]) and not gap.strip() \
                        and not re.search(r"['’]s?$", words[j][0]):
                    j += 1
                    break
                if nxt.lower() in self.connectors and gap.strip() in ("", ","):
                    k = j + 2
                    while k < len(words) and words[k][0].lower() in self.connectors and \
                            not text[words[k - 1][2]:words[k][1]].strip():
                        k += 1
                    if not (k < len(words) and _is_cap(words[k][0]) and (k - j) <= 3
                            and not text[words[k - 1][2]:words[k][1]].strip()):
                        break
                    joined = [x.lower() for x, _, _ in words[j + 1:k]]
                    if "and" in joined and joined[-1] in ("the", "a", "an"):
                        break
                    head_type = self.head_of(so_far)[1]
                    if head_type in ("Place", "NonStateActor"):
                        break
                    if nxt.lower() == "in" and head_type not in ("Event", "Organisation") and \
                            self._is_entity(words[k][0]):
                        break
                    if nxt.lower() not in ("of", "for") and self._is_entity(text[b:words[j][2]]):
                        break  # a known name is complete: "support by the European Union to the Republic of ..."
                    j = k
                    continue
                break
            span = [x for x, _, _ in words[i:j + 1]]
            end = words[j][2]
            head, type_ = self.head_of(span)
            m = ACRONYM.match(text, end)
            acronym = m.group(1) if m and initials_match(span, m.group(1)) else None
            single = len([x for x in span if not x[:1].isdigit()]) == 1 and not acronym
            if (head or acronym) and not (single and _bare(span[0]) == head):
                out.append(Phrase(b, end, text[b:end], head, type_ or None, span, acronym,
                                  m.end() if acronym and m else None))
                i = j + 1
            else:
                i += 1
        return out
