"""Readers for published formats: HTML (headings, paragraphs, lists) and PDF (text layer, bold lead verbs).

Each turns bytes into the plain-text-with-Markdown-emphasis that ingest/structure.py reads, so a
resolution gives the same clauses, verbs and mentions whatever format it came in.
"""
from __future__ import annotations

import io
import logging
import re
from html.parser import HTMLParser

from clausegraph.errors import InputError

BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article", "blockquote",
          "dt", "dd", "pre", "table", "ol", "ul"}
SKIP = {"script", "style", "nav", "header", "footer", "noscript", "template", "svg", "form", "button", "iframe",
        "head", "aside", "menu"}
BOLD = {"b", "strong"}


class _HTMLText(HTMLParser):
    """Collects the visible text of an HTML page, one block per line; ordered lists get their numbers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.lists: list[list] = []  # [kind, counter, style]

    def _flush(self) -> None:
        text = re.sub(r"[ \t\r\n\f]+", " ", "".join(self.current)).strip()
        text = re.sub(r"\*\*(\s*)\*\*", r"\1", text)
        text = re.sub(r"\*\*(\s+)(.*?)(\s*)\*\*", r"\1**\2**\3", text)  # "<b> URGES </b>" -> " **URGES** "
        if text:
            self.lines.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag in BLOCKS:
            self._flush()
        if tag in ("ol", "ul"):
            style = dict(attrs).get("type") or ""
            start = dict(attrs).get("start") or "1"
            self.lists.append([tag, int(start) - 1 if start.isdigit() else 0, style])
        elif tag == "li" and self.lists:
            kind = self.lists[-1]
            kind[1] += 1
            if kind[0] == "ol":
                n = kind[1]
                self.current.append(f"{chr(ord('a') + n - 1)}. " if kind[2] in ("a",) or len(self.lists) > 1
                                    else f"{n}. ")
            elif len(self.lists) > 1 or kind[2]:
                self.current.append("- ")
        elif tag in BOLD:
            self.current.append("**")
        elif tag == "br":
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in BOLD:
            self.current.append("**")
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.current.append(data)

    def text(self) -> str:
        self._flush()
        return "\n\n".join(self.lines)


def html_to_text(data: str) -> str:
    """The visible text of an HTML page; bold as **Markdown**, ordered list items numbered."""
    parser = _HTMLText()
    parser.feed(data)
    parser.close()
    return parser.text()


def pdf_to_text(data: bytes, name: str) -> str:
    """The text layer of a PDF; runs in a bold font are wrapped in ** so lead verbs are recognised.

    Raises:
        InputError: an encrypted PDF, a broken one, or one without a text layer (needs OCR).
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs what it repairs ("EOF marker not found") on stderr; the one-line error below says it
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(f"{name}: the PDF is encrypted; decrypt it first")
        pages = []
        for page in reader.pages:
            runs: list[str] = []

            def visit(text: str, cm: object, tm: object, font: dict | None, size: float,
                      runs: list[str] = runs) -> None:
                base = str((font or {}).get("/BaseFont", ""))
                bold = bool(re.search(r"bold|black|heavy|semibold", base, re.I))
                if bold and text.strip():
                    lead, body, trail = re.match(r"(\s*)(.*?)(\s*)$", text, re.S).groups()  # type: ignore[union-attr]
                    runs.append(f"{lead}**{body}**{trail}")
                else:
                    if runs and runs[-1].endswith("**") and text[:1].isalnum():
                        text = " " + text  # a bold lead verb ends a word; the layout lost the space
                    runs.append(text)

            page.extract_text(visitor_text=visit)
            pages.append("".join(runs))
    except PdfReadError as exc:
        raise InputError(f"{name}: not a readable PDF ({exc})") from None
    text = "\n\f\n".join(pages)  # a form feed between pages: ingest/furniture.py counts pages
    text = re.sub(r"\*\*(\s*)\*\*", r"\1", text)  # adjacent bold runs join
    text = re.sub(r"\*\*[ \t]+(?=[,;:.)])", "**", text)  # "**Condemning** ," -> "**Condemning**,"
    if len(re.sub(r"\W", "", text)) < 20:
        raise InputError(f"{name}: the PDF has no text layer (scanned pages: it needs OCR first)")
    return text
