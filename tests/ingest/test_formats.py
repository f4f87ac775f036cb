"""The corpus texts as PDF and HTML give the same clauses, verbs and mentions as the text files."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from clausegraph.errors import InputError
from clausegraph.ingest import parse
from clausegraph.ingest.read import Source, read_source

CORPUS = sorted(Path("corpus").glob("*.txt"))


def _summary(source: Source):
    _, anns = parse(source)
    return [(a.unit.id, a.unit.part, " ".join(a.unit.text.split()), [(v.text, v.stance) for v in a.verbs], a.actions,
             [(m.text, m.entity.key) for m in a.mentions]) for a in anns]


def _latin(text: str) -> str:
    return text.replace("–", "-").replace("’", "'").replace("[Standing With Ukraine](#)", "Standing With Ukraine")


def _write_pdf(text: str, path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in text.split("\n"):
        if line.strip():
            pdf.multi_cell(0, 5, line, markdown=True, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(4)
    pdf.output(str(path))


def _html(text: str) -> str:
    body = []
    for line in text.split("\n"):
        if line.strip():
            inner = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(line.strip(), quote=False))
            body.append(f"<p>{inner}</p>")
    return ("<!doctype html><html><head><meta charset='utf-8'><title>x</title><script>var x = '1. Not me';</script>"
            "<style>p {}</style></head><body><nav><ul><li>Home</li><li>1. Menu</li></ul></nav>"
            + "\n".join(body) + "<footer>Page 1 of 1</footer></body></html>")


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_pdf_gives_the_same_annotations_as_text(path, tmp_path):
    text = _latin(path.read_text(encoding="utf-8"))
    pdf = tmp_path / f"{path.stem}.pdf"
    _write_pdf(text, pdf)
    source = read_source(pdf)
    assert source.format == "pdf"
    assert _summary(source) == _summary(Source(path.name, path, text, "text"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_html_gives_the_same_annotations_as_text(path, tmp_path):
    text = _latin(path.read_text(encoding="utf-8"))
    page = tmp_path / f"{path.stem}.html"
    page.write_text(_html(text), encoding="utf-8")
    source = read_source(page)
    assert "Not me" not in source.text and "Menu" not in source.text
    assert _summary(source) == _summary(Source(path.name, path, text, "text"))


def test_html_ordered_lists_are_numbered(tmp_path):
    page = tmp_path / "r.html"
    page.write_text("<h1>RESOLUTION 7</h1><p>The Assembly,</p><ol><li><b>Recalling</b> the Charter;</li>"
                    "<li><b>URGES</b> member governments:<ol type='a'><li>to act;</li><li>to pay;</li></ol></li></ol>",
                    encoding="utf-8")
    _, anns = parse(read_source(page))
    assert [(a.unit.id, a.unit.part) for a in anns] == [("1", "preamble"), ("2", "operative"), ("2.a", "operative"),
                                                        ("2.b", "operative")]


def test_pdf_without_text_layer_needs_ocr(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError, match="needs OCR"):
        read_source(path)


def test_encrypted_pdf_is_refused(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 5, "1. Condemning everything;")
    pdf.set_encryption(owner_password="o", user_password="u")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError, match="encrypted"):
        read_source(path)
