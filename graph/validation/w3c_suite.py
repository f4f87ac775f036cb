"""The W3C SHACL test suite (data-shapes-test-suite: core and SPARQL) run against each engine of validation/shacl.py.

Each sht:Validate test names a data graph, a shapes graph and either the expected sh:ValidationReport or
sht:Failure (the shapes must be refused). A test passes when the engine's standard report has the expected
conformance and the same multiset of results (graph/validation/shacl_report.py `same_report`), or when it refuses shapes
that must be refused. For the compiled engine a test it cannot compile is "unsupported" (auto then runs
pySHACL). `python -m graph.w3c_suite [SUITE]` prints the table; `make shacl-conformance` runs it.
"""
from __future__ import annotations

import argparse
import logging
import sys
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from clausegraph.graph.validation.core_shapes import Unsupported
from clausegraph.graph.validation.shacl import ENGINES, ShapesError, check
from clausegraph.graph.validation.shacl_report import read_graph, same_report
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
# Where the suite lives beside the repository (W3C's files, never copied into the project).
SUITE = Path(__file__).resolve().parent.parent.parent / "shared" / "w3c-shacl"
STATUSES = ("pass", "fail", "unsupported")


@dataclass(frozen=True)
class Case:
    """One test of the suite."""

    name: str  # the part of the suite and the test's name: core/property/or-datatypes-001
    part: str  # core or sparql
    file: Path
    data: Path
    shapes: Path
    failure: bool  # the shapes must be refused (sht:Failure)
    entry: URIRef  # the test's node in its file, whose mf:result is the expected report


def _includes(manifest: Path) -> Iterable[Path]:
    g = Graph().parse(manifest, format="turtle")
    for _, _, inc in g.triples((None, MF.include, None)):
        yield Path(str(inc).removeprefix("file://"))


def _local(iri: Node) -> Path:
    return Path(str(iri).removeprefix("file://"))


def load_suite(root: Path = SUITE) -> list[Case]:
    """Every sht:Validate test of the suite under root (manifest.ttl and the manifests it includes)."""
    cases = []
    todo = [root / "manifest.ttl"]
    while todo:
        manifest = todo.pop(0)
        g = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
        todo += [_local(i) for i in g.objects(None, MF.include)]
        for head in g.objects(None, MF.entries):
            for entry in Collection(g, head):  # type: ignore[arg-type]
                if (entry, RDF.type, SHT.Validate) not in g:
                    continue
                action = g.value(entry, MF.action)
                result = g.value(entry, MF.result)
                rel = manifest.relative_to(root).parent
                cases.append(Case(f"{rel.as_posix()}/{str(entry).rsplit('/', 1)[-1]}", rel.parts[0], manifest,
                                  _local(g.value(action, SHT.dataGraph)),  # type: ignore[arg-type]
                                  _local(g.value(action, SHT.shapesGraph)),  # type: ignore[arg-type]
                                  result == SHT.Failure, entry))  # type: ignore[arg-type]
    return sorted(cases, key=lambda c: c.name)


def run_case(case: Case, engine: str) -> tuple[str, str]:
    """(status, why): pass, fail or unsupported (the compiled engine only), and what went wrong."""
    data = read_graph(case.data, base=case.data.as_uri())
    shapes = data if case.shapes == case.data else read_graph(case.shapes, base=case.shapes.as_uri())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outcome = check(data, shapes, engine=engine)
    except Unsupported as exc:
        return "unsupported", str(exc)
    except ShapesError as exc:
        return ("pass", "") if case.failure else ("fail", f"refused: {exc}")
    if case.failure:
        return "fail", "validated shapes that must be refused"
    expected = read_graph(case.file, base=case.file.as_uri())
    report = expected.value(case.entry, MF.result)
    if same_report(outcome.graph(), expected, report):  # type: ignore[arg-type]
        return "pass", ""
    return "fail", f"{outcome.engine}: conforms {outcome.conforms}, {len(outcome.results)} result(s)"


def run_suite(root: Path = SUITE, engines: Iterable[str] = ENGINES) -> dict[str, dict[str, tuple[str, str]]]:
    """{engine: {test name: (status, why)}} for every test of the suite."""
    cases = load_suite(root)
    return {e: {c.name: run_case(c, e) for c in cases} for e in engines}


def table(outcomes: dict[str, dict[str, tuple[str, str]]]) -> str:
    """A Markdown table: per engine and part of the suite, tests passed, failed and unsupported."""
    lines = ["| engine | part | tests | pass | fail | unsupported |", "|---|---|---|---|---|---|"]
    for engine, by_name in outcomes.items():
        for part in ("core", "sparql"):
            counts = Counter(status for name, (status, _) in by_name.items() if name.startswith(part + "/"))
            lines.append(f"| {engine} | {part} | {sum(counts.values())} | "
                         + " | ".join(str(counts[s]) for s in STATUSES) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m graph.w3c_suite", description=__doc__.splitlines()[0])
    ap.add_argument("suite", nargs="?", type=Path, default=SUITE, help=f"the suite's folder (default {SUITE})")
    ap.add_argument("--engine", action="append", choices=ENGINES, help="only this engine (repeatable)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every test that fails or is unsupported")
    args = ap.parse_args(argv)
    for name in ("rdflib.term", "pyshacl"):  # a traceback per ill-typed literal, a warning per odd shape
        logging.getLogger(name).setLevel(logging.CRITICAL)
    if not (args.suite / "manifest.ttl").is_file():
        print(f"w3c_suite: no manifest.ttl in {args.suite}", file=sys.stderr)
        return 2
    outcomes = run_suite(args.suite, args.engine or ENGINES)
    print(table(outcomes))
    if args.verbose:
        for engine, by_name in outcomes.items():
            for name, (status, why) in by_name.items():
                if status != "pass":
                    print(f"{engine:<9} {status:<11} {name}: {why}")
    return 0 if all(s != "fail" for by_name in outcomes.values() for s, _ in by_name.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
