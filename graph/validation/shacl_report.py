"""The standard SHACL validation report (W3C SHACL, section 3.6): results as RDF terms, written as an
sh:ValidationReport, read back from one, and compared with another as a multiset of results.

Every engine (pySHACL, the compiled SPARQL checks, the SPARQL rules) gives its results as `Result`s; the
readable report of graph/validation/validate.py and the standard report here are two renderings of the same list.
Terms stay as the data wrote them (`"01"^^xsd:integer` is not `"1"`): files are read with `read_graph`.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import rdflib
from clausegraph.errors import InputError
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH, XSD
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
FORMATS = {"turtle": "turtle", "json-ld": "json-ld"}  # --format value: rdflib serializer
# What a comparison of two reports looks at in every result; sh:resultMessage and sh:sourceConstraint only
# when the expected report gives them (the W3C suite leaves messages out unless a test is about them).
COMPARED = (SH.focusNode, SH.resultPath, SH.value, SH.resultSeverity, SH.sourceConstraintComponent,
            SH.sourceShape)
OPTIONAL = (SH.resultMessage, SH.sourceConstraint)


@dataclass(frozen=True)
class Result:
    """One sh:ValidationResult, its terms as written; path_triples describe a path that is a blank node."""

    focus: Node
    component: URIRef
    shape: Node
    severity: URIRef = SH.Violation
    path: Node | None = None
    value: Node | None = None
    messages: tuple[Literal, ...] = ()
    constraint: Node | None = None  # sh:sourceConstraint (a SPARQL constraint)
    path_triples: tuple[Triple, ...] = ()


@contextmanager
def terms_as_written() -> Iterator[None]:
    """Literals keep their lexical form while parsing ("1"^^xsd:boolean stays "1", and is not true; an
    ill-typed "none"^^xsd:boolean stays itself): pySHACL's own reading of files, restored afterwards."""
    from pyshacl.monkey import rdflib_bool_patch, rdflib_bool_unpatch

    before = rdflib.NORMALIZE_LITERALS
    log = logging.getLogger("rdflib.term")  # it logs a traceback for every ill-typed literal
    level = log.level
    rdflib_bool_patch()
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        rdflib_bool_unpatch()
        rdflib.NORMALIZE_LITERALS = before
        log.setLevel(level)


def read_graph(path: str | Path, base: str | None = None) -> Graph:
    """An RDF file as a graph with its terms as written (format from the file name, Turtle otherwise).

    Raises:
        InputError: the file is missing or is not RDF.
    """
    from rdflib.util import guess_format

    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    try:
        with terms_as_written():
            return Graph().parse(path, format=guess_format(str(path)) or "turtle", publicID=base)
    except Exception as exc:  # rdflib's parsers raise many kinds
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path.name} is not RDF: {first}") from None


def describe(graph: Graph, node: Node | None) -> tuple[Triple, ...]:
    """The triples that describe a blank node (a path, an RDF list), following blank nodes."""
    out: list[Triple] = []
    todo, seen = [node], set()
    while todo:
        n = todo.pop()
        if not isinstance(n, BNode) or n in seen:
            continue
        seen.add(n)
        pairs = list(graph.predicate_objects(n))
        if any(p == RDF.first for p, _ in pairs):  # a list: only its items (a malformed path may add more)
            pairs = [(p, o) for p, o in pairs if p in (RDF.first, RDF.rest)]
        for p, o in pairs:
            out.append((n, p, o))
            todo.append(o)
    return tuple(out)


def conforms(results: Iterable[Result], allow_warnings: bool = False) -> bool:
    """SHACL 3.6.2: a report conforms iff it has no result; with allow_warnings (pySHACL's option), iff no
    result is a violation."""
    if allow_warnings:
        return not any(r.severity == SH.Violation for r in results)
    return not any(True for _ in results)


def report_graph(ok: bool, results: Iterable[Result]) -> Graph:
    """The sh:ValidationReport of the results, every result its own node (duplicates stay two results)."""
    g = Graph()
    g.bind("sh", SH)
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(ok)))
    for r in results:
        node = BNode()
        g.add((report, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.focusNode, r.focus))
        g.add((node, SH.resultSeverity, r.severity))
        g.add((node, SH.sourceConstraintComponent, r.component))
        g.add((node, SH.sourceShape, r.shape))
        for p, o in ((SH.resultPath, r.path), (SH.value, r.value), (SH.sourceConstraint, r.constraint)):
            if o is not None:
                g.add((node, p, o))
        for m in r.messages:
            g.add((node, SH.resultMessage, m))
        for t in r.path_triples:
            g.add(t)
    return g


def results_of(report: Graph) -> list[Result]:
    """The results of a report graph (pySHACL's), without the sh:detail under them."""
    out = []
    for r in report.objects(None, SH.result):
        path = report.value(r, SH.resultPath)
        out.append(Result(
            focus=report.value(r, SH.focusNode),  # type: ignore[arg-type]
            component=report.value(r, SH.sourceConstraintComponent),  # type: ignore[arg-type]
            shape=report.value(r, SH.sourceShape),  # type: ignore[arg-type]
            severity=report.value(r, SH.resultSeverity) or SH.Violation,  # type: ignore[arg-type]
            path=path, value=report.value(r, SH.value),
            messages=tuple(sorted(m for m in report.objects(r, SH.resultMessage) if isinstance(m, Literal))),
            constraint=report.value(r, SH.sourceConstraint), path_triples=describe(report, path)))
    return out


def serialize(ok: bool, results: Iterable[Result], fmt: str) -> str:
    """The standard report as Turtle or JSON-LD (FORMATS)."""
    return report_graph(ok, results).serialize(format=FORMATS[fmt])


def _copy_tree(graph: Graph, node: Node, out: Graph, seen: set[Node]) -> Node:
    """A copy of what describes a blank node in out, every blank node reached a fresh one."""
    if not isinstance(node, BNode) or node in seen:
        return node
    copy = BNode()
    for p, o in graph.predicate_objects(node):
        out.add((copy, p, _copy_tree(graph, o, out, seen | {node})))
    return copy


def _plain(term: Node) -> Node:
    """A literal typed xsd:string as the simple literal it is in RDF 1.1."""
    return Literal(str(term)) if isinstance(term, Literal) and term.datatype == XSD.string else term


def _canonical(graph: Graph, report: Node, keep: set[Node]) -> Graph:
    """The report's conformance and results, each result reduced to the properties in keep."""
    out = Graph()
    root = BNode()
    value = graph.value(report, SH.conforms)
    out.add((root, SH.conforms, Literal(bool(value.value) if isinstance(value, Literal) else None)))
    for r in graph.objects(report, SH.result):
        node = BNode()
        out.add((root, SH.result, node))
        for p, o in graph.predicate_objects(r):
            if p in keep:
                out.add((node, p, _plain(o)))
                if p == SH.resultPath and isinstance(o, BNode):  # a tree per result: paths may share nodes
                    out.remove((node, p, _plain(o)))
                    out.add((node, p, _copy_tree(graph, o, out, set())))
    return out


def same_report(actual: Graph, expected: Graph, expected_report: Node) -> bool:
    """Whether the actual report (one sh:ValidationReport in its graph) has the expected conformance and the
    same multiset of results: the two reduced reports are isomorphic graphs (blank nodes, such as a focus
    node, a path or a source shape, match blank nodes)."""
    reports = list(actual.subjects(RDF.type, SH.ValidationReport))
    if len(reports) != 1:
        return False
    given = _results_only(expected, expected_report)
    keep: set[Node] = set(COMPARED) | {p for p in OPTIONAL if (None, p, None) in given}
    return isomorphic(_canonical(actual, reports[0], keep), _canonical(expected, expected_report, keep))


def _results_only(graph: Graph, report: Node) -> Graph:
    out = Graph()
    for r in graph.objects(report, SH.result):
        for p, o in graph.predicate_objects(r):
            out.add((r, p, o))
    return out

