"""Summit declarations: each speaker sentence ("We condemn ...", "Allies agreed to ...") as a speech act, each
decision as a commitment made (maker, actions, instrument, target, deadline). Words: ontology/summits.ttl."""
from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date

from clausegraph.ingest.actions import ActionFinder, lemma
from clausegraph.ingest.gazetteer import ref
from clausegraph.ingest.lexicon import Lexicon
from clausegraph.ingest.model import Annotation, Decision, EntityRef, Mention, ThreatStatement, Verb
from clausegraph.ingest.relations import RelationFinder
from clausegraph.ingest.speakers import ASSEMBLY, SummitData, load_summit_data

SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]”\"’%][.!?])\s+(?=[A-Z“\"‘(])")
WORD = re.compile(r"[A-Za-z0-9%][A-Za-z0-9%'’-]*|[,;:]")
YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def sentences(text: str) -> list[tuple[int, int]]:
    """The spans of the sentences of a unit's text."""
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text.rstrip())))
    return out


class SummitReader:
    """Reads the sentences of a speaker (the Alliance, the European Council) in the units of a summit text."""

    def __init__(self, lex: Lexicon, speaker: EntityRef, data: SummitData | None = None) -> None:
        self.lex = lex
        self.speaker = speaker
        self.data = data or load_summit_data()
        self.asks = ActionFinder(lex)
        w = self.data.wordlist
        self.subjects = [tuple(s.lower().replace(",", " ,").split()) for s in w("speaker-subjects")]
        self.qualifiable = {s.lower() for s in w("qualifiable-subjects")}
        self.fillers = {s.lower() for s in w("verb-fillers")}
        self.copulas = {s.lower() for s in w("stance-copulas")}
        self.markers = [tuple(s.lower().split()) for s in w("decision-markers")]
        self.acts = [tuple(s.lower().split()) for s in w("decision-acts")]
        self.carriers = {s.lower() for s in w("decision-carriers")}
        self.establish = lex.wordset("family-establish")
        self.finite, self.adjectival = _stance_forms(lex)
        self.spared = lex.wordset("stances-not-about-victims")

    # ------------------------------------------------------------ one sentence
    def _subject(self, words: list[tuple[str, int, int]], mentions: list[Mention]) -> tuple[int, list[EntityRef]]:
        """Where the verb may start after the sentence's subject (0: no speaker subject), and the makers it
        names (the speaker, or the states listed as subject)."""
        low = [w.lower() for w, _, _ in words]
        for subj in self.subjects:
            if tuple(low[:len(subj)]) == subj:
                i = len(subj)
                if i < len(low) and low[i] == ",":  # "We, the Heads of State and Government ..., have"
                    close = next((k for k in range(i + 1, min(len(low), i + 40)) if low[k] == ","), None)
                    i = close + 1 if close is not None else i
                return i, [self.speaker]
        states: list[EntityRef] = []
        i = 0
        while i < len(words):
            m = next((m for m in mentions if m.begin == words[i][1] and not m.inner
                      and m.entity.type in self.lex.actor_types), None)
            if m is not None:
                states.append(m.entity)
                while i < len(words) and words[i][2] <= m.end:
                    i += 1
                continue
            if states and low[i] in (",", "and"):
                i += 1
                continue
            break
        return (i, states) if states and self._match(low, i, self.markers) else (0, [])

    @staticmethod
    def _match(low: list[str], i: int, forms: list[tuple[str, ...]]) -> int:
        """The length of the longest form at i (0: none)."""
        best = 0
        for f in forms:
            if len(f) > best and tuple(low[i:i + len(f)]) == f:
                best = len(f)
        return best

    def _stance(self, low: list[str], i: int) -> tuple[str, int, int] | None:
        """A stance verb at i ("condemn", "strongly condemn", "are deeply concerned"): (stance, first, end)."""
        first = i
        if low[i] in self.copulas:
            j = i + 1
            while j < len(low) and (low[j].endswith("ly") or low[j] in ("also", "still")):
                j += 1
            for form, stance in self.adjectival:
                if tuple(low[j:j + len(form)]) == form:
                    return stance, j - 1 if j > i + 1 else j, j + len(form)
            return None
        if low[i].endswith("ly") and i + 1 < len(low):
            i += 1
        for form, stance in self.finite:
            if tuple(low[i:i + len(form)]) == form:
                return stance, first, i + len(form)
        return None

    def read(self, text: str, begin: int, end: int, mentions: list[Mention], adopted: str | None
             ) -> tuple[Verb | None, Decision | None]:
        """The speech act and the decision of one sentence (text[begin:end]) of a unit."""
        sent = text[begin:end]
        words = [(m.group(), m.start() + begin, m.end() + begin) for m in WORD.finditer(sent)]
        inside = [m for m in mentions if begin <= m.begin < end]
        if not words:
            return None, None
        i, makers = self._subject(words, inside)
        if not makers:
            return None, None
        low = [w.lower() for w, _, _ in words]
        qualifiable = " ".join(low[:i]) in self.qualifiable
        limit = min(len(low), i + (30 if qualifiable else 8))
        verb: Verb | None = None
        decision: Decision | None = None
        k = i
        while k < limit:
            n = self._match(low, k, self.markers)
            act = 0 if n else self._match(low, k, self.acts)
            found = self._stance(low, k)
            if found and not n:
                stance, a, b = found
                verb = Verb(text[words[a][1]:words[b - 1][2]], stance, words[a][1], words[b - 1][2])
                act = act if act else 0
            if n or act:
                decision = self._decision(text, words, k, n, act, makers, inside, adopted, end)
                break
            if found:
                break
            if not (low[k] in self.fillers or low[k].endswith("ly") or qualifiable):
                break
            k += 1
        return verb, decision

    def _decision(self, text: str, words: list[tuple[str, int, int]], k: int, n: int, act: int,
                  makers: list[EntityRef], mentions: list[Mention], adopted: str | None, end: int) -> Decision | None:
        start = words[k][1]
        if n:
            rest = text[words[k + n - 1][2]:end] if k + n < len(words) else ""
            actions = self.asks.find("to " + rest.strip())
        else:
            head = " ".join(w for w, _, _ in words[k:k + act])
            actions = [" ".join(lemma(x) if j == 0 else x for j, x in enumerate(head.lower().split()))]
        while len(actions) > 1 and actions[0] in self.carriers:
            actions = actions[1:]
        if not actions:
            return None
        after = [m for m in mentions if m.begin >= start and not m.inner]
        instrument = next((m.entity for m in after if m.entity.type == "Instrument"), None)
        maker_keys = {e.key for e in makers}
        sentence = text[words[0][1]:end]
        deadline = self.asks.deadline(sentence)
        return Decision(
            begin=words[0][1], end=end, makers=makers, actions=actions, instrument=instrument,
            creates=instrument is not None and bool(self.establish & set(actions)),
            targets=list(dict.fromkeys(m.entity for m in after if m.entity.type == "Target")),
            concerns=list(dict.fromkeys(m.entity for m in mentions if m.entity.type != "Target"
                                        and m.entity.key not in maker_keys)),
            deadline=deadline, deadline_date=self.deadline_date(deadline, adopted))

    def deadline_date(self, deadline: str | None, adopted: str | None) -> str | None:
        """The date a deadline phrase gives: a year's last day ("by 2035"), or the adoption date moved by a
        span ("within a decade"); None when it gives none ("without delay", "by the next Summit")."""
        if not deadline:
            return None
        year = YEAR.search(deadline)
        if year:
            return f"{year.group(1)}-12-31"
        if not adopted:
            return None
        low = deadline.lower()
        for unit, (years, months) in self.data.spans.items():
            m = re.search(rf"(?:within|in|over)\s+(?:the\s+)?(?P<n>\w+(?:\s\w+)?)?\s*{unit}\b", low)
            if not m:
                continue
            count_text = (m.group("n") or "a").strip()
            count = self.data.counts.get(count_text, self.data.counts.get(count_text.split()[-1], 0))
            if not count and count_text.isdigit():
                count = int(count_text)
            if count:
                return _shift(adopted, years * count, months * count)
        return None

    # ------------------------------------------------------------ one unit
    def annotate(self, ann: Annotation, adopted: str | None) -> None:
        """Set the speech acts and decisions of a unit whose mentions are found."""
        verbs: list[Verb] = []
        decisions: list[Decision] = []
        for b, e in sentences(ann.unit.text):
            verb, decision = self.read(ann.unit.text, b, e, ann.mentions, adopted)
            if verb is not None:
                verb.about_victims = verb.stance not in self.spared
                verbs.append(verb)
            if decision is not None:
                decisions.append(decision)
        ann.verbs, ann.decisions = verbs, decisions

    def relate(self, ann: Annotation, finder: RelationFinder, exclude: set[str]) -> None:
        """Targets of the speech acts and threat statements, found sentence by sentence."""
        threats: list[ThreatStatement] = []
        seen: set[tuple[str, str | None]] = set()
        for b, e in sentences(ann.unit.text):
            idx = [i for i, v in enumerate(ann.verbs) if b <= v.begin < e]
            verbs = [replace(ann.verbs[i], begin=ann.verbs[i].begin - b, end=ann.verbs[i].end - b) for i in idx]
            mentions = [replace(m, begin=m.begin - b, end=m.end - b) for m in ann.mentions if b <= m.begin < e]
            found = finder.find(ann.unit.text[b:e], verbs, mentions, exclude)
            for local, targets in found.targets.items():
                ann.targets[idx[local]] = targets
            for t in found.threats:
                key = (t.posed_by.key, t.threat.key if t.threat else None)
                if key not in seen:
                    seen.add(key)
                    threats.append(t)
        ann.threats = threats


def _shift(iso: str, years: int, months: int) -> str:
    d = date.fromisoformat(iso)
    total = d.year * 12 + d.month - 1 + years * 12 + months
    y, m = divmod(total, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1])).isoformat()


def _stance_forms(lex: Lexicon) -> tuple[list[tuple[tuple[str, ...], str]], list[tuple[tuple[str, ...], str]]]:
    """The stance vocabulary as a speaker's finite verbs ("condemn", "express concern") and as adjectives after a
    copula ("concerned", "determined"), derived from the forms of ontology/stances.ttl, longest first."""
    finite: dict[tuple[str, ...], str] = {}
    adjectival: dict[tuple[str, ...], str] = {}
    for v in lex.verbs:
        words = v.words
        if v.stance == "unknown" or not words:
            continue
        if words[0] in ("is", "are") and len(words) > 1:
            adjectival.setdefault(words[1:], v.stance)
        elif words[0].endswith("ing") or (v.operative and words[0].endswith("s")):
            finite.setdefault((lemma(words[0]), *words[1:]), v.stance)
            if v.operative:  # "The European Council condemns"
                finite.setdefault(words, v.stance)
        elif not v.operative:
            adjectival.setdefault(words, v.stance)
    order = lambda d: sorted(d.items(), key=lambda kv: (-len(kv[0]), kv[0]))  # noqa: E731
    return order(finite), order(adjectival)


def summit_reader(lex: Lexicon, speaker: str | None) -> SummitReader | None:
    """A reader of the speaker's sentences, or None for the Assembly (whose texts are read by verbs.py and
    actions.py) and for a speaker the gazetteer does not know."""
    entry = lex.entities.get(speaker or "")
    if speaker is None or speaker == ASSEMBLY or entry is None:
        return None
    return SummitReader(lex, ref(entry))
