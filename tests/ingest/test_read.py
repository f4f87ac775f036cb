"""Reading files: text and Markdown in, everything else out with a clear error."""
from __future__ import annotations

import pytest

from errors import InputError
from ingest.read import read_source


def test_reads_utf8_text_and_normalises_newlines(tmp_path):
    p = tmp_path / "r.txt"
    p.write_bytes("\ufeffMontréal\r\n1. Condemning x;\r\n".encode())
    src = read_source(p)
    assert src.text == "Montréal\n1. Condemning x;\n"
    assert src.format == "text"
    assert len(src.content_hash) == 64


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n", "empty"),
        ("bin.txt", b"\x00\x01\x02PK\x03\x04" * 20, "binary"),
        ("latin.txt", "Montréal".encode("latin-1"), "not UTF-8"),
        ("doc.docx", b"PK\x03\x04 word", "unsupported format"),
        ("doc.pdf", b"not a pdf at all", "not a PDF"),
        ("pdf.txt", b"%PDF-1.4 something", "give it the .pdf extension"),
        ("noext", b"1. Condemning x;", "unsupported format"),
    ],
)
def test_bad_files_raise_input_error(tmp_path, name, data, message):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_source(p)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="folder"):
        read_source(tmp_path)


def test_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("1. Condemning x;\n" * 100)
    with pytest.raises(InputError, match="over the limit"):
        read_source(p, max_bytes=100)
