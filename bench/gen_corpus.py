"""Synthetic resolutions in the style of corpus/*.txt, for the scale benchmark.

Each has a title, a designation with a footnote giving the adopting session, place and date, "The
Assembly," a preamble of numbered paragraphs opened by bold participles (from ontology/stances.ttl),
operative paragraphs ("URGES member governments ...:") with lettered points asking for actions with
deadlines and targets, and varied actors, instruments, events and threats drawn by type from
ontology/entities.ttl. The same seed gives the same files.

    python bench/gen_corpus.py OUT_DIR [-n 100] [--seed 1]
"""
from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.namespace import RDF, SKOS

ROOT = Path(__file__).resolve().parent.parent
CG = Namespace("https://w3id.org/clausegraph/ontology#")
ST = Namespace("https://w3id.org/clausegraph/stance/")

COMMITTEES = ["Political", "Defence and Security", "Economics and Security", "Science and Technology",
              "Democracy and Security"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TITLE_WORDS = ["STRENGTHENING", "RENEWING", "SUSTAINING", "ADAPTING", "SECURING", "DEFENDING", "REINFORCING"]
TITLE_THEMES = ["DETERRENCE AND DEFENCE", "ALLIED RESILIENCE", "SUPPORT FOR UKRAINE", "THE TRANSATLANTIC BOND",
                "NATO'S PARTNERSHIPS", "THE RULES-BASED INTERNATIONAL ORDER", "DEMOCRATIC VALUES"]
ADDRESSEES = ["member governments and parliaments of the North Atlantic Alliance", "member governments",
              "the governments and parliaments of NATO member states", "Allied Heads of State and Government"]
ACTIONS = ["strengthen", "support", "develop", "implement", "sustain", "increase", "reinforce", "deliver on",
           "invest in", "expand", "counter", "deter", "enhance", "establish", "maintain"]
DEADLINES = ["without delay", "by the next Summit", "as soon as possible", "within the next year", "by 2030",
             "before the end of the decade", "by 2028"]
CONCERN_BY = {"troubled", "concerned", "alarmed", "worried", "dismayed", "disturbed", "shocked", "appalled",
              "saddened"}
OF = {"cognisant", "cognizant", "mindful", "conscious"}


@dataclass
class Vocabulary:
    labels: dict[str, list[str]]  # entity type -> preferred labels
    capitals: list[tuple[str, str]]  # (city, state)
    verbs: dict[str, list[str]]  # stance -> preambular forms
    urging: list[str]  # operative forms of urge


def vocabulary(ontology: Path = ROOT / "ontology") -> Vocabulary:
    g = Graph()
    g.parse(ontology / "entities.ttl", format="turtle")
    labels: dict[str, list[str]] = {}
    for kind in ("State", "Organisation", "NonStateActor", "Instrument", "Event", "Threat", "Target"):
        found = {str(g.value(e, SKOS.prefLabel)) for e in g.subjects(RDF.type, CG[kind])}
        labels[kind] = sorted(x for x in found if x and x != "None")
    capitals = sorted((str(g.value(c, SKOS.prefLabel)), str(g.value(s, SKOS.prefLabel)))
                      for c, s in g.subject_objects(CG.capitalOf))
    s = Graph()
    s.parse(ontology / "stances.ttl", format="turtle")
    verbs = {stance: sorted(str(f) for f in s.objects(ST[stance], CG.verbForm) if " " not in str(f))
             for stance in ("condemn", "concern", "note", "welcome", "affirm")}
    urging = sorted(str(f) for f in s.objects(ST.urge, CG.operativeForm) if " " not in str(f))
    return Vocabulary(labels, capitals, verbs, urging)


def _verb(rnd: random.Random, voc: Vocabulary, stance: str) -> str:
    form = rnd.choice(voc.verbs[stance])
    tail = " by" if form in CONCERN_BY else " of" if form in OF else " about" if form == "clear-eyed" else ""
    return f"**{form.capitalize()}**{tail}"


def preamble(rnd: random.Random, voc: Vocabulary) -> str:
    pick = lambda kind: rnd.choice(voc.labels[kind])  # noqa: E731
    stance = rnd.choice(["condemn", "concern", "note", "welcome", "affirm", "affirm"])
    v = _verb(rnd, voc, stance)
    templates = {
        "condemn": [f"{v} in the strongest terms {pick('State')}'s {pick('Threat')} against {pick('State')}, "
                    "which poses a direct threat to Euro-Atlantic security",
                    f"{v} the {pick('Threat')} carried out by {pick('NonStateActor')} and its supporters"],
        "concern": [f"{v} the growing cooperation between {pick('State')} and {pick('State')} and "
                    f"the {pick('Threat')} it enables",
                    f"{v} {pick('Threat')} and {pick('Threat')} directed against Allied societies"],
        "note": [f"{v} the importance of the partnership between {pick('Organisation')} and {pick('State')}",
                 f"{v} the decisions taken at the {pick('Event')}"],
        "welcome": [f"{v} the establishment of the {pick('Instrument')} and the decisions taken at the "
                    f"{pick('Event')}",
                    f"{v} the increased defence spending by Allies, with more nations meeting the "
                    f"{pick('Target')} target"],
        "affirm": [f"{v} unwavering support for the sovereignty and territorial integrity of {pick('State')}",
                   f"{v} that {pick('Threat')} remains a serious threat to the security of {pick('State')} and "
                   f"of the {pick('Organisation')}"],
    }
    text = rnd.choice(templates[stance])
    if rnd.random() < 0.3:
        text += f", and **{rnd.choice(voc.verbs['welcome'])}** the work of the {pick('Organisation')}"
    return text + ";"


def point(rnd: random.Random, voc: Vocabulary, letter: str, last: bool) -> str:
    pick = lambda kind: rnd.choice(voc.labels[kind])  # noqa: E731
    action = rnd.choice(ACTIONS)
    objects = [f"the {pick('Instrument')}", f"support for {pick('State')}", f"cooperation with {pick('Organisation')}",
               f"efforts to counter {pick('Threat')}", f"defence spending of at least {pick('Target')}"]
    text = f"to {action} {rnd.choice(objects)}"
    if rnd.random() < 0.5:
        text += f" {rnd.choice(DEADLINES)}"
    if rnd.random() < 0.4:
        text += f", and to {rnd.choice(ACTIONS)} {rnd.choice(objects)}"
    return f" - {letter}. {text}{'.' if last else ';'}"


def resolution(i: int, rnd: random.Random, voc: Vocabulary) -> tuple[str, str]:
    """(file name, text) of the i-th synthetic resolution."""
    year = 2000 + rnd.randrange(26)
    month, day = rnd.randrange(12), 1 + rnd.randrange(28)
    city, state = rnd.choice(voc.capitals)
    number = 500 + i
    verb, theme, threat = rnd.choice(TITLE_WORDS), rnd.choice(TITLE_THEMES), rnd.choice(voc.labels["Threat"])
    title = f"{verb} {theme} IN THE FACE OF {threat.upper()}"
    lines = [title, "", f"RESOLUTION {number}*", "", "The Assembly,", ""]
    n_pre = rnd.randint(8, 16)
    for k in range(1, n_pre + 1):
        lines.append(f"{k}. {preamble(rnd, voc)}")
        if k == min(7, n_pre):
            lines += ["", f"* Presented by the {rnd.choice(COMMITTEES)} Committee and adopted by the Plenary Assembly "
                      f"at the {year - 1954}th Annual Session of the NATO Parliamentary Assembly held in {city}, "
                      f"{state}, on {WEEKDAYS[(day + month) % 7]} {day} {MONTHS[month]} {year}", ""]
    k = n_pre + 1
    n_points = rnd.randint(6, 16)
    lines.append(f"{k}. **{rnd.choice(voc.urging).upper()}** {rnd.choice(ADDRESSEES)}:")
    letters = "abcdefghijklmnopq"
    lines += [point(rnd, voc, letters[j], j == n_points - 1) for j in range(n_points)]
    name = f"{year}-{month + 1:02d}-{day:02d}-synthetic-resolution-{number}.txt"
    return name, "\n".join(lines) + "\n"


def generate(out: Path, n: int, seed: int = 1) -> list[Path]:
    """Write n synthetic resolutions into out (created if needed); return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    voc = vocabulary()
    rnd = random.Random(seed)
    paths = []
    for i in range(n):
        name, text = resolution(i, rnd, voc)
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("-n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    paths = generate(a.out, a.n, a.seed)
    print(f"wrote {len(paths)} resolutions to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
