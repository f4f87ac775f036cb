"""The clausegraph namespaces and the IRIs minted from content (never from counters)."""
from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace

BASE = "https://w3id.org/clausegraph/"
CG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
ENT = Namespace(BASE + "id/entity/")
STANCE = Namespace(BASE + "stance/")
PAT = Namespace(BASE + "pattern#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
WD = Namespace("http://www.wikidata.org/entity/")



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
