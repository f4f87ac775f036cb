"""The document model between reading and RDF: units, footnotes, citations, annotations."""
from __future__ import annotations

from dataclasses import dataclass, field

from clausegraph.ingest.markup import Clean


@dataclass
class Unit:
    """A clause unit: a numbered paragraph ("16") or a lettered point ("16.a")."""

    id: str
    level: str  # "paragraph" | "point"
    part: str  # "preamble" | "operative"
    order: int
    body: Clean  # clean text of the unit without its number, with source offsets
    parent: str | None = None
    addressee: str | None = None
    complete: bool = True  # False when the text stops in the middle of this unit

    @property
    def text(self) -> str:
        return self.body.text

    @property
    def span(self) -> tuple[int, int]:
        return self.body.source_span(0, len(self.body.text))


@dataclass
class Footnote:
    marker: str
    text: str
    begin: int
    end: int


@dataclass
class Citation:
    """A reference to another document, e.g. [111 SESP rev.1 fin], with the title printed before it."""

    identifier: str
    unit: str
    title: str | None = None


@dataclass
class Document:
    """A structured document: metadata, units in order, footnotes and citations."""

    name: str
    stem: str
    text: str
    content_hash: str
    title: str
    kind: str
    number: str | None = None
    adopted: str | None = None  # ISO date
    place: str | None = None
    committee: str | None = None
    date_source: str | None = None  # where adopted came from: "text" or "file name"
    identifiers: list[str] = field(default_factory=list)  # a national reprint's own codes ("DOC. XII-quater N. 32")
    units: list[Unit] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


@dataclass(frozen=True)
class EntityRef:
    """An entity a mention denotes: key (IRI local name), canonical label, type and links."""

    key: str
    label: str
    type: str
    alt_labels: tuple[str, ...] = ()
    wikidata: str | None = None
    known: bool = False  # from the gazetteer: its label is canonical across documents


@dataclass
class Mention:
    """A span of a unit's text (offsets into Unit.text) naming an entity."""

    begin: int
    end: int
    text: str
    entity: EntityRef
    inner: bool = False
    modifier: bool = False  # an organisation's name qualifying a noun ("NATO partners"): the noun is meant
    victim: bool = False  # named as what an act is done to ("war against Ukraine"): see pat:victim-links


@dataclass
class Verb:
    """A speech-act verb of a unit as printed, with its stance (offsets into Unit.text)."""

    text: str
    stance: str
    begin: int
    end: int
    about_victims: bool = True  # False for stances in pat:stances-not-about-victims (condemn, concern)


@dataclass
class ThreatStatement:
    """A unit says that an actor poses a threat: the named Threat entity, or None (the actor itself is one)."""

    posed_by: EntityRef
    threat: EntityRef | None = None


@dataclass
class Decision:
    """A commitment made: a speaker's sentence that decides something (ingest/decisions.py), offsets into
    Unit.text."""

    begin: int
    end: int
    makers: list[EntityRef]
    actions: list[str]
    instrument: EntityRef | None = None
    creates: bool = False  # the decision creates the instrument (an action of the establish family)
    targets: list[EntityRef] = field(default_factory=list)
    concerns: list[EntityRef] = field(default_factory=list)
    deadline: str | None = None
    deadline_date: str | None = None  # ISO date the deadline phrase gives, where it gives one


@dataclass
class Annotation:
    """What the annotator found in one unit."""

    unit: Unit
    verbs: list[Verb] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    deadline: str | None = None
    is_commitment: bool = False
    targets: dict[int, list[EntityRef]] = field(default_factory=dict)  # verb index -> actors blamed or credited
    threats: list[ThreatStatement] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)  # commitments made (summit texts)
