"""Check the graph with SHACL (W3C SHACL core, run by pySHACL) and report results that point at clauses."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph
from rdflib.namespace import SH

from graph.store import Store
from ingest.lexicon import ONTOLOGY

SHAPES = ONTOLOGY / "shapes.ttl"


@dataclass
class Finding:
    """One validation result: the node, the property path, the message and where it sits."""

    severity: str
    focus: str
    path: str
    message: str
    value: str = ""
    clause: str | None = None
    document: str | None = None


@dataclass
class Report:
    conforms: bool
    findings: list[Finding] = field(default_factory=list)

    def text(self) -> str:
        """A readable rendering: one line per result, grouped under the document and clause."""
        violations = sum(1 for f in self.findings if f.severity == "Violation")
        if self.conforms and not self.findings:
            return "validate: the graph conforms to the shapes (0 results)"
        head = (f"validate: the graph {'conforms' if self.conforms else 'does NOT conform'}: "
                f"{violations} violation(s), {len(self.findings) - violations} other result(s)")
        lines = [head]
        for f in self.findings:
            where = f" [{f.document} {f.clause}]" if f.clause else (f" [{f.document}]" if f.document else "")
            value = f" (value {f.value})" if f.value else ""
            lines.append(f"  {f.severity}: {f.message}{value}\n    at {f.focus} {f.path}{where}")
        return "\n".join(lines)


def shapes_graph(path: Path = SHAPES) -> Graph:
    return Graph().parse(path, format="turtle")


def _locate(focus: str) -> tuple[str | None, str | None]:
    """(document, clause) of an IRI minted under a document: .../doc/<stem>/clause/<id>/..."""
    if "/id/doc/" not in focus:
        return None, None
    rest = focus.split("/id/doc/", 1)[1]
    parts = rest.split("/")
    clause = parts[2] if len(parts) > 2 and parts[1] == "clause" else None
    return parts[0], clause


def validate_graph(data: Graph, shapes: Graph | None = None) -> Report:
    """Validate one rdflib graph against the shapes.

    Args:
        data: the triples to check (one document, or the union of the store).
        shapes: the shapes graph (ontology/shapes.ttl when omitted).
    Returns:
        The Report, every result with its severity, focus node, path, message and clause.
    """
    conforms, results, _ = shacl_validate(data, shacl_graph=shapes or shapes_graph(), inference="none",
                                          allow_warnings=True, advanced=True)
    findings = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = str(results.value(r, SH.focusNode))
        severity = str(results.value(r, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1]
        path = results.value(r, SH.resultPath)
        value = results.value(r, SH.value)
        message = results.value(r, SH.resultMessage)
        document, clause = _locate(focus)
        findings.append(Finding(severity, focus, str(path or ""), str(message or "constraint not met"),
                                str(value) if value is not None else "", clause, document))
    findings.sort(key=lambda f: (f.document or "", f.clause or "", f.focus, f.path))
    return Report(bool(conforms), findings)


def validate(store: Store, shapes: Graph | None = None) -> Report:
    """Validate the union of every graph in the store."""
    data = Graph()
    for s, p, o, _ in store.dataset().quads((None, None, None, None)):
        data.add((s, p, o))
    return validate_graph(data, shapes)


