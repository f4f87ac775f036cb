"""What the command line prints: one text-table renderer and the views of stances and recurring asks built on
it, plus the row formats (CSV, JSON, NDJSON) written as rows arrive. graph/ returns data; this module (and
the app's pages) draw it."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

import networkx as nx
from clausegraph.graph.analytics import network
from clausegraph.graph.analytics.projections import Hop
from clausegraph.graph.query.stances import ActorStances
from clausegraph.graph.query.track import Tracking
from clausegraph.graph.store.terms import plain
from rdflib import Literal
from rdflib.term import Node

Cell = Node | str | int | float | None


def text(value: Cell) -> str:
    """A cell as printed: an RDF term by its text (IRIs as they are, literals by their lexical form)."""
    if value is None:
        return ""
    if isinstance(value, Node):  # before str: an rdflib Literal is a str
        return plain(value)
    return value if isinstance(value, str) else str(value)


def table(columns: Sequence[str], rows: Iterable[Sequence[Cell]], width: int = 60, count: str | None = "row") -> str:
    """Rows as an aligned text table, long cells cut to width (0: never cut), then "(N rows)" unless count
    is None (count names what a row is: "row", "actor" ...)."""
    cells = [[c if not width or len(c) <= width else c[: width - 1] + "…" for c in map(text, row)] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    if count:
        lines.append(f"({len(cells)} {count}{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def with_titles(columns: Sequence[str], rows: Iterable[Sequence[Cell]], titles: dict[str, str]) \
        -> tuple[list[str], Iterator[list[Cell]]]:
    """Each document shown by its title and year where it has a title, its file name kept in a column "file"
    after it: columns without "document" (or no titles) are left as they are."""
    columns = list(columns)
    if "document" not in columns or not titles or "file" in columns:
        return columns, (list(row) for row in rows)
    at = columns.index("document")

    def titled(row: Sequence[Cell]) -> list[Cell]:
        file = text(row[at])
        return [*row[:at], titles.get(file, file), file, *row[at + 1:]]

    return [*columns[:at + 1], "file", *columns[at + 1:]], map(titled, rows)


def json_value(value: Cell) -> object:
    """A cell in JSON: numbers and booleans as themselves, everything else as text, unbound as null."""
    if isinstance(value, Literal) and isinstance(value.toPython(), (int, float, bool)):
        return value.toPython()
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return text(value)


def write_rows(columns: Sequence[str], rows: Iterable[Sequence[Cell]], fmt: str, out: TextIO) -> int:
    """Write rows as csv, json (one array of objects) or ndjson (an object a line) as they come, holding
    none of them; the number of rows written."""
    n = 0
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        for n, row in enumerate(rows, 1):  # noqa: B007  (n is the count)
            w.writerow([text(v) for v in row])
        return n
    if fmt not in ("json", "ndjson"):
        raise ValueError(f"unknown row format {fmt!r}")
    lines = ((json.dumps(dict(zip(columns, map(json_value, row), strict=True)), ensure_ascii=False)) for row in rows)
    if fmt == "ndjson":
        for n, line in enumerate(lines, 1):  # noqa: B007
            out.write(line + "\n")
        return n
    out.write("[")
    for n, line in enumerate(lines, 1):  # noqa: B007
        out.write(("\n  " if n == 1 else ",\n  ") + line)
    out.write("\n]\n" if n else "]\n")
    return n


# -- stances -----------------------------------------------------------------------------------------------

SUMMARY_COLUMNS = ["actor", "type", "adopted", "document", "stances", "verbs"]
ACTOR_COLUMNS = ["actor", "type", "adopted", "document", "clause", "stance", "verb", "text"]


def stance_summary_rows(actors: list[ActorStances]) -> Iterator[list[str]]:
    """One row per actor and document: stance counts and the verbs as printed."""
    for a in actors:
        for d in a.documents:
            yield [a.label, a.type, d.adopted, d.document, ", ".join(f"{s} {n}" for s, n in d.counts.items()),
                   ", ".join(d.verbs)]


def stance_act_rows(actors: list[ActorStances]) -> Iterator[list[str]]:
    """One row per speech act about each actor, documents in date order."""
    for a in actors:
        for d in a.documents:
            for act in d.acts:
                yield [a.label, a.type, d.adopted, d.document, act.clause, act.stance, act.verb, act.text]


def actor(a: ActorStances, title: dict[str, str] | None = None, width: int = 70) -> str:
    """One actor: a table per document in date order (clause, stance, verb as printed, clause text), then the
    change from the first document to the last. title: file name -> the document's title and year."""
    out = [f"== {a.label} ({a.type})  {a.entity}"]
    for d in a.documents:
        counts = ", ".join(f"{s} {n}" for s, n in d.counts.items())
        named = f"{title[d.document]}  {d.document}" if title and d.document in title else d.document
        out.append(f"\n-- {d.adopted or '(no date)'}  {named}  [{counts}]")
        # a clause's text once, on the row of its first speech act
        rows = [[x.clause, x.stance, x.verb, "" if i and d.acts[i - 1].clause == x.clause else x.text]
                for i, x in enumerate(d.acts)]
        out.append(table(["clause", "stance", "verb", "text"], rows, width, count=None))
    if a.change():
        out.append(f"\nchange: {a.change()}")
    return "\n".join(out) + "\n"


# -- recurring asks ----------------------------------------------------------------------------------------

TRACK_COLUMNS = ["kind", "document", "clause", "earlier_document", "earlier_clause", "evidence", "text"]


def tracking_rows(result: Tracking) -> Iterator[list[str]]:
    """One row per link (its label as kind: repeated, strengthened, weakened), new ask and dropped ask."""
    for x in result.links:
        ev = "; ".join(f"{k}: {', '.join(v) if isinstance(v, list) else v}" for k, v in x.evidence.items() if v)
        yield [x.label, x.later.document, x.later.clause, x.earlier.document, x.earlier.clause, ev, x.later.text]
    for a in result.new:
        yield ["new", a.document, a.clause, "", "", "", a.text]
    for a in result.dropped:
        yield ["dropped", a.document, a.clause, "", "", "", a.text]


def tracking(result: Tracking, titles: dict[str, str] | None = None, width: int = 40) -> str:
    """The links with their evidence, then the new asks by document and the dropped asks, as tables; a
    document by its title and year where titles has it, with its file name."""
    def doc(file: str) -> str:
        return titles[file] if titles and file in titles else file

    links = [[x.label, doc(x.earlier.document), x.earlier.clause, doc(x.later.document), x.later.clause,
              "; ".join(f"{k}: {', '.join(v) if isinstance(v, list) else v}" for k, v in x.evidence.items() if v),
              x.earlier.document, x.later.document] for x in result.links]
    docs = sorted({a.document for a in result.new})
    new = [[doc(d), ", ".join(a.clause for a in result.new if a.document == d), d] for d in docs]
    dropped = [[doc(a.document), a.clause, a.text, a.document] for a in result.dropped]
    return "\n".join([
        f"== Recurring asks ({len(result.links)})",
        table(["kind", "earlier", "clause", "later", "clause", "evidence", "earlier file", "later file"], links,
              width, count=None),
        f"== New asks ({len(result.new)})", table(["document", "clauses", "file"], new, width, count=None),
        f"== Dropped asks ({len(result.dropped)})",
        table(["document", "clause", "text", "file"], dropped, width, count=None),
    ]) + "\n"


def _cut(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def _table(header: list[str], rows: list[list[str]], width: int = 60) -> str:
    return table(header, rows, width, count=None) + "\n"


# -- networks (graph/analytics) ---------------------------------------------------------------------------


def network_summary(g: nx.Graph, out: TextIO) -> None:
    base = network.simple(g)
    comps = nx.number_connected_components(base) if base.number_of_nodes() else 0
    out.write(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges, {comps} connected components\n")


def centrality(g: nx.Graph, out: TextIO, top: int = 10) -> None:
    """The top nodes by degree centrality, then the top by betweenness centrality."""
    base = network.simple(g)
    rows = network.centrality(base)
    types = {n: str(base.nodes[n].get("type", "")) for n in base.nodes}
    strength = dict(base.degree(weight="weight"))
    out.write(f"== Degree centrality (top {top})\n")
    out.write(_table(["rank", "entity", "type", "degree", "links", "weight"],
                     [[str(i + 1), lab, types[n], f"{d:.4f}", str(base.degree(n)), str(strength[n])]
                      for i, (n, lab, d, _) in enumerate(rows[:top])]))
    out.write(f"== Betweenness centrality (top {top})\n")
    by_btw = sorted(rows, key=lambda r: (-r[3], -r[2], r[1]))
    out.write(_table(["rank", "entity", "type", "betweenness"],
                     [[str(i + 1), lab, types[n], f"{b:.4f}"] for i, (n, lab, _, b) in enumerate(by_btw[:top])]))


def communities(g: nx.Graph, out: TextIO, method: str = "greedy", width: int = 110) -> None:
    parts = network.communities(g, method)
    base = network.simple(g)
    out.write(f"== {len(parts)} communities ({method}; modularity {network.modularity(g, parts)})\n")
    for i, part in enumerate(parts, 1):
        labels = ", ".join(str(base.nodes[n].get("label", n)) for n in part)
        out.write(f"{i:>3}. ({len(part)}) {_cut(labels, width)}\n")


def path(hops: list[Hop], out: TextIO, clauses: int = 3, width: int = 100) -> None:
    """Each hop of a path with at most `clauses` of the clauses behind it (0: all of them)."""
    if not hops:
        out.write("(the same entity: a path of length 0)\n")
        return
    out.write(f"== {hops[0].source_label} -> {hops[-1].target_label}: {len(hops)} hop{'s' if len(hops) > 1 else ''}\n")
    for h in hops:
        out.write(f"{h.source_label} -- {h.relation} -- {h.target_label}\n")
        shown = h.evidence if clauses <= 0 else h.evidence[:clauses]
        for d, c, text in shown:
            out.write(f"    {d} {c}: {_cut(text, width)}\n")
        if len(shown) < len(h.evidence):
            out.write(f"    … and {len(h.evidence) - len(shown)} more clauses\n")


def ego(g: nx.Graph, node: str, out: TextIO, depth: int = 1) -> None:
    """The ego network of node: its neighbours within depth hops, the strongest links first, with their clauses."""
    base = network.simple(g)
    sub = network.ego(base, node, depth)
    dist = nx.single_source_shortest_path_length(sub, node)
    out.write(f"== {base.nodes[node].get('label', node)}: {sub.number_of_nodes() - 1} neighbours within {depth} "
              f"hop{'s' if depth > 1 else ''}, {sub.number_of_edges()} links\n")
    rows = []
    for n in sorted(sub.nodes, key=lambda n: (dist[n], -(sub[node][n]["weight"] if sub.has_edge(node, n) else 0),
                                               str(sub.nodes[n].get("label", n)).casefold())):
        if n == node:
            continue
        direct = sub.has_edge(node, n)
        clauses = sub[node][n].get("clauses", []) if direct else []
        rows.append([str(dist[n]), str(sub.nodes[n].get("label", n)), str(sub.nodes[n].get("type", "")),
                     str(sub[node][n].get("weight", 1)) if direct else "",
                     ", ".join(f"{d.rsplit('.', 1)[0]} {c}" for d, c in clauses)])
    out.write(_table(["hops", "entity", "type", "weight", "clauses"], rows, 80))
