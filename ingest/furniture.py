"""Page furniture: lines a printed or PDF page repeats (running headers and footers) are not text.

A line that comes back on most pages ("NATO PA – 2025 Annual Session – Resolutions", "Camera dei Deputati
— 3 — Senato della Repubblica") is a running header or footer wherever it stands; its page number may
change from page to page, so digits do not count when lines are compared.
"""
from __future__ import annotations

import re
from collections import Counter

MIN_REPEATS = 3  # without page breaks, a line seen this often is furniture
_LETTER = re.compile(r"[^\W\d_]{2}")


def line_key(text: str) -> str:
    """The form under which repeated lines are compared: digits and spacing ignored, case kept."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip()


def repeated_lines(lines: list[tuple[int, str]], exempt: re.Pattern[str]) -> set[str]:
    """Keys (see line_key) of the lines that repeat on most pages.

    Args:
        lines: (page number from 0, text) of each line of the text.
        exempt: lines that are never furniture however often they come (numbered paragraphs, points).
    Returns:
        The keys of lines found on at least half the pages (and on two at least) when the text has page
        breaks, else found at least MIN_REPEATS times.
    """
    pages = 1 + max((p for p, _ in lines), default=0)
    seen: dict[str, set[int]] = {}
    counts: Counter[str] = Counter()
    for page, text in lines:
        if _LETTER.search(text) and len(text) <= 200 and not exempt.match(text):
            key = line_key(text)
            counts[key] += 1
            seen.setdefault(key, set()).add(page)
    if pages > 1:
        need = max(2, (pages + 1) // 2)
        return {k for k, on in seen.items() if len(on) >= need}
    return {k for k, n in counts.items() if n >= MIN_REPEATS}


def header_echoes(header: list[str], body: list[str], exempt: re.Pattern[str]) -> set[str]:
    """Keys of the header's lines that come back in the body: a reprint's running header printed over its first
    page and again over a later one ("Camera dei Deputati — 2 — Senato della Repubblica"). Only the body's
    copies are furniture; the header's own copy is read with the rest of the header."""
    keys = {line_key(t) for t in header if len(t.strip()) >= 10 and _LETTER.search(t) and not exempt.match(t)}
    return {k for k in (line_key(t) for t in body) if k in keys}
