"""SHACL core constraints (W3C SHACL, section 4) compiled to SPARQL SELECTs that find all violators at once.

pySHACL checks each focus node in Python, about 70 ms of CPU per resolution; a SELECT per constraint over a
batch of documents in pyoxigraph checks the same in a fraction of that. `compile_shapes` turns a shapes
graph into one query per constraint (each selects ?this, and ?value where SHACL reports a value node) or
raises Unsupported when a shape uses anything it does not translate: then graph/validate.py runs pySHACL,
which stays the reference (tests compare the two on every shape test graph and on mutated documents).

Translated: node shapes with sh:targetClass, sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf and
sh:property; property shapes with an IRI path and sh:minCount, sh:maxCount, sh:datatype, sh:class,
sh:nodeKind, sh:in, sh:hasValue, sh:minLength, sh:maxLength, sh:pattern (sh:flags), sh:languageIn,
sh:minInclusive, sh:maxInclusive, sh:minExclusive, sh:maxExclusive, sh:lessThan, sh:lessThanOrEquals,
sh:node, sh:or, sh:and, sh:not, sh:qualifiedValueShape with sh:qualifiedMinCount and sh:qualifiedMaxCount;
value shapes (under sh:node, sh:or ...) may have property shapes with sh:hasValue or sh:minCount 1, whose
path is an IRI or its sh:zeroOrMorePath / sh:oneOrMorePath closure.
sh:datatype is translated for the datatypes whose lexical forms pyoxigraph checks (CASTABLE, xsd:string,
rdf:langString); sh:pattern without back-references or Unicode block escapes, which Oxigraph's regex lacks.

Known departures, from pyoxigraph itself: integers beyond 64 bits and decimals beyond 18 fractional digits
are errors there, so they fail sh:datatype and comparisons; and typed literals are stored in canonical form
("01" as "1"), so sh:in, sh:hasValue and sh:maxCount see "01" and "1" as one term (rdflib's parser, which
clausegraph's data goes through, canonicalises them too).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH, XSD
from rdflib.term import Node

from errors import ClauseGraphError

SUBCLASS = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
# Datatypes whose lexical forms pyoxigraph checks by casting: an ill-formed literal fails sh:datatype.
CASTABLE = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.dateTime, XSD.date, XSD.time}
ANNOTATIONS = {RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.message, SH.severity,
               SH.deactivated, SH.order, SH.group}
TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
VALUE_PARAMS = {SH.datatype, SH["class"], SH.nodeKind, SH["in"], SH.hasValue, SH.minLength, SH.maxLength,
                SH.pattern, SH.flags, SH.languageIn, SH.minInclusive, SH.maxInclusive, SH.minExclusive,
                SH.maxExclusive, SH.node, SH["or"], SH["and"], SH["not"]}
PROPERTY_PARAMS = VALUE_PARAMS | {  # (sh:hasValue of a property: one value equals it, checked on its own)
    SH.path, SH.minCount, SH.maxCount, SH.lessThan, SH.lessThanOrEquals,
    SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint}
COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))"}


class Unsupported(ClauseGraphError):
    """A shape uses a SHACL feature that compile_shapes does not translate (pySHACL then runs the shapes)."""


@dataclass(frozen=True)
class Check:
    """One constraint of one property shape: the query selects its violators."""

    query: str  # SELECT ?this [?value]
    severity: str  # Violation | Warning | Info
    path: str
    message: str
    source: str  # the property shape's IRI, "" for a blank node (as graph/validate.py reports pySHACL's)


def _n3(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()  # rdflib escapes quotes, backslashes and line breaks
    raise Unsupported(f"shapes: a blank node {term} where a value is expected")


def _string(text: str) -> str:
    return Literal(str(text)).n3()


def _list(shapes: Graph, head: Node) -> list[Node]:
    return list(Collection(shapes, head))  # type: ignore[arg-type]


def _only(shapes: Graph, node: Node, p: URIRef) -> Node | None:
    values = list(shapes.objects(node, p))  # type: ignore[arg-type]
    if len(values) > 1:
        raise Unsupported(f"shapes: {node} has {len(values)} values of {p}")
    return values[0] if values else None


def _safe(expr: str) -> str:
    """An expression that is false where SPARQL would raise an error (SHACL: an error is a violation)."""
    return f"COALESCE({expr}, false)"


def _compare(a: str, op: str, b: str) -> str:
    """a op b as SPARQL 1.1 defines it. Oxigraph raises an error comparing two booleans, which SPARQL orders
    (false < true): those are compared as the integers they cast to."""
    boolean = f"<{XSD.boolean}>"
    return (f"IF(datatype({a}) = {boolean} && datatype({b}) = {boolean}, "
            f"<{XSD.integer}>({a}) {op} <{XSD.integer}>({b}), {a} {op} {b})")


def _conditions(shapes: Graph, node: Node, v: str, allowed: set[URIRef]) -> list[tuple[URIRef, str]]:
    """(parameter, boolean expression on v) for each value-level parameter of a shape: v conforms to the
    shape iff every expression is true."""
    out: list[tuple[URIRef, str]] = []
    for p in sorted({URIRef(p) for p in shapes.predicates(node, None)}, key=str):  # type: ignore[arg-type]
        if p in ANNOTATIONS:
            continue
        if p not in allowed:
            raise Unsupported(f"shapes: {node} uses {p}")
        if p not in VALUE_PARAMS or p == SH.flags:
            continue
        for o in shapes.objects(node, p):  # type: ignore[arg-type]
            out.append((p, _condition(shapes, node, p, o, v)))
    return out


def _condition(shapes: Graph, node: Node, p: URIRef, o: Node, v: str) -> str:
    if p == SH.datatype:
        if o not in CASTABLE and o not in (XSD.string, RDF.langString):
            # sh:datatype also fails an ill-typed literal: only these datatypes are checked for that here
            raise Unsupported(f"shapes: sh:datatype {o} (lexical forms checked only for {len(CASTABLE)} types)")
        expr = f"isLiteral({v}) && datatype({v}) = {_n3(o)}"
        if o in CASTABLE:
            expr += f" && isLiteral({_n3(o)}(STR({v})))"
        return _safe(expr)
    if p == SH["class"]:
        return f"EXISTS {{ {v} {SUBCLASS} {_n3(o)} }}"
    if p == SH.nodeKind:
        if o not in NODE_KINDS:
            raise Unsupported(f"shapes: unknown sh:nodeKind {o}")
        return NODE_KINDS[o].format(v=v)  # type: ignore[index]
    if p == SH["in"]:
        members = _list(shapes, o)
        return "(" + (" || ".join(f"sameTerm({v}, {_n3(m)})" for m in members) or "false") + ")"
    if p == SH.hasValue:
        return f"sameTerm({v}, {_n3(o)})"
    if p in (SH.minLength, SH.maxLength):
        op = ">=" if p == SH.minLength else "<="
        return _safe(f"!isBlank({v}) && STRLEN(STR({v})) {op} {int(o)}")  # type: ignore[call-overload]
    if p == SH.pattern:
        if re.search(r"\\[1-9]|\\[pP]\{Is", str(o)):
            raise Unsupported(f"shapes: the pattern {o} uses XPath regex features Oxigraph lacks")
        flags = _only(shapes, node, SH.flags)
        extra = f", {_string(str(flags))}" if flags is not None else ""
        return _safe(f"!isBlank({v}) && REGEX(STR({v}), {_string(str(o))}{extra})")
    if p == SH.languageIn:
        tags = _list(shapes, o)
        return _safe("(" + (" || ".join(f"langMatches(LANG({v}), {_string(str(t))})" for t in tags)
                            or "false") + ")")
    if p in COMPARISONS:
        return _safe(_compare(v, COMPARISONS[p], _n3(o)))  # type: ignore[index]
    if p == SH.node:
        return conforms(shapes, o, v)
    if p == SH["or"]:
        return "(" + (" || ".join(conforms(shapes, s, v) for s in _list(shapes, o)) or "false") + ")"
    if p == SH["and"]:
        return "(" + (" && ".join(conforms(shapes, s, v) for s in _list(shapes, o)) or "true") + ")"
    if p == SH["not"]:
        return f"!{conforms(shapes, o, v)}"
    raise Unsupported(f"shapes: {node} uses {p}")


def _path(shapes: Graph, path: Node | None, where: Node) -> str:
    """A SHACL path as a SPARQL property path: an IRI, or one under sh:zeroOrMorePath or sh:oneOrMorePath."""
    if isinstance(path, URIRef):
        return _n3(path)
    for p, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+")):
        inner = _only(shapes, path, p) if path is not None else None  # type: ignore[arg-type]
        if isinstance(inner, URIRef) and len(set(shapes.predicate_objects(path))) == 1:  # type: ignore[arg-type]
            return _n3(inner) + suffix
    raise Unsupported(f"shapes: {where} has a path that is not an IRI or its * or + closure")


def _value_property(shapes: Graph, prop: Node, v: str) -> str:
    """A SPARQL expression, true iff the node in v conforms to a property shape of a value shape: one with
    sh:hasValue or sh:minCount 1 only ("a class under cg:Entity": rdfs:subClassOf+ has the value cg:Entity)."""
    if _only(shapes, prop, SH.deactivated) == Literal(True):
        return "true"
    path = _path(shapes, _only(shapes, prop, SH.path), prop)
    parts = []
    for p, o in sorted(shapes.predicate_objects(prop), key=str):  # type: ignore[arg-type]
        if p in ANNOTATIONS or p == SH.path:
            continue
        if p == SH.hasValue:
            parts.append(f"EXISTS {{ {v} {path} {_n3(o)} }}")
        elif p == SH.minCount and int(o) <= 1:  # type: ignore[call-overload]
            parts.append(f"EXISTS {{ {v} {path} [] }}" if int(o) == 1 else "true")  # type: ignore[call-overload]
        else:
            raise Unsupported(f"shapes: {prop}, a property of a value shape, uses {p}")
    return "(" + (" && ".join(parts) or "true") + ")"


def conforms(shapes: Graph, shape: Node, v: str) -> str:
    """A SPARQL expression, true iff the node in v conforms to the shape (a shape of value-level parameters,
    and of property shapes with sh:hasValue or sh:minCount only, as in sh:or, sh:node or
    sh:qualifiedValueShape)."""
    if any((shape, t, None) in shapes for t in TARGETS):
        raise Unsupported(f"shapes: {shape} is used as a value shape but has targets")
    if _only(shapes, shape, SH.deactivated) == Literal(True):
        return "true"  # SHACL 2.1.5: every node conforms to a deactivated shape
    parts = [expr for _, expr in _conditions(shapes, shape, v, VALUE_PARAMS | {SH.property})]
    parts += [_value_property(shapes, prop, v) for prop in shapes.objects(shape, SH.property)]  # type: ignore[arg-type]
    return "(" + (" && ".join(parts) or "true") + ")"


def _target(shapes: Graph, shape: Node) -> str:
    """A subquery of the shape's focus nodes (?this)."""
    branches = []
    for c in shapes.objects(shape, SH.targetClass):  # type: ignore[arg-type]
        branches.append(f"?this {SUBCLASS} {_n3(c)}")
    for p in shapes.objects(shape, SH.targetSubjectsOf):  # type: ignore[arg-type]
        branches.append(f"?this {_n3(p)} ?target_o")
    for p in shapes.objects(shape, SH.targetObjectsOf):  # type: ignore[arg-type]
        branches.append(f"?target_s {_n3(p)} ?this")
    nodes = list(shapes.objects(shape, SH.targetNode))  # type: ignore[arg-type]
    if nodes:
        branches.append("VALUES ?this { " + " ".join(_n3(n) for n in nodes) + " }")
    if not branches:
        return ""
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(f"{{ {b} }}" for b in branches) + " } }"


def _severity(shapes: Graph, shape: Node) -> str:
    return str(_only(shapes, shape, SH.severity) or SH.Violation).rsplit("#", 1)[-1]


def _property_checks(shapes: Graph, prop: Node, target: str) -> list[Check]:
    if _only(shapes, prop, SH.deactivated) == Literal(True):
        return []
    path = _only(shapes, prop, SH.path)
    if not isinstance(path, URIRef):
        raise Unsupported(f"shapes: {prop} has a path that is not one IRI")
    if (prop, SH.property, None) in shapes:
        raise Unsupported(f"shapes: {prop} nests property shapes")
    p = _n3(path)
    message = _only(shapes, prop, SH.message)
    severity = _severity(shapes, prop)
    source = str(prop) if isinstance(prop, URIRef) else ""
    label = shapes.namespace_manager.normalizeUri(path)

    def check(query: str, default: str) -> Check:
        return Check(query, severity, str(path), str(message) if message is not None else default, source)

    out = []
    for p_param, expr in _conditions(shapes, prop, "?value", PROPERTY_PARAMS):
        if p_param == SH.hasValue:
            continue
        shown = shapes.namespace_manager.normalizeUri(p_param)
        out.append(check(f"SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {p} ?value "
                         f"FILTER(!{expr}) }}", f"Value does not meet {shown} on {label}"))
    for n in shapes.objects(prop, SH.minCount):  # type: ignore[arg-type]
        if int(n) == 1:  # type: ignore[call-overload]
            q = f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {p} ?value }} }}"
        else:
            q = (f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {p} ?value }} }} "
                 f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {int(n)})")  # type: ignore[call-overload]
        out.append(check(q, f"Fewer than {n} values of {label}"))
    for n in shapes.objects(prop, SH.maxCount):  # type: ignore[arg-type]
        out.append(check(f"SELECT ?this WHERE {{ {target} ?this {p} ?value }} GROUP BY ?this "
                         f"HAVING (COUNT(DISTINCT ?value) > {int(n)})",  # type: ignore[call-overload]
                         f"More than {n} values of {label}"))
    for value in shapes.objects(prop, SH.hasValue):  # type: ignore[arg-type]
        out.append(check(f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {p} {_n3(value)} }} }}",
                         f"{label} lacks the value {value}"))
    for param, op in ((SH.lessThan, "<"), (SH.lessThanOrEquals, "<=")):
        for other in shapes.objects(prop, param):  # type: ignore[arg-type]
            out.append(check(f"SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {p} ?value . "
                             f"?this {_n3(other)} ?other FILTER(!{_safe(_compare('?value', op, '?other'))}) }}",
                             f"A value of {label} is not {op} {shapes.namespace_manager.normalizeUri(str(other))}"))
    qualified = _only(shapes, prop, SH.qualifiedValueShape)
    if qualified is not None:
        if _only(shapes, prop, SH.qualifiedValueShapesDisjoint) == Literal(True):
            raise Unsupported(f"shapes: {prop} uses sh:qualifiedValueShapesDisjoint")
        low, high = _only(shapes, prop, SH.qualifiedMinCount), _only(shapes, prop, SH.qualifiedMaxCount)
        tests = ([f"COUNT(DISTINCT ?value) < {int(low)}"] if low is not None else []) + (  # type: ignore[call-overload]
            [f"COUNT(DISTINCT ?value) > {int(high)}"] if high is not None else [])  # type: ignore[call-overload]
        if tests:
            out.append(check(f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {p} ?value "
                             f"FILTER({conforms(shapes, qualified, '?value')}) }} }} GROUP BY ?this "
                             f"HAVING ({' || '.join(tests)})", f"Qualified count of {label} out of range"))
    return out


def node_shapes(shapes: Graph) -> list[Node]:
    """The shapes that have targets (the others are only reached through them)."""
    return sorted({s for t in TARGETS for s in shapes.subjects(t, None)}, key=str)


def compile_shapes(shapes: Graph) -> tuple[Check, ...]:
    """One check per constraint of every targeted shape of the shapes graph.

    Raises:
        Unsupported: a shape uses a feature not translated here (run pySHACL instead).
    """
    if (None, SH.sparql, None) in shapes or (None, SH.closed, Literal(True)) in shapes:
        raise Unsupported("shapes: SPARQL constraints and closed shapes are run by pySHACL")
    if (None, SH.target, None) in shapes:
        raise Unsupported("shapes: SHACL-AF targets (sh:target) are run by pySHACL")
    classes = {RDFS.Class, OWL.Class} | set(shapes.transitive_subjects(RDFS.subClassOf, RDFS.Class))
    for node in set(shapes.subjects(RDF.type, None)):
        types = set(shapes.objects(node, RDF.type))
        shape = bool(types & {SH.NodeShape, SH.PropertyShape}) or any(
            (node, p, None) in shapes for p in (SH.property, SH.path))
        if shape and types & classes:
            raise Unsupported(f"shapes: {node} is a class and a shape (an implicit class target)")
    try:
        return _compile(shapes)
    except RecursionError:
        raise Unsupported("shapes: a shape refers to itself") from None


def _compile(shapes: Graph) -> tuple[Check, ...]:
    checks: list[Check] = []
    for shape in node_shapes(shapes):
        if _only(shapes, shape, SH.deactivated) == Literal(True):
            continue
        for p in set(shapes.predicates(shape, None)):  # type: ignore[arg-type]
            if p not in ANNOTATIONS | TARGETS | {SH.property}:
                raise Unsupported(f"shapes: {shape} has the node-level constraint {p}")
        target = _target(shapes, shape)
        for prop in shapes.objects(shape, SH.property):  # type: ignore[arg-type]
            checks += _property_checks(shapes, prop, target)
    return tuple(checks)


def describe(checks: Iterable[Check]) -> str:
    """The checks as text (for debugging a shape: `python -m graph.core_shapes`)."""
    return "\n\n".join(f"# {c.severity} {c.path}: {c.message}\n{c.query}" for c in checks)


if __name__ == "__main__":
    from graph.validate import SHAPES

    print(describe(compile_shapes(Graph().parse(SHAPES))))
