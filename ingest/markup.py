"""Strip Markdown inline markup from a line while keeping each character's source offset."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# (pattern, group holding the kept text, is emphasis)
_INLINE = [
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), 1, False),  # [text](url) -> text
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), 1, True),
    (re.compile(r"__(?=\S)(.+?)(?<=\S)__"), 1, True),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])"), 1, True),
    (re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])"), 1, True),
]
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


@dataclass
class Clean:
    """A line of text without markup; offsets[i] is the source offset of text[i]."""

    text: str
    offsets: list[int]
    emphasis: list[tuple[int, int]] = field(default_factory=list)

    def source_span(self, begin: int, end: int) -> tuple[int, int]:
        """Source offsets of text[begin:end]."""
        if begin >= end:
            pos = self.offsets[begin] if begin < len(self.offsets) else self.end_offset
            return pos, pos
        return self.offsets[begin], self.offsets[end - 1] + 1

    @property
    def end_offset(self) -> int:
        return self.offsets[-1] + 1 if self.offsets else 0


def strip_markup(line: str, base: int = 0) -> Clean:
    """Remove emphasis, links and heading marks from one line.

    Args:
        line: the raw line, without its newline.
        base: the source offset of line[0].
    Returns:
        The clean text with per-character source offsets and the spans that were emphasised.
    """
    chars = list(line)
    offs = list(range(base, base + len(line)))
    m = _HEADING.match(line)
    if m:
        chars, offs = chars[m.end():], offs[m.end():]
    emph_marks: list[tuple[int, int]] = []  # as source offsets
    for pattern, group, is_emph in _INLINE:
        for _ in range(3):  # a few passes for nested markup; each pass is linear
            text = "".join(chars)
            new_chars: list[str] = []
            new_offs: list[int] = []
            last = 0
            for m in pattern.finditer(text):
                keep = range(m.start(group), m.end(group))
                if is_emph and keep:
                    emph_marks.append((offs[keep.start], offs[keep.stop - 1] + 1))
                new_chars += chars[last:m.start()] + chars[keep.start:keep.stop]
                new_offs += offs[last:m.start()] + offs[keep.start:keep.stop]
                last = m.end()
            if last == 0:
                break
            chars, offs = new_chars + chars[last:], new_offs + offs[last:]
    clean = Clean("".join(chars), offs)
    if emph_marks:
        position = {o: i for i, o in enumerate(offs)}
        for sb, se in emph_marks:
            inside = [position[o] for o in range(sb, se) if o in position]
            if inside:
                clean.emphasis.append((inside[0], inside[-1] + 1))
    clean.emphasis.sort()
    return clean


def join(parts: list[Clean]) -> Clean:
    """Join clean fragments with single spaces (a line break or page break becomes a space)."""
    out = Clean("", [])
    for part in parts:
        text = part.text.strip()
        if not text:
            continue
        lead = len(part.text) - len(part.text.lstrip())
        if out.text:
            out.offsets.append(out.offsets[-1] + 1)
            out.text += " "
        shift = len(out.text)
        out.text += text
        out.offsets.extend(part.offsets[lead:lead + len(text)])
        out.emphasis.extend((b - lead + shift, e - lead + shift) for b, e in part.emphasis
                            if b >= lead and e <= lead + len(text))
    return out


def sub(clean: Clean, begin: int, end: int | None = None) -> Clean:
    """The fragment clean.text[begin:end] with its offsets and emphasis."""
    end = len(clean.text) if end is None else end
    return Clean(clean.text[begin:end], clean.offsets[begin:end],
                 [(max(b, begin) - begin, min(e, end) - begin) for b, e in clean.emphasis if e > begin and b < end])
