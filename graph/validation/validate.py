"""Check the graph: SHACL core shapes (ontology/shapes.ttl, run by pySHACL) and SHACL-SPARQL consistency rules
(ontology/rules.ttl, each run as one query over the whole data); a report that points at clauses.

pySHACL runs a SPARQL constraint once per focus node, which dominates on a large graph. So the rules are run
here, set at a time: each rule's SELECT once with $this free, rows whose $this lies outside the shape's target
dropped, which gives the results SHACL-SPARQL defines. The core shapes run per document graph (with the
shared entities graph), in batches, in worker processes when there are many; so validating only the
documents an ingest added or replaced costs only those documents.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path

import pyoxigraph as ox
from clausegraph.errors import ClauseGraphError
from clausegraph.graph.store import ONTOLOGY_GRAPH, Store, bind_rows
from clausegraph.graph.store.terms import converter
from clausegraph.graph.validation.core_shapes import Check, Unsupported, compile_shapes, path_text
from clausegraph.graph.validation.shacl import ShapesError, from_oxigraph, oxigraph_select, run_checks, run_pyshacl
from clausegraph.graph.validation.shacl_report import Result, serialize
from clausegraph.resources import ontology_dir
from clausegraph.vocab import CG, ID
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

ONTOLOGY = ontology_dir()
SHAPES = ONTOLOGY / "shapes.ttl"
RULES = ONTOLOGY / "rules.ttl"
GAZETTEER = ONTOLOGY / "entities.ttl"
MODEL = ONTOLOGY / "clausegraph.ttl"
# Facts of the gazetteer that rules read but documents do not carry (the dates of events).
REFERENCE_PROPERTIES = (CG.date,)
REFERENCE_GRAPH = f"{ID}graph/reference"
GRAPH_PREFIX = f"{ID}graph/"
# Graphs every document's validation sees beside its own: the entities graph (derived labels).
SHARED_GRAPHS = (f"{ID}graph/entities",)
SCOPE = URIRef("https://w3id.org/clausegraph/shapes#scope")
PIVOT = URIRef("https://w3id.org/clausegraph/shapes#pivot")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
BATCH_TRIPLES = 60_000  # triples of document graphs per batch (one pySHACL run, or one in-memory store)
TARGET_CHUNK = 500  # focus nodes per target-membership query
PARALLEL_TRIPLES = 150_000  # below this, worker processes cost more than they save
# How the core shapes are checked: "compiled" compiles them to one query per constraint (validation/core_shapes.py;
# "sparql" is its former name), "pyshacl" runs pySHACL (the reference), "auto" compiles when every shape can be
# compiled, else pySHACL.
ENGINES = ("auto", "compiled", "sparql", "pyshacl")
SEVERITIES = ("violation", "warning", "info")  # --fail-on: the least severe result that fails


class RuleError(ClauseGraphError):
    """A rule of ontology/rules.ttl that cannot be run as written."""


@dataclass(frozen=True)
class Finding:
    """One validation result: the node, the property path, the message and where it sits."""

    severity: str
    focus: str
    path: str
    message: str
    value: str = ""
    clause: str | None = None
    document: str | None = None
    source: str = ""  # the shape (for a rule, its IRI) that gave the result
    result: Result | None = field(default=None, compare=False, repr=False)  # the standard result, terms as written


def finding(result: Result, shapes: Graph | None = None) -> Finding:
    """A standard result as the readable report shows it: strings, and the document and clause it sits in."""
    focus = str(result.focus)
    document, clause = _locate(focus)
    path = "" if result.path is None else (str(result.path) if isinstance(result.path, URIRef)
                                           else path_text(_path_graph(result), result.path))
    message = str(result.messages[0]) if result.messages else "constraint not met"
    return Finding(str(result.severity).rsplit("#", 1)[-1], focus, path, message,
                   str(result.value) if result.value is not None else "", clause, document,
                   str(result.shape) if isinstance(result.shape, URIRef) else "", result)


def _path_graph(result: Result) -> Graph:
    g = Graph()
    for t in result.path_triples:
        g.add(t)
    return g


@dataclass
class Report:
    conforms: bool
    findings: list[Finding] = field(default_factory=list)

    def fails(self, level: str = "violation") -> bool:
        """Whether a result is at least as severe as level (violation, warning or info): --fail-on."""
        worst = {"Violation": 0, "Warning": 1, "Info": 2}
        return any(worst.get(f.severity, 0) <= SEVERITIES.index(level) for f in self.findings)

    def standard(self, fmt: str) -> str:
        """The standard sh:ValidationReport (graph/validation/shacl_report.py) as Turtle or JSON-LD."""
        return serialize(self.conforms, [f.result for f in self.findings if f.result is not None], fmt)

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


@dataclass(frozen=True)
class Rule:
    """One SHACL-SPARQL constraint of rules.ttl, ready to run set at a time."""

    shape: str
    label: str
    severity: str
    message: str
    select: str  # with the prefixes declared and $this as ?this
    targets: tuple[str, ...]  # one SELECT ?this per target declaration
    scope: str  # "document" (one document with the shared graphs) or "corpus" (the whole store)
    # For a corpus rule: a variable that, in every finding involving a document, holds an entity that
    # document mentions; validating some documents then binds it to what they mention (cgs:pivot).
    pivot: str | None = None


def shapes_graph(path: Path = SHAPES) -> Graph:
    return Graph().parse(path, format="turtle")


# ------------------------------------------------------------------ rules


def _prefixes(g: Graph, constraint: object) -> str:
    lines = []
    for owner in g.objects(constraint, SH.prefixes):  # type: ignore[arg-type]
        for decl in g.objects(owner, SH.declare):
            prefix, ns = g.value(decl, SH.prefix), g.value(decl, SH.namespace)
            if prefix is None or ns is None:
                raise RuleError(f"rules: a sh:declare of {owner} lacks sh:prefix or sh:namespace")
            lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(sorted(set(lines)))


def _targets(g: Graph, shape: URIRef) -> tuple[str, ...]:
    out = []
    for c in g.objects(shape, SH.targetClass):
        out.append(f"SELECT DISTINCT ?this WHERE {{ ?this a/<{RDFS.subClassOf}>* {c.n3()} }}")
    for p in g.objects(shape, SH.targetSubjectsOf):
        out.append(f"SELECT DISTINCT ?this WHERE {{ ?this {p.n3()} ?o }}")
    for p in g.objects(shape, SH.targetObjectsOf):
        out.append(f"SELECT DISTINCT ?this WHERE {{ ?s {p.n3()} ?this }}")
    nodes = list(g.objects(shape, SH.targetNode))
    if nodes:
        out.append("SELECT ?this WHERE { VALUES ?this { " + " ".join(n.n3() for n in nodes) + " } }")
    if (shape, SH.target, None) in g:
        raise RuleError(f"rules: {shape} has a SPARQL-based target; give it a class, node or property target "
                        "and put the condition in its SELECT")
    if not out:
        raise RuleError(f"rules: {shape} has no target")
    return tuple(out)


def load_rules(path: Path = RULES) -> list[Rule]:
    """The rules of rules.ttl. Every shape there must be a SHACL-SPARQL SELECT constraint with a target:
    anything this runner cannot run is a RuleError, so no rule is ever left out silently."""
    return list(_load_rules(str(path), path.stat().st_mtime_ns))


@lru_cache(maxsize=4)
def _load_rules(path: str, _mtime: int) -> tuple[Rule, ...]:
    g = Graph().parse(path, format="turtle")
    rules = []
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(SH.sparql, None))
    for shape in sorted(shapes, key=str):
        if not isinstance(shape, URIRef):
            raise RuleError("rules: every rule needs an IRI")
        if g.value(shape, SH.deactivated) == Literal(True):
            continue
        if (shape, SH.path, None) in g:
            raise RuleError(f"rules: {shape} is a property shape; write the rule as a node shape")
        constraints = list(g.objects(shape, SH.sparql))
        if not constraints:
            raise RuleError(f"rules: {shape} has no sh:sparql constraint (core shapes belong in shapes.ttl)")
        severity = str(g.value(shape, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
        scope = str(g.value(shape, SCOPE) or "document")
        if scope not in ("document", "corpus"):
            raise RuleError(f"rules: {shape} has scope {scope!r}; document or corpus")
        targets = _targets(g, shape)
        pivot = g.value(shape, PIVOT)
        if pivot is not None and (scope != "corpus" or not re.fullmatch(r"\w+", str(pivot))):
            raise RuleError(f"rules: {shape} has pivot {pivot!r}; a variable name, on a corpus rule only")
        for c in constraints:
            if g.value(c, SH.deactivated) == Literal(True):
                continue
            select = g.value(c, SH.select)
            if select is None:
                raise RuleError(f"rules: {shape} has a SPARQL constraint without sh:select (sh:ask is not run)")
            text = re.sub(r"\$this\b", "?this", str(select))
            if re.search(r"\$(?!this\b)\w+", str(select)):
                raise RuleError(f"rules: {shape} uses a pre-bound variable other than $this")
            if pivot is not None and f"?{pivot}" not in text:
                raise RuleError(f"rules: the query of {shape} has no variable ?{pivot} (its cgs:pivot)")
            text = _prefixes(g, c) + "\n" + text
            try:
                ox.Store().query(text)
            except SyntaxError as exc:
                raise RuleError(f"rules: the query of {shape} does not parse: {str(exc).splitlines()[0]}") from None
            message = g.value(c, SH.message) or g.value(shape, SH.message) or "rule not met"
            rules.append(Rule(str(shape), str(g.value(shape, RDFS.label)
                                              or shape), severity, str(message), text, targets, scope,
                               str(pivot) if pivot is not None else None))
    return tuple(rules)


Rows = tuple[list[str], Iterable[Sequence[Node | None]]]
Select = Callable[[str], Rows]


def memory_select(data: ox.Store) -> Select:
    """Run SELECTs over an in-memory pyoxigraph store (the union of its graphs), rows as rdflib terms."""
    def select(query: str) -> Rows:
        result = data.query(query, use_default_graph_as_union=True)
        columns = [v.value for v in result.variables]  # type: ignore[union-attr]
        conv = converter()
        return columns, ([conv(row[c]) for c in columns] for row in result)  # type: ignore[union-attr]
    return select


def store_select(store: Store) -> Select:
    """Run SELECTs through the store's own query method (the union of its graphs)."""
    def select(query: str) -> Rows:
        result = store.query(query)
        return result.columns, result.rows
    return select


def _text(term: Node) -> str:
    """A term as a message shows it: a literal's text, an IRI minted under a document as "<stem> <clause>"."""
    if isinstance(term, URIRef):
        document, clause = _locate(str(term))
        if document and str(term).endswith(f"/id/doc/{document}" + (f"/clause/{clause}" if clause else "")):
            return f"{document} {clause}" if clause else document
    if isinstance(term, Literal) and "/id/doc/" in str(term):  # a list of documents (GROUP_CONCAT), in order
        return ", ".join(sorted(_text(URIRef(w)) if w.startswith("http") else w for w in str(term).split()))
    return str(term)


def _fill(message: str, bound: dict[str, Node]) -> str:
    """The message with {?var} and {$this} replaced by the row's values."""
    return re.sub(r"\{[?$](\w+)\}", lambda m: _text(bound[m.group(1)]) if m.group(1) in bound else "?", message)


def _labels(select: Select, iris: set[Node]) -> dict[Node, Node]:
    """One preferred label of each IRI, in one query."""
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in sorted(map(str, iris)))
    query = ("SELECT ?e (SAMPLE(?l) AS ?label) WHERE { VALUES ?e { " + values + " } "
             "?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } GROUP BY ?e")
    return {row[0]: row[1] for row in select(query)[1] if row[0] is not None and row[1] is not None}


def _in_targets(rule: Rule, select: Select, nodes: set[Node]) -> set[Node]:
    """Those of the nodes that lie in the rule's target (asked about these nodes only, in chunks)."""
    found: set[Node] = set()
    chunk = sorted(nodes, key=str)
    for start in range(0, len(chunk), TARGET_CHUNK):
        rows = [[n] for n in chunk[start:start + TARGET_CHUNK]]
        for query in rule.targets:
            found.update(r[0] for r in select(bind_rows(query, ["this"], rows))[1] if r[0] is not None)
    return found


def _run(rule: Rule, select: Select, pivots: list[Node] | None = None) -> list[tuple[Finding, set[str]]]:
    """Findings of one rule, each with the documents its row names: one query for all focus nodes (the
    rule's pivot variable bound to pivots when given)."""
    query = rule.select
    if pivots is not None and rule.pivot is not None:
        if not pivots:
            return []
        query = bind_rows(query, [rule.pivot], [[p] for p in pivots])
    columns, rows = select(query)
    if "this" not in columns:
        raise RuleError(f"rules: the query of {rule.shape} does not select $this")
    bound_rows = [b for b in ({c: v for c, v in zip(columns, row, strict=True) if v is not None} for row in rows)
                  if b.get("this") is not None]
    targets = _in_targets(rule, select, {b["this"] for b in bound_rows})
    kept = [b for b in bound_rows if b["this"] in targets]
    if "{?label}" in rule.message and "label" not in columns:
        labels = _labels(select, {b["value"] for b in kept if isinstance(b.get("value"), URIRef)})
        for b in kept:
            if b.get("value") in labels:
                b["label"] = labels[b["value"]]
    out = []
    for bound in kept:
        this = bound["this"]
        value = bound.get("value")
        document, clause = _locate(str(bound.get("clause", this)))
        named = {d for v in bound.values() for w in str(v).split() for d in [_locate(w)[0]] if d}
        message = _fill(rule.message, bound)
        result = Result(this, SH.SPARQLConstraintComponent, URIRef(rule.shape), SH[rule.severity], None, value,
                        (Literal(message),))
        out.append((Finding(rule.severity, str(this), "", message, str(value) if value is not None else "",
                            clause, document, rule.shape, result), named))
    return out


@lru_cache(maxsize=2)
def _reference_ntriples(path: str, _mtime: int) -> bytes:
    g = Graph().parse(path, format="turtle")
    ref = Graph()
    for p in REFERENCE_PROPERTIES:
        for t in g.triples((None, p, None)):
            ref.add(t)
    return ref.serialize(format="nt", encoding="utf-8")


@lru_cache(maxsize=2)
def _hierarchy_ntriples(path: str, _mtime: int) -> bytes:
    g = Graph().parse(path, format="turtle")
    out = Graph()
    for s, _, o in g.triples((None, RDFS.subClassOf, None)):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            out.add((s, RDFS.subClassOf, o))
    return out.serialize(format="nt", encoding="utf-8")


def hierarchy_ntriples(path: Path | None = None) -> bytes:
    """The class hierarchy of the model (the rdfs:subClassOf triples of path, MODEL when omitted), checked with
    every batch: shapes and rules name cg:Entity and cg:Actor, and find the entity types under them in the
    data they check."""
    path = path or MODEL
    return _hierarchy_ntriples(str(path), path.stat().st_mtime_ns)


def reference_ntriples(path: Path = GAZETTEER) -> bytes:
    """The gazetteer facts the rules read besides the documents (cg:date of events), as N-Triples."""
    return _reference_ntriples(str(path), path.stat().st_mtime_ns) if path.exists() else b""


# ------------------------------------------------------------------ core shapes (pySHACL)


def _locate(focus: str) -> tuple[str | None, str | None]:
    """(document, clause) of an IRI minted under a document: .../doc/<stem>/clause/<id>/..."""
    if "/id/doc/" not in focus:
        return None, None
    rest = focus.split("/id/doc/", 1)[1]
    parts = rest.split("/")
    clause = parts[2] if len(parts) > 2 and parts[1] == "clause" else None
    return parts[0], clause


def _core(data: Graph, shapes: Graph) -> list[Finding]:
    try:
        return [finding(r) for r in run_pyshacl(data, shapes, advanced=True)]
    except Unsupported as exc:
        raise ShapesError(str(exc)) from None


def _needed_predicates(shapes: Graph) -> set[str] | None:
    """The predicates core shapes can look at (every IRI of the shapes graph, rdf:type, rdfs:subClassOf), or
    None when a shape may look at any (sh:closed, SPARQL constraints): other triples can be left out."""
    if (None, SH.closed, Literal(True)) in shapes or (None, SH.sparql, None) in shapes:
        return None
    iris = {str(t) for triple in shapes for t in triple if isinstance(t, URIRef)}
    return iris | {str(RDF.type), str(RDFS.subClassOf)}


_WORKER_SHAPES: dict[str, tuple[Graph, set[str] | None]] = {}


def _core_batch(ntriples: bytes, shapes_ttl: str) -> list[Finding]:
    """Validate N-Triples against the core shapes (runs in a worker process or in this one)."""
    if shapes_ttl not in _WORKER_SHAPES:
        _WORKER_SHAPES.clear()
        shapes = Graph().parse(data=shapes_ttl, format="turtle")
        _WORKER_SHAPES[shapes_ttl] = (shapes, _needed_predicates(shapes))
    shapes, keep = _WORKER_SHAPES[shapes_ttl]
    g = Graph()
    conv = converter(from_oxigraph)  # terms as written: an ill-typed literal is not normalised away

    g.addN((conv(q.subject), conv(q.predicate), conv(q.object), g)  # type: ignore[misc]
           for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
           if keep is None or q.predicate.value in keep)
    return _core(g, shapes)


@lru_cache(maxsize=4)
def _compiled(shapes_ttl: str, engine: str) -> tuple[Check, ...] | None:
    """The compiled checks of the shapes, or None when pySHACL is to run them."""
    if engine not in ENGINES:
        raise ClauseGraphError(f"unknown validation engine {engine!r}; one of {', '.join(ENGINES)}")
    if engine == "pyshacl":
        return None
    try:
        return compile_shapes(Graph().parse(data=shapes_ttl, format="turtle"))
    except Unsupported as exc:
        if engine in ("compiled", "sparql"):
            raise ClauseGraphError(f"{exc}; run the shapes with --engine pyshacl") from None
        return None


def _core_compiled(checks: tuple[Check, ...], data: ox.Store) -> list[Finding]:
    """The compiled core checks over the union of the store's graphs: each check one query for all focus nodes."""
    return [finding(r) for r in run_checks(checks, oxigraph_select(data, union=True))]


# ------------------------------------------------------------------ entry points


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.document or "", f.clause or "", f.focus, f.path, f.source,
                                                 f.message, f.value))


def validate_graph(data: Graph, shapes: Graph | None = None, rules: Path | None = RULES,
                   engine: str = "auto", allow_warnings: bool = False) -> Report:
    """Validate one rdflib graph against the shapes and the rules.

    Args:
        data: the triples to check (one document, or the union of the store).
        shapes: the shapes graph (ontology/shapes.ttl when omitted).
        rules: the rules file (ontology/rules.ttl), None for the core shapes only.
        engine: how the core shapes are checked (ENGINES).
        allow_warnings: conform when every result is a warning or an info (SHACL 3.6.2: any result fails).
    Returns:
        The Report, every result with its severity, focus node, path, message and clause.
    """
    shapes_ttl = (shapes.serialize(format="turtle") if shapes is not None
                  else SHAPES.read_text(encoding="utf-8"))
    rule_list = tuple(load_rules(rules)) if rules is not None else ()
    findings = _sorted(_check_batch(data.serialize(format="nt", encoding="utf-8"), shapes_ttl, rule_list,
                                    reference_ntriples() if rule_list else b"", engine))
    return Report(_conforms(findings, allow_warnings), findings)


def _conforms(findings: list[Finding], allow_warnings: bool) -> bool:
    return not any(f.severity == "Violation" for f in findings) if allow_warnings else not findings


def _document_graphs(graphs: Iterable[str]) -> list[str]:
    skip = {ONTOLOGY_GRAPH, REFERENCE_GRAPH, *SHARED_GRAPHS}
    return [g for g in graphs if g.startswith(GRAPH_PREFIX) and g not in skip]


def _graph_ntriples(store: Store, graph_iri: str) -> bytes:
    """One named graph of the store as N-Triples."""
    return bytes(store.graph_ntriples(graph_iri))


def _check_batch(ntriples: bytes, shapes_ttl: str, rules: tuple[Rule, ...],
                 reference: bytes, engine: str = "auto") -> list[Finding]:
    """Core shapes, then the rules given (with the reference facts), over one batch of document graphs with the
    shared graphs (in a worker process or in this one), or over one graph for validate_graph."""
    checks = _compiled(shapes_ttl, engine)
    ntriples = ntriples + b"\n" + hierarchy_ntriples()
    if checks is None:  # pySHACL reads the triples itself: the store below is for compiled checks and rules
        findings = _core_batch(ntriples, shapes_ttl)
        if not rules:
            return findings
    data = ox.Store()
    data.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(f"{GRAPH_PREFIX}batch"))
    if checks is not None:
        findings = _core_compiled(checks, data)
    if rules:
        if reference:
            data.bulk_load(reference, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(REFERENCE_GRAPH))
        select = memory_select(data)
        for rule in rules:
            findings += [f for f, _ in _run(rule, select)]
    return findings


def _mentioned(store: Store, graphs: list[str]) -> list[Node]:
    """The entities the mentions of these document graphs denote."""
    if not graphs:
        return []
    query = f"SELECT DISTINCT ?e WHERE {{ GRAPH ?g {{ ?m <{CG.denotes}> ?e }} }}"
    return [r[0] for r in store.query(bind_rows(query, ["g"], [[URIRef(g)] for g in graphs])).rows
            if r[0] is not None]


def validate(store: Store, shapes: Graph | None = None, documents: Sequence[str] | None = None,
             rules: Path | None = RULES, workers: int | None = None, engine: str = "auto",
             progress: Callable[[int, int, str], None] | None = None, allow_warnings: bool = False) -> Report:
    """Validate the store: per batch of document graphs (with the shared entities graph) the core shapes and
    the document rules, each rule one query; the corpus rules one query each over the whole store.

    Args:
        store: the store.
        shapes: the core shapes graph (ontology/shapes.ttl when omitted).
        documents: only these documents (graph IRIs, file names or stems), as after an ingest: only their
            graphs are read and checked; corpus rules still query the whole store and report the findings
            that involve these documents.
        rules: the rules file, None for the core shapes only.
        workers: processes (default: one per CPU when the data is large).
        engine: how the core shapes are checked (ENGINES): compiled to SPARQL, or by pySHACL.
        progress: called with (done, total, what) as batches and rules are run.
        allow_warnings: conform when every result is a warning or an info (SHACL 3.6.2: any result fails).
    Returns:
        The Report. A result of a shared graph (the entities) found in several batches is reported once per
        time it occurs in one batch, not once per batch.
    """
    present = store.graphs()
    chosen = _document_graphs(present)
    if documents is not None:  # each by file name, path, stem or graph IRI; an unknown one is an error
        from clausegraph.graph.query.resolve import document_graphs, resolve_document

        graph_of = document_graphs(store)
        for g in chosen:  # a document graph without a source file name is known by its name
            graph_of.setdefault(g[len(GRAPH_PREFIX):], g)
        wanted = {graph_of[resolve_document(store, d, sorted(graph_of))] for d in documents}
        chosen = [g for g in chosen if g in wanted]
    shared = b"".join(_graph_ntriples(store, g) for g in SHARED_GRAPHS if g in present)
    shapes_ttl = (shapes.serialize(format="turtle") if shapes is not None
                  else SHAPES.read_text(encoding="utf-8"))
    rule_list = load_rules(rules) if rules is not None else []
    document_rules = tuple(r for r in rule_list if r.scope == "document")
    reference = reference_ntriples() if document_rules else b""

    batches: list[bytes] = []
    current: list[bytes] = []
    size = 0
    for i, g in enumerate(chosen, 1):
        nt = _graph_ntriples(store, g)
        if progress:
            progress(i, len(chosen), "documents read")
        current.append(nt)
        size += nt.count(b"\n")
        if size >= BATCH_TRIPLES:
            batches.append(b"".join(current) + shared)
            current, size = [], 0
    if current or not batches:
        batches.append(b"".join(current) + shared)
    total = sum(b.count(b"\n") for b in batches)
    n = workers if workers is not None else (os.cpu_count() or 1)
    merged: Counter[Finding] = Counter()
    _compiled(shapes_ttl, engine)  # an unknown engine, or shapes the compiled engine cannot run, fail here
    args = ([shapes_ttl] * len(batches), [document_rules] * len(batches), [reference] * len(batches),
            [engine] * len(batches))

    def check(results: Iterable[list[Finding]]) -> None:
        nonlocal merged
        for i, found in enumerate(results, 1):
            merged |= Counter(found)  # the shared graphs are in every batch: the most any batch has
            if progress:
                progress(i, len(batches), "batches checked")

    if n > 1 and len(batches) > 1 and total >= PARALLEL_TRIPLES:
        with ProcessPoolExecutor(max_workers=min(n, len(batches)), mp_context=get_context("forkserver")) as pool:
            check(pool.map(_check_batch, batches, *args))
    else:
        check(map(_check_batch, batches, *args))

    findings = list(merged.elements())
    stems = {g[len(GRAPH_PREFIX):] for g in chosen}
    corpus = store_select(store)
    pivots = None if documents is None else _mentioned(store, chosen)
    corpus_rules = [r for r in rule_list if r.scope == "corpus"]
    for i, rule in enumerate(corpus_rules, 1):
        findings += [f for f, named in _run(rule, corpus, pivots)
                     if documents is None or f.document in stems or named & stems]
        if progress:
            progress(i, len(corpus_rules), "rules across documents run")
    findings = _sorted(findings)
    return Report(_conforms(findings, allow_warnings), findings)
