"""Structure of the corpus documents and of layout variants written for the tests."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from clausegraph.errors import StructureError
from clausegraph.ingest.read import Source, read_source
from clausegraph.ingest.structure import adoption, iso_date, structure

DATA = Path(__file__).parent / "data"
GOLD = Path(__file__).parent.parent / "data" / "gold"


def _source(text: str, name: str = "t.txt") -> Source:
    return Source(name=name, path=Path(name), text=text, format="text")


@pytest.mark.parametrize("stem", [p.stem for p in sorted(GOLD.glob("*.json"))])
def test_corpus_units_parts_and_metadata_match_gold(stem):
    gold = json.loads((GOLD / f"{stem}.json").read_text())
    doc = structure(read_source(Path("corpus") / gold["document"]))
    assert [(u.id, u.part) for u in doc.units] == [(c["id"], c["part"]) for c in gold["clauses"]]
    assert doc.title == gold["title"]
    assert doc.kind == gold["kind"]
    assert doc.number == gold["number"]
    assert doc.adopted == gold["adopted"]
    assert doc.place == gold["place"]
    assert [c.identifier for c in doc.citations] == gold["cites"]


def test_footnotes_are_kept_apart_from_clause_text():
    doc = structure(read_source(Path("corpus/2022-05-30-vilnius-declaration-confronting-russias-threat.txt")))
    assert [f.marker for f in doc.footnotes] == ["¹", "²"]
    assert doc.footnotes[1].text == "i.e. prevent or challenge"
    unit = {u.id: u for u in doc.units}
    assert unit["16.m"].text == "to reaffirm the Open Door policy which no third country can veto;"
    assert "Adopted" not in unit["11"].text and "Adopted" not in unit["12"].text
    assert doc.citations[0].title == "Standing With Ukraine"


def test_point_continues_after_page_break_and_spans_point_into_source():
    src = read_source(Path("corpus/2024-11-25-montreal-resolution-494.txt"))
    doc = structure(src)
    unit = {u.id: u for u in doc.units}
    point = unit["18.l"]
    assert "exploring synergies with southern neighbours and other relevant actors" in point.text
    assert point.text.endswith("Strategic Direction-South HUB in Naples;")
    begin, end = point.span
    assert src.text[begin:end].startswith("to expand NATO's engagement")
    assert src.text[begin:end].endswith("in Naples;")
    assert doc.committee == "Political Committee"
    assert unit["18"].text.startswith("URGES member governments")


def test_markdown_emphasis_is_removed_but_remembered():
    doc = structure(_source("The Assembly,\n\n1. **Condemning** Russia;\n2. **URGES** governments:\n - a. to act;\n"))
    first = doc.units[0]
    assert first.text == "Condemning Russia;"
    assert first.body.emphasis == [(0, 10)]
    assert first.body.source_span(0, 10) == (20, 30)  # after "1. **"


def test_layout_variants():
    text = (DATA / "layout_variants.txt").read_text()
    doc = structure(_source(text))
    ids = [(u.id, u.part) for u in doc.units]
    assert ids == [("p1", "preamble"), ("p2", "preamble"), ("1", "operative"), ("2", "operative"),
                   ("2.a", "operative"), ("2.b", "operative"), ("3", "operative")]
    unit = {u.id: u for u in doc.units}
    assert "Pag." not in unit["2.b"].text and "SESA" not in unit["2.b"].text
    assert unit["3"].text.startswith("Requests the Secretary General")
    assert (doc.kind, doc.number, doc.adopted, doc.place) == ("resolution", "999", "2025-10-12", "Oslo")
    assert doc.title == "RESOLUTION 999 ON SECURITY IN THE HIGH NORTH"


def test_text_without_numbered_paragraphs_is_refused():
    with pytest.raises(StructureError, match="no numbered paragraphs"):
        structure(_source("Just a letter.\nNothing numbered here.\n"))


@pytest.mark.parametrize(
    ("text", "iso"),
    [("on Monday 30 May 2022", "2022-05-30"), ("on 1st December 2023", "2023-12-01"),
     ("on November 25, 2024", "2024-11-25"), ("no date", None)],
)
def test_iso_date(text, iso):
    assert iso_date(text) == iso


def test_adoption_reads_place_and_committee():
    note = ("Presented by the Defence and Security Committee and adopted by the Plenary Assembly "
            "at the 69th Annual Session held in Copenhagen, Denmark, on Monday 9 October 2023")
    assert adoption([note]) == ("2023-10-09", "Copenhagen", "Defence and Security Committee")


def test_older_declaration_layout():
    """Cover page lines, a '(*)' marker, sentence paragraphs, two addressees, a text cut off at the end."""
    doc = structure(read_source(DATA / "older_declaration.txt"))
    assert doc.title == "DECLARATION on the situation in Georgia"
    assert (doc.kind, doc.number, doc.adopted, doc.place) == ("declaration", None, "2012-04-15", "Tbilisi")
    unit = {u.id: u for u in doc.units}
    assert [u.id for u in doc.units] == ["1", "2", "3", "3.a", "3.b", "4", "4.a", "4.b", "5", "5.a", "5.b"]
    assert unit["1"].part == "preamble" and unit["2"].part == "operative"
    assert "Pag. 2" not in unit["4.b"].text
    assert unit["5.b"].complete is False and unit["5.a"].complete is True
