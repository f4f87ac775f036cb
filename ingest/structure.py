"""Text -> Document: title, kind, number, adoption, preamble, operative paragraphs, points, footnotes."""
from __future__ import annotations

import os
import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from clausegraph.errors import StructureError
from clausegraph.ingest.furniture import header_echoes, line_key, repeated_lines
from clausegraph.ingest.lexicon import Lexicon, load_lexicon
from clausegraph.ingest.markup import Clean, join, strip_markup, sub
from clausegraph.ingest.model import Citation, Document, Footnote, Unit
from clausegraph.ingest.read import Source
from clausegraph.ingest.record import (
    MARKERS,
    SUPERSCRIPTS,
    adoption,
    adoption_in_text,
    adoption_line,
    file_date,
    iso_date,
    presenting_line,
    read_header,
)
from clausegraph.ingest.verbs import WORDS, _match, forms, leads_operative

PARA = re.compile(r"^\s*(\d{1,3})\s*[.)](?:\s+(?=\S)|\s*$|(?=[A-Z]))")  # "1.Recalling" too: glued by a PDF
POINT = re.compile(r"^\s*(?:[-*•–—]\s*)?(?:\(([a-z]{1,2})\)|([a-z]{1,2})[.)])(?:\s+(?=\S)|\s*$)")
BULLET = re.compile(r"^\s*[•▪●◦‣]\s*")  # a point without a letter
DASH = re.compile(r"^\s*[-–—]\s+(?=\S)")  # a point, or an EP-style recital ("– having regard to ..."), after ":;,"
RECITAL = re.compile(r"^\s*([A-Z])\.\s+(?=\S)")  # "A. whereas ..."
FOOTNOTE = re.compile(rf"^\s*(?P<m>[{SUPERSCRIPTS}]+|\*{{1,3}}|[†‡]|\(\d{{1,2}}\)|\(\*\))\s*(?P<t>\S.*)$")
INTRO = re.compile(r"^\s*The\s+[\w ]{0,60}?(?:Assembly|Parliament|Council|Conference),\s*$", re.I)
CITATION = re.compile(r"\[(\d{2,4}\s+[A-Z]{2,}[^\]\n]{0,40})\]")
UNIT_LINE = re.compile(rf"{PARA.pattern}|{POINT.pattern}|{INTRO.pattern}", re.I)


@dataclass
class _Line:
    clean: Clean
    raw: str
    page: int


def _lines(text: str) -> list[_Line]:
    out, pos, page = [], 0, 0
    for raw in text.split("\n"):
        out.append(_Line(strip_markup(raw.replace("\f", " "), pos), raw, page))
        page += raw.count("\f")
        pos += len(raw) + 1
    return out


def _drop(clean: Clean, pattern: re.Pattern[str]) -> Clean:
    """Remove every match of pattern (footnote markers) from a clean fragment."""
    keep = [True] * len(clean.text)
    for m in pattern.finditer(clean.text):
        for i in range(m.start(), m.end()):
            keep[i] = False
    if all(keep):
        return clean
    index = [i for i, k in enumerate(keep) if k]
    emph = []  # the kept characters of an emphasised text[b:e] are index[bisect(b):bisect(e)]: no map of every one
    for b, e in clean.emphasis:
        first, stop = bisect_left(index, b), bisect_left(index, e)
        if first < stop:
            emph.append((first, stop))
    return Clean("".join(clean.text[i] for i in index), [clean.offsets[i] for i in index], emph)


def _opens_recital(text: str, lex: Lexicon, lower: bool = False) -> bool:
    """An unnumbered line that opens a UN-style recital with a participle of the vocabulary (in lower case
    too when lower: "having regard to" after a dash)."""
    words = [(m.group(), m.start(), m.end()) for m in WORDS.finditer(text[:120])]
    if not words or not (lower or words[0][0][:1].isupper()):
        return False
    j = 1 if words[0][0].lower().endswith("ly") and len(words) > 1 else 0
    found = _match(words, j, forms(lex, "preamble"))
    return found is not None


def _unglue(clean: Clean, lex: Lexicon) -> Clean:
    """Put back the space a PDF lost after a leading verb ("Recallingthat" -> "Recalling that"); the space
    takes the source offset of the letter after it."""
    m = re.match(r"\s*([A-Za-z]+)", clean.text)
    if not m:
        return clean
    word, index = m.group(1), forms(lex)
    if word.lower() in index:
        return clean
    for cut in range(len(word) - 2, 3, -1):
        head = word[:cut].lower()
        if any(len(f.words) == 1 for f in index.get(head, ())):
            at = m.start(1) + cut
            emphasis = [(b + (b >= at), e + (e >= at)) for b, e in clean.emphasis]
            return Clean(clean.text[:at] + " " + clean.text[at:],
                         clean.offsets[:at] + [clean.offsets[at]] + clean.offsets[at:], emphasis)
    return clean


def _letter(n: int) -> str:
    """The n-th point letter from 0: a ... z, aa, bb ..."""
    return chr(ord("a") + n % 26) * (n // 26 + 1)


def max_clauses() -> int:
    """The most numbered paragraphs and points one document may have: $CLAUSEGRAPH_MAX_CLAUSES, else 5,000
    (the longest resolutions have under 100; a text with thousands is not one resolution)."""
    raw = os.environ.get("CLAUSEGRAPH_MAX_CLAUSES", "5000")
    try:
        return max(1, int(raw))
    except ValueError:
        raise StructureError(f"CLAUSEGRAPH_MAX_CLAUSES must be a whole number, not {raw!r}") from None


def _check_limit(source: Source, count: int, limit: int) -> None:
    if count > limit:
        raise StructureError(f"{source.name}: more than {limit:,} numbered paragraphs and points; is this one "
                             "resolution? (raise the limit with CLAUSEGRAPH_MAX_CLAUSES)")


def _header_end(lines: list[_Line]) -> int:
    """Index of the first line of the text proper: the line after the first intro ("The Assembly,") that a
    numbered paragraph follows, so a national header's numbered lines ("21. Wahlperiode") stay header;
    0 when the text has no such intro."""
    intro = next((i for i, line in enumerate(lines) if INTRO.match(line.clean.text)), None)
    if intro is None or not any(PARA.match(line.clean.text) for line in lines[intro + 1:]):
        return 0
    return intro


class _Splitter:
    """Walks the lines of a text once and sorts them into header, units, footnotes and notes."""

    def __init__(self, source: Source, lex: Lexicon) -> None:
        self.source, self.lex, self.limit = source, lex, max_clauses()
        self.header: list[str] = []
        self.notes: list[str] = []  # closing adoption lines and presenting lines
        self.footnotes: list[Footnote] = []
        self.units: list[tuple[str, str | None, list[Clean]]] = []  # (id, parent, fragments)
        self.points: dict[str, int] = {}  # paragraph -> points so far
        self.para: str | None = None
        self.in_footnote = self.in_note = self.after_intro = False
        self.unnumbered = 0
        self.adopted_line = adoption_line(lex)
        self.presenting = presenting_line(lex)
        openers = "|".join(re.escape(w) for w in lex.words.get("adoption-openers", ["Adopted"]))
        self.glued_note = re.compile(rf"(?<=[.;:])\s+(?=(?:{openers})\b)")

    def add(self, uid: str, parent: str | None, clean: Clean) -> None:
        self.units.append((uid, parent, [clean]))
        self.in_footnote = self.in_note = False
        _check_limit(self.source, len(self.units), self.limit)

    def point(self, clean: Clean, letter: str | None) -> None:
        assert self.para is not None
        letter = letter or _letter(self.points.get(self.para, 0))
        self.points[self.para] = ord(letter[0]) - ord("a") + 26 * (len(letter) - 1) + 1
        self.add(f"{self.para}.{letter}", self.para, clean)

    def _list_open(self) -> bool:
        """The text so far ends where a list item may start (after ':', ';' or ',', or the intro)."""
        if not self.units:
            return self.after_intro
        last = self.units[-1][2][-1].text.rstrip()
        return last.endswith((":", ";", ","))

    def line(self, line: _Line, header_zone: bool) -> None:
        clean, text = line.clean, line.clean.text
        if not header_zone:
            m = PARA.match(text)
            if m:
                self.para = m.group(1)
                self.add(self.para, None, _unglue(sub(clean, m.end()), self.lex))
                return
            m = POINT.match(text)
            if m and self.para is not None:
                self.point(sub(clean, m.end()), m.group(1) or m.group(2))
                return
        m = FOOTNOTE.match(text)
        if m:
            b, e = clean.source_span(0, len(text))
            self.footnotes.append(Footnote(m.group("m"), m.group("t").strip(), b, e))
            self.in_footnote, self.in_note = True, False
            return
        if self.in_footnote and self.footnotes:
            last = self.footnotes[-1]
            _, e = clean.source_span(0, len(text))
            self.footnotes[-1] = Footnote(last.marker, f"{last.text} {text.strip()}", last.begin, e)
            return
        if self.presenting.match(text) or (self.adopted_line.match(text) and (self.units or iso_date(text))):
            self.notes.append(text.strip())
            self.in_note = bool(self.units)
            return
        if header_zone:
            self.header.append(text)
            return
        bullet = BULLET.match(text) or (DASH.match(text) if self._list_open() else None)
        if bullet and self.para is not None:
            self.point(sub(clean, bullet.end()), None)
            return
        if self.in_note:
            self.notes[-1] += " " + text.strip()
            return
        if self.para is None and (self.after_intro or self.unnumbered):
            m = RECITAL.match(text)
            if m:
                self.add(m.group(1), None, sub(clean, m.end()))
                return
            if bullet or _opens_recital(text, self.lex):
                self.unnumbered += 1
                self.add(f"p{self.unnumbered}", None, sub(clean, bullet.end()) if bullet else clean)
                return
        if not self.units:
            self.header.append(text)
            self.after_intro = self.after_intro or bool(INTRO.match(text))
        elif re.search(r"\w", text):
            self.units[-1][2].append(clean)

    def split_note(self, line: _Line) -> _Line:
        """A closing adoption line glued to the last clause's line is cut off into the notes."""
        m = self.glued_note.search(line.clean.text)
        if m and iso_date(line.clean.text[m.end():]):
            self.notes.append(line.clean.text[m.end():].strip())
            return _Line(sub(line.clean, 0, m.start()), line.raw, line.page)
        return line


def structure(source: Source, lex: Lexicon | None = None) -> Document:
    """Split a source text into its header, units and footnotes.

    Args:
        source: the text as read.
        lex: the annotator's data (loaded from ontology/ when omitted).
    Returns:
        The Document with metadata, units in order and footnotes.
    Raises:
        StructureError: the text has no numbered paragraph, or more than max_clauses().
    """
    lex = lex or load_lexicon()
    lines = _lines(source.text)
    texts = [line.clean.text for line in lines]
    furniture = repeated_lines([(line.page, line.clean.text) for line in lines], UNIT_LINE)
    body_from = _header_end(lines)
    first = next((i for i in range(body_from, len(texts)) if PARA.match(texts[i])), len(texts))
    echoes = header_echoes(texts[:first], texts[first:], UNIT_LINE)
    split = _Splitter(source, lex)
    for i, line in enumerate(lines):
        text = line.clean.text
        if not text.strip():
            split.in_footnote = split.in_note = False
            continue
        if any(p.search(text) for p in lex.noise) or ((furniture or echoes) and (
                line_key(text) in furniture or (i >= first and line_key(text) in echoes))):
            continue
        split.line(split.split_note(line), i < body_from)
    units, footnotes = split.units, split.footnotes
    if not units:
        raise StructureError(f"{source.name}: no numbered paragraphs found (expected lines like '1. Recognising ...')")
    head = read_header([h for h in split.header if not INTRO.match(h)], lex)
    date, place, committee = adoption([f.text for f in footnotes] + split.notes + ["\n".join(split.header)], lex)
    date_source = "text" if date else None
    if date is None:
        date = adoption_in_text(source.text)
        date_source = "text" if date else None
    if date is None and (date := file_date(Path(source.name).name)):
        date_source = "file name"
    doc = Document(name=source.name, stem=Path(source.name).stem, text=source.text,
                   content_hash=source.content_hash, title=head.title, kind=head.kind, number=head.number,
                   adopted=date, place=place, committee=committee, footnotes=footnotes, date_source=date_source,
                   identifiers=head.identifiers)
    parts: dict[str, str] = {}
    seen: set[str] = set()
    repeats: dict[str, int] = {}
    empty: set[str] = set()
    operative = False
    for order, (uid, parent, fragments) in enumerate(units):
        if uid in seen:  # a duplicated number: keep the first, mark the repeat
            k = repeats.get(uid, 1) + 1
            while f"{uid}~{k}" in seen:
                k += 1
            repeats[uid] = k
            uid = f"{uid}~{k}"
        seen.add(uid)
        body = _drop(join(fragments), MARKERS)
        if not body.text.strip():  # a number with nothing after it: no clause; its points stand alone
            empty.add(uid)
            parts[uid] = "operative" if operative else "preamble"
            continue
        level = "point" if parent else "paragraph"
        if parent is None:
            opens = leads_operative(body.text, lex)
            operative = operative if opens is None else opens
            parts[uid] = "operative" if operative else "preamble"
            part = parts[uid]
        else:
            part = parts.get(parent, "operative")
        if parent in empty:  # a point of a paragraph that has no text of its own stands as a paragraph
            parent, level = None, "paragraph"
        doc.units.append(Unit(id=uid, level=level, part=part, order=order, body=body, parent=parent))
        if order == len(units) - 1 and not re.search(r"[.;:!?…\"”’')\]]\s*$", body.text):
            doc.units[-1].complete = False  # the text is cut off here: keep what is there, flag it
        for m in CITATION.finditer(body.text):
            doc.citations.append(Citation(m.group(1).strip(), uid, _cited_title(body.text, m.start())))
    if not doc.units:
        raise StructureError(f"{source.name}: the numbered paragraphs have no text")
    return doc


def _cited_title(text: str, at: int) -> str | None:
    """The capitalised title printed just before a citation bracket, if any."""
    m = re.search(r"((?:[A-Z][\w'’-]*)(?:\s+(?:[A-Z][\w'’-]*|of|the|and|on|with|for|to|in))*)\s*$", text[:at])
    return m.group(1) if m and " " in m.group(1) else None
