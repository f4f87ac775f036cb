"""`clausegraph shacl DATA --shapes SHAPES` end to end, and validate's --format and --fail-on: exit codes
(0 conforms, 1 not, 2 error with one line on stderr) and the standard report."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SH

ROOT = Path(__file__).resolve().parents[1]
SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ;
  sh:property [ sh:path ex:age ; sh:datatype xsd:integer ; sh:maxCount 1 ] ;
  sh:property [ sh:path [ sh:inversePath ex:knows ] ; sh:minCount 1 ; sh:severity sh:Warning ] .
"""


def cg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "clausegraph.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


@pytest.fixture
def files(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES)
    good = tmp_path / "good.ttl"
    good.write_text("@prefix ex: <https://example.org/> . ex:a a ex:C ; ex:age 3 . ex:b ex:knows ex:a .")
    warn = tmp_path / "warn.ttl"
    warn.write_text("@prefix ex: <https://example.org/> . ex:a a ex:C ; ex:age 3 .")
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <https://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . '
                   'ex:a a ex:C ; ex:age "x"^^xsd:integer, "01"^^xsd:integer . ex:b ex:knows ex:a .')
    return shapes, good, warn, bad


@pytest.mark.parametrize("engine", ["auto", "compiled", "pyshacl"])
def test_exit_codes_follow_the_specification(files, engine):
    shapes, good, warn, bad = files
    assert cg("shacl", str(good), "--shapes", str(shapes), "--engine", engine).returncode == 0
    assert cg("shacl", str(warn), "--shapes", str(shapes), "--engine", engine).returncode == 1  # a warning
    assert cg("shacl", str(warn), "--shapes", str(shapes), "--engine", engine, "--allow-warnings").returncode == 0


def test_standard_report_keeps_values_as_written(files):
    shapes, _, _, bad = files
    proc = cg("shacl", str(bad), "--shapes", str(shapes), "--format", "turtle")
    assert proc.returncode == 1, proc.stderr
    report = Graph().parse(data=proc.stdout, format="turtle")
    values = {str(v) for v in report.objects(None, SH.value)}
    assert "x" in values  # the ill-typed literal, not normalised away
    components = set(report.objects(None, SH.sourceConstraintComponent))
    assert components == {SH.DatatypeConstraintComponent, SH.MaxCountConstraintComponent}
    assert len(set(report.objects(None, SH.result))) == 2
    # "01" is not canonical in pyoxigraph: the compiled engine refuses rather than change the data
    refused = cg("shacl", str(bad), "--shapes", str(shapes), "--engine", "compiled")
    assert refused.returncode == 2 and refused.stderr.startswith("clausegraph: error:")
    assert len(refused.stderr.strip().splitlines()) == 1


def test_json_ld_report(files):
    shapes, _, warn, _ = files
    proc = cg("shacl", str(warn), "--shapes", str(shapes), "--format", "json-ld")
    report = Graph().parse(data=proc.stdout, format="json-ld")
    assert (None, SH.resultSeverity, SH.Warning) in report
    assert (None, SH.conforms, None) in report


def test_errors_are_one_line(files, tmp_path):
    shapes, good, _, _ = files
    for args in (["shacl", str(tmp_path / "missing.ttl")],
                 ["shacl", str(good), "--shapes", str(ROOT / "README.md")]):
        proc = cg(*args)
        assert proc.returncode == 2
        assert proc.stderr.startswith("clausegraph: error:") and len(proc.stderr.strip().splitlines()) == 1


def test_shapes_pyshacl_refuses_are_an_error_not_a_traceback(tmp_path):
    """pySHACL returns a ValidationFailure for such shapes: it crashed with AttributeError ('objects')."""
    shapes = tmp_path / "s.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .\n"
                      "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:select "
                      "\"SELECT $this WHERE { VALUES $this { ex:a } }\" ] .")
    proc = cg("shacl", str(shapes))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "AttributeError" not in proc.stderr and proc.stderr.startswith("clausegraph: error:")
