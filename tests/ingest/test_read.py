"""Reading files: text and Markdown in, everything else out with a clear error."""
from __future__ import annotations

import os

import pytest
from clausegraph.errors import InputError
from clausegraph.ingest.read import read_source


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
        ("latin.txt", "Montréal".encode("latin-1"), r"not UTF-8 text \(byte 5\); save it as UTF-8"),
        ("utf16.txt", b"\xff\xfe" + "Montr\u00e9al".encode("utf-16-le")[:-1], "not UTF-16 text despite"),
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


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_its_byte_order_mark_is_read(tmp_path, encoding):
    text = "Montréal\r\n1. Condemning x;\n"
    p = tmp_path / "w.txt"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    p.write_bytes(bom + text.encode(encoding))
    assert read_source(p).text == "Montréal\n1. Condemning x;\n"


def test_a_pipe_is_refused_not_read_forever(tmp_path):
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_source(fifo)


def test_the_byte_limit_comes_from_the_environment(tmp_path, monkeypatch):
    p = tmp_path / "big.txt"
    p.write_text("1. Condemning x;\n" * 100)
    monkeypatch.setenv("CLAUSEGRAPH_MAX_BYTES", "100")
    with pytest.raises(InputError, match="over the limit of 100 .raise it with CLAUSEGRAPH_MAX_BYTES"):
        read_source(p)
    monkeypatch.setenv("CLAUSEGRAPH_MAX_BYTES", "lots")
    with pytest.raises(InputError, match="CLAUSEGRAPH_MAX_BYTES must be a whole number"):
        read_source(p)
    monkeypatch.setenv("CLAUSEGRAPH_MAX_BYTES", "100000")
    assert read_source(p).text.count("Condemning") == 100
