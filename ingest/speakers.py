"""Who speaks in a document (the Assembly, the Alliance, the European Council), from ontology/summits.ttl."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from clausegraph.ingest.model import Document
from clausegraph.resources import ontology_dir
from clausegraph.vocab import CG, ENT, PAT
from rdflib import RDF, Graph

ASSEMBLY = "nato-parliamentary-assembly"


@dataclass(frozen=True)
class SummitData:
    """The data of ontology/summits.ttl: speaker markers, subjects, decision words, deadline spans."""

    speakers: tuple[tuple[int, str, tuple[str, ...]], ...]  # (precedence, entity key, marker phrases)
    words: dict[str, tuple[str, ...]]  # word list name -> words, longest first
    spans: dict[str, tuple[int, int]]  # unit word -> (years, months)
    counts: dict[str, int]  # number word -> count

    def wordlist(self, name: str) -> tuple[str, ...]:
        return self.words.get(name, ())


def _local(node: object, ns: str) -> str:
    return str(node)[len(ns):] if str(node).startswith(ns) else str(node)


@lru_cache(maxsize=4)
def load_summit_data(directory: Path | None = None) -> SummitData:
    """Read ontology/summits.ttl (cached)."""
    g = Graph().parse((directory or ontology_dir()) / "summits.ttl", format="turtle")
    speakers = []
    for s in g.subjects(RDF.type, CG.SpeakerMarkers):
        markers = tuple(sorted((str(w) for w in g.objects(s, CG.word)), key=lambda w: (-len(w), w)))
        speakers.append((int(g.value(s, CG.precedence) or 0), _local(g.value(s, CG.speaker), str(ENT)), markers))
    words = {_local(s, str(PAT)): tuple(sorted((str(w) for w in g.objects(s, CG.word)), key=lambda w: (-len(w), w)))
             for s in g.subjects(RDF.type, CG.WordList)}
    spans = {str(w): (int(g.value(s, CG.years) or 0), int(g.value(s, CG.months) or 0))
             for s in g.subjects(RDF.type, CG.DeadlineSpan) for w in g.objects(s, CG.word)}
    counts = {str(w): int(g.value(s, CG.count) or 1) for s in g.subjects(RDF.type, CG.NumberWords)
              for w in g.objects(s, CG.word)}
    return SummitData(tuple(sorted(speakers)), words, spans, counts)


def heading(doc: Document) -> str:
    """The text before the first unit, and the first sentence of the first unit."""
    if not doc.units:
        return doc.text[:2000]
    first = doc.units[0]
    sentence = re.split(r"(?<=[.;:])\s", first.text, maxsplit=1)[0]
    return doc.text[:max(first.span[0], 0)][-3000:] + "\n" + sentence


def speaker_of(doc: Document, data: SummitData | None = None) -> str:
    """The key of the entity that speaks in doc: the speaker whose markers its heading names first by
    precedence; the Assembly when none does.

    Args:
        doc: the structured document.
        data: ontology/summits.ttl (loaded when omitted).
    Returns:
        An entity key of ontology/entities.ttl.
    """
    data = data or load_summit_data()
    head = heading(doc)
    for _, key, markers in data.speakers:
        if any(re.search(rf"(?<!\w){re.escape(m)}(?!\w)", head) for m in markers):
            return key
    return ASSEMBLY
