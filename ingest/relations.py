"""Who a stance blames or credits, and who poses which threat: a small chunk grammar over a unit's words
and entity mentions (rules: gold/README.md, section Relations; word lists: ontology/patterns.ttl).

The grammar walks the complement of a speech-act verb word by word and keeps one state:
- ``OPEN``: an object slot of the verb. A named actor here is the object itself ("condemning Belarus"); an
  actor's possessive or adjective owns the act that follows ("Russia's war", "Russian aggression").
- ``AGENT``: right after a doer link ("by", "committed by", "the unity of", "collusion between", "regimes in"):
  the actor named next does the act.
- ``CLOSED``: inside a prepositional phrase ("against Ukraine", "support to Ukraine", "at the Summit", "the
  occupation of Georgia"): its actors are victims, beneficiaries or places. A coordinated new object
  (", its war crimes", "as well as the growing collusion") reopens the slot; "by" names an agent again.
- ``OF``: after "of" following an act ("the deployment of"): closed, but an actor's own forces named there are
  its doing ("the deployment of North Korean troops").
- ``VERB``: inside a subordinate clause (purpose "to V", "by V-ing", relative "which ..."): nothing in it is the
  object, except the subject right after a relative word ("in which the countries challenge ...").
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from clausegraph.ingest.actions import is_base_verb
from clausegraph.ingest.lexicon import Lexicon
from clausegraph.ingest.model import EntityRef, Mention, ThreatStatement, Verb

TOKEN = re.compile(r"[A-Za-z][\w'’-]*|[;,:()]")
POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
OPEN, AGENT, CLOSED, OF, VERB = "open", "agent", "closed", "of", "verb"


@dataclass
class Token:
    text: str
    begin: int
    end: int
    mention: Mention | None = None  # an outer mention, as one token
    front: list[Mention] = field(default_factory=list)  # actors named at the front of the mention's name

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def word(self) -> bool:
        return self.mention is None and self.text[:1].isalpha()


@dataclass
class Relations:
    """What one unit says about who: targets per verb (by the verb's index), and threat statements."""

    targets: dict[int, list[EntityRef]] = field(default_factory=dict)
    threats: list[ThreatStatement] = field(default_factory=list)


class Doers(list[tuple[int, EntityRef]]):
    """The actors found doing something in a unit, (token index, entity), in the order found, indexed by token
    index: what a pronoun or a relative word stands for is looked up, not found by a scan of them all (a long
    paragraph names thousands). It also keeps, per unit, the tokens where the grammar's look-backs stop."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size  # token indices 0 .. size - 1; any other goes to self.odd
        self.latest = [-1] * (size + 1)  # Fenwick tree: the latest position of an entry at or below an index
        self.at: dict[int, list[int]] = {}  # token index -> the positions of its entries, in order
        self.ks: list[int] = []  # the token indices that have entries, increasing
        self.odd: list[int] = []  # positions of entries whose index is out of range
        self.named: list[tuple[int, EntityRef]] | None = None  # the unit's actors by index (see antecedents)
        self.named_at: list[int] = []  # their indices
        self.marks: dict[str, list[int]] = {}  # a kind of token where a look-back stops -> their indices

    def append(self, item: tuple[int, EntityRef]) -> None:
        k, pos = item[0], len(self)
        super().append(item)
        if k not in self.at:
            self.at[k] = []
            insort(self.ks, k)
        self.at[k].append(pos)
        if not 0 <= k < self.size:
            self.odd.append(pos)
            return
        j = k + 1
        while j <= self.size:
            self.latest[j] = max(self.latest[j], pos)
            j += j & -j

    def extend(self, items: Iterable[tuple[int, EntityRef]]) -> None:
        for item in items:
            self.append(item)

    def last_before(self, i: int) -> int:
        """The position of the latest entry whose token comes before i (-1: none)."""
        best = -1
        j = min(max(i, 0), self.size)
        while j > 0:
            best = max(best, self.latest[j])
            j -= j & -j
        return max([best, *(pos for pos in self.odd if self[pos][0] < i)])

    def _marked(self, kind: str, toks: list[Token], mark: Callable[[Token, int], bool]) -> list[int]:
        if kind not in self.marks:
            self.marks[kind] = [q for q, t in enumerate(toks) if mark(t, q)]
        return self.marks[kind]

    def last_marked(self, kind: str, toks: list[Token], mark: Callable[[Token, int], bool], before: int) -> int:
        """The last token before index `before` that mark (of that kind) holds for (-1: none)."""
        marked = self._marked(kind, toks, mark)
        k = bisect_left(marked, before)
        return marked[k - 1] if k else -1

    def next_marked(self, kind: str, toks: list[Token], mark: Callable[[Token, int], bool], start: int) -> int:
        """The first token from index start on that mark (of that kind) holds for (len(toks): none)."""
        marked = self._marked(kind, toks, mark)
        k = bisect_left(marked, start)
        return marked[k] if k < len(marked) else len(toks)

    def between(self, lo: int, hi: int) -> list[tuple[int, EntityRef]]:
        """The entries whose token index is within lo .. hi, in the order found."""
        keys = self.ks[bisect_left(self.ks, lo):bisect_right(self.ks, hi)]
        return [self[pos] for pos in sorted(pos for k in keys for pos in self.at[k])]


Phrases = dict[str, list[tuple[str, ...]]]  # first word -> the phrases that start with it, longest first


def _phrases(words: set[str]) -> Phrases:
    out: Phrases = {}
    for p in sorted((tuple(w.lower().split()) for w in words), key=len, reverse=True):
        if p:
            out.setdefault(p[0], []).append(p)
    return out


@lru_cache(maxsize=4)
def relation_finder(lex: Lexicon) -> RelationFinder:
    """The RelationFinder of a lexicon, built once."""
    return RelationFinder(lex)


class RelationFinder:
    """Finds the targets of condemn/concern/welcome verbs and the threat statements of units."""

    def __init__(self, lex: Lexicon) -> None:
        w = lex.wordset
        self.actor_types = lex.actor_types
        self.stances = w("stances-with-targets")
        self.object_links = w("stance-object-links")
        self.manner = _phrases(w("manner-phrases"))
        self.appositions = _phrases(w("apposition-links"))
        self.holder_nouns = w("holder-nouns")
        self.joint_nouns = w("joint-nouns")
        self.actor_nouns = w("actor-nouns")
        self.relational_nouns = w("relational-nouns")
        self.owned_nouns = w("victim-nouns") | w("owned-nouns")
        self.prepositions = w("prepositions")
        self.agent_links = _phrases(w("agent-links"))
        self.recipient_links = w("recipient-links")
        self.relatives = w("relative-words")
        self.clause_openers = w("clause-openers")
        self.determiners = w("determiners")
        self.plural_anaphors = _phrases(w("plural-anaphors"))
        self.threat_nouns = w("threat-nouns")
        self.threat_verbs = w("threat-verbs")
        self.threat_adjectives = w("threat-adjectives") | {"and"}
        self.threat_gerunds = {v + "ing" for v in self.threat_verbs if v.endswith("en")} | {"challenging"}
        self.threat_predicates = _phrases(w("threat-predicates"))
        self.threat_sources = _phrases(w("threat-source-links"))
        self.nouns = self.actor_nouns | self.relational_nouns | self.owned_nouns | self.holder_nouns
        self.source_verbs = w("threat-source-verbs")
        self.demonyms = {d.lower() for e in lex.entities.values() for d in e.demonyms}

    # ------------------------------------------------------------ tokens
    def tokens(self, text: str, mentions: list[Mention]) -> list[Token]:
        outer = sorted((m for m in mentions if not m.inner), key=lambda m: m.begin)
        out: list[Token] = []
        k = 0
        for t in TOKEN.finditer(text):
            while k < len(outer) and outer[k].end <= t.start():
                k += 1
            if k < len(outer) and outer[k].begin <= t.start() < outer[k].end:
                m = outer[k]
                if not out or out[-1].mention is not m:
                    out.append(Token(m.text, m.begin, m.end, m))
                continue
            out.append(Token(t.group(), t.start(), t.end()))
        return out

    @staticmethod
    def _at(toks: list[Token], i: int, phrases: Phrases) -> int:
        """The length of the longest phrase that the words at i spell (0: none)."""
        if i >= len(toks) or not toks[i].word:
            return 0
        for p in phrases.get(toks[i].low, ()):
            n = len(p)
            if i + n <= len(toks) and all(toks[i + j].word and toks[i + j].low == p[j] for j in range(1, n)):
                return n
        return 0

    def is_actor(self, m: Mention | None) -> bool:
        return m is not None and m.entity.type in self.actor_types

    def possessive(self, tok: Token) -> bool:
        """An actor's possessive ("Russia's"), or its adjective before a noun ("Russian aggression")."""
        if tok.mention is None:
            return tok.low in ("its", "their")
        text = re.sub(r"^the\s+", "", tok.text, flags=re.I)
        return bool(POSSESSIVE.search(text)) or text.lower() in self.demonyms

    def head(self, toks: list[Token], i: int) -> str:
        """The head noun of the phrase that starts after token i (its last word before a link or a stop)."""
        last = ""
        for t in toks[i + 1:i + 9]:
            if not t.word or t.low in self.prepositions or t.low in self.relatives or t.low in ("and", "or"):
                if t.low in ("and", "or") and last and not last.endswith("ly") and last not in self.nouns:
                    continue  # "unprovoked and unjustified war": adjectives joined; "troops and shells": nouns
                break
            last = t.low
        return last

    # ------------------------------------------------------------ antecedents
    def antecedents(self, toks: list[Token], i: int, doers: Doers, plural: bool) -> list[EntityRef]:
        """What "its"/"it" (or "their", "the countries") at token i stands for: the last doer named before it,
        else the last actor that is not a victim or a modifier; for a plural, the last group of actors."""
        p = doers.last_before(i)
        if p >= 0:
            last, lead = doers[p]
            if not plural:
                return [lead]
            group = [e for _, e in doers.between(last - 6, i - 1)]
        else:  # no doer yet: the actors named before i, in the order of the text
            if doers.named is None:
                doers.named = self._actors(toks)
                doers.named_at = [k for k, _ in doers.named]
            named, keys = doers.named, doers.named_at
            stop = bisect_left(keys, i)
            if not stop:
                return []
            last, lead = named[stop - 1]
            if not plural:
                return [lead]
            group = [e for _, e in named[bisect_left(keys, last - 6):stop]]
        return list(dict.fromkeys(group)) if len(group) > 1 else [lead]

    def _actors(self, toks: list[Token]) -> list[tuple[int, EntityRef]]:
        """The actors a unit names, (token index, entity), by index: mentions that are not victims or modifiers,
        then at the same index the actors at the front of a mention's name."""
        named = [(k, t.mention.entity) for k, t in enumerate(toks)
                 if self.is_actor(t.mention) and t.mention is not None and not t.mention.victim
                 and not t.mention.modifier
                 and not (k > 0 and toks[k - 1].low in self.recipient_links)]  # "weapons to Russia"
        named += [(k, inner.entity) for k, t in enumerate(toks) for inner in t.front]
        named.sort(key=lambda x: x[0])
        return named

    # ------------------------------------------------------------ stance targets
    def targets(self, toks: list[Token], start: int, stop: int, doers: Doers,
                exclude: set[str]) -> list[EntityRef]:
        """The actors that the verb whose complement is toks[start:stop] blames or credits."""
        out: list[EntityRef] = []
        state, subject = OPEN, False
        i = start
        i += self._at(toks, i, self.manner)
        while i < stop and toks[i].text == ",":
            i += 1
            i += self._at(toks, i, self.manner)
        if i < stop and toks[i].word and toks[i].low in self.object_links:
            i += 1
        if i < stop and toks[i].low == "that":
            i, subject = i + 1, True
        prev_actor: tuple[int, str] | None = None  # index of the last actor and its role
        while i < stop:
            t = toks[i]
            if t.text == ";":
                break
            n = self._at(toks, i, self.appositions)
            if n:
                i += n
                continue
            m = t.mention
            if m is not None:
                role = self._mention_role(toks, i, state, subject, prev_actor)
                for e in role:
                    if e.key not in exclude:
                        out.append(e)
                        doers.append((i, e))
                if self.is_actor(m):
                    prev_actor = (i, "doer" if role else "other")
                    if subject and state == OPEN:
                        state, subject = VERB, False
                elif subject and state == OPEN and role:
                    state, subject = VERB, False
                i += 1
                continue
            if t.low in ("its", "their", "it", "they") or self._at(toks, i, self.plural_anaphors):
                n = self._at(toks, i, self.plural_anaphors) or 1
                pronoun_doer = state in (OPEN, AGENT) or (state == VERB and subject)
                if t.low in ("its", "their"):
                    head = self.head(toks, i + n - 1)
                    pronoun_doer = pronoun_doer and head not in self.relational_nouns \
                        and head not in self.owned_nouns
                if t.low in ("its", "their") and state == OF and self.head(toks, i) in self.actor_nouns:
                    pronoun_doer = True
                if pronoun_doer:
                    for e in self.antecedents(toks, i, doers, plural=t.low in ("their", "they") or n > 1):
                        if e.key not in exclude:
                            out.append(e)
                            doers.append((i, e))
                if subject and state == VERB:
                    subject = False
                elif subject and state == OPEN:
                    state, subject = VERB, False
                i += n
                continue
            state, subject, i = self._word(toks, i, state, subject)
        return list(dict.fromkeys(out))

    def _mention_role(self, toks: list[Token], i: int, state: str, subject: bool,
                      prev_actor: tuple[int, str] | None) -> list[EntityRef]:
        t = toks[i]
        m = t.mention
        assert m is not None
        if self.is_actor(m):
            if m.modifier:
                return []
            gap = "".join(x.text + " " for x in toks[prev_actor[0] + 1:i]) if prev_actor else None
            if prev_actor is not None and gap is not None and re.fullmatch(r"(?:, )?(?:(?:and|or) )?(?:the )?", gap) \
                    and not self.possessive(t):
                return [m.entity] if prev_actor[1] == "doer" else []
            if state == VERB:
                return [m.entity] if subject else []
            if self.possessive(t):
                head = self.head(toks, i)
                if head in self.relational_nouns or (head in self.owned_nouns and state != AGENT):
                    return []  # "NATO's partner", "Ukraine's borders"; but "the courage of the Ukrainian people"
                if state in (CLOSED, OF):
                    return [m.entity] if state == OF and head in self.actor_nouns else []
                return [m.entity]
            if state in (CLOSED, OF):
                return []
            return [m.entity]
        if state in (OPEN, AGENT) or (state == VERB and subject):
            return [x.entity for x in t.front]  # "the Russia-China Joint Statement": its makers
        return []

    def _word(self, toks: list[Token], i: int, state: str, subject: bool) -> tuple[str, bool, int]:
        """The state after the word (or punctuation) at i, and the index of the next token."""
        t = toks[i]
        w = t.low
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        prev = toks[i - 1].low.split()[-1] if i > 0 and (toks[i - 1].word or toks[i - 1].mention) else ""
        if t.text == "," or w in ("and", "or") or (w == "as" and nxt is not None and nxt.low == "well"):
            j = i + 1
            while j < len(toks) and toks[j].low in ("and", "or", "as", "well", ","):
                j += 1
            if state != VERB and j < len(toks) and self._new_object(toks, j):
                return OPEN, False, j
            if t.text == "," and j < len(toks) and toks[j].word and toks[j].low.endswith("ing") \
                    and state != VERB and is_base_verb(re.sub(r"ing$", "", toks[j].low), False) \
                    and toks[j].low not in self.prepositions:
                return VERB, False, j  # ", undermining ...": a clause of its own
            return state, subject, j
        if not t.word:
            return state, subject, i + 1
        if w in self.relatives or (w == "that" and prev and prev not in self.determiners):
            return VERB, w != "whose", i + 1  # "whose X": the subject is the name before it
        if w in self.clause_openers:
            return VERB, False, i + 1
        if state == VERB:  # a relative's subject comes first: "that sustain Russia's war" has none
            return VERB, subject and w in self.determiners, i + 1
        n = self._at(toks, i, self.agent_links)
        if n > 1:  # "carried out by", "originating from"
            return AGENT, False, i + n
        if w == "by":
            if nxt is not None and nxt.word and nxt.low.endswith("ing"):
                return VERB, False, i + 1
            return AGENT, False, i + 1
        if w == "to":
            j = i + 1
            while j < len(toks) and toks[j].word and toks[j].low.endswith("ly"):
                j += 1
            if j < len(toks) and toks[j].word and is_base_verb(toks[j].low, False) \
                    and toks[j].low not in self.determiners:
                return VERB, False, j
            return CLOSED, False, i + 1
        if w in ("of", "with", "between", "among", "amongst", "in", "from", "within"):
            if prev in self.holder_nouns or prev in self.joint_nouns or prev in self.actor_nouns:
                if w == "of" or prev not in self.holder_nouns:
                    return AGENT, False, i + 1
            return (OF if w == "of" else CLOSED), False, i + 1
        if w in self.prepositions:
            return CLOSED, False, i + 1
        return state, subject, i + 1

    def _new_object(self, toks: list[Token], j: int) -> bool:
        """Whether a coordinated phrase starting at j is a new object ("its war crimes", "the growing collusion",
        "Iran's supply") rather than the next name of a list."""
        t = toks[j]
        if t.mention is not None:
            return self.possessive(t) and self.is_actor(t.mention)
        if t.low in ("its", "their"):
            return True
        if t.low in self.determiners:
            return j + 1 < len(toks) and toks[j + 1].mention is None and toks[j + 1].word
        return False

    # ------------------------------------------------------------ threats
    def threats(self, toks: list[Token], doers: Doers) -> list[ThreatStatement]:
        """The actor-threat relations of a unit (rules: gold/README.md, "threats")."""
        out: list[ThreatStatement] = []
        posers: dict[int, list[EntityRef]] = {}  # threat token index -> its posers
        for i, t in enumerate(toks):
            is_threat = t.mention is not None and t.mention.entity.type == "Threat"
            is_word = t.word and t.low in self.threat_nouns
            if not (is_threat or is_word):
                continue
            found = self._owner(toks, i, doers) or self._source(toks, i, doers)
            if not found and is_threat:
                found = self._apposed(toks, i, posers) or self._of_owner(toks, i, doers, posers)
            if found:
                posers[i] = found
                for e in found:
                    out.append(ThreatStatement(e, t.mention.entity if is_threat and t.mention else None))
            if is_word or is_threat:
                for e in self._predicated(toks, i, doers):
                    out.append(ThreatStatement(e, None))
        for i, t in enumerate(toks):
            if t.word and (t.low in self.threat_verbs or t.low in self.threat_gerunds):
                for e in self._subject(toks, i, doers):
                    out.append(ThreatStatement(e, None))
        seen: set[tuple[str, str | None]] = set()
        unique = []
        for s in out:
            key = (s.posed_by.key, s.threat.key if s.threat else None)
            if key not in seen:
                seen.add(key)
                unique.append(s)
        return unique

    def _actors_at(self, toks: list[Token], j: int, doers: Doers) -> list[EntityRef]:
        """The actors a phrase at j names: an actor mention and the names listed with it, or a pronoun's."""
        if j >= len(toks):
            return []
        t = toks[j]
        if t.low in ("its", "their", "it", "they") or self._at(toks, j, self.plural_anaphors):
            plural = t.low in ("their", "they") or bool(self._at(toks, j, self.plural_anaphors))
            found = self.antecedents(toks, j, doers, plural)
            doers.extend((j, e) for e in found)  # "on Iran for its supply ... and its threats": the same Iran
            return found
        if not self.is_actor(t.mention):
            return []
        assert t.mention is not None
        out = [t.mention.entity]
        k = j + 1
        while k + 1 < len(toks) and toks[k].text in (",", "and", "or") and self.is_actor(toks[k + 1].mention):
            k += 1
            nxt = toks[k].mention
            assert nxt is not None
            out.append(nxt.entity)
            k += 1
        return out

    def _owner(self, toks: list[Token], i: int, doers: Doers) -> list[EntityRef]:
        """"Russia's (cyber) threats", "China's systemic challenge", "Russian disinformation"."""
        t = toks[i]
        for x in t.front:  # "Russian disinformation" as one mention
            if x.begin == t.begin:
                return [x.entity]
        j = i - 1
        while j >= 0 and i - j <= 4 and toks[j].word and toks[j].low not in self.prepositions \
                and toks[j].low not in self.determiners and toks[j].low not in ("and", "or") \
                and toks[j].low not in self.relatives:
            j -= 1
        if j >= 1 and j < i and toks[j].low == "whose":  # "the Kremlin, whose nuclear rhetoric"
            a = j - 2 if toks[j - 1].text == "," else j - 1
            return self._actors_at(toks, a, doers) if a >= 0 and self.is_actor(toks[a].mention) else []
        if j >= 0 and j < i and self.possessive(toks[j]) and (self.is_actor(toks[j].mention)
                                                            or toks[j].low in ("its", "their")):
            return self._actors_at(toks, j, doers)
        if j == i - 1 and j >= 0 and self.is_actor(toks[j].mention) and t.mention is not None and (
                j == 0 or not (toks[j - 1].word and toks[j - 1].low in self.prepositions)):
            return self._actors_at(toks, j, doers)  # "the Hamas terrorist attacks"
        return []

    def _of_owner(self, toks: list[Token], i: int, doers: Doers,
                  posers: dict[int, list[EntityRef]]) -> list[EntityRef]:
        """"Russia's (hybrid) campaign of sabotage, arson and cyber attacks": the owner of the act whose "of"
        lists the threat."""
        k = i - 1
        while k >= 0 and i - k <= 8 and (toks[k].text == "," or self._is_threat(toks[k]) or toks[k].word and (
                toks[k].low not in self.prepositions and toks[k].low not in self.determiners
                and toks[k].low not in self.relatives)):
            k -= 1  # back over the threats listed with this one
        if k < 1 or toks[k].low != "of":
            return []
        return posers.get(k - 1) or self._owner(toks, k, doers)

    def _source(self, toks: list[Token], i: int, doers: Doers) -> list[EntityRef]:
        """"threats posed by X", "cyber threats and disinformation ... carried out by X", "the challenges the
        PRC poses", "the threat thereof"."""
        j = i + 1
        while j < len(toks) and (self._is_threat(toks[j]) or toks[j].low in ("and", "or", ",")):
            j += 1  # threats listed together share their source
        if j < len(toks) and toks[j].low == "thereof":  # "the Russian aggression or the threat thereof"
            k = doers.last_marked("owners", toks, lambda t, _: t.text == ";" or bool(t.front) or (
                self.possessive(t) and self.is_actor(t.mention)), i)  # the nearest one back, or ";"
            if k < 0 or toks[k].text == ";":
                return []
            if toks[k].front:
                return [x.entity for x in toks[k].front]
            return self._actors_at(toks, k, doers)
        for skip in range(0, 5):  # a short phrase between ("operations for political purposes carried out by")
            k = j + skip
            if k >= len(toks) or not toks[k].word and toks[k].mention is None:
                break
            n = self._at(toks, k, self.threat_sources)
            if n and skip and n == 1 and toks[k].low != "by":
                n = 0  # "risks as a core element of its planning": only a verb's agent links from afar
            if toks[k].low == "as":
                break
            if n:
                k += n
                while k < len(toks) and toks[k].low in self.determiners and toks[k].low not in ("its", "their"):
                    k += 1
                return self._actors_at(toks, k, doers)
            if skip == 0 and (toks[k].low in ("that", "which") or self.is_actor(toks[k].mention)):
                a = k + 1 if toks[k].low in ("that", "which") else k
                if a < len(toks) and self.is_actor(toks[a].mention):
                    for b in range(a + 1, min(len(toks), a + 6)):  # "the risk that Chinese investment ... poses"
                        if (toks[b].mention is None and not toks[b].word) or toks[b].low in self.relatives:
                            break
                        if toks[b].low in self.source_verbs:
                            return self._actors_at(toks, a, doers)
                break
            if toks[k].mention is not None or toks[k].low in self.relatives:
                break
        return []

    @staticmethod
    def _is_threat(tok: Token) -> bool:
        return tok.mention is not None and tok.mention.entity.type == "Threat"

    def _apposed(self, toks: list[Token], i: int, posers: dict[int, list[EntityRef]]) -> list[EntityRef]:
        """"Russia's cyber threats and their consequences, including disinformation": listed as part of a threat
        whose poser is known."""
        j = i - 1
        while j >= 0 and toks[j].word and toks[j].low not in (";",):
            if self._at(toks, j, self.appositions):
                break
            j -= 1
        if j < 0 or not toks[j].word or not self._at(toks, j, self.appositions):
            return []
        for k in range(j - 1, max(-1, j - 12), -1):
            if toks[k].text == ";":
                break
            if k in posers:
                return posers[k]
        return []

    def _predicated(self, toks: list[Token], i: int, doers: Doers) -> list[EntityRef]:
        """"Russia remains the most significant threat", "X's actions constitute the principal threat",
        "identify X's aggressive actions as the principal threat", "North Korea, whose ... pose a threat"."""
        j = i - 1
        while j >= 0 and toks[j].word and (toks[j].low in self.determiners or toks[j].low.endswith(("ly", "st"))
                                           or toks[j].low in self.threat_adjectives):
            j -= 1  # back over "the most significant and direct"
        if j < 0:
            return []
        k = j
        n = 0
        for back in range(0, 3):  # "continue to pose", "has become"
            k = j - back
            if k < 0:
                break
            n = self._at(toks, k, self.threat_predicates)
            if n and k + n == j + 1:
                break
            n = 0
        if not n:
            return []
        if toks[k].low == "as":  # "identify X's ... as the threat": the owner before "as"
            return self._clause_subject(toks, k, doers, owner_only=True)
        return self._clause_subject(toks, k, doers)

    def _subject(self, toks: list[Token], i: int, doers: Doers) -> list[EntityRef]:
        """The subject of a threat verb: "Russia threatens", "Russia's actions in the Baltic threaten", "the
        countries challenge", "Iran, which threatens", "deter Russia from threatening"."""
        if i == 0:
            return []
        before = toks[i - 1]
        if before.low == "from":
            return self._actors_at(toks, i - 2, doers) if i >= 2 and self.is_actor(toks[i - 2].mention) else []
        if before.low in self.determiners or before.low in self.prepositions:
            return []  # a noun ("the challenge") or an infinitive ("to challenge")
        for q in range(i - 1, max(-1, i - 11), -1):
            t = toks[q]
            if t.text in (",", ";", "(", ")"):
                return []
            if t.word and (t.low in self.relatives or t.low == "that"):
                return self._clause_subject(toks, i, doers)
            n = self._at(toks, q, self.plural_anaphors)
            if n and q + n <= i:
                return self._actors_at(toks, q, doers)
            if self.is_actor(t.mention) or t.low in ("it", "they"):
                prev = toks[q - 1] if q > 0 else None
                if prev is not None and prev.word and prev.low in self.prepositions and prev.low != "of":
                    continue  # "troops to Russia threatens": Russia is in a phrase of the subject
                return self._actors_at(toks, q, doers)
        return []

    def _clause_subject(self, toks: list[Token], k: int, doers: Doers,
                        owner_only: bool = False) -> list[EntityRef]:
        """The actor that the clause ending before token k names as its subject: the first actor (or possessive)
        after the clause's opening ("that", a relative word, the start), or a relative's antecedent."""
        if owner_only:  # "identify Russia's malign revisionism and aggressive actions as the principal threat"
            for q in range(k - 1, max(-1, k - 12), -1):
                if toks[q].text in (";", ","):
                    break
                if self.possessive(toks[q]) and (self.is_actor(toks[q].mention) or toks[q].mention is None):
                    return self._actors_at(toks, q, doers)
            return []
        j = doers.last_marked("openers", toks, lambda t, _: t.text == ";" or (
            t.word and (t.low in self.relatives or t.low == "that")), k)
        opener = toks[j] if j >= 0 and toks[j].text != ";" else None
        first = j + 1
        if opener is not None and opener.low in ("which", "whose", "who") and j > 0:
            antecedent = j - 1 if toks[j - 1].text != "," else j - 2
            if opener.low in ("whose", "who") and antecedent >= 0 and self.is_actor(toks[antecedent].mention):
                return self._actors_at(toks, antecedent, doers)
            if opener.low == "which":
                near = [e for _, e in doers.between(antecedent - 12, antecedent)]
                if near:
                    return list(dict.fromkeys(near))
                return []
        # the first token from `first` on that the loop below does not pass over
        start = doers.next_marked("subjects", toks, lambda t, q: (
            self.is_actor(t.mention) or t.low in ("its", "their", "it", "they")
            or bool(self._at(toks, q, self.plural_anaphors)) or t.mention is not None
            or (t.word and t.low in self.prepositions and t.low != "of")), first)
        for q in range(start, k):
            t = toks[q]
            if t.text in (",",) and q > first:
                continue
            if self.is_actor(t.mention) or t.low in ("its", "their", "it", "they") \
                    or self._at(toks, q, self.plural_anaphors):
                if owner_only and not self.possessive(t):
                    continue
                return self._actors_at(toks, q, doers)
            if t.mention is not None or (t.word and t.low in self.prepositions and t.low != "of"):
                return []
        return []

    # ------------------------------------------------------------ a unit
    def find(self, text: str, verbs: list[Verb], mentions: list[Mention], exclude: set[str]) -> Relations:
        """The targets of the unit's condemn/concern/welcome verbs and its threat statements.

        Args:
            text: the unit's text.
            verbs: its speech-act verbs, in order.
            mentions: its entity mentions (outer and inner).
            exclude: entity keys that are never a target (the speaker).
        """
        toks = self.tokens(text, mentions)
        self._front(toks, mentions)
        out = Relations()
        doers = Doers(len(toks))
        begins = [t.begin for t in toks]  # increasing: a verb's scope is found by bisection, not by a scan
        for vi, v in enumerate(verbs):
            start = bisect_left(begins, v.end)
            end = verbs[vi + 1].begin if vi + 1 < len(verbs) else len(text)
            stop = bisect_left(begins, end)
            found = self.targets(toks, start, stop, doers, exclude)
            if v.stance in self.stances:
                out.targets[vi] = [e for e in found if e.type in self.actor_types]
        out.threats = self.threats(toks, doers)
        return out

    def _front(self, toks: list[Token], mentions: list[Mention]) -> None:
        """Give each mention token the actors named at the front of its name, before any link word: the makers
        of "the Russia-China Joint Statement", the aggressor of "Russia's war against Ukraine"."""
        inners = [m for m in mentions if m.inner and m.entity.type in self.actor_types]
        order = sorted(range(len(inners)), key=lambda k: inners[k].begin)
        starts = [inners[k].begin for k in order]
        for t in toks:
            m = t.mention
            if m is None:
                continue
            # the inner actors that start within m, in the order of mentions (bisection, not a scan of all)
            for k in sorted(order[bisect_left(starts, m.begin):bisect_left(starts, m.end)]):
                x = inners[k]
                lead = m.text[:x.begin - m.begin].lower().split()
                if not any(w in self.prepositions or w == "of" for w in lead):
                    t.front.append(x)
