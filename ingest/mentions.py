"""Entity mentions of a unit: gazetteer labels, names by pattern, acronyms, events, targets, nesting."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from clausegraph.ingest.gazetteer import (
    DESCRIPTIVE_INNER_TYPES,
    Gazetteer,
    actor_gazetteers_for,
    descriptive_gazetteer_for,
    gazetteer_for,
    ref,
    tokens,
)
from clausegraph.ingest.lexicon import GazetteerEntry, Lexicon
from clausegraph.ingest.model import EntityRef, Mention
from clausegraph.ingest.names import NameFinder, Phrase, initials_match
from clausegraph.vocab import slug

PLACE_WORDS = ("in", "at", "to", "from", "near", "outside", "around")
LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)(?:the\s+)?")  # ", " " and " ", and the "
def _ending_with(links: set[str]) -> re.Pattern[str] | None:
    """A pattern for text that ends with one of the links and an optional "the" (None for no links)."""
    if not links:
        return None
    alternatives = "|".join(re.escape(w).replace("\\ ", r"\s+") for w in sorted(links, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})\s+(?:the\s+)?$")


LIST_END = re.compile(r"\s*(?:[,;:.)]|$|(?:and|or|as well as)\b)")  # what may follow a name listed among victims
POSSESSIVE_END = re.compile(r"['’]s\b|(?<=s)['’](?!\w)")  # matched on the two characters after a name
# matched at an offset of the unit's text (pattern.match(text, pos)), never on a copy of all the text after it:
# copying the rest of a long paragraph for each of its names is quadratic
ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z0-9&-]{1,9})\)")
WORD_AFTER = re.compile(r"\s+([a-z][\w-]*)")
SINCE_YEAR = re.compile(r"\s+since\s+(?:19|20)\d\d")
ACRONYM_LENGTHS = range(10, 1, -1)  # what ACRONYM_AFTER defines: 2 to 10 characters
WORD_END = re.compile(r"(?![\w)])")


def _acronym_uses(text: str, acronyms: list[str]) -> list[tuple[str, int, int]]:
    """Every use of the acronyms in text as a word of its own, (acronym, begin, end), in the order of a scan of
    the text per acronym: the acronyms in the given order, each one's uses from left to right, none overlapping
    another use of the same acronym. One pass over the text, whatever the number of acronyms."""
    if not acronyms:
        return []
    rank = {acr: k for k, acr in enumerate(acronyms)}
    alternatives = "|".join(re.escape(a) for a in sorted(acronyms, key=len, reverse=True))
    # zero-width, so that every position where some acronym is used is found, even inside another's use
    starts = re.compile(rf"(?<![\w(])(?=(?:{alternatives})(?![\w)]))")
    found: list[tuple[int, int, int]] = []
    last_end: dict[str, int] = {}
    for m in starts.finditer(text):
        begin = m.start()
        for n in ACRONYM_LENGTHS:
            acr = text[begin:begin + n]
            if len(acr) == n and acr in rank and begin >= last_end.get(acr, 0) and WORD_END.match(text, begin + n):
                last_end[acr] = begin + n
                found.append((rank[acr], begin, begin + n))
    found.sort()
    return [(acronyms[k], begin, end) for k, begin, end in found]



@dataclass
class Candidate:
    begin: int
    end: int
    ref: EntityRef
    actor: bool
    proper: bool
    rank: int  # lower wins a tie of equal spans
    capital: bool = False  # a capital standing for its state: never listed inside a longer name


@dataclass
class Context:
    """What the annotator remembers across the units of one document."""

    acronyms: dict[str, EntityRef] = field(default_factory=dict)
    recent: list[EntityRef] = field(default_factory=list)
    events: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # key -> (aggressor, victim)


@lru_cache(maxsize=4)
def finder_for(lex: Lexicon) -> MentionFinder:
    """The MentionFinder of a lexicon, built once: its tables depend on the lexicon only (what one document
    teaches it lives in Context), and building them costs more than annotating a document."""
    return MentionFinder(lex)


class MentionFinder:
    """Finds and links the entity mentions of units, one document at a time."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.gaz: Gazetteer = gazetteer_for(lex)
        self.inner_gazetteers = (*actor_gazetteers_for(lex), descriptive_gazetteer_for(lex))
        self.names = NameFinder(lex, self.gaz)
        self.stop = lex.wordset("key-stopwords")
        self.modifiers = lex.wordset("name-modifiers")
        self.triggers = lex.wordset("event-triggers")
        self.tails = sorted(lex.wordset("event-tails"), key=len, reverse=True)
        self.links = lex.wordset("event-victim-links")
        self.trigger_re = re.compile(rf"\b({'|'.join(sorted(self.triggers))})\b(?!\s+crimes?)")
        self.link_re = re.compile(rf"\s+(?:{'|'.join(sorted(self.links))})\s+")
        self.compounds = lex.wordset("event-compound-nouns")
        self.adjectival_nouns = lex.wordset("adjectival-nouns")
        mods = "|".join(re.escape(w) for w in sorted(lex.wordset("threat-modifiers"), key=len, reverse=True))
        heads = "|".join(sorted(lex.wordset("threat-heads"), key=len, reverse=True))
        related = "|".join(sorted(lex.wordset("threat-related-heads")))
        self.threat_re = re.compile(rf"\b(?:(?:{mods})[ -](?:{heads})|[a-z]+-related (?:{related}))\b")
        self.victim_re = _ending_with(lex.wordset("victim-links"))
        self.agent_re = _ending_with(lex.wordset("agent-links"))
        nouns = "|".join(sorted(lex.wordset("victim-nouns")))
        between = "|".join(sorted(lex.wordset("victim-noun-modifiers")))
        self.victim_noun_re = re.compile(
            rf"\s+(?:(?:{between})\s+)?(?:{nouns})\b" if between else rf"\s+(?:{nouns})\b") if nouns else None
        self.bags: dict[frozenset[str], GazetteerEntry] = {}
        for entry in lex.entities.values():
            for label in [entry.label, *entry.alt_labels]:
                self.bags.setdefault(self.bag(label), entry)
        mods = "|".join(sorted(self.modifiers))
        self.left_ext = re.compile(rf"(?:\b[Tt]he\s+)?(?:(?:{mods})\s+)?(?:(?:19|20)\d\d\s+)?$")
        self.left_the = re.compile(r"\b[Tt]he\s+$")

    def bag(self, text: str) -> frozenset[str]:
        """The words that identify a name, in any order ("Centre for Democratic Resilience")."""
        words = re.findall(r"[\w]+", text.replace("’", "'").lower())
        return frozenset(w for w in words if w not in self.stop and w != "s" and not re.fullmatch(r"(19|20)\d\d", w))

    # ------------------------------------------------------------ candidates
    def _extend_left(self, text: str, begin: int, type_: str) -> int:
        pattern = self.left_ext if type_ in ("Instrument", "Event", "Target") else self.left_the
        window = max(0, begin - 40)
        m = pattern.search(text[window:begin])
        return window + m.start() if m else begin

    def _extend_right(self, text: str, end: int, ctx: Context, entity: EntityRef, name: str | None = None) -> int:
        m = POSSESSIVE_END.match(text[end:end + 2])
        if m:
            end += m.end()
        m = ACRONYM_AFTER.match(text, end)
        if m and name is not None and m.group(1) not in entity.alt_labels and not initials_match(
                name.split(), m.group(1)):
            return end
        if m and m.group(1) not in ctx.acronyms:
            ctx.acronyms[m.group(1)] = entity
            end = m.end()
        elif m and ctx.acronyms.get(m.group(1)) == entity:
            end = m.end()
        return end

    def _gazetteer(self, text: str, ctx: Context) -> list[Candidate]:
        out = []
        toks = tokens(text)  # once for the four gazetteers
        hits = self.gaz.find(text, toks)
        spans = {(h.begin, h.end) for h in hits}
        for gaz in self.inner_gazetteers:
            more = [h for h in gaz.find(text, toks) if (h.begin, h.end) not in spans]
            spans |= {(h.begin, h.end) for h in more}
            hits += more
        for hit in hits:
            entry, begin, end = hit.entry, hit.begin, hit.end
            if text[begin:begin + 1].islower() and text[begin - 1:begin] == "-" and begin > 0:
                continue  # part of a hyphenated word: "counter-terrorism" is no mention of terrorism
            if entry.type == "Event":
                after = re.match(r"\s+([a-z]+)", text[end:end + 30])
                if after and after.group(1) in self.compounds:
                    continue
            before = text[max(0, begin - 60):begin].rstrip().rsplit(" ", 1)[-1].lower()
            capital = bool(entry.capital_of) and before not in PLACE_WORDS and entry.capital_of in self.lex.entities
            entity = ref(self.lex.entities[entry.capital_of]) if capital and entry.capital_of else ref(entry)
            proper = entity.type in ("State", "Place")
            if hit.how == "label":
                begin = self._extend_left(text, begin, entity.type)
                if entity.type == "Place":
                    window = max(0, begin - 80)
                    m = re.search(r"(?:\b[Tt]he\s+)?\b[A-Z][\w-]*(?:\s[A-Z][\w-]*)*['’]s\s+$", text[window:begin])
                    if m:
                        begin, proper = window + m.start(), False
                end = self._extend_right(text, end, ctx, entity, text[hit.begin:hit.end])
            out.append(Candidate(begin, end, entity, entity.type in self.lex.actor_types, proper, 0, capital=capital))
        return out

    def _phrase_entity(self, p: Phrase) -> EntityRef:
        if p.acronym and p.acronym in self.gaz.by_label:
            return ref(self.gaz.by_label[p.acronym])
        known = self.bags.get(self.bag(p.text))
        if known is not None:
            return ref(known)
        label = re.sub(r"^(?:[Tt]he\s+)", "", p.text)
        key = slug("-".join(sorted(self.bag(p.text)))) or slug(label)
        return EntityRef(key, label, p.type or "Instrument", (p.acronym,) if p.acronym else ())

    def _names(self, text: str, ctx: Context, known: list[Candidate]) -> list[Candidate]:
        out = []
        for p in self.names.find(text):
            entity = self._phrase_entity(p)
            begin = self._extend_left(text, p.begin, entity.type)
            end = self._extend_right(text, p.end, ctx, entity, p.text)
            out.append(Candidate(begin, end, entity, entity.type in self.lex.actor_types, entity.type == "State", 1))
        pool = sorted(known + out, key=lambda c: c.end)
        pool_ends = [c.end for c in pool]
        for m in re.finditer(r"\b[Tt]he ([A-Z][a-z]+)\b(?!\s+(?:[A-Z]|of\s+[A-Z]))", text):
            word = m.group(1)
            if word in self.lex.heads:
                k = bisect_right(pool_ends, m.start())
                here = [c.ref for c in pool[max(0, k - 50):k]]
                prior = next((e for e in reversed(ctx.recent[-200:] + here) if word in e.label.split()), None)
                if prior is not None:
                    out.append(Candidate(m.start(), m.end(), prior, prior.type in self.lex.actor_types, False, 2))
        # the acronyms known when the scan starts: a use followed by a definition ("CDR (XYZ)") adds one
        for acr, begin, end in _acronym_uses(text, list(ctx.acronyms)):
            entity = ctx.acronyms[acr]
            out.append(Candidate(begin, self._extend_right(text, end, ctx, entity), entity,
                                 entity.type in self.lex.actor_types, entity.type == "State", -1))
        return out

    def _events(self, text: str, states: list[Candidate], ctx: Context) -> list[Candidate]:
        out = []
        ends = {c.end: c for c in states}
        begins = {c.begin: c for c in states}
        for m in self.trigger_re.finditer(text):
            begin, end = m.start(), m.end()
            aggressor = victim = None
            left = re.search(r"((?:[a-z][\w-]*,?\s+){0,6})$", text[max(0, begin - 120):begin])
            k = begin - len(left.group(1)) if left else begin
            for start in range(k, begin + 1):
                pre = text[max(0, start - 10):start]
                gap = len(pre) - len(pre.rstrip())
                cand = ends.get(start - gap) if start == k or text[start - 1] == " " else None
                if cand is not None and re.fullmatch(r"(?:[a-z][\w-]*,?\s+)*", text[cand.end:begin].lstrip()):
                    if not re.search(r"\b(?:the|a|an|its|their|of|by|to)\s", text[cand.end:begin]):
                        aggressor, begin = cand, cand.begin
                        break
            if aggressor is None and re.search(r"\b[Tt]he\s+$", text[max(0, begin - 8):begin]):
                begin = text.rindex("he", 0, begin) - 1
            for tail in self.tails:
                if text.startswith(" " + tail, end):
                    end += len(tail) + 1
                    break
            mv = self.link_re.match(text, end)
            if mv and mv.end() in begins and begins[mv.end()].ref.type == "State":
                victim = begins[mv.end()]
                end = victim.end
                ms = SINCE_YEAR.match(text, end)
                if ms:
                    end = ms.end()
            if aggressor is None and victim is None:
                continue
            a = aggressor.ref.label if aggressor else None
            v = victim.ref.label if victim else None
            entity = self._event_ref(a, v)
            ctx.events[entity.key] = (a, v)
            out.append(Candidate(begin, end, entity, False, False, 0))
        return out

    def _event_ref(self, aggressor: str | None, victim: str | None) -> EntityRef:
        if aggressor and victim:
            label = f"{aggressor}'s war of aggression against {victim}"
        elif aggressor:
            label = f"{aggressor}'s aggression"
        else:
            label = f"aggression against {victim}"
        known = self.gaz.by_label.get(label)
        if known is not None:
            return ref(known)
        return EntityRef("war-" + slug(f"{aggressor or 'x'}-{victim or 'x'}"), label, "Event")

    def _threats(self, text: str) -> list[Candidate]:
        out = []
        for m in self.threat_re.finditer(text):
            label = m.group().lower()
            known = self.gaz.by_label.get(label) or self.bags.get(self.bag(label))
            entity = ref(known) if known else EntityRef("threat-" + slug(label), label, "Threat")
            out.append(Candidate(m.start(), m.end(), entity, False, True, 3))
        return out

    def _targets(self, text: str) -> list[Candidate]:
        out = []
        for pattern, canonical in self.lex.targets:
            for m in pattern.finditer(text):
                groups = {k: v for k, v in m.groupdict().items() if v}
                n = groups.get("n") or groups.get("n2") or ""
                label = canonical.format(n=n, text=m.group())
                known = self.gaz.by_label.get(label) or self.bags.get(self.bag(label))
                entity = ref(known) if known else EntityRef("target-" + slug(label), label, "Target")
                out.append(Candidate(m.start(), m.end(), entity, False, True, 0))
        return out

    @staticmethod
    def _overridden(text: str, c: Candidate, ctx: Context) -> bool:
        """A known acronym that this document defines for something else ("Nordic Resilience Centre (NRC)")."""
        bare = re.sub(r"^[Tt]he\s+|['’]s$", "", text[c.begin:c.end])
        own = ctx.acronyms.get(bare)
        return own is not None and own != c.ref

    def _adjectival(self, text: str, c: Candidate) -> bool:
        """A place name used as an adjective ("like-minded Indo-Pacific partners") is no mention."""
        before = text[max(0, c.begin - 60):c.begin].rstrip().rsplit(" ", 1)[-1].lower()
        after = WORD_AFTER.match(text, c.end)
        if after is None or after.group(1) not in self.adjectival_nouns:
            return False
        return before not in ("the", "in", "of", "to", "from", "across", "into", "at", "on", "and", "with",
                              "towards", "toward")

    def _descriptive(self, text: str, outer: Candidate, inner: list[Candidate]) -> bool:
        """Whether a mention is descriptive wording rather than an official name: a lower-case word
        outside the names it contains that is not a function word ("action plan adopted at ...")."""
        chars = list(text[outer.begin:outer.end])
        for c in inner:
            chars[c.begin - outer.begin:c.end - outer.begin] = " " * (c.end - c.begin)
        words = re.findall(r"(?<![\w'’-])[a-z][a-z-]*(?![\w'’])", "".join(chars))
        return any(w not in self.stop and w not in ("the", "s") for w in words)

    # ------------------------------------------------------------ selection
    def find(self, text: str, ctx: Context) -> list[Mention]:
        """The mentions of one unit's text, outer names first, then the actors they contain."""
        gaz = self._gazetteer(text, ctx)
        states = [c for c in gaz if c.ref.type == "State"]
        cands = (gaz + self._names(text, ctx, gaz) + self._events(text, states, ctx) + self._targets(text)
                 + self._threats(text))
        cands = [c for c in cands if not self._overridden(text, c, ctx)]
        cands.sort(key=lambda c: (-(c.end - c.begin), c.rank, c.begin))
        outer: list[Candidate] = []
        taken = bytearray(len(text) + 1)
        for c in cands:
            if not any(taken[c.begin:c.end]):
                outer.append(c)
                taken[c.begin:c.end] = b"\x01" * (c.end - c.begin)
        actors = sorted((c for c in cands if c.actor and not c.capital), key=lambda c: c.begin)
        starts = [c.begin for c in actors]
        places = sorted((c for c in cands if c.ref.type in DESCRIPTIVE_INNER_TYPES), key=lambda c: c.begin)
        place_starts = [c.begin for c in places]
        mentions: list[Mention] = []
        for o in sorted(outer, key=lambda c: c.begin):
            if o.ref.type == "Place" and self._adjectival(text, o):
                continue
            mentions.append(Mention(o.begin, o.end, text[o.begin:o.end], o.ref))
            if o.proper and o.ref.type != "Place":
                continue
            inner: list[Candidate] = []
            within = actors[bisect_left(starts, o.begin):bisect_left(starts, o.end)]
            if o.ref.type not in DESCRIPTIVE_INNER_TYPES:
                nested = places[bisect_left(place_starts, o.begin):bisect_left(place_starts, o.end)]
                nested = [c for c in nested if c.begin > o.begin and c.end <= o.end]
                if nested and self._descriptive(text, o, nested):
                    within = within + nested
            for c in sorted(within, key=lambda c: (-(c.end - c.begin), c.rank, c.begin)):
                if c is o or c.end > o.end or (c.begin, c.end) == (o.begin, o.end):
                    continue
                if c.begin >= o.begin and text[c.begin:c.begin + 4].lower() == "the " and c.actor:
                    c = Candidate(c.begin + 4, c.end, c.ref, c.actor, c.proper, c.rank)
                if o.ref.type == "Organisation" and c.ref.type == "Organisation":
                    continue
                if o.ref.type == "Place" and o.proper and c.ref.type != "Organisation":
                    continue  # a geographic proper name ("the South China Sea") lists no state inside
                if all(c.end <= x.begin or c.begin >= x.end for x in inner):
                    inner.append(c)
            for c in sorted(inner, key=lambda c: c.begin):
                mentions.append(Mention(c.begin, c.end, text[c.begin:c.end], c.ref, inner=True))
        for m in mentions:
            if not m.inner:
                ctx.recent.append(m.entity)
            if m.entity.type == "Organisation":
                after = re.match(r"\s+([a-z][\w-]*)", text[m.end:m.end + 40])
                m.modifier = bool(after and after.group(1) in self.adjectival_nouns)
        self._victims(text, mentions)
        return mentions

    def _victims(self, text: str, mentions: list[Mention]) -> None:
        """Mark the mentions named as what an act is done to: right after a victim link ("against Ukraine",
        "the territory of Georgia"), listed after such a mention ("Ukraine, Georgia and the Republic of
        Moldova"), or qualifying a victim noun ("Ukrainian territory")."""
        if self.victim_re is None:
            return
        last: Mention | None = None
        for m in sorted(mentions, key=lambda m: (m.begin, -m.end)):
            after = text[m.end:m.end + 40]
            # a list goes on with a plain name ("Ukraine, Georgia and Moldova"), not with one that starts a new
            # phrase ("against Ukraine and Iran's supply of drones", "and Belarus' complicity")
            listed = last is not None and m.begin >= last.end and bool(
                LIST_GAP.fullmatch(text[last.end:m.begin])) and bool(LIST_END.match(after))
            qualifies = self.victim_noun_re is not None and bool(self.victim_noun_re.match(after)) \
                and not (self.agent_re and self.agent_re.search(text[max(0, m.begin - 40):m.begin]))
            m.victim = bool(self.victim_re.search(text[max(0, m.begin - 40):m.begin])) or listed or qualifies
            if m.victim:
                last = m
            elif last is not None and m.begin >= last.end:
                last = None
