"""The document record: title, kind, number and identifiers from the header; adoption date and place from
notes, closing lines, the header or the file name.

Reprints by national parliaments put a header in their own language over the English text ("ASSEMBLEA
PARLAMENTARE DELLA NATO", "RISOLUZIONE n. 467", "DOC. XII-quater N. 32"): the English designation and title
win, the reprint's code is kept apart, and a national word for the kind counts when the English text has none.
The words involved are data (ontology/patterns.ttl, the lists named here).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date

from clausegraph.ingest.lexicon import Lexicon
from clausegraph.ingest.model import Document
from clausegraph.vocab import CG, doc_iri
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
_MONTH = r"(jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|" \
         r"sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r"(?!\w)\s*,?\s*(\d{4})\b", re.I)
DATE_US = re.compile(r"\b" + _MONTH + r"(?!\w)\s*(\d{1,2}),?\s+(\d{4})\b", re.I)
FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?!\d)")
NAME = r"[A-ZÀ-Ý][\w'’.\-]*(?:[ \-][A-ZÀ-Ý][\w'’.\-]*)*"
PLACE_BEFORE = re.compile(rf"\b(?:in|at)\s+(?P<p>{NAME})")
PLACE_AFTER_DATE = re.compile(rf"\d{{4}}\s*,\s*(?P<p>{NAME})")
COMMITTEE = re.compile(r"\b(?:[Pp]resented|[Ss]ubmitted|[Pp]roposed|[Tt]abled|[Aa]dopted) by the "
                       r"(?P<c>(?:(?:[A-Z][\w-]*|and|on|of|for)\s)*?(?:Committee|Commission|Group)"
                       r"(?:\s(?:on|for)(?:\s(?:[A-Z][\w-]*|and|the))+)?)")
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
MARKERS = re.compile(rf"[{SUPERSCRIPTS}]+|(?<=\w)\*+(?=\W|$)|(?<=\w)\(\d{{1,2}}\)|(?<=\w)[†‡]")  # footnote markers
HEADER_MARKERS = re.compile(MARKERS.pattern + r"|\(\*\)|\(\d{1,2}\)|^\*+\s*")  # and "DECLARATION (*)"
ADOPTED_ANYWHERE = re.compile(r"\b(?:adopted|approved|issued)\b[^\n]{0,160}?(?=\d)", re.I)


@dataclass
class Header:
    """What a document's header says about it."""

    title: str
    kind: str
    number: str | None = None
    identifiers: list[str] = field(default_factory=list)


def _date(year: str, month: int, day: int) -> str | None:
    try:
        return Date(int(year), month, day).isoformat()
    except ValueError:
        return None


def _month(word: str) -> int:
    word = word.lower().rstrip(".")
    return next(i for i, m in enumerate(MONTHS, 1) if m.startswith(word[:3]))


def iso_date(text: str) -> str | None:
    """The first date in text as YYYY-MM-DD ("Monday 30 May 2022" -> "2022-05-30", "Jul. 11, 2023" too)."""
    for m in DATE.finditer(text):
        found = _date(m.group(3), _month(m.group(2)), int(m.group(1)))
        if found:
            return found
    for m in DATE_US.finditer(text):
        found = _date(m.group(3), _month(m.group(1)), int(m.group(2)))
        if found:
            return found
    return None


def file_date(name: str) -> str | None:
    """A leading YYYY-MM-DD of a file name ("2024-11-25-montreal.txt" -> "2024-11-25"), if it is a date."""
    m = FILE_DATE.match(name)
    return _date(m.group(1), int(m.group(2)), int(m.group(3))) if m else None


def place(texts: list[str], lex: Lexicon) -> str | None:
    """The place of adoption: a name after "in"/"at" that is no session word, else a name right after a date
    ("on Monday 31 May 2021, Lisbon (online)")."""
    stop = lex.wordset("not-places")
    for t in texts:
        for m in PLACE_BEFORE.finditer(t):
            name = m.group("p").strip(" .")
            if name.split()[0] not in stop:
                return name
        after = PLACE_AFTER_DATE.search(t)
        if after and after.group("p").split()[0] not in stop:
            return after.group("p").strip(" .")
    return None


def adoption(texts: list[str], lex: Lexicon | None = None) -> tuple[str | None, str | None, str | None]:
    """Adoption date, place and presenting committee from notes (those that say "adopted" first).

    Args:
        texts: footnotes, closing lines and header lines, in that order of trust.
        lex: the place stop words (loaded from ontology/ when omitted).
    Returns:
        (ISO date or None, place or None, committee or None).
    """
    from clausegraph.ingest.lexicon import load_lexicon

    lex = lex or load_lexicon()
    ranked = sorted(texts, key=lambda t: 0 if re.search(r"\b(?:adopted|approved|issued)\b", t, re.I) else 1)
    dated = [t for t in ranked if iso_date(t)]
    date = iso_date(dated[0]) if dated else None
    where = place(dated[:1], lex) or place(ranked, lex)
    committee = next((re.sub(r"(?:\s(?:and|the))+$", "", m.group("c")) for m in map(COMMITTEE.search, ranked) if m),
                     None)
    return date, where, committee


def adoption_in_text(text: str) -> str | None:
    """The date of the first "adopted|approved|issued ... <date>" anywhere in a text (a last resort)."""
    for m in ADOPTED_ANYWHERE.finditer(text):
        found = iso_date(text[m.end():m.end() + 40])
        if found:
            return found
    return None


def _opener(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^\W{{0,4}}(?:{alternatives})\b")


def adoption_line(lex: Lexicon) -> re.Pattern[str]:
    """A line that opens with a word of pat:adoption-openers ("Adopted by the Plenary Assembly on ...")."""
    return _opener(lex.words.get("adoption-openers", ["Adopted"]))


def presenting_line(lex: Lexicon) -> re.Pattern[str]:
    """A line that opens with a word of pat:presenting-openers and names a committee."""
    return re.compile(_opener(lex.words.get("presenting-openers", ["Presented"])).pattern
                      + r".{0,150}\b(?:Committee|Commission|Group)\b", re.I)


def _language(text: str, lex: Lexicon) -> int:
    """English function words minus those of other languages (ontology/patterns.ttl) in a line."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    english, foreign = lex.wordset("english-words"), lex.wordset("foreign-words")
    return sum(w in english for w in words) - sum(w in foreign for w in words)


def _kind_pattern(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^\s*({alternatives})\b\W*(?:(?:No|Nr|N[°º]|n)\.?\s*)?(\d+)?(?!\w)\W*(?P<rest>.*)$",
                      re.I)


def read_header(lines: list[str], lex: Lexicon) -> Header:
    """Title, kind, number and reprint identifiers from the header lines (furniture already removed).

    The last English designation ("RESOLUTION 467", "DECLARATION CONFRONTING ...") decides: its own
    words, the English lines right after it or, failing those, right before it make the title. Without
    one, a national designation ("RISOLUZIONE n. 467") gives kind and number, and the English lines
    nearest the text the title.
    """
    english = _kind_pattern(lex.words.get("kinds", ["resolution", "declaration"]))
    national_words = {w.lower(): key[len("kind-"):] for key, ws in lex.words.items() if key.startswith("kind-")
                      for w in ws}
    national = _kind_pattern(list(national_words))
    codes = lex.words.get("reprint-code-words", [])
    code = re.compile(r"(?:^|\s)((?:" + "|".join(re.escape(w) for w in codes) + r")\s*[\w.\-/ ]{0,24}?\d[\w./-]*)") \
        if codes else None
    header = Header(title="", kind="")
    roles: list[tuple[str, str, re.Match[str] | None]] = []  # (role, text, designation match)
    for raw in lines:
        text = re.sub(r"\s+", " ", HEADER_MARKERS.sub("", raw)).strip(" #")
        if not text:
            continue
        m = code.search(text) if code else None
        if m:
            header.identifiers.append(m.group(1).strip())
            roles.append(("code", text, None))
            continue
        m = english.match(text)
        if m and _language(m.group("rest"), lex) >= 0:
            roles.append(("english", text, m))
            continue
        m = national.match(text)
        if m:
            roles.append(("national", text, m))
        elif _language(text, lex) < 0:
            roles.append(("foreign", text, None))
        else:
            roles.append(("text", text, None))

    def run(start: int, step: int) -> list[str]:
        out, i = [], start
        while 0 <= i < len(roles) and roles[i][0] == "text":
            out.append(roles[i][1])
            i += step
        return out[::step]

    designations = [i for i, r in enumerate(roles) if r[0] == "english"]
    nationals = [r[2] for r in roles if r[0] == "national" and r[2] is not None]
    title: list[str] = []
    if designations:
        d = designations[-1]
        _, text, m = roles[d]
        assert m is not None
        header.kind, header.number = m.group(1).lower(), m.group(2)
        after = run(d + 1, 1)
        if m.group("rest"):
            title = [text, *after]
        elif after:
            title = ([text] if after[0][:1].islower() else []) + after
        else:
            title = run(d - 1, -1)
    else:
        last_other = max((i for i, r in enumerate(roles) if r[0] != "text"), default=-1)
        title = run(last_other + 1, 1) or [r[1] for r in roles if r[0] == "text"]
    if nationals:
        m = nationals[-1]
        header.kind = header.kind or national_words.get(m.group(1).lower(), "")
        header.number = header.number or m.group(2)
    header.title = " ".join(title).strip() or "(untitled)"
    if not header.kind:
        kinds = lex.words.get("kinds", ["resolution", "declaration"])
        m = re.search(rf"\b({'|'.join(kinds)})\b(?:\s+(?:No\.?\s*)?(\d+))?", header.title, re.I)
        header.kind = m.group(1).lower() if m else "resolution"
        header.number = header.number or (m.group(2) if m else None)
    return header


def add_record(g: Graph, doc: Document) -> None:
    """Add to a document's graph what ingest/to_rdf.py does not say of its record: the reprint's own
    identifiers (dcterms:identifier) and where its date was read (cg:dateSource, "text" or "file name")."""
    d = URIRef(doc_iri(doc.stem))
    for identifier in doc.identifiers:
        g.add((d, DCTERMS.identifier, Literal(identifier)))
    if doc.date_source:
        g.add((d, CG.dateSource, Literal(doc.date_source)))


def describe(doc: Document) -> str:
    """The record of a document in one line, as ingest reports it: kind, number, date, place, title."""
    date = doc.adopted or "no date"
    if doc.date_source == "file name":
        date += " (from the file name)"
    number = f" {doc.number}" if doc.number else ""
    return f"{doc.name}: {doc.kind}{number} · {date} · {doc.place or 'no place'} · {doc.title}"


def undated(doc: Document) -> str | None:
    """The warning for a document with no adoption date, or None."""
    if doc.adopted:
        return None
    return (f"{doc.name}: no adoption date in the text or the file name (name it YYYY-MM-DD-...); "
            "it sorts last in track and timelines")
