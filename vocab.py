"""The clausegraph namespaces and the IRIs minted from content (never from counters)."""
from __future__ import annotations

import re
import unicodedata

from clausegraph.errors import InputError
from rdflib import RDFS, Graph, Namespace, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

BASE = "https://w3id.org/clausegraph/"
CG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
ENT = Namespace(BASE + "id/entity/")
STANCE = Namespace(BASE + "stance/")
PAT = Namespace(BASE + "pattern#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
WD = Namespace("http://www.wikidata.org/entity/")
# the prefixes an export writes (TriG, Turtle), so a reader sees cg:Clause, not the full IRI
PREFIXES = {"cg": str(CG), "ent": str(ENT), "stance": str(STANCE), "pat": str(PAT), "nif": str(NIF), "wd": str(WD),
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "owl": "http://www.w3.org/2002/07/owl#", "skos": "http://www.w3.org/2004/02/skos/core#",
            "xsd": "http://www.w3.org/2001/XMLSchema#", "dcterms": "http://purl.org/dc/terms/",
            "prov": "http://www.w3.org/ns/prov#", "sh": "http://www.w3.org/ns/shacl#"}



def slug(text: str) -> str:
    """A lowercase ASCII slug of text: 'Russia's war' -> 'russia-s-war'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("%", " pct ")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def doc_iri(stem: str) -> str:
    return f"{ID}doc/{slug(stem)}"


def graph_iri(stem: str) -> str:
    return f"{ID}graph/{slug(stem)}"


def entity_iri(key: str) -> str:
    return f"{ENT}{key}"


def load_types(g: Graph) -> tuple[dict[Node, str], frozenset[str]]:
    """The entity types of the ontology: every class under cg:Entity (at any depth) that has a
    skos:notation, by class; and the notations of those under cg:Actor. A type's notation is its name
    in the cg: namespace (documents are typed cg:<name>, queries show the notation).

    Raises:
        InputError: a type outside the cg: namespace, or whose notation is not its name there.
    """
    def under(root: URIRef) -> set[Node]:
        return {c for c in g.transitive_subjects(RDFS.subClassOf, root) if c is not None and c != root}

    types = {c: str(n) for c in under(CG.Entity) if (n := g.value(c, SKOS.notation)) is not None}
    for c, name in types.items():
        if str(c) != str(CG) + name:
            local = str(c)[len(str(CG)):] if str(c).startswith(str(CG)) else None
            raise InputError(f"ontology/clausegraph.ttl: the entity type <{c}> has skos:notation {name!r}; an entity "
                             "type's notation is its name in the cg: namespace"
                             + (f" ({local!r} for cg:{local})" if local else ", and the type must be in it"))
    return types, frozenset(n for c, n in types.items() if c in under(CG.Actor))
