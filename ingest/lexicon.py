"""Load the annotator's data from ontology/: stance verbs, patterns and the entity gazetteer."""
from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from clausegraph.errors import InputError
from clausegraph.resources import ingest_sources, ontology_dir
from clausegraph.vocab import CG, ENT, PAT, load_types
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

ONTOLOGY = ontology_dir()


@dataclass(frozen=True)
class VerbForm:
    """A speech-act verb form and the stance it expresses."""

    words: tuple[str, ...]
    stance: str
    operative: bool
    leading_only: bool


@dataclass
class GazetteerEntry:
    """A known entity: its key (IRI local name), labels, type and links."""

    key: str
    label: str
    type: str
    alt_labels: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    wikidata: str | None = None
    capital_of: str | None = None


@dataclass(eq=False)
class Lexicon:
    """Everything the annotator knows, read once from ontology/."""

    verbs: list[VerbForm]
    entities: dict[str, GazetteerEntry]
    words: dict[str, list[str]]
    heads: dict[str, str]  # head word -> entity type
    lower_heads: set[str]
    targets: list[tuple[re.Pattern[str], str]]
    deadlines: list[re.Pattern[str]]
    noise: list[re.Pattern[str]] = field(default_factory=list)
    entity_types: tuple[str, ...] = ()  # skos:notation of every class under cg:Entity
    actor_types: frozenset[str] = frozenset()  # those under cg:Actor

    def wordset(self, name: str) -> set[str]:
        return set(self.words.get(name, []))


def _load(name: str, directory: Path) -> Graph:
    return Graph().parse(directory / name, format="turtle")


def _local(iri: Node, ns: str) -> str:
    return str(iri)[len(ns):] if str(iri).startswith(ns) else str(iri).rsplit("/", 1)[-1]


def load_verbs(g: Graph) -> list[VerbForm]:
    out = []
    for concept in g.subjects(RDF.type, SKOS.Concept):
        stance = str(g.value(concept, SKOS.prefLabel))
        for prop, operative, leading in ((CG.verbForm, False, False), (CG.operativeForm, True, False),
                                         (CG.leadingForm, False, True)):
            for form in g.objects(concept, prop):
                out.append(VerbForm(tuple(str(form).lower().split()), stance, operative, leading))
    out += _nominal_forms(g)
    out.sort(key=lambda v: (-len(v.words), v.words))
    return out


def _nominal_forms(g: Graph) -> list[VerbForm]:
    """The forms of stances said with a noun: carrier [its|their|our] [intensifier [and intensifier]] noun
    ("reiterating its firm condemnation", "expresses deep concern"), from stances.ttl."""
    scheme = next(g.subjects(CG.nominalCarrier, None), None)
    if scheme is None:
        return []
    owners: list[tuple[str, ...]] = [(), ("its",), ("their",), ("our",)]
    adjectives = sorted(str(x).lower() for x in g.objects(scheme, CG.nominalIntensifier))
    degrees: list[tuple[str, ...]] = [(), *((a,) for a in adjectives), ("most", "sincere"), ("most", "profound")]
    out = []
    for concept in g.subjects(CG.nominalForm, None):
        stance = str(g.value(concept, SKOS.prefLabel))
        for prop, operative in ((CG.nominalCarrier, False), (CG.nominalOperativeCarrier, True)):
            for carrier in g.objects(scheme, prop):
                for noun in g.objects(concept, CG.nominalForm):
                    for owner in owners:
                        for degree in degrees:
                            words = (str(carrier).lower(), *owner, *degree, str(noun).lower())
                            out.append(VerbForm(words, stance, operative, False))
    return out


def load_entities(g: Graph, types: dict[Node, str]) -> dict[str, GazetteerEntry]:
    out: dict[str, GazetteerEntry] = {}
    for s, t in g.subject_objects(RDF.type):
        if t not in types or not isinstance(s, URIRef):
            if isinstance(s, URIRef) and str(s).startswith(str(ENT)) and str(t).startswith(str(CG)):
                raise InputError(f"ontology/entities.ttl: <{s}> is a cg:{str(t)[len(str(CG)):]}, which is not an "
                                 "entity type of ontology/clausegraph.ttl (a class under cg:Entity with a "
                                 "skos:notation)")
            continue
        key = _local(s, str(ENT))
        wd = g.value(s, SKOS.exactMatch)
        cap = g.value(s, CG.capitalOf)
        out[key] = GazetteerEntry(
            key=key, label=str(g.value(s, SKOS.prefLabel) or key), type=types[t],
            alt_labels=sorted(str(x) for x in g.objects(s, SKOS.altLabel)),
            demonyms=sorted(str(x) for x in g.objects(s, CG.demonym)),
            wikidata=str(wd) if wd else None, capital_of=_local(cap, str(ENT)) if cap else None)
    return out


def load_patterns(g: Graph) -> tuple[dict[str, list[str]], dict[str, str], set[str], list, list]:
    words: dict[str, list[str]] = {}
    heads: dict[str, str] = {}
    lower: set[str] = set()
    for s in set(g.subjects(CG.word, None)):
        name = _local(s, str(PAT))
        ws = sorted(str(w) for w in g.objects(s, CG.word))
        words[name] = ws
        etype = g.value(s, CG.entityType)
        if etype is not None:
            for w in ws:
                if name == "lower-heads":
                    lower.add(w)
                else:
                    heads.setdefault(w, _local(etype, str(CG)))
    targets = []
    for s in sorted(g.subjects(RDF.type, CG.TargetPattern), key=str):
        targets.append((re.compile(str(g.value(s, CG.regex))), str(g.value(s, CG.canonical))))
    deadlines = [re.compile(str(r)) for s in g.subjects(RDF.type, CG.DeadlinePatterns)
                 for r in sorted(g.objects(s, CG.regex), key=lambda x: -len(str(x)))]
    return words, heads, lower, targets, deadlines


def load_noise(g: Graph) -> list[re.Pattern[str]]:
    return [re.compile(str(r)) for s in g.subjects(RDF.type, CG.NoisePatterns) for r in g.objects(s, CG.regex)]


def cache_file(directory: Path) -> Path | None:
    """Where the lexicon read from directory is kept between runs: under $CLAUSEGRAPH_CACHE, else
    $XDG_CACHE_HOME/clausegraph, else ~/.cache/clausegraph; None when CLAUSEGRAPH_CACHE is "off". The name
    holds a hash of the ontology files and of the annotator's code, so an edit to either is never served a
    stale lexicon."""
    root = os.environ.get("CLAUSEGRAPH_CACHE")
    if root == "off":
        return None
    if not root:
        root = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "clausegraph")
    h = hashlib.sha256(sys.version.encode())
    for path in [*sorted(Path(directory).glob("*.ttl")), *ingest_sources()]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return Path(root) / f"lexicon-{h.hexdigest()[:32]}.pickle"


@lru_cache(maxsize=4)
def load_lexicon(directory: Path = ONTOLOGY) -> Lexicon:
    """The lexicon of the ontology files in directory: read once per process, and kept on disk between
    processes (see cache_file), since reading and expanding the Turtle costs a second or more."""
    cached = cache_file(directory)
    if cached is not None:
        try:
            with open(cached, "rb") as f:
                lex = pickle.load(f)
            if isinstance(lex, Lexicon):
                return lex
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
            pass  # absent, or written by another version: read the ontology
    lex = read_lexicon(directory)
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(f".{os.getpid()}.partial")
            partial.write_bytes(pickle.dumps(lex, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(partial, cached)  # whole or absent, for a process reading it meanwhile
        except OSError:
            pass  # a read-only home: every run reads the ontology
    return lex


def read_lexicon(directory: Path = ONTOLOGY) -> Lexicon:
    """Read clausegraph.ttl (the entity types), stances.ttl, patterns.ttl and entities.ttl from directory."""
    types, actors = load_types(_load("clausegraph.ttl", directory))
    verbs = load_verbs(_load("stances.ttl", directory))
    entities = load_entities(_load("entities.ttl", directory), types) if (directory / "entities.ttl").exists() else {}
    patterns = _load("patterns.ttl", directory)
    words, heads, lower, targets, deadlines = load_patterns(patterns)
    return Lexicon(verbs, entities, words, heads, lower, targets, deadlines, load_noise(patterns),
                   tuple(sorted(types.values())), actors)
