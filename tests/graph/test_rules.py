"""Consistency rules (ontology/rules.ttl): each rule has tests/graph/rules/invalid_<rule>.ttl that breaks it and
valid_<rule>.ttl that does not; the set-at-a-time runner gives what a SHACL-SPARQL engine (pySHACL, once per
focus node) gives; a rule the runner cannot run is an error; validation of chosen documents."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from clausegraph.graph.store import open_store
from clausegraph.graph.validation.validate import (
    RULES,
    RuleError,
    hierarchy_ntriples,
    load_rules,
    reference_ntriples,
    validate,
    validate_graph,
)
from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

DATA = Path(__file__).parent / "rules"
RULE_LIST = load_rules()


def _snake(shape: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", shape.rsplit("#", 1)[-1]).lower()


def _rule_findings(path: Path, shape: str):
    return [f for f in validate_graph(Graph().parse(path)).findings if f.source == shape]


def test_rules_are_warnings_or_infos_and_all_loaded():
    assert len(RULE_LIST) == 7
    assert {r.severity for r in RULE_LIST} <= {"Warning", "Info"}
    declared = set(Graph().parse(RULES).subjects(SH.sparql, None))
    assert {r.shape for r in RULE_LIST} == {str(s) for s in declared}


@pytest.mark.parametrize("rule", RULE_LIST, ids=lambda r: _snake(r.shape))
def test_invalid_graph_breaks_the_rule(rule):
    found = _rule_findings(DATA / f"invalid_{_snake(rule.shape)}.ttl", rule.shape)
    assert found, f"{rule.shape} not reported"
    assert all(f.severity == rule.severity for f in found)
    assert all("{" not in f.message for f in found)


@pytest.mark.parametrize("rule", RULE_LIST, ids=lambda r: _snake(r.shape))
def test_valid_graph_keeps_the_rule(rule):
    assert _rule_findings(DATA / f"valid_{_snake(rule.shape)}.ttl", rule.shape) == []


@pytest.mark.parametrize("path", sorted(DATA.glob("*.ttl")), ids=lambda p: p.stem)
def test_same_results_as_pyshacl_per_focus_node(path):
    """pySHACL runs each SPARQL constraint once per focus node; the runner once in all: the same results."""
    data = Graph().parse(path)
    data.parse(data=reference_ntriples(), format="nt")
    data.parse(data=hierarchy_ntriples(), format="nt")  # checked with every batch: the rules read the types
    _, results, _ = shacl_validate(data, shacl_graph=Graph().parse(RULES), advanced=True, allow_warnings=True)
    expected = {(str(results.value(r, SH.focusNode)), str(results.value(r, SH.sourceShape)),
                 str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1])
                for r in results.subjects(RDF.type, SH.ValidationResult)}
    got = {(f.focus, f.source, f.severity) for f in validate_graph(data).findings if f.path == ""
           and f.source in {r.shape for r in RULE_LIST}}
    assert got == expected


def test_messages_name_the_clause_and_the_facts():
    (f,) = _rule_findings(DATA / "invalid_event_after_adoption.ttl", "https://w3id.org/clausegraph/shapes#EventAfterAdoption")
    assert f.message.startswith("Adopted 2022-05-30, the document refers in clause 3 to Madrid Summit, held 2022-06-28")
    assert (f.document, f.clause) == ("t", "3")
    (f,) = _rule_findings(DATA / "invalid_establish_after_welcome.ttl",
                          "https://w3id.org/clausegraph/shapes#EstablishAfterWelcome")
    assert f.message == ("Clause 10.a asks to set up Democratic Resilience Centre, which 1 earlier document(s) "
                         "already welcome, the first adopted 2022-05-30: a.")
    assert (f.document, f.clause, f.severity) == ("b", "10.a", "Warning")


def test_warnings_keep_the_graph_conforming_only_when_allowed():
    """SHACL 3.6.2: any result, a warning too, means the graph does not conform; allow_warnings (pySHACL's
    option) keeps the former behaviour, and --fail-on chooses the exit code."""
    no_core = Graph().parse(data="[] a <http://www.w3.org/ns/shacl#NodeShape> .", format="turtle")
    data = Graph().parse(DATA / "invalid_welcomed_and_condemned.ttl")
    report = validate_graph(data, no_core, allow_warnings=True)
    assert report.conforms
    assert "conforms: 0 violation(s), 1 other result(s)" in report.text()
    assert "Warning: Clause 12 both welcomes (Welcoming) and condemns (denouncing) Russia" in report.text()
    strict = validate_graph(data, no_core)
    assert not strict.conforms and strict.findings == report.findings
    assert not strict.fails("violation") and strict.fails("warning") and strict.fails("info")


PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix cg: <https://w3id.org/clausegraph/ontology#> .
@prefix ex: <https://example.org/> .
"""


@pytest.mark.parametrize("body, error", [
    ("ex:r a sh:NodeShape ; sh:targetClass cg:Clause ; sh:sparql [ sh:ask 'ASK { $this ?p ?o }' ] .",
     "without sh:select"),
    ("ex:r a sh:NodeShape ; sh:sparql [ sh:select 'SELECT $this WHERE { $this ?p ?o }' ] .", "no target"),
    ("ex:r a sh:NodeShape ; sh:targetClass cg:Clause ; sh:property [ sh:path cg:text ; sh:minCount 1 ] .",
     "no sh:sparql"),
    ("ex:r a sh:NodeShape ; sh:targetClass cg:Clause ; sh:sparql [ sh:select 'SELECT $this WHERE { $this' ] .",
     "does not parse"),
    ("ex:r a sh:NodeShape ; sh:targetClass cg:Clause ; "
     "sh:sparql [ sh:select 'SELECT $this WHERE { $this cg:x $PATH }' ] .",
     "pre-bound"),
])
def test_a_rule_that_cannot_run_is_an_error_not_skipped(tmp_path, body, error):
    path = tmp_path / "rules.ttl"
    path.write_text(PREFIXES + body, encoding="utf-8")
    with pytest.raises(RuleError, match=error):
        load_rules(path)


def test_deactivated_rule_is_left_out_on_purpose(tmp_path):
    path = tmp_path / "rules.ttl"
    path.write_text(PREFIXES + "ex:r a sh:NodeShape ; sh:deactivated true ; sh:targetClass cg:Clause ; "
                    "sh:sparql [ sh:select 'SELECT $this WHERE { $this ?p ?o }' ] .", encoding="utf-8")
    assert load_rules(path) == []


def _split(path: Path) -> dict[str, Graph]:
    """The triples of a two-document test graph, each in its document's graph (shared ones in both)."""
    g = Graph().parse(path)
    out: dict[str, Graph] = {"a": Graph(), "b": Graph()}
    for t in g:
        homes = [d for d in out if f"/id/doc/{d}" in str(t[0])] or list(out)
        for d in homes:
            out[d].add(t)
    return out


def test_validate_chosen_documents_only(tmp_path):
    store = open_store(tmp_path / "store")
    for name, g in _split(DATA / "invalid_establish_after_welcome.ttl").items():
        store.replace_graph(f"https://w3id.org/clausegraph/id/graph/{name}", g)
    shape = "https://w3id.org/clausegraph/shapes#EstablishAfterWelcome"
    for chosen in (None, ["a"], ["b.txt"], ["https://w3id.org/clausegraph/id/graph/b"]):
        report = validate(store, documents=chosen)
        assert [f.clause for f in report.findings if f.source == shape] == ["10.a"], chosen
    report = validate(store, documents=[])
    assert [f for f in report.findings if f.source == shape] == []


def test_corpus_findings_by_document(corpus_store):
    vilnius = "2022-05-30-vilnius-declaration-confronting-russias-threat"
    whole = validate(corpus_store)
    assert whole.conforms, whole.text()
    one = validate(corpus_store, documents=["2024-11-25-montreal-resolution-494.txt"])
    assert one.conforms
    assert all(f.document != vilnius for f in one.findings)
    other = validate(corpus_store, documents=[vilnius])
    assert {f for f in whole.findings if f.document == vilnius} <= set(other.findings)


def test_core_shapes_in_worker_processes_give_the_same_report(corpus_store, monkeypatch):
    import clausegraph.graph.validation.validate as v

    expected = validate(corpus_store, workers=1)
    monkeypatch.setattr(v, "BATCH_TRIPLES", 100)
    monkeypatch.setattr(v, "PARALLEL_TRIPLES", 0)
    assert validate(corpus_store, workers=2) == expected


def test_command_line_validates_what_ingest_changed(tmp_path, capsys):
    from clausegraph.cli import main

    corpus = Path(__file__).resolve().parents[2] / "corpus"
    store = str(tmp_path / "store")
    assert main(["--store", store, "ingest", "--validate", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "ingest: 2 added" in out and "validate: the graph conforms" in out
    assert main(["--store", store, "ingest", "--validate", str(corpus)]) == 0
    assert "validate:" not in capsys.readouterr().out  # nothing changed, nothing to check
    assert main(["--store", store, "validate", "--document", "2024-11-25-montreal-resolution-494.txt"]) == 0
    assert "0 results" in capsys.readouterr().out


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_pivot_narrowing_loses_no_finding(tmp_path, monkeypatch):
    """Validating one document binds a corpus rule's cgs:pivot to the entities that document mentions: the
    findings are those of the same rule run over the whole store and filtered to the document."""
    import sys

    import clausegraph.graph.validation.validate as v

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from clausegraph.pipeline import load_paths
    from gen_corpus import generate

    store = open_store(tmp_path / "store")
    files = generate(tmp_path / "texts", 40, seed=2)
    assert not load_paths(store, files).failed
    corpus_rules = {r.shape for r in RULE_LIST if r.scope == "corpus"}
    assert all(r.pivot == "value" for r in RULE_LIST if r.scope == "corpus")
    involved = {f.document for f in validate(store).findings if f.source in corpus_rules}
    assert len(involved) >= 2  # the synthetic corpus does hold cross-document findings
    chosen = sorted(involved)[:6] + [f.stem for f in files if f.stem not in involved][:3]
    narrowed = {name: validate(store, documents=[name]) for name in chosen}
    monkeypatch.setattr(v, "_mentioned", lambda store, graphs: None)  # no pivot: the whole store
    for name, report in narrowed.items():
        assert report == validate(store, documents=[name]), name


def test_pivot_must_be_a_variable_of_the_query(tmp_path):
    path = tmp_path / "rules.ttl"
    path.write_text(PREFIXES + "@prefix cgs: <https://w3id.org/clausegraph/shapes#> .\n"
                    "ex:r a sh:NodeShape ; cgs:scope 'corpus' ; cgs:pivot 'value' ; sh:targetClass cg:Clause ; "
                    "sh:sparql [ sh:select 'SELECT $this WHERE { $this cg:x ?other }' ] .", encoding="utf-8")
    with pytest.raises(RuleError, match="pivot"):
        load_rules(path)
