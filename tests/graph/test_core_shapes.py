"""The core shapes compiled to SPARQL (graph/validation/core_shapes.py) give pySHACL's results: on every shape and rule
test graph, on corpus documents broken at random, and on the SHACL corner cases they translate; a shape
they cannot translate falls back to pySHACL, or is a clear error when the compiled engine is asked for."""
from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path

import pytest
from clausegraph.errors import ClauseGraphError
from clausegraph.graph.validation.core_shapes import Unsupported, compile_shapes
from clausegraph.graph.validation.validate import SHAPES, validate, validate_graph
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

HERE = Path(__file__).parent
FIXTURES = sorted((HERE / "shapes").glob("*.ttl")) + sorted((HERE / "rules").glob("*.ttl"))
CG = "https://w3id.org/clausegraph/ontology#"


def _norm(report):
    """The findings, blank nodes as "_:" (pyoxigraph and rdflib name them differently)."""
    def blank(text: str) -> str:
        return "_:" if re.fullmatch(r"N?[0-9a-f]{16,32}", text) else text

    return [replace(f, value=blank(f.value), focus=blank(f.focus)) for f in report.findings]


def _keys(report):
    return {(f.severity, f.focus, f.path, f.value, f.source) for f in _norm(report)}


def _both(data: Graph, shapes: Graph | None = None):
    ref = validate_graph(data, shapes=shapes, rules=None, engine="pyshacl")
    got = validate_graph(data, shapes=shapes, rules=None, engine="sparql")
    return ref, got


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_same_results_as_pyshacl_on_the_test_graphs(path):
    ref, got = _both(Graph().parse(path))
    assert _keys(got) == _keys(ref)
    assert got.conforms == ref.conforms
    # where a shape gives its message, both report it (default messages are worded differently)
    declared = {str(m) for m in Graph().parse(SHAPES).objects(None, SH.message)}
    assert {f.message for f in got.findings if f.message in declared} == \
        {f.message for f in ref.findings if f.message in declared}


def _mutate(g: Graph, rnd: random.Random, paths: list[URIRef]) -> None:
    """Break a graph the way a faulty extraction would: a value removed, doubled, of the wrong kind or
    type, a node given a second class."""
    triples = sorted((t for t in g if t[1] in paths), key=str)
    s, p, o = rnd.choice(triples)
    kind = rnd.randrange(6)
    if kind == 0:
        g.remove((s, p, o))
    elif kind == 1:
        g.add((s, p, Literal("extra")))
    elif kind == 2:
        wrong = [Literal("-3", datatype=XSD.integer), Literal("2024-13-45", datatype=XSD.date), Literal(""),
                 Literal("x", lang="fr")]
        if not str(p).endswith("Index"):  # sh:lessThan with an ill-typed value: see test_ill_typed_less_than
            wrong.append(Literal("abc", datatype=XSD.integer))
        g.set((s, p, rnd.choice(wrong)))
    elif kind == 3:
        g.set((s, p, rnd.choice([BNode(), URIRef(f"{CG}Nothing"), URIRef("https://example.org/x")])))
    elif kind == 4:
        g.add((s, RDF.type, rnd.choice([URIRef(f"{CG}{c}") for c in ("Clause", "Mention", "Threat", "Target",
                                                                       "State", "Commitment", "Document")])))
    else:
        g.set((s, p, Literal(str(o).upper() + " 1")))


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_same_results_as_pyshacl_on_broken_corpus_documents(corpus_store):
    shapes = Graph().parse(SHAPES)
    paths = sorted({o for o in shapes.objects(None, SH.path) if isinstance(o, URIRef)}, key=str)
    graphs = [g for g in corpus_store.graphs() if "/graph/20" in g]
    base = Graph()
    for g in graphs[:1] + ["https://w3id.org/clausegraph/id/graph/entities"]:
        base.parse(data=corpus_store.graph_ntriples(g).decode("utf-8"), format="nt")
    rnd = random.Random(7)
    broken = crashed = 0
    for _ in range(24):
        g = Graph()
        for t in base:
            g.add(t)
        for _ in range(6):
            _mutate(g, rnd, paths)
        try:
            ref, got = _both(g, shapes)
        except ClauseGraphError as exc:  # pySHACL cannot compare a blank node with sh:lessThan
            assert "lessThan" in str(exc)
            got = validate_graph(g, shapes=shapes, rules=None, engine="sparql")
            assert any(f.path.endswith("beginIndex") for f in got.findings), _keys(got)
            crashed += 1
            continue
        assert _keys(got) == _keys(ref)
        broken += not ref.conforms
    assert broken >= 12  # the mutations did break shapes, so the comparison meant something
    assert broken + crashed == 24


PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
CORNERS = PREFIXES + """
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:targetNode ex:n9 ;
  sh:property [ sh:path ex:p ; sh:minCount 2 ; sh:maxCount 3 ] ;
  sh:property [ sh:path ex:q ; sh:nodeKind sh:Literal ; sh:maxLength 3 ; sh:maxExclusive 100 ] ;
  sh:property [ sh:path ex:r ; sh:hasValue ex:v ] ;
  sh:property [ sh:path ex:s ; sh:pattern "^a" ; sh:flags "i" ] ;
  sh:property [ sh:path ex:t ; sh:lessThanOrEquals ex:u ] ;
  sh:property [ sh:path ex:w ; sh:not [ sh:class ex:D ] ; sh:node [ sh:nodeKind sh:IRI ] ] ;
  sh:property [ sh:path ex:x ; sh:and ( [ sh:datatype xsd:decimal ] [ sh:minInclusive 1.5 ] ) ] ;
  sh:property [ sh:path ex:y ; sh:languageIn ( "en" "fr" ) ; sh:severity sh:Info ] ;
  sh:property [ sh:path ex:z ; sh:qualifiedValueShape [ sh:class ex:D ] ; sh:qualifiedMinCount 1 ] ;
  sh:property [ sh:path ex:bt ; sh:lessThan ex:bu ] ;
  sh:property [ sh:path ex:bf ; sh:maxExclusive true ] ;
  sh:property [ sh:path ex:dn ; sh:node [ sh:deactivated true ; sh:datatype xsd:integer ] ] ;
  sh:property [ sh:path ex:dm ; sh:not [ sh:deactivated true ; sh:datatype xsd:integer ] ] ;
  sh:property [ sh:path ex:k ; sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ;
                sh:qualifiedValueShape [ sh:property [ sh:path [ sh:oneOrMorePath rdfs:subClassOf ] ;
                                                       sh:hasValue ex:Top ] ] ] ;
  sh:property [ sh:path ex:m ; sh:node [ sh:property [ sh:path [ sh:zeroOrMorePath ex:next ] ; sh:hasValue ex:end ] ;
                                         sh:property [ sh:path ex:next ; sh:minCount 1 ] ] ] .
ex:Sub rdfs:subClassOf ex:C .
"""
CORNER_DATA = PREFIXES + """
ex:n1 a ex:C ; ex:p 1, 2 ; ex:q 12, "abcd", ex:iri, 200 ; ex:r ex:v ; ex:s "Abc", "bad", ex:abc ;
  ex:t 1, 5 ; ex:u 3 ; ex:w ex:d1, ex:i1, "lit" ; ex:x 2.5, 1.25, "2"^^xsd:integer ;
  ex:y "a"@en-GB, "b"@de, "c" ; ex:z ex:i1 ; ex:bt false ; ex:bu true ; ex:bf false ; ex:dn "x" .
ex:n2 a ex:Sub ; ex:p 1, 2, 3, 4 ; ex:r ex:other ; ex:z ex:d1 ; ex:t "x" ; ex:u 1 ; ex:bt true ; ex:bu false ;
  ex:bf true ; ex:dm "x" .
ex:n9 ex:p 1 .
ex:d1 a ex:D . ex:i1 a ex:E .
ex:n1 ex:k ex:K1, ex:Top ; ex:m ex:a1, ex:end .
ex:n9 ex:k ex:K1, ex:K2 ; ex:m ex:a2, ex:loose .
ex:K1 rdfs:subClassOf ex:Mid . ex:Mid rdfs:subClassOf ex:Top . ex:K2 rdfs:subClassOf ex:Top .
ex:a1 ex:next ex:a2 . ex:a2 ex:next ex:end . ex:loose ex:next ex:a9 .
"""


def test_same_results_as_pyshacl_on_corner_cases():
    ref, got = _both(Graph().parse(data=CORNER_DATA, format="turtle"),
                     Graph().parse(data=CORNERS, format="turtle"))
    assert len(ref.findings) >= 15
    # the value shapes with property shapes: two classes under ex:Top (ex:n9; ex:n1 has one, and ex:Top
    # itself is not under it), a chain not reaching ex:end, ex:end with no next
    k = {f.focus for f in _norm(ref) if f.path.endswith("/k")}
    m = {(f.focus, f.value) for f in _norm(ref) if f.path.endswith("/m")}
    assert k == {"https://example.org/n9"}
    assert m == {("https://example.org/n1", "https://example.org/end"),
                 ("https://example.org/n9", "https://example.org/loose")}
    assert _keys(got) == _keys(ref)


@pytest.mark.parametrize("shape", [
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true ; sh:property [ sh:path ex:p ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:class ex:D .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:uniqueLang true ] .",
    "ex:S a sh:NodeShape, rdfs:Class ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
    "ex:Meta rdfs:subClassOf rdfs:Class . "
    "ex:S a ex:Meta, sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 3 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
    "sh:property [ sh:path ex:p ; sh:node [ sh:property [ sh:path ex:q ; sh:class ex:D ] ] ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
    "sh:property [ sh:path ex:p ; sh:node [ sh:property [ sh:path ( ex:q ex:r ) ; sh:hasValue ex:D ] ] ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:zeroOrOnePath ex:p ] ; "
    "sh:nodeKind sh:IRI ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
    "sh:xone ( [ sh:datatype xsd:integer ] [ sh:minInclusive 2 ] ) ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:equals ex:q ] ; "
    "sh:property [ sh:path ex:p ; sh:disjoint ex:r ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:qualifiedValueShape "
    "[ sh:datatype xsd:integer ] ; sh:qualifiedMinCount 2 ; sh:qualifiedMaxCount 2 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:r ; "
    "sh:property [ sh:path ex:p ; sh:minCount 1 ] ] .",
], ids=["inverse-path", "closed", "node-level", "unique-lang", "implicit-target", "metaclass",
        "value-shape-class", "value-shape-sequence-path", "zero-or-one", "xone", "equals-disjoint", "qualified",
        "nested-property"])
def test_shapes_compiled_now_give_pyshacls_results(shape):
    """Shapes that fell back to pySHACL before graph/validation/core_shapes.py covered the whole core."""
    shapes = Graph().parse(data=PREFIXES + shape, format="turtle")
    assert compile_shapes(shapes)
    data = Graph().parse(data=PREFIXES + 'ex:n a ex:C ; ex:p 1, 2 ; ex:q 3 ; ex:r ex:m . ex:o ex:p ex:n . '
                         'ex:m a ex:C, ex:D ; ex:p "a"@en, "b"@en, ex:n ; ex:q ex:D ; ex:r ex:D .', format="turtle")
    ref, got = _both(data, shapes)
    assert sorted(_keys(got)) == sorted(_keys(ref))
    assert got.conforms == ref.conforms


@pytest.mark.parametrize("shape", [
    "ex:S a sh:NodeShape ; "
    "sh:target [ a sh:SPARQLTarget ; sh:select 'SELECT ?this { ?this a <https://example.org/C> }' ] ; "
    "sh:property [ sh:path ex:p ; sh:maxCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:q ; sh:datatype xsd:int ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:q ; sh:pattern '^(3)\\\\1$' ] .",
], ids=["sparql-target", "derived-datatype", "back-reference"])
def test_untranslated_shapes_fall_back_to_pyshacl(shape):
    shapes = Graph().parse(data=PREFIXES + shape, format="turtle")
    with pytest.raises(Unsupported):
        compile_shapes(shapes)
    data = Graph().parse(data=PREFIXES + "ex:n a ex:C ; ex:p 1, 2 ; ex:q 3 .", format="turtle")
    # auto runs pySHACL, so the report is pySHACL's
    assert validate_graph(data, shapes=shapes, rules=None) == validate_graph(data, shapes=shapes, rules=None,
                                                                             engine="pyshacl")
    with pytest.raises(ClauseGraphError, match="--engine pyshacl"):
        validate_graph(data, shapes=shapes, rules=None, engine="compiled")


def test_unknown_engine_is_an_error(corpus_store):
    with pytest.raises(ClauseGraphError, match="unknown validation engine"):
        validate(corpus_store, engine="fast")


def test_corpus_store_same_report_with_either_engine(corpus_store):
    ref = validate(corpus_store, engine="pyshacl")
    got = validate(corpus_store, engine="sparql")
    assert ref.conforms and got.conforms
    assert got == ref


def test_ill_typed_value_fails_less_than():
    """SHACL 4.5.3: a pair fails sh:lessThan unless "value < other" is true in SPARQL; comparing with an
    ill-typed integer is an error there, so the begin index fails too (pySHACL compares the lexical forms)."""
    shapes = Graph().parse(data=PREFIXES + "ex:S sh:targetNode ex:n ; sh:property [ sh:path ex:b ; "
                           "sh:lessThan ex:e ] .", format="turtle")
    data = Graph().parse(data=PREFIXES + 'ex:n ex:b 296 ; ex:e "abc"^^xsd:integer .', format="turtle")
    got = validate_graph(data, shapes=shapes, rules=None, engine="sparql")
    assert [(f.path, f.value) for f in got.findings] == [("https://example.org/b", "296")]
    data = Graph().parse(data=PREFIXES + "ex:n ex:b 296 ; ex:e 300 .", format="turtle")
    assert validate_graph(data, shapes=shapes, rules=None, engine="sparql").findings == []


def test_a_shape_that_refers_to_itself_is_one_clear_error():
    shapes = Graph().parse(data=PREFIXES + "ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
                           "sh:property [ sh:path ex:p ; sh:node ex:R ] . "
                           "ex:R sh:or ( ex:R [ sh:datatype xsd:integer ] ) .",
                           format="turtle")
    with pytest.raises(Unsupported, match="refers to itself"):
        compile_shapes(shapes)
    data = Graph().parse(data=PREFIXES + 'ex:n a ex:C ; ex:p "x" .', format="turtle")
    with pytest.raises(ClauseGraphError, match="pySHACL cannot check these shapes"):
        validate_graph(data, shapes=shapes, rules=None)
