"""Validate any RDF data against any SHACL shapes (W3C SHACL core and SHACL-SPARQL), with the standard report:
the engine behind `clausegraph shacl` and the W3C conformance runner (graph/validation/w3c_suite.py).

Two engines: the shapes compiled to SPARQL (graph/validation/core_shapes.py) and run in pyoxigraph, or pySHACL (the
reference). `auto` compiles when every shape can be compiled and the data's literals keep their form in
pyoxigraph, else runs pySHACL: the compiled engine answers only where it answers as SHACL does.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from clausegraph.errors import ClauseGraphError
from clausegraph.graph.store.terms import to_oxigraph, to_rdflib
from clausegraph.graph.validation.core_shapes import Check, Unsupported, compile_shapes
from clausegraph.graph.validation.shacl_report import (
    Result,
    conforms,
    report_graph,
    results_of,
    serialize,
    terms_as_written,
)
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

ENGINES = ("auto", "compiled", "pyshacl")
PLAIN = {XSD.string, RDF.langString}
XSD_STRING = str(XSD.string)


class ShapesError(ClauseGraphError):
    """Shapes that cannot be checked as written (SHACL: a failure, not a report), e.g. a SPARQL constraint
    that binds $this, or a shape that refers to itself."""


@dataclass
class Outcome:
    """What one validation found, and which engine found it ("compiled" or "pyshacl")."""

    conforms: bool
    results: list[Result] = field(default_factory=list)
    engine: str = "compiled"

    def graph(self) -> Graph:
        return report_graph(self.conforms, self.results)

    def serialize(self, fmt: str) -> str:
        return serialize(self.conforms, self.results, fmt)

    def text(self) -> str:
        """One line per result: severity, focus node, path, value, message."""
        violations = sum(1 for r in self.results if r.severity == SH.Violation)
        lines = [f"shacl: {'conforms' if self.conforms else 'does NOT conform'}: {violations} violation(s), "
                 f"{len(self.results) - violations} other result(s) ({self.engine} engine)"]
        for r in self.results:
            where = f" {_shown(r.path)}" if r.path is not None else ""
            value = f" (value {_shown(r.value)})" if r.value is not None else ""
            message = str(r.messages[0]) if r.messages else str(r.component).rsplit("#", 1)[-1]
            lines.append(f"  {str(r.severity).rsplit('#', 1)[-1]}: {message}{value}\n    at {_shown(r.focus)}{where}")
        return "\n".join(lines)


def _shown(term: Node | None) -> str:
    return term.n3() if term is not None and not isinstance(term, BNode) else "[]"


# ------------------------------------------------------------------ pySHACL


def run_pyshacl(data: Graph, shapes: Graph, advanced: bool = False) -> list[Result]:
    """The results pySHACL reports (its conformance is recomputed by the caller, SHACL 3.6.2).

    Raises:
        ShapesError: pySHACL refuses the shapes (it returns a ValidationFailure rather than raising one).
        Unsupported: pySHACL does not implement a feature the shapes use.
    """
    from pyshacl import validate as shacl_validate
    from pyshacl.errors import ReportableRuntimeError, ValidationFailure

    try:
        _, report, _ = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=advanced,
                                      allow_warnings=False)
    except ReportableRuntimeError as exc:
        raise ShapesError(f"pySHACL cannot check these shapes: {_first_line(exc)}") from None
    except NotImplementedError as exc:  # e.g. $shapesGraph in a SPARQL constraint
        raise Unsupported(f"pySHACL does not support this: {_first_line(exc)}") from None
    if isinstance(report, ValidationFailure):
        raise ShapesError(f"pySHACL cannot check these shapes: {_first_line(report)}")
    return results_of(report)


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc)
    return str(text).strip().splitlines()[0] if str(text).strip() else type(exc).__name__


# ------------------------------------------------------------------ compiled


Select = Callable[[str], tuple[list[str], Iterable[Sequence[Node | None]]]]


def from_oxigraph(term: object) -> Node | None:
    """A pyoxigraph term as the rdflib term written the same way (a typed literal never normalised)."""
    if isinstance(term, ox.Literal) and not term.language:
        if term.datatype.value == XSD_STRING:  # a simple literal, as rdflib's parsers give it
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    return to_rdflib(term)


def oxigraph_select(store: ox.Store, union: bool = False) -> Select:
    """SELECTs over a pyoxigraph store (its default graph, or the union of its graphs), rows as rdflib terms."""
    def select(query: str) -> tuple[list[str], Iterable[Sequence[Node | None]]]:
        result = store.query(query, use_default_graph_as_union=union)
        columns = [v.value for v in result.variables]  # type: ignore[union-attr]
        return columns, ([from_oxigraph(row[c]) for c in columns] for row in result)  # type: ignore[union-attr]
    return select


def run_checks(checks: Iterable[Check], select: Select) -> list[Result]:
    """The results of the compiled checks: each check one query that finds every violation at once."""
    out = []
    for check in checks:
        times: dict[Node | None, int] = {}
        if check.bag:  # a nested shape: a result per way its focus node is reached
            counts = select(f"SELECT ?this (COUNT(*) AS ?n) WHERE {{ {check.bag} }} GROUP BY ?this")[1]
            times = {r[0]: int(r[1]) for r in counts}  # type: ignore[arg-type, call-overload]
        columns, rows = select(check.query)
        for row in rows:
            bound = dict(zip(columns, row, strict=True))
            path = bound.get("path") or check.path
            result = Result(bound["this"], check.component, check.shape, check.severity, path,  # type: ignore[arg-type]
                            bound.get("value"), check.messages,
                            path_triples=check.path_triples if path is check.path else ())
            out += [result] * times.get(bound["this"], 1)
    return out


def _typed_literals(graph: Graph) -> set[tuple[str, str]]:
    return {(str(o), str(o.datatype)) for o in graph.objects()
            if isinstance(o, Literal) and o.datatype is not None and o.datatype not in PLAIN}


def load_as_written(graph: Graph) -> ox.Store:
    """The graph in an in-memory pyoxigraph store (default graph), literals as written.

    Raises:
        Unsupported: a typed literal is not in the canonical form pyoxigraph stores ("01"^^xsd:integer is
            stored as "1"), so the store would hold another term than the data.
    """
    store = ox.Store()
    store.bulk_extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
                      for s, p, o in graph)
    written = _typed_literals(graph)
    if written:
        stored = {(str(r["o"].value), str(r["o"].datatype.value))  # type: ignore[index]
                  for r in store.query("SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }")}  # type: ignore[union-attr]
        changed = sorted(written - stored)
        if changed:
            text, datatype = changed[0]
            raise Unsupported(f"data: the literal \"{text}\"^^<{datatype}> is not in canonical form")
    return store


def _canonical_shapes(shapes: Graph) -> None:
    """Raise Unsupported when a literal the checks compare values with would change form in a query."""
    compared = {RDF.first, SH.hasValue, SH.targetNode, SH.minInclusive, SH.maxInclusive, SH.minExclusive,
                SH.maxExclusive}
    values = Graph()
    for s, p, o in shapes:
        if p in compared and isinstance(o, Literal):
            values.add((s, p, o))
    load_as_written(values)


def run_compiled(data: Graph, shapes: Graph) -> list[Result]:
    """The compiled engine alone. Raises Unsupported when it cannot answer as SHACL does."""
    checks = compile_shapes(shapes)
    _canonical_shapes(shapes)
    return run_checks(checks, oxigraph_select(load_as_written(data)))


# ------------------------------------------------------------------ entry point


def check(data: Graph, shapes: Graph | None = None, engine: str = "auto", allow_warnings: bool = False) -> Outcome:
    """Validate data against shapes.

    Args:
        data: the data graph (read it with graph.shacl_report.read_graph to keep literals as written).
        shapes: the shapes graph (the data graph itself when omitted).
        engine: auto, compiled or pyshacl (ENGINES).
        allow_warnings: conform when every result is a warning or an info (SHACL: any result fails).
    Returns:
        The Outcome: conformance, results, the engine that answered.
    Raises:
        ShapesError: the shapes cannot be checked; Unsupported: the compiled engine was asked for and cannot
            answer; ClauseGraphError: an unknown engine.
    """
    if engine not in ENGINES:
        raise ClauseGraphError(f"unknown validation engine {engine!r}; one of {', '.join(ENGINES)}")
    shapes = data if shapes is None else shapes
    with terms_as_written():  # values read back from pyoxigraph as written, ill-typed ones without a log
        return _check(data, shapes, engine, allow_warnings)


def _check(data: Graph, shapes: Graph, engine: str, allow_warnings: bool) -> Outcome:
    if engine != "pyshacl":
        try:
            results = run_compiled(data, shapes)
            return Outcome(conforms(results, allow_warnings), results, "compiled")
        except Unsupported:
            if engine == "compiled":
                raise
    results = run_pyshacl(data, shapes)
    return Outcome(conforms(results, allow_warnings), results, "pyshacl")
