"""Document -> annotations: speech acts, requested actions, addressees, deadlines, entity mentions."""
from __future__ import annotations

from clausegraph.ingest.actions import ActionFinder, addressee
from clausegraph.ingest.decisions import summit_reader
from clausegraph.ingest.lexicon import Lexicon, load_lexicon
from clausegraph.ingest.mentions import Context, finder_for
from clausegraph.ingest.model import Annotation, Document, EntityRef
from clausegraph.ingest.relations import relation_finder
from clausegraph.ingest.verbs import find_verbs


def annotate(doc: Document, lex: Lexicon | None = None, speaker: str | None = None) -> list[Annotation]:
    """Annotate every unit of a document, in order.

    Args:
        doc: the structured document.
        lex: the vocabulary (loaded from ontology/ when omitted).
        speaker: the key of the entity that speaks (never blamed or credited by its own verbs).
    Returns:
        One Annotation per unit; operative points (and operative paragraphs that ask for
        something themselves) are commitments with actions, addressee and deadline.
    """
    lex = lex or load_lexicon()
    finder = finder_for(lex)
    actions = ActionFinder(lex)
    relations = relation_finder(lex)
    ctx = Context()
    spared = lex.wordset("stances-not-about-victims")  # condemn, concern: not about the victims they name
    out: list[Annotation] = []
    addressees: dict[str, str | None] = {}
    summit = summit_reader(lex, speaker)  # None: an Assembly text
    for unit in doc.units:
        ann = Annotation(unit, verbs=find_verbs(unit, lex) if summit is None else [])
        ann.mentions = finder.find(unit.text, ctx)
        if summit is not None:  # a speaker's sentences: speech acts and decisions (ingest/decisions.py)
            summit.annotate(ann, doc.adopted)
            out.append(ann)
            continue
        for v in ann.verbs:
            v.about_victims = v.stance not in spared
        if unit.part == "operative":
            if unit.level == "paragraph":
                lead = ann.verbs[0].end if ann.verbs else 0
                urges = bool(ann.verbs) and ann.verbs[0].stance == "urge"
                unit.addressee = addressee(unit.text, lead) if urges else None
                addressees[unit.id] = unit.addressee
                intro = unit.text.rstrip().endswith(":")
                if not intro:
                    rest = unit.text[lead:]
                    at = rest.find(" to ")
                    ann.actions = actions.find(rest[at + 1:]) if at >= 0 else []
            else:
                unit.addressee = addressees.get(unit.parent or "")
                ann.actions = actions.find(unit.text)
            ann.is_commitment = bool(ann.actions) or unit.level == "point"
            if ann.is_commitment:
                ann.deadline = actions.deadline(unit.text)
        out.append(ann)
    _resolve_events(out, ctx)
    exclude = {speaker} if speaker else set()
    for ann in out:
        if summit is not None:
            summit.relate(ann, relations, exclude)
            continue
        found = relations.find(ann.unit.text, ann.verbs, ann.mentions, exclude)
        ann.targets, ann.threats = found.targets, found.threats
    return out


def _resolve_events(anns: list[Annotation], ctx: Context) -> None:
    """Give a war named by half ("Russia's war", "the aggression against Ukraine") the full name the
    document uses elsewhere, when exactly one full name fits."""
    full = {k: av for k, av in ctx.events.items() if av[0] and av[1]}
    refs: dict[str, EntityRef] = {}
    for ann in anns:
        for m in ann.mentions:
            if m.entity.key in full:
                refs.setdefault(m.entity.key, m.entity)
    for ann in anns:
        for m in ann.mentions:
            partial = ctx.events.get(m.entity.key)
            if m.entity.type != "Event" or partial is None or m.entity.key in full:
                continue
            aggressor, victim = partial
            fits = [k for k, (a, v) in full.items() if (aggressor is None or a == aggressor)
                    and (victim is None or v == victim) and k in refs]
            if len(fits) == 1:
                m.entity = refs[fits[0]]
