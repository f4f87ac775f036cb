"""Read a source file into text: one reader per format (plain text, Markdown, HTML, PDF).

Offsets in the graph point into the text a reader returns: the file itself for text and Markdown,
the extracted text for HTML and PDF.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from clausegraph.errors import InputError

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".text": "text",
                 ".html": "html", ".htm": "html", ".pdf": "pdf"}
MAX_BYTES = 20 * 1024 * 1024  # the default largest file, raised or lowered with $CLAUSEGRAPH_MAX_BYTES


def byte_limit() -> int:
    """The largest file read: $CLAUSEGRAPH_MAX_BYTES (a whole number of bytes), else 20 MB.

    Raises:
        InputError: the variable is not a whole number.
    """
    raw = os.environ.get("CLAUSEGRAPH_MAX_BYTES", str(MAX_BYTES))
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise InputError(f"CLAUSEGRAPH_MAX_BYTES must be a whole number of bytes, not {raw!r}")
    return value


@dataclass(frozen=True)
class Source:
    """A document's text and where it came from."""

    name: str
    path: Path
    text: str
    format: str

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 text, refusing binary data.

    Args:
        data: the file's bytes.
        name: the file name, for error messages.
    Returns:
        The text, without a byte-order mark and with newlines normalised to "\\n".
    """
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    if data.startswith(b"%PDF-"):
        raise InputError(f"{name}: this is a PDF; give it the .pdf extension")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark (Windows "Unicode")
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{name}: not UTF-16 text despite its byte-order mark; save it as UTF-8") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (byte {exc.start}); save it as UTF-8 (a Latin-1 or Windows-1252 "
                         "file has to be converted, e.g. `iconv -f cp1252 -t utf-8`)") from None
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 8:
        raise InputError(f"{name}: binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_source(path: Path, max_bytes: int | None = None) -> Source:
    """Read one file as a Source.

    Args:
        path: a .txt or .md file.
        max_bytes: refuse larger files (byte_limit() when omitted).
    Returns:
        The decoded Source.
    Raises:
        InputError: missing, unreadable, too large, empty, binary or of an unsupported format.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    if not path.is_file():  # a pipe or a device would be read forever
        raise InputError(f"{path}: not a regular file")
    fmt = TEXT_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path.name}: unsupported format {path.suffix or '(no extension)'!r}; "
                         f"expected one of {', '.join(sorted(TEXT_SUFFIXES))}")
    size = path.stat().st_size
    limit = max_bytes if max_bytes is not None else byte_limit()
    if size > limit:
        raise InputError(f"{path.name}: {size:,} bytes is over the limit of {limit:,} "
                         "(raise it with CLAUSEGRAPH_MAX_BYTES)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return Source(name=path.name, path=path, text=to_text(data, path.name, fmt), format=fmt)


def to_text(data: bytes, name: str, fmt: str) -> str:
    """The text of a file's bytes in the given format (text, markdown, html, pdf)."""
    from clausegraph.ingest.readers import html_to_text, pdf_to_text

    if fmt == "pdf":
        if not data.startswith(b"%PDF-"):
            raise InputError(f"{name}: not a PDF (wrong extension?)")
        return pdf_to_text(data, name)
    if fmt == "html":
        head = data[:2048].decode("ascii", "ignore")
        m = re.search(r"charset=[\"']?([\w-]+)", head, re.I)
        if m and m.group(1).lower() not in ("utf-8", "utf8"):
            try:
                data = data.decode(m.group(1)).encode("utf-8")
            except (LookupError, UnicodeDecodeError):
                pass
        return html_to_text(decode(data, name))
    return decode(data, name)
