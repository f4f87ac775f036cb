"""SHACL core constraints (W3C SHACL, section 4) and property paths (section 2.3.1) compiled to SPARQL SELECTs
that find all violations of one constraint at once.

pySHACL checks each focus node in Python, about 70 ms of CPU per resolution; a SELECT per constraint over a
batch of documents in pyoxigraph checks the same in a fraction of that. `compile_shapes` turns a shapes graph
into one `Check` per constraint of every targeted shape (each selects ?this, and ?value where SHACL reports a
value node) or raises Unsupported when a shape uses anything it does not translate: then pySHACL, which
stays the reference, runs the shapes (graph/validation/shacl.py, graph/validation/validate.py).

Translated: targets (class, implicit class, node, subjectsOf, objectsOf); every core constraint component:
class, datatype, nodeKind, min/maxCount, min/max Inclusive/Exclusive, min/maxLength, pattern (flags),
languageIn, uniqueLang, equals, disjoint, lessThan, lessThanOrEquals, not, and, or, xone, node, property,
qualifiedValueShape (min/max count, disjoint siblings), closed (ignoredProperties), hasValue, in; paths: IRI,
sequence, alternative, inverse, zeroOrMore, oneOrMore, zeroOrOne. A shape used as a value shape (under
sh:node, sh:or ...) becomes one boolean SPARQL expression (EXISTS / NOT EXISTS), so nesting has no limit but
recursion, which is Unsupported.
Not translated: SPARQL-based constraints and targets, recursive shapes, sh:datatype of a type whose lexical
forms pyoxigraph does not check, sh:pattern with back-references or Unicode block escapes (Oxigraph's regex
lacks them), counts above MAX_PAIRWISE inside value shapes.

Known departures, from pyoxigraph itself: integers beyond 64 bits and decimals beyond 18 fractional digits are
errors there, so they fail sh:datatype and comparisons; typed literals are stored in canonical form ("01" as
"1"): graph/validation/shacl.py refuses data or shapes with another form (the compiled engine then does not answer).
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from clausegraph.errors import ClauseGraphError
from clausegraph.graph.validation.shacl_report import describe as blank_node_triples
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import Node

SUBCLASS = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
# Datatypes whose lexical forms pyoxigraph checks by casting: an ill-formed literal fails sh:datatype.
CASTABLE = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.dateTime, XSD.date, XSD.time}
ANNOTATIONS = {RDF.type, RDFS.label, RDFS.comment, RDFS.seeAlso, SH.name, SH.description, SH.message,
               SH.severity, SH.deactivated, SH.order, SH.group, SH.defaultValue, SH.declare, SH.prefixes}
TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
# Parameters that constrain each value node (the focus node of a node shape), one result per value node.
VALUE_PARAMS = {SH.datatype, SH["class"], SH.nodeKind, SH["in"], SH.minLength, SH.maxLength, SH.pattern,
                SH.languageIn, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.node,
                SH["or"], SH["and"], SH["not"], SH.xone}
# Parameters read with another one, or only where they apply.
HELPERS = {SH.flags, SH.ignoredProperties, SH.qualifiedMinCount, SH.qualifiedMaxCount,
           SH.qualifiedValueShapesDisjoint, SH.path, SH.property}
NODE_PARAMS = VALUE_PARAMS | {SH.hasValue, SH.closed, SH.equals, SH.disjoint}
PROPERTY_PARAMS = VALUE_PARAMS | {SH.hasValue, SH.minCount, SH.maxCount, SH.uniqueLang, SH.equals, SH.disjoint,
                                  SH.lessThan, SH.lessThanOrEquals, SH.qualifiedValueShape}
COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))"}
MAX_PAIRWISE = 6  # counts inside value shapes are written as that many distinct variables


class Unsupported(ClauseGraphError):
    """A shape uses a SHACL feature that compile_shapes does not translate (pySHACL then runs the shapes)."""


@dataclass(frozen=True)
class Check:
    """One constraint of one shape: the query selects its violations (?this, and ?value, ?path when SHACL
    reports them), with what each result says."""

    query: str
    component: URIRef  # sh:sourceConstraintComponent
    shape: Node  # sh:sourceShape, a blank node kept as one
    severity: URIRef
    path: Node | None  # sh:resultPath (None for a node shape)
    path_triples: tuple[tuple[Node, Node, Node], ...]  # what describes a path that is a blank node
    messages: tuple[Literal, ...]  # the shape's sh:message, else one message saying what failed
    # For a property shape under a property shape: a pattern that binds ?this once per way the focus node is
    # reached (SHACL reports a result per parent focus node; the query itself selects each focus node once).
    bag: str = ""

    @property
    def message(self) -> str:
        return str(self.messages[0])


def component(param: URIRef) -> URIRef:
    """The constraint component of a parameter: sh:minCount -> sh:MinCountConstraintComponent."""
    name = str(param)[len(str(SH)):]
    return SH[name[0].upper() + name[1:] + "ConstraintComponent"]


def _n3(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()  # rdflib escapes quotes, backslashes and line breaks
    raise Unsupported(f"shapes: a blank node {term} where a value is expected")


def _string(text: str) -> str:
    return Literal(str(text)).n3()


def _safe(expr: str) -> str:
    """An expression that is false where SPARQL would raise an error (SHACL: an error is a violation)."""
    return f"COALESCE({expr}, false)"


def _compare(a: str, op: str, b: str) -> str:
    """a op b as SPARQL 1.1 defines it. Oxigraph raises an error comparing two booleans, which SPARQL orders
    (false < true): those are compared as the integers they cast to."""
    boolean = f"<{XSD.boolean}>"
    return (f"IF(datatype({a}) = {boolean} && datatype({b}) = {boolean}, "
            f"<{XSD.integer}>({a}) {op} <{XSD.integer}>({b}), {a} {op} {b})")


def _distinct(names: list[str]) -> str:
    return " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(names, 2)) or "true"


class _Compiler:
    """Compiles the shapes of one shapes graph; fresh variables and the shapes being compiled (recursion)."""

    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.counter = itertools.count()
        self.stack: list[Node] = []
        self.bag = ""  # see Check.bag

    # -------------------------------------------------------------- reading the shapes graph

    def var(self) -> str:
        return f"?v{next(self.counter)}"

    def only(self, node: Node, p: URIRef) -> Node | None:
        values = list(self.g.objects(node, p))  # type: ignore[arg-type]
        if len(values) > 1:
            raise Unsupported(f"shapes: {node} has {len(values)} values of {p}")
        return values[0] if values else None

    def items(self, head: Node) -> list[Node]:
        if head != RDF.nil and (head, RDF.first, None) not in self.g:
            raise Unsupported(f"shapes: {head} is not a list")
        return list(Collection(self.g, head))  # type: ignore[arg-type]

    def deactivated(self, shape: Node) -> bool:
        return self.only(shape, SH.deactivated) == Literal(True)

    def params(self, shape: Node, allowed: set[URIRef]) -> list[URIRef]:
        out = []
        for p in sorted({URIRef(p) for p in self.g.predicates(shape, None)}, key=str):  # type: ignore[arg-type]
            if p in ANNOTATIONS or p in TARGETS or p in HELPERS or not p.startswith(str(SH)):
                continue  # (compile_shapes refuses shapes graphs that declare constraint components)
            if p not in allowed:
                raise Unsupported(f"shapes: {shape} uses {p}")
            out.append(p)
        return out

    # -------------------------------------------------------------- paths

    def path(self, node: Node | None) -> tuple[str, bool]:
        """A SHACL path as a SPARQL property path, and whether it matches the zero-length path."""
        if isinstance(node, URIRef):
            return _n3(node), False
        if not isinstance(node, BNode):
            raise Unsupported(f"shapes: {node} is not a path")
        if (node, RDF.first, None) in self.g:
            parts = [self.path(p) for p in self.items(node)]
            if len(parts) < 2:
                raise Unsupported("shapes: a sequence path of fewer than two paths")
            return "(" + "/".join(p for p, _ in parts) + ")", all(n for _, n in parts)
        pairs = list(self.g.predicate_objects(node))
        if len(pairs) != 1:
            raise Unsupported(f"shapes: the path {node} is not well formed")
        (p, inner), = pairs
        if p == SH.alternativePath:
            parts = [self.path(x) for x in self.items(inner)]
            if len(parts) < 2:
                raise Unsupported("shapes: an alternative path of fewer than two paths")
            return "(" + "|".join(x for x, _ in parts) + ")", any(n for _, n in parts)
        text, nullable = self.path(inner)
        if p == SH.inversePath:
            return f"^{text}", nullable
        suffix = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}.get(p)  # type: ignore[call-overload]
        if suffix is None:
            raise Unsupported(f"shapes: the path {node} uses {p}")
        return f"({text}){suffix}", nullable or suffix != "+"

    def values(self, s: str, prop: Node, o: str) -> str:
        """A pattern binding o to each value of the property shape's path from s (s bound, as in EXISTS)."""
        text, nullable = self.path(self.only(prop, SH.path))
        pattern = f"{{ {s} {text} {o} }}"
        return pattern + (f" UNION {{ BIND({s} AS {o}) }}" if nullable else "")  # Oxigraph skips a node outside

    def rows(self, target: str, prop: Node) -> str:
        """A pattern of (?this, ?value): the focus nodes of target and each value of the property's path."""
        text, nullable = self.path(self.only(prop, SH.path))
        pattern = f"{{ {target} ?this {text} ?value }}"
        return pattern + (f" UNION {{ {target} BIND(?this AS ?value) }}" if nullable else "")

    # -------------------------------------------------------------- value-level conditions

    def condition(self, shape: Node, p: URIRef, o: Node, v: str) -> str:
        """A boolean expression, true iff the node in v meets the parameter p (value o) of the shape."""
        if p == SH.datatype:
            return _safe(self.datatype(o, v))
        if p == SH["class"]:
            return f"EXISTS {{ {v} {SUBCLASS} {_n3(o)} }}"
        if p == SH.nodeKind:
            if o not in NODE_KINDS:
                raise Unsupported(f"shapes: unknown sh:nodeKind {o}")
            return NODE_KINDS[o].format(v=v)  # type: ignore[index]
        if p == SH["in"]:
            return "(" + (" || ".join(f"sameTerm({v}, {_n3(m)})" for m in self.items(o)) or "false") + ")"
        if p == SH.hasValue:
            return f"sameTerm({v}, {_n3(o)})"
        if p in (SH.minLength, SH.maxLength):
            op = ">=" if p == SH.minLength else "<="
            return _safe(f"!isBlank({v}) && STRLEN(STR({v})) {op} {int(o)}")  # type: ignore[call-overload]
        if p == SH.pattern:
            if re.search(r"\\[1-9]|\\[pP]\{Is", str(o)):
                raise Unsupported(f"shapes: the pattern {o} uses XPath regex features Oxigraph lacks")
            flags = self.only(shape, SH.flags)
            extra = f", {_string(str(flags))}" if flags is not None else ""
            return _safe(f"!isBlank({v}) && REGEX(STR({v}), {_string(str(o))}{extra})")
        if p == SH.languageIn:
            tags = self.items(o)
            return _safe("(" + (" || ".join(f"langMatches(LANG({v}), {_string(str(t))})" for t in tags)
                                or "false") + ")")
        if p in COMPARISONS:
            return _safe(_compare(v, COMPARISONS[p], _n3(o)))  # type: ignore[index]
        if p == SH.node:
            return self.conforms(o, v)
        if p == SH["or"]:
            return "(" + (" || ".join(self.conforms(s, v) for s in self.items(o)) or "false") + ")"
        if p == SH["and"]:
            return "(" + (" && ".join(self.conforms(s, v) for s in self.items(o)) or "true") + ")"
        if p == SH["not"]:
            return f"!{self.conforms(o, v)}"
        if p == SH.xone:
            return "(" + (" + ".join(f"IF({self.conforms(s, v)}, 1, 0)" for s in self.items(o)) or "0") + " = 1)"
        raise Unsupported(f"shapes: {shape} uses {p}")  # pragma: no cover (VALUE_PARAMS lists the above)

    def datatype(self, o: Node, v: str) -> str:
        expr = f"isLiteral({v}) && datatype({v}) = {_n3(o)}"
        if o in CASTABLE:
            return expr + f" && isLiteral({_n3(o)}(STR({v})))"
        if o in (XSD.string, RDF.langString) or not str(o).startswith(str(XSD)):
            return expr  # any lexical form of a string, or of a datatype SHACL processors need not know
        raise Unsupported(f"shapes: sh:datatype {o} (lexical forms are not checked for it here)")

    def value_conditions(self, shape: Node, v: str, allowed: set[URIRef]) -> list[tuple[URIRef, str]]:
        """(parameter, expression on v) for each value-level parameter of the shape."""
        return [(p, self.condition(shape, p, o, v)) for p in self.params(shape, allowed) if p in VALUE_PARAMS
                for o in self.g.objects(shape, p)]  # type: ignore[arg-type]

    # -------------------------------------------------------------- conformance of one node

    def conforms(self, shape: Node, v: str) -> str:
        """A SPARQL expression, true iff the node in v conforms to the shape (its targets ignored)."""
        if self.deactivated(shape):
            return "true"  # SHACL 2.1.5: every node conforms to a deactivated shape
        if shape in self.stack:
            raise Unsupported("shapes: a shape refers to itself")
        self.stack.append(shape)
        try:
            if (shape, SH.path, None) in self.g:
                parts = self.property_conforms(shape, v)
            else:
                parts = [e for _, e in self.value_conditions(shape, v, NODE_PARAMS)]
                parts += [e for _, e in self.node_tests(shape, v)]
                parts += [self.conforms(prop, v) for prop in self.g.objects(shape, SH.property)]  # type: ignore[arg-type]
        finally:
            self.stack.pop()
        return "(" + (" && ".join(parts) or "true") + ")"

    def node_tests(self, shape: Node, v: str) -> list[tuple[URIRef, str]]:
        """Node-level parameters that are not value conditions: hasValue, closed, equals, disjoint."""
        out = []
        params = self.params(shape, NODE_PARAMS)
        for value in self.g.objects(shape, SH.hasValue) if SH.hasValue in params else ():  # type: ignore[arg-type]
            out.append((SH.hasValue, f"sameTerm({v}, {_n3(value)})"))
        if SH.closed in params and self.only(shape, SH.closed) == Literal(True):
            o, q = self.var(), self.var()
            out.append((SH.closed, f"NOT EXISTS {{ {v} {q} {o} FILTER({q} NOT IN ({self.allowed(shape)})) }}"))
        for p in (SH.equals, SH.disjoint):
            for other in self.g.objects(shape, p) if p in params else ():  # type: ignore[arg-type]
                o = self.var()
                if p == SH.equals:
                    out.append((p, f"NOT EXISTS {{ {v} {_n3(other)} {o} FILTER(!sameTerm({o}, {v})) }} && "
                                   f"EXISTS {{ {v} {_n3(other)} {v} }}"))
                else:
                    out.append((p, f"NOT EXISTS {{ {v} {_n3(other)} {v} }}"))
        return out

    def allowed(self, shape: Node) -> str:
        """The predicates a closed shape allows: its property shapes' IRI paths and sh:ignoredProperties."""
        paths: list[Node] = [p for prop in self.g.objects(shape, SH.property)  # type: ignore[arg-type]
                 for p in self.g.objects(prop, SH.path) if isinstance(p, URIRef)]
        ignored = self.only(shape, SH.ignoredProperties)
        paths += self.items(ignored) if ignored is not None else []
        return ", ".join(_n3(p) for p in sorted(set(paths), key=str)) or f"<{SH}nothing>"

    def property_conforms(self, prop: Node, v: str) -> list[str]:
        """Expressions, all true iff the focus node in v conforms to the property shape."""
        x = self.var()
        conditions = [e for _, e in self.value_conditions(prop, x, PROPERTY_PARAMS)]
        conditions += [self.conforms(nested, x) for nested in self.g.objects(prop, SH.property)]  # type: ignore[arg-type]
        parts = [f"NOT EXISTS {{ {self.values(v, prop, x)} FILTER(!({' && '.join(conditions)})) }}"] if conditions \
            else []
        return parts + [e for _, e in self.property_tests(prop, v)]

    def count_at_least(self, prop: Node, v: str, n: int, condition: str = "") -> str:
        """True iff the focus node in v has at least n distinct values (meeting the condition, on ?x)."""
        if n <= 0:
            return "true"
        if n > MAX_PAIRWISE:
            raise Unsupported(f"shapes: a count of {n} inside a value shape")
        names = [self.var() for _ in range(n)]
        patterns = " ".join(f"{{ {self.values(v, prop, x)} }}" for x in names)
        tests = [_distinct(names)] + ([condition.replace("?x", x) for x in names] if condition else [])
        return f"EXISTS {{ {patterns} FILTER({' && '.join(tests)}) }}"

    def property_tests(self, prop: Node, v: str) -> list[tuple[URIRef, str]]:
        """(parameter, expression on the focus node v) for the property-level parameters of a property shape."""
        g, out = self.g, []
        params = self.params(prop, PROPERTY_PARAMS)
        for n in g.objects(prop, SH.minCount) if SH.minCount in params else ():  # type: ignore[arg-type]
            out.append((SH.minCount, self.count_at_least(prop, v, int(n))))  # type: ignore[call-overload]
        for n in g.objects(prop, SH.maxCount) if SH.maxCount in params else ():  # type: ignore[arg-type]
            out.append((SH.maxCount, f"!{self.count_at_least(prop, v, int(n) + 1)}"))  # type: ignore[call-overload]
        for value in g.objects(prop, SH.hasValue) if SH.hasValue in params else ():  # type: ignore[arg-type]
            x = self.var()
            out.append((SH.hasValue, f"EXISTS {{ {self.values(v, prop, x)} FILTER(sameTerm({x}, {_n3(value)})) }}"))
        if SH.uniqueLang in params and self.only(prop, SH.uniqueLang) == Literal(True):
            a, b = self.var(), self.var()
            out.append((SH.uniqueLang, f"NOT EXISTS {{ {{ {self.values(v, prop, a)} }} {{ {self.values(v, prop, b)} }} "
                                       f"FILTER(!sameTerm({a}, {b}) && LANG({a}) != \"\" && LANG({a}) = LANG({b})) }}"))
        for p in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
            for other in g.objects(prop, p) if p in params else ():  # type: ignore[arg-type]
                x, y = self.var(), self.var()
                mine = self.values(v, prop, x)
                if p == SH.equals:
                    expr = (f"NOT EXISTS {{ {mine} FILTER NOT EXISTS {{ {v} {_n3(other)} {x} }} }} && "
                            f"NOT EXISTS {{ {v} {_n3(other)} {y} FILTER NOT EXISTS {{ {self.values(v, prop, x)} "
                            f"FILTER(sameTerm({x}, {y})) }} }}")
                elif p == SH.disjoint:
                    expr = f"NOT EXISTS {{ {mine} {v} {_n3(other)} {x} }}"
                else:
                    op = "<" if p == SH.lessThan else "<="
                    expr = (f"NOT EXISTS {{ {{ {mine} }} {v} {_n3(other)} {y} "
                            f"FILTER(!{_safe(_compare(x, op, y))}) }}")
                out.append((p, expr))
        if SH.qualifiedValueShape in params:
            low, high = self.only(prop, SH.qualifiedMinCount), self.only(prop, SH.qualifiedMaxCount)
            condition = self.qualified(prop, "?x")
            if low is not None:
                out.append((SH.qualifiedMinCount, self.count_at_least(prop, v, int(low), condition)))  # type: ignore[call-overload]
            if high is not None:
                out.append((SH.qualifiedMaxCount, f"!{self.count_at_least(prop, v, int(high) + 1, condition)}"))  # type: ignore[call-overload]
        return out

    def qualified(self, prop: Node, v: str) -> str:
        """True iff the value in v counts for the property's qualified value shape (and, when its siblings
        must be disjoint, conforms to none of theirs)."""
        shape = self.only(prop, SH.qualifiedValueShape)
        expr = self.conforms(shape, v)  # type: ignore[arg-type]
        if self.only(prop, SH.qualifiedValueShapesDisjoint) == Literal(True):
            siblings = {q for parent in self.g.subjects(SH.property, prop)
                        for other in self.g.objects(parent, SH.property) if other != prop
                        for q in self.g.objects(other, SH.qualifiedValueShape)}
            expr += "".join(f" && !{self.conforms(s, v)}" for s in sorted(siblings, key=str))
        return expr

    # -------------------------------------------------------------- checks of targeted shapes

    def severity(self, shape: Node) -> URIRef:
        return self.only(shape, SH.severity) or SH.Violation  # type: ignore[return-value]

    def check(self, shape: Node, param: URIRef, query: str, path: Node | None) -> Check:
        messages = tuple(m for m in self.g.objects(shape, SH.message) if isinstance(m, Literal))  # type: ignore[arg-type]
        if not messages:
            shown = self.g.namespace_manager.normalizeUri(param)
            where = f" of {path_text(self.g, path)}" if path is not None else ""
            messages = (Literal(f"Value{where} does not meet {shown}"),)
        return Check(query, component(param), shape, self.severity(shape), path, blank_node_triples(self.g, path),
                     messages, self.bag)

    def checks(self, shape: Node, target: str) -> list[Check]:
        """The checks of a shape whose focus nodes the target pattern binds to ?this."""
        if self.deactivated(shape):
            return []
        self.stack.append(shape)
        try:
            if (shape, SH.path, None) in self.g:
                return self.property_checks(shape, target)
            out = self.node_checks(shape, target)
            for prop in self.g.objects(shape, SH.property):  # type: ignore[arg-type]
                out += self.checks(prop, target)
        finally:
            self.stack.pop()
        return out

    def node_checks(self, shape: Node, target: str) -> list[Check]:
        out = []
        for p, expr in self.value_conditions(shape, "?this", NODE_PARAMS):
            out.append(self.check(shape, p, f"SELECT ?this (?this AS ?value) WHERE {{ {target} "
                                            f"FILTER(!{_safe(expr)}) }}", None))
        for p, expr in self.node_tests(shape, "?this"):
            if p == SH.hasValue:  # reported without a value
                out.append(self.check(shape, p, f"SELECT ?this WHERE {{ {target} FILTER(!{expr}) }}", None))
        if self.only(shape, SH.closed) == Literal(True):
            allowed = self.allowed(shape)
            out.append(self.check(shape, SH.closed, f"SELECT ?this ?path ?value WHERE {{ {target} "
                                                    f"?this ?path ?value FILTER(?path NOT IN ({allowed})) }}", None))
        for other in self.g.objects(shape, SH.equals):  # type: ignore[arg-type]
            o = _n3(other)
            out.append(self.check(shape, SH.equals, f"SELECT DISTINCT ?this ?value WHERE {{ {{ {target} ?this {o} "
                                                    f"?value FILTER(!sameTerm(?this, ?value)) }} UNION {{ {target} "
                                                    f"FILTER NOT EXISTS {{ ?this {o} ?this }} BIND(?this AS ?value) }} "
                                                    "}", None))
        for other in self.g.objects(shape, SH.disjoint):  # type: ignore[arg-type]
            out.append(self.check(shape, SH.disjoint, f"SELECT ?this (?this AS ?value) WHERE {{ {target} "
                                                      f"?this {_n3(other)} ?this }}", None))
        return out

    def property_checks(self, prop: Node, target: str) -> list[Check]:
        path = self.only(prop, SH.path)
        rows = self.rows(target, prop)
        out = []
        for p, expr in self.value_conditions(prop, "?value", PROPERTY_PARAMS):
            out.append(self.check(prop, p, f"SELECT DISTINCT ?this ?value WHERE {{ {rows} FILTER(!{_safe(expr)}) }}",
                                  path))
        counted = f"SELECT ?this WHERE {{ {{ {target} }} UNION {{ {{ {rows} }} {{condition}} }} }} GROUP BY ?this"
        for n in self.g.objects(prop, SH.minCount):  # type: ignore[arg-type]
            out.append(self.check(prop, SH.minCount, counted.replace("{condition}", "")
                                  + f" HAVING (COUNT(DISTINCT ?value) < {int(n)})", path))  # type: ignore[call-overload]
        for n in self.g.objects(prop, SH.maxCount):  # type: ignore[arg-type]
            out.append(self.check(prop, SH.maxCount, counted.replace("{condition}", "")
                                  + f" HAVING (COUNT(DISTINCT ?value) > {int(n)})", path))  # type: ignore[call-overload]
        if (prop, SH.qualifiedValueShape, None) in self.g:
            condition = f"FILTER({_safe(self.qualified(prop, '?value'))})"
            for param, op in ((SH.qualifiedMinCount, "<"), (SH.qualifiedMaxCount, ">")):
                bound = self.only(prop, param)
                if bound is not None:
                    having = f" HAVING (COUNT(DISTINCT ?value) {op} {int(bound)})"  # type: ignore[call-overload]
                    out.append(self.check(prop, param, counted.replace("{condition}", condition) + having, path))
        if self.only(prop, SH.uniqueLang) == Literal(True):
            twin = self.var()
            out.append(self.check(prop, SH.uniqueLang, f"SELECT DISTINCT ?this (LANG(?value) AS ?tag) WHERE {{ {rows} "
                                                       f"FILTER(LANG(?value) != \"\" && EXISTS {{ "
                                                       f"{self.values('?this', prop, twin)} FILTER(!sameTerm({twin}, "
                                                       f"?value) && LANG({twin}) = LANG(?value)) }}) }}", path))
        for value in self.g.objects(prop, SH.hasValue):  # type: ignore[arg-type]
            x = self.var()
            out.append(self.check(prop, SH.hasValue, f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ "
                                                     f"{self.values('?this', prop, x)} FILTER(sameTerm({x}, "
                                                     f"{_n3(value)})) }} }}", path))
        for other in self.g.objects(prop, SH.equals):  # type: ignore[arg-type]
            o, x = _n3(other), self.var()
            out.append(self.check(prop, SH.equals, f"SELECT DISTINCT ?this ?value WHERE {{ {{ {rows} FILTER NOT EXISTS "
                                                   f"{{ ?this {o} ?value }} }} UNION {{ {target} ?this {o} ?value "
                                                   f"FILTER NOT EXISTS {{ {self.values('?this', prop, x)} "
                                                   f"FILTER(sameTerm({x}, ?value)) }} }} }}", path))
        for other in self.g.objects(prop, SH.disjoint):  # type: ignore[arg-type]
            out.append(self.check(prop, SH.disjoint, f"SELECT DISTINCT ?this ?value WHERE {{ {rows} "
                                                     f"?this {_n3(other)} ?value }}", path))
        for param, op in ((SH.lessThan, "<"), (SH.lessThanOrEquals, "<=")):
            for other in self.g.objects(prop, param):  # type: ignore[arg-type]
                test = _safe(_compare("?value", op, "?other"))
                out.append(self.check(prop, param, f"SELECT DISTINCT ?this ?value ?other WHERE {{ {rows} ?this "
                                                   f"{_n3(other)} ?other FILTER(!{test}) }}", path))
        value_shapes = list(self.g.objects(prop, SH.property))  # type: ignore[arg-type]
        if value_shapes:  # nested property shapes: the value nodes are their focus nodes
            up = f"{{ SELECT (?this AS ?up) WHERE {{ {target} }} }}"
            text, nullable = self.path(path)
            inner = f"{{ {up} ?up {text} ?this }}" + (f" UNION {{ {up} BIND(?up AS ?this) }}" if nullable else "")
            values = f"{{ SELECT DISTINCT ?this WHERE {{ {inner} }} }}"
            parent = self.bag
            self.bag = (f"{{ SELECT ?this WHERE {{ {{ SELECT (?this AS ?up) WHERE {{ {parent or target} }} }} "
                        f"{{ SELECT DISTINCT ?up ?this WHERE {{ {inner} }} }} }} }}")
            try:
                out += [c for nested in value_shapes for c in self.checks(nested, values)]
            finally:
                self.bag = parent
        return out

    def target(self, shape: Node) -> str:
        """A subquery of the shape's focus nodes (?this), "" when it has no target."""
        g, branches = self.g, []
        classes = list(g.objects(shape, SH.targetClass))  # type: ignore[arg-type]
        if (shape, RDF.type, RDFS.Class) in g or any((shape, RDF.type, c) in g
                                                      for c in g.transitive_subjects(RDFS.subClassOf, RDFS.Class)):
            classes.append(shape)  # an implicit class target (SHACL 2.1.3.3)
        branches += [f"?this {SUBCLASS} {_n3(c)}" for c in classes]
        branches += [f"?this {_n3(p)} ?target_o" for p in g.objects(shape, SH.targetSubjectsOf)]  # type: ignore[arg-type]
        branches += [f"?target_s {_n3(p)} ?this" for p in g.objects(shape, SH.targetObjectsOf)]  # type: ignore[arg-type]
        nodes = list(g.objects(shape, SH.targetNode))  # type: ignore[arg-type]
        if nodes:
            branches.append("VALUES ?this { " + " ".join(_n3(n) for n in nodes) + " }")
        if not branches:
            return ""
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(f"{{ {b} }}" for b in branches) + " } }"


def path_text(shapes: Graph, path: Node | None) -> str:
    """A path as it reads: an IRI as a prefixed name where the shapes bind one, else SPARQL path syntax."""
    if isinstance(path, URIRef):
        return shapes.namespace_manager.normalizeUri(path)
    try:
        return _Compiler(shapes).path(path)[0]
    except Unsupported:
        return str(path)


def compile_shapes(shapes: Graph) -> tuple[Check, ...]:
    """One check per constraint of every targeted shape of the shapes graph.

    Raises:
        Unsupported: a shape uses a feature not translated here (run pySHACL instead).
    """
    if (None, SH.sparql, None) in shapes or (None, SH.select, None) in shapes:
        raise Unsupported("shapes: SPARQL constraints are run by pySHACL")
    if (None, SH.target, None) in shapes:
        raise Unsupported("shapes: SHACL-AF targets (sh:target) are run by pySHACL")
    if (None, SH.parameter, None) in shapes or (None, RDF.type, SH.ConstraintComponent) in shapes:
        raise Unsupported("shapes: constraint components of their own (SHACL-SPARQL) are run by pySHACL")
    compiler = _Compiler(shapes)
    candidates = {s for t in TARGETS for s in shapes.subjects(t, None)} | set(shapes.subjects(RDF.type, None))
    checks: list[Check] = []
    try:
        for shape in sorted(candidates, key=str):
            target = compiler.target(shape)
            if target and (_is_shape(shapes, shape)):
                checks += compiler.checks(shape, target)
    except RecursionError:
        raise Unsupported("shapes: a shape refers to itself") from None
    return tuple(checks)


def _is_shape(shapes: Graph, node: Node) -> bool:
    types = set(shapes.objects(node, RDF.type))
    return bool(types & {SH.NodeShape, SH.PropertyShape}) or any(
        (node, p, None) in shapes for p in TARGETS | {SH.path, SH.property} | NODE_PARAMS | PROPERTY_PARAMS)


def describe(checks: Iterable[Check]) -> str:
    """The checks as text (for debugging a shape: `python -m graph.core_shapes`)."""
    return "\n\n".join(f"# {c.severity} {c.component}: {c.message}\n{c.query}" for c in checks)


if __name__ == "__main__":
    from clausegraph.graph.validation.validate import SHAPES

    print(describe(compile_shapes(Graph().parse(SHAPES))))  # type: ignore[has-type]
