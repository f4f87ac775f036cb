"""Text -> Document: title, kind, number, adoption, preamble, operative paragraphs, points, footnotes."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from errors import StructureError
from ingest.lexicon import Lexicon, load_lexicon
from ingest.markup import Clean, join, strip_markup, sub
from ingest.model import Citation, Document, Footnote, Unit
from ingest.read import Source
from ingest.verbs import WORDS, _match, forms, leads_operative

PARA = re.compile(r"^\s*(\d{1,3})\s*[.)](?:\s+(?=\S)|\s*$)")
POINT = re.compile(r"^\s*(?:[-*•–]\s*)?(?:\(([a-z]{1,2})\)|([a-z]{1,2})[.)])\s+(?=\S)")
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
FOOTNOTE = re.compile(rf"^\s*(?P<m>[{SUPERSCRIPTS}]+|\*{{1,3}}|[†‡]|\(\d{{1,2}}\)|\(\*\))\s*(?P<t>\S.*)$")
INTRO = re.compile(r"^\s*The\s+[\w ]{0,60}?(?:Assembly|Parliament|Council|Conference),\s*$", re.I)
CITATION = re.compile(r"\[(\d{2,4}\s+[A-Z]{2,}[^\]\n]{0,40})\]")
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.I)
DATE_US = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{1,2}),?\s+(\d{4})\b", re.I)
NAME = r"[A-ZÀ-Ý][\w'’.\-]*(?:[ \-][A-ZÀ-Ý][\w'’.\-]*)*"
PLACE = re.compile(rf"\b(?:in|at)\s+(?P<p>{NAME})\s*(?:,\s*(?:{NAME})\s*)?,?\s+(?:on|in)\s+(?:\w+day\s+)?\d")
PLACE_LOOSE = re.compile(rf"\b(?:in|at)\s+(?P<p>{NAME})\s*,\s*(?:{NAME})")
COMMITTEE = re.compile(r"\b(?:Presented|Submitted|Proposed|Adopted) by the "
                       r"(?P<c>(?:(?:[A-Z][\w-]*|and|on|of|for)\s)*?(?:Committee|Commission|Group))")
MARKERS = re.compile(rf"[{SUPERSCRIPTS}]+|(?<=\w)\*+(?=\W|$)|(?<=\w)\(\d{{1,2}}\)|(?<=\w)[†‡]")


@dataclass
class _Line:
    clean: Clean
    raw: str


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(_Line(strip_markup(raw.replace("\f", " "), pos), raw))
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
    remap = {old: new for new, old in enumerate(index)}
    emph = []
    for b, e in clean.emphasis:
        inside = [remap[i] for i in range(b, e) if i in remap]
        if inside:
            emph.append((inside[0], inside[-1] + 1))
    return Clean("".join(clean.text[i] for i in index), [clean.offsets[i] for i in index], emph)


def iso_date(text: str) -> str | None:
    """The first date in text as YYYY-MM-DD ("Monday 30 May 2022" -> "2022-05-30")."""
    m = DATE.search(text)
    if m:
        day, month, year = int(m.group(1)), MONTHS.index(m.group(2).lower()) + 1, m.group(3)
        return f"{year}-{month:02d}-{day:02d}"
    m = DATE_US.search(text)
    if m:
        month, day, year = MONTHS.index(m.group(1).lower()) + 1, int(m.group(2)), m.group(3)
        return f"{year}-{month:02d}-{day:02d}"
    return None


def adoption(texts: list[str]) -> tuple[str | None, str | None, str | None]:
    """Adoption date, place and presenting committee from footnotes (adoption notes first)."""
    ranked = sorted(texts, key=lambda t: 0 if re.search(r"\badopted\b", t, re.I) else 1)
    date = next((d for d in map(iso_date, ranked) if d), None)
    place = None
    for t in ranked:
        m = PLACE.search(t) or PLACE_LOOSE.search(t)
        if m:
            place = m.group("p").strip()
            break
    committee = next((m.group("c") for m in map(COMMITTEE.search, ranked) if m), None)
    return date, place, committee


def _opens_recital(text: str, lex: Lexicon) -> bool:
    """An unnumbered line that opens a UN-style recital with a participle of the vocabulary."""
    words = [(m.group(), m.start(), m.end()) for m in WORDS.finditer(text[:120])]
    if not words or not words[0][0][:1].isupper():
        return False
    j = 1 if words[0][0].lower().endswith("ly") and len(words) > 1 else 0
    found = _match(words, j, forms(lex, "preamble"))
    return found is not None


def _header(lines: list[str], lex: Lexicon) -> tuple[str, str, str | None]:
    kinds = lex.words.get("kinds", ["resolution", "declaration"])
    kind_re = re.compile(rf"^\s*({'|'.join(kinds)})\b\W*(?:No\.?\s*)?(\d+)?\W*$", re.I)
    title_parts: list[str] = []
    kind: str | None = None
    number: str | None = None
    designation = None
    for line in lines:
        text = re.sub(r"\(\*\)|\(\d{1,2}\)", "", MARKERS.sub("", line)).strip()
        if not text or INTRO.match(text):
            continue
        m = kind_re.match(text)
        if m:
            kind, number = m.group(1).lower(), m.group(2) or number
            designation = m.group(1)
            continue
        if designation and not number and text[:1].islower() and not title_parts:
            title_parts.append(designation)  # "DECLARATION (*)" / "on the situation in Georgia"
        title_parts.append(text)
    title = re.sub(r"\s+", " ", " ".join(title_parts)).strip(" #")
    if kind is None:
        m = re.search(rf"\b({'|'.join(kinds)})\b(?:\s+(?:No\.?\s*)?(\d+))?", title, re.I)
        kind = m.group(1).lower() if m else "resolution"
        number = number or (m.group(2) if m else None)
    return title or "(untitled)", kind, number


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
    limit = max_clauses()
    lines = _lines(source.text)
    header: list[str] = []
    footnotes: list[Footnote] = []
    units: list[tuple[str, str | None, list[Clean]]] = []  # (id, parent, fragments)
    current_para: str | None = None
    in_footnote = False
    after_intro = False
    unnumbered = 0
    for line in lines:
        text = line.clean.text
        if not text.strip():
            in_footnote = False
            continue
        if any(p.search(text) for p in lex.noise):
            continue
        m = PARA.match(text)
        if m:
            current_para = m.group(1)
            units.append((current_para, None, [sub(line.clean, m.end())]))
            in_footnote = False
            _check_limit(source, len(units), limit)
            continue
        m = POINT.match(text)
        if m and current_para is not None:
            letter = m.group(1) or m.group(2)
            units.append((f"{current_para}.{letter}", current_para, [sub(line.clean, m.end())]))
            in_footnote = False
            _check_limit(source, len(units), limit)
            continue
        m = FOOTNOTE.match(text)
        if m and not PARA.match(text):
            b, e = line.clean.source_span(0, len(text))
            footnotes.append(Footnote(m.group("m"), m.group("t").strip(), b, e))
            in_footnote = True
            continue
        if in_footnote and footnotes:
            last = footnotes[-1]
            _, e = line.clean.source_span(0, len(text))
            footnotes[-1] = Footnote(last.marker, f"{last.text} {text.strip()}", last.begin, e)
            continue
        if current_para is None and (after_intro or unnumbered) and _opens_recital(text, lex):
            unnumbered += 1
            units.append((f"p{unnumbered}", None, [line.clean]))
            _check_limit(source, len(units), limit)
            continue
        if not units:
            header.append(text)
            after_intro = after_intro or bool(INTRO.match(text))
        elif re.search(r"\w", text):
            units[-1][2].append(line.clean)
    if not units:
        raise StructureError(f"{source.name}: no numbered paragraphs found (expected lines like '1. Recognising ...')")
    title, kind, number = _header(header, lex)
    date, place, committee = adoption([f.text for f in footnotes] or ["\n".join(header)])
    doc = Document(name=source.name, stem=Path(source.name).stem, text=source.text,
                   content_hash=source.content_hash, title=title, kind=kind, number=number,
                   adopted=date, place=place, committee=committee, footnotes=footnotes)
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
