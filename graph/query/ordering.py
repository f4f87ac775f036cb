"""Sort a query's rows in Python instead of in the engine, with SPARQL's ORDER BY order.

Oxigraph sorts by decoding both terms of every comparison from its dictionary, a RocksDB read for
every text longer than a few bytes (document names, labels): at 1,000 documents, sorting the
47,000 rows of clause-mentions took more than half of its time. Python compares the same values in
milliseconds. `plan` recognises a SELECT whose last clause is `ORDER BY` over plain variables (ASC or
DESC), drops that clause and adds the order variables the query does not project to its SELECT;
`finish` sorts the rows, removes the added columns and, for SELECT DISTINCT, the duplicates that
the hidden columns kept apart. A query of any other shape (an expression, LIMIT or OFFSET after
ORDER BY, SELECT *, VALUES after the WHERE group, an order variable an aggregate query may not
project) is left to the engine unchanged; see `plan`.

The order is Oxigraph's, for the values it is reproduced for: unbound first, then IRIs (by their
text), then literals: texts (plain, xsd:string, language-tagged) by their text, then datatype
(rdf:langString before xsd:string) and language; integers and decimals by value; doubles by value;
dates and date-times without a time zone by value (with one, a comparison can be indeterminate and
Oxigraph falls back on the text). Any other key value (a blank node, a zoned date, a boolean, a float,
an ill-typed number or date, a number beyond Oxigraph's range) or a column that mixes texts, numbers,
dates and date-times, where Oxigraph's order is its own, makes
`finish` raise Unsortable, and the caller runs the query as written. Rows whose keys tie keep the
engine's order (the sort is stable). A remote server gets the same order: SPARQL defines it for
texts, numbers and IRIs, except between language-tagged texts, which it leaves to each engine.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

ORDER_TAIL = re.compile(
    r"\bORDER\s+BY((?:\s+(?:(?:ASC|DESC)\s*\(\s*[?$]\w+\s*\)|[?$]\w+))+)\s*$", re.I)
SELECT_FORM = re.compile(r"\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*SELECT\s+(DISTINCT\s+|REDUCED\s+)?",
                         re.I)
ORDER_KEY = re.compile(r"(ASC|DESC)?\s*\(?\s*[?$](\w+)", re.I)
DATASET = re.compile(r"(?:\s*FROM\s+(?:NAMED\s+)?(?:<[^>]*>|[\w.-]*:[\w.-]*))*\s*(?:WHERE\s*)?", re.I)
MODIFIERS = re.compile(r"\s*(?:GROUP\s+BY(?P<group>(?:\s*[?$]\w+)+))?\s*(?P<having>HAVING\b.*)?", re.I | re.S)
AGGREGATE = re.compile(r"\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", re.I)
IRI = re.compile(r"<[^\s<>\"{}|^`\\]*>")
INTEGERS = {str(XSD[t]) for t in (
    "integer", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte", "nonNegativeInteger",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "positiveInteger")}
INTEGER_FORM = re.compile(r"[+-]?[0-9]+")
DECIMAL_FORM = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
DOUBLE_FORM = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# a date or date-time without a time zone; the year has four digits (no leading zeros beyond that), hours end at 23
DATE_FORM = re.compile(r"(-?(?:[1-9][0-9]{4,}|[0-9]{4}))-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")
TIME_FORM = re.compile(r"T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9](?:\.[0-9]+)?)")
TEXTS = {"", str(XSD.string)}


class Unsortable(Exception):
    """A key value whose SPARQL order Python does not reproduce exactly: the engine must sort."""


@dataclass(frozen=True)
class Plan:
    """How to finish rows of the rewritten query: sort keys (column, descending), extra columns, DISTINCT."""

    text: str
    keys: tuple[tuple[str, bool], ...]
    added: tuple[str, ...]
    distinct: bool


def mask(sparql: str) -> tuple[str, str] | None:
    """(the text with comments blanked, the same with the insides of strings and IRIs blanked too), both as
    long as the text, so a position in one is a position in the other; None for a long (triple-quoted)
    string, which this scanner does not follow."""
    clean, masked = list(sparql), list(sparql)
    i, n = 0, len(sparql)
    while i < n:
        ch = sparql[i]
        if ch in "\"'":
            if sparql.startswith(ch * 3, i):
                return None
            j = i + 1
            while j < n and sparql[j] != ch and sparql[j] != "\n":
                j += 2 if sparql[j] == "\\" else 1
            masked[i + 1:min(j, n)] = " " * (min(j, n) - i - 1)
            i = j + 1
        elif ch == "<" and (m := IRI.match(sparql, i)):
            masked[i + 1:m.end() - 1] = " " * (m.end() - i - 2)
            i = m.end()
        elif ch == "\\":  # an escape in a prefixed name (ex:c\#sharp): the next character is a name's
            masked[i:i + 2] = "x" * len(masked[i:i + 2])
            i += 2
        elif ch == "#":
            j = sparql.find("\n", i)
            j = n if j < 0 else j
            clean[i:j] = masked[i:j] = " " * (j - i)
            i = j
        else:
            i += 1
    return "".join(clean), "".join(masked)


def without_order(sparql: str) -> str:
    """The query without the ORDER BY over variables that ends it (as written when there is none)."""
    scanned = mask(sparql)
    if scanned is None:
        return sparql
    tail = ORDER_TAIL.search(scanned[1].rstrip())
    return sparql if tail is None else sparql[:tail.start()].rstrip() + "\n"


def bracket_end(masked: str, start: int, opening: str, closing: str) -> int | None:
    """The position of the bracket that closes the one at start (strings and IRIs masked), or None."""
    depth = 0
    for i in range(start, len(masked)):
        if masked[i] == opening:
            depth += 1
        elif masked[i] == closing:
            depth -= 1
            if depth == 0:
                return i
    return None


@lru_cache(maxsize=256)  # named queries run again and again; reading one takes 0.3 ms, a query 1 ms
def plan(sparql: str) -> Plan | None:
    """The query rewritten to be sorted by `finish`, or None when the engine must sort it.

    Only a SELECT of this shape is rewritten: a projection of variables and `(expression AS ?v)`; an
    optional dataset (FROM), the WHERE group, then at most GROUP BY over variables and HAVING, then the
    ORDER BY over variables that ends the query. Anything else (LIMIT, OFFSET, VALUES after the group,
    GROUP BY an expression, SELECT *, a CONSTRUCT) is sorted by the engine."""
    scanned = mask(sparql)
    if scanned is None:
        return None
    clean, masked = scanned
    masked = masked.rstrip()
    tail = ORDER_TAIL.search(masked)
    select = SELECT_FORM.match(masked)
    if tail is None or select is None:
        return None
    pos, projected, aggregate = select.end(), set(), False
    while True:  # the projection, token by token
        while pos < len(masked) and masked[pos].isspace():
            pos += 1
        if masked.startswith(("?", "$"), pos) and (var := re.match(r"[?$](\w+)", masked[pos:])):
            projected.add(var.group(1))
            pos += var.end()
        elif masked.startswith("(", pos):
            close = bracket_end(masked, pos, "(", ")")
            alias = re.search(r"\bAS\s+[?$](\w+)\s*$", masked[pos + 1:close] if close else "", re.I)
            if close is None or alias is None:
                return None
            projected.add(alias.group(1))
            aggregate = aggregate or bool(AGGREGATE.search(masked[pos:close]))
            pos = close + 1
        else:
            break
    end_of_projection = pos
    dataset = DATASET.match(masked, pos)
    if not projected or dataset is None or not masked.startswith("{", dataset.end()):
        return None
    close = bracket_end(masked, dataset.end(), "{", "}")
    modifiers = MODIFIERS.fullmatch(masked, close + 1, tail.start()) if close is not None else None
    if modifiers is None:
        return None
    keys = tuple((m.group(2), (m.group(1) or "").upper() == "DESC") for m in ORDER_KEY.finditer(tail.group(1)))
    added = tuple(dict.fromkeys(name for name, _ in keys if name not in projected))
    groups = set(re.findall(r"[?$](\w+)", modifiers.group("group") or ""))
    if added and (groups or modifiers.group("having") or aggregate) and not set(added) <= groups:
        return None  # an aggregate query may only project its group keys
    extra = "".join(f" ?{name}" for name in added)
    rewritten = (clean[:end_of_projection].rstrip() + extra + "\n" + clean[end_of_projection:tail.start()].rstrip()
                 + "\n")
    distinct = bool(select.group(1)) and select.group(1).strip().upper() == "DISTINCT"
    return Plan(rewritten, keys, added, distinct)


def sort_key(term: Node | None) -> tuple:
    """A key that orders terms as SPARQL's ORDER BY does in Oxigraph (see the module's docstring).

    Raises:
        Unsortable: a blank node, or a literal other than a text, a well-formed integer or decimal in
            Oxigraph's range, or a finite double (dates, booleans, floats, other datatypes, ill-typed values).
    """
    if term is None:
        return (0,)
    if isinstance(term, URIRef):
        return (2, str(term))
    if not isinstance(term, Literal):
        raise Unsortable(f"a blank node: {term!r}")
    datatype = str(term.datatype or "")
    text = str(term)
    if term.language:
        return (3, "text", text, str(RDF.langString), term.language)
    if datatype in TEXTS:
        return (3, "text", text, str(XSD.string), "")
    if datatype in INTEGERS and INTEGER_FORM.fullmatch(text) and -(2 ** 63) <= int(text) < 2 ** 63:
        return (3, "number", Decimal(int(text)), "", "")
    if datatype == str(XSD.decimal) and DECIMAL_FORM.fullmatch(text) and sum(c.isdigit() for c in text) <= 18:
        return (3, "number", Decimal(text), "", "")
    if datatype == str(XSD.double) and DOUBLE_FORM.fullmatch(text):
        return (3, "double", float(text), "", "")
    if datatype in (str(XSD.date), str(XSD.dateTime)) and (day := _day(text)) is not None:
        date, rest = day
        if datatype == str(XSD.date) and not rest:
            return (3, "date", date, "", "")
        if datatype == str(XSD.dateTime) and (time := TIME_FORM.fullmatch(rest)):
            return (3, "dateTime", (*date, int(time.group(1)), int(time.group(2)), Decimal(time.group(3))), "", "")
    raise Unsortable(f"a literal of {datatype or 'no datatype'}: {text!r}")


def _day(text: str) -> tuple[tuple[int, int, int], str] | None:
    """(year, month, day) of a date's text and what follows it, or None when it is no valid date."""
    m = DATE_FORM.match(text)
    if m is None:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if day > (29 if leap else 28) and month == 2 or day == 31 and month in (4, 6, 9, 11):
        return None
    return (year, month, day), text[m.end():]


def finish(p: Plan, columns: list[str], rows: list[list[Node | None]]) -> tuple[list[str], list[list[Node | None]]]:
    """The rows sorted by the plan's keys, its added columns removed, duplicates removed for DISTINCT.

    Raises:
        Unsortable: a key value or a mix of them that Python does not order as Oxigraph does (the caller
            then runs the query as written), or an answer without an order column.
    """
    index = {name: i for i, name in enumerate(columns)}
    if any(name not in index for name, _ in p.keys):
        raise Unsortable(f"the answer lacks an order column ({', '.join(columns)})")
    keys = [(index[name], descending) for name, descending in p.keys]
    ordered = list(rows)
    # Each column's terms are ranked once (rows repeat few term objects; hashing or comparing rdflib
    # terms row by row costs more than the sort), then rows are sorted by tuples of integers.
    ranks = []
    for i, _ in keys:
        column = list(map(itemgetter(i), ordered))
        ids = list(map(id, column))
        firsts = dict(zip(ids, column, strict=True))
        key_of = {ident: sort_key(term) for ident, term in firsts.items()}
        if len({k[1] for k in key_of.values() if k[0] == 3}) > 1:  # Oxigraph's order of mixed kinds is its own
            raise Unsortable("a column mixes texts, numbers and doubles")
        rank_of = {k: r for r, k in enumerate(sorted(set(key_of.values())))}
        by_id = {ident: rank_of[k] for ident, k in key_of.items()}
        ranks.append(list(map(by_id.__getitem__, ids)))
    positions = list(range(len(ordered)))
    if len({descending for _, descending in keys}) == 1:
        decorated = list(zip(*ranks, strict=True))
        positions.sort(key=decorated.__getitem__, reverse=keys[0][1])
    else:
        for (_, descending), column in reversed(list(zip(keys, ranks, strict=True))):
            positions.sort(key=column.__getitem__, reverse=descending)  # stable, least significant first
    ordered = [ordered[n] for n in positions]
    keep = [i for i, name in enumerate(columns) if name not in p.added]
    if len(keep) == len(columns):
        return columns, ordered
    pick = itemgetter(*keep) if len(keep) > 1 else (lambda row: (row[keep[0]],))
    out = list(map(list, map(pick, ordered)))
    if p.distinct:
        out = _unique(out)
    return [columns[i] for i in keep], out


def _unique(rows: list[list[Node | None]]) -> list[list[Node | None]]:
    """The rows without repeats, first occurrences kept; equal terms held in different objects count
    as one (each object is hashed once, not once per row)."""
    canonical: dict[Node | None, Node | None] = {}
    ident: dict[int, int] = {}
    for row in rows:
        for term in row:
            if id(term) not in ident:
                ident[id(term)] = id(canonical.setdefault(term, term))
    seen: set[tuple[int, ...]] = set()
    out = []
    for row in rows:
        key = tuple(map(ident.__getitem__, map(id, row)))
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out
