"""Layouts in which national parliaments and news sites publish Assembly texts: the document record
(title, kind, number, date, place) and one unit per point, each on a text written for the test."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from clausegraph.ingest import build_source, parse
from clausegraph.ingest.read import Source, read_source
from clausegraph.ingest.structure import structure
from clausegraph.vocab import CG

DATA = Path(__file__).parent / "data"


def _source(text: str, name: str = "t.txt") -> Source:
    return Source(name=name, path=Path(name), text=text, format="text")


def _units(doc) -> dict[str, str]:
    return {u.id: u.text for u in doc.units}


def test_italian_reprint_keeps_the_english_record_and_the_reprint_code_apart():
    doc = structure(read_source(DATA / "reprint_italian.txt"))
    assert "SHIELDING THE ALLIANCE'S UNDERSEA CABLES AND PIPELINES" in doc.title
    assert not any(w in doc.title for w in ("ASSEMBLEA", "sulla", "DOC.", "Trasmessa", "DICHIARAZIONE"))
    assert (doc.kind, doc.number, doc.adopted, doc.place) == ("declaration", "512", "2025-11-24", "Bratislava")
    assert doc.identifiers == ["DOC. XII-quater N. 41"]
    assert doc.committee == "Defence and Security Committee"
    units = _units(doc)
    assert list(units) == ["1", "2", "3", "3.a", "3.b"]
    # the reprint's running header, printed again over its second page, is furniture
    assert units["3.b"].endswith("around the clock.")


def test_reprint_identifier_is_in_the_graph():
    built = build_source(read_source(DATA / "reprint_italian.txt"))
    from rdflib.namespace import DCTERMS

    assert [str(o) for o in built.graph.objects(None, DCTERMS.identifier)] == ["DOC. XII-quater N. 41"]
    assert [str(o) for o in built.graph.objects(None, CG.dateSource)] == ["text"]


def test_german_reprint_takes_the_kind_from_the_national_word_and_keeps_numbered_header_lines_out():
    doc = structure(read_source(DATA / "reprint_german.txt"))
    assert doc.title == "Countering hybrid campaigns against open societies"
    assert (doc.kind, doc.number) == ("resolution", "501")  # from "Entschließung 501"
    assert (doc.adopted, doc.place) == ("2025-05-19", "Reykjavik")  # "18.06.2025" is the transmission
    assert doc.identifiers == ["Drucksache 21/4417"]
    assert [u.id for u in doc.units] == ["1", "2"]  # "21. Wahlperiode" is header, not paragraph 21


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_national_kind_words_are_data(tmp_path):
    """A national word added to ontology/patterns.ttl is read without a change of code."""
    from clausegraph.ingest.lexicon import ONTOLOGY, load_lexicon

    before, after = tmp_path / "before", tmp_path / "after"
    for folder in (before, after):
        folder.mkdir()
        for f in ONTOLOGY.glob("*.ttl"):
            (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    text = "UCHWAŁA-X 7\nSecuring supply chains\nThe Assembly,\n1. Calls on member governments to act.\n"
    assert structure(_source(text), load_lexicon(before)).number is None
    patterns = after / "patterns.ttl"
    patterns.write_text(patterns.read_text(encoding="utf-8").replace(
        '"dichiarazione",', '"dichiarazione", "uchwała-x",'), encoding="utf-8")
    doc = structure(_source(text), load_lexicon(after))
    assert (doc.kind, doc.number, doc.title) == ("declaration", "7", "Securing supply chains")


def _pdf(pages: list[str], path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    for page in pages:
        pdf.add_page()
        for line in page.strip("\n").split("\n"):
            pdf.multi_cell(0, 5, line, markdown=True, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def test_pdf_compilation_keeps_running_headers_codes_page_numbers_and_committee_lines_out(tmp_path):
    pages = (DATA / "compilation_pages.txt").read_text(encoding="utf-8").split("\f")
    _pdf(pages, tmp_path / "compilation.pdf")
    doc, anns = parse(read_source(tmp_path / "compilation.pdf"))
    assert doc.title == "RESOLUTION 519 on SAFEGUARDING DEMOCRATIC INSTITUTIONS AGAINST FOREIGN INTERFERENCE"
    assert (doc.kind, doc.number, doc.adopted, doc.place) == ("resolution", "519", "2025-10-13", "Ljubljana")
    assert doc.committee == "Committee on Democracy and Security"
    units = _units(doc)
    assert list(units) == ["1", "2", "3", "3.a", "3.b", "3.c", "3.d"]
    for text in units.values():
        assert not any(w in text for w in ("SESA", "Texts adopted", "Adopted", "presented"))
    assert units["3.b"].endswith("online and to act on it quickly;")
    assert units["3.c"].endswith("with the others and with the European Union;")  # across the page break
    assert units["3.d"].endswith("foreign intelligence services.")
    mentions = {m.text for a in anns for m in a.mentions}
    assert not any("Plenary" in m or "Ljubljana" in m for m in mentions)


def test_closing_line_gives_date_and_place_and_stays_out_of_the_last_clause():
    doc, anns = parse(read_source(DATA / "closing_line.txt"))
    assert (doc.kind, doc.number, doc.adopted, doc.place) == ("resolution", "468", "2025-06-02", "Tallinn")
    assert doc.title == "RESOLUTION 468 on KEEPING THE ARCTIC A REGION OF LOW TENSION"
    last = doc.units[-1]
    assert last.text.endswith("and to deepen cooperation with Arctic partners.")
    assert all("Plenary" not in m.text and "Tallinn" not in m.text for a in anns for m in a.mentions)


@pytest.mark.parametrize(("closing", "date", "place"), [
    ("Adopted in Plenary Session on 13 October 2025 in Ljubljana, Slovenia", "2025-10-13", "Ljubljana"),
    ("Adopted by the Plenary Assembly on Monday 31 May 2021, Lisbon (online)", "2021-05-31", "Lisbon"),
    ("Approved at Vilnius, Lithuania, on 4 Dec. 2023.", "2023-12-04", "Vilnius"),
])
def test_closing_line_in_either_order_of_date_and_place(closing, date, place):
    text = f"RESOLUTION 1\non a test\nThe Assembly,\n1. Calls on member governments to act without delay. {closing}\n"
    doc = structure(_source(text))
    assert (doc.adopted, doc.place) == (date, place)
    assert doc.units[0].text == "Calls on member governments to act without delay."  # glued closing line cut off


def test_dash_and_bullet_points_and_hard_wrapped_lines_give_one_unit_per_point():
    doc = structure(read_source(DATA / "bullet_points.txt"))
    units = _units(doc)
    assert list(units) == ["1", "2", "2.a", "2.b", "2.c", "3", "3.a", "3.b", "3.c"]
    assert units["2.a"] == "to sign multi-year contracts for artillery ammunition so that producers can hire and build;"
    assert units["2.b"] == "to pool orders with partners wherever a shared stockpile costs less;"
    assert units["3.b"] == "to publish, in an unclassified form, the results of those hearings;"
    assert units["3.c"].startswith("to fund training")  # the bullet alone on its line
    assert {u.part for u in doc.units if u.id != "1"} == {"operative"}


def test_ep_style_recitals_are_preamble_units():
    doc = structure(read_source(DATA / "ep_recitals.txt"))
    assert [(u.id, u.part) for u in doc.units] == [
        ("p1", "preamble"), ("p2", "preamble"), ("A", "preamble"), ("B", "preamble"),
        ("1", "operative"), ("2", "operative")]
    units = _units(doc)
    assert units["p2"] == "having regard to the North Atlantic Treaty and to the Charter of the United Nations,"
    assert units["A"].startswith("whereas attacks on energy grids")


def test_glued_number_and_verb_are_split():
    text = "The Assembly,\n1.Recallingthat the Alliance is defensive;\n2.URGES member governments to act.\n"
    doc, anns = parse(_source(text))
    assert [u.id for u in doc.units] == ["1", "2"]
    assert doc.units[0].text == "Recalling that the Alliance is defensive;"
    assert [v.text for v in anns[0].verbs] == ["Recalling"]
    assert (doc.units[0].part, doc.units[1].part) == ("preamble", "operative")


def test_a_line_repeated_on_most_pages_is_furniture_and_a_clause_line_is_not():
    page = "Assembly texts 2025\n{n}. Calls on member governments to act on item {n};\n"
    text = "The Assembly,\n" + "\f".join(page.format(n=n) for n in range(1, 5))
    units = _units(structure(_source(text)))
    assert list(units) == ["1", "2", "3", "4"]
    assert all("Assembly texts" not in t for t in units.values())


def test_date_from_the_file_name_is_recorded_as_such():
    text = "RESOLUTION 3\non testing\nThe Assembly,\n1. Calls on member governments to act.\n"
    doc = structure(_source(text, "2025-10-13-ljubljana-resolution-3.txt"))
    assert (doc.adopted, doc.date_source) == ("2025-10-13", "file name")
    built = build_source(_source(text, "2025-10-13-ljubljana-resolution-3.txt"))
    assert [str(o) for o in built.graph.objects(None, CG.dateSource)] == ["file name"]
    undated = structure(_source(text, "resolution-3.txt"))
    assert (undated.adopted, undated.date_source) == (None, None)
    assert structure(_source(text, "2025-13-45-bad.txt")).adopted is None  # no such day


def test_undated_document_is_a_shacl_warning_and_a_dated_one_is_not():
    from clausegraph.ingest.lexicon import ONTOLOGY
    from pyshacl import validate as shacl
    from rdflib import Graph

    shapes = Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")
    text = "RESOLUTION 3\non testing\nThe Assembly,\n1. Calls on member governments to act.\n"
    results = {}
    for name in ("resolution-3.txt", "2025-10-13-resolution-3.txt"):
        graph = Graph()
        graph += build_source(_source(text, name)).graph
        _, report, _ = shacl(graph, shacl_graph=shapes, ont_graph=Graph().parse(ONTOLOGY / "clausegraph.ttl"))
        results[name] = report.serialize(format="turtle")
    assert "No adoption date" in results["resolution-3.txt"] and "sh:Warning" in results["resolution-3.txt"]
    assert "No adoption date" not in results["2025-10-13-resolution-3.txt"]


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_ingest_prints_each_record_and_warns_of_an_undated_file_which_documents_lists_last(tmp_path):
    import csv
    import io
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    undated = tmp_path / "arctic.txt"
    undated.write_text("RESOLUTION 3\non the Arctic\nThe Assembly,\n1. Calls on member governments to act.\n",
                       encoding="utf-8")

    def cg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "clausegraph.cli", "--store", str(tmp_path / "store"), *args],
                              capture_output=True, text=True, cwd=root, check=True)

    err = cg("ingest", str(undated), str(DATA / "reprint_italian.txt")).stderr.splitlines()
    assert ("ingest: reprint_italian.txt: declaration 512 · 2025-11-24 · Bratislava · "
            "DECLARATION 512 on SHIELDING THE ALLIANCE'S UNDERSEA CABLES AND PIPELINES") in err
    assert "ingest: arctic.txt: resolution 3 · no date · no place · RESOLUTION 3 on the Arctic" in err
    assert any(line.startswith("clausegraph: warning: arctic.txt: no adoption date") for line in err)
    rows = list(csv.DictReader(io.StringIO(cg("query", "documents", "--format", "csv").stdout)))
    assert [(r["document"], r["adopted"]) for r in rows] == [("reprint_italian.txt", "2025-11-24"), ("arctic.txt", "")]


def test_every_test_text_of_the_readme_layouts_table_exists_and_is_tested():
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Supported layouts", 1)[1].split("\n\n")[2]
    names = {n for row in table.splitlines()[2:] for n in re.findall(r"`([\w-]+\.txt)`", row.rsplit("|", 2)[-2])}
    assert len(names) >= 6
    tests = Path(__file__).read_text(encoding="utf-8")
    for name in names:
        assert (DATA / name).is_file(), name
        assert f'"{name}"' in tests or f'"{Path(name).stem}' in tests, name


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_a_paragraph_naming_an_entity_every_few_words_costs_memory_in_proportion_to_its_length():
    """Pathological input stays linear: the peak memory of a whole build grows with the paragraph's length
    (4x the text, about 4x the memory; a quadratic step would give 16x), and so does the graph."""
    import tracemalloc

    from clausegraph.ingest.lexicon import load_lexicon

    lex = load_lexicon()
    words = "Russia and China and the European Union with NATO back Ukraine against Belarus while Iran watches "

    def build(n: int) -> tuple[int, int]:
        body = (words * (n // len(words) + 1))[:n]
        source = _source(f"RESOLUTION 1\non a test\nThe Assembly,\n1. Condemning {body};\n")
        tracemalloc.start()
        try:
            built = build_source(source, lex)
            return tracemalloc.get_traced_memory()[1], len(built.graph)
        finally:
            tracemalloc.stop()

    build(1_000)  # caches warmed outside the measure
    (small, triples_small), (large, triples_large) = build(6_000), build(24_000)
    assert large < 6 * small, (small, large)
    assert triples_large < 6 * triples_small
    assert triples_large > 3 * triples_small  # every mention of the long text is still there
