"""Named SPARQL queries from queries/*.rq: load by name, file or text; bind parameters; run them whole, a page
at a time (LIMIT and OFFSET handed to the engine, with the row count) or as a stream of rows; data formats."""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from clausegraph.errors import QueryError
from clausegraph.graph.query import ordering
from clausegraph.graph.store import Result, Store, bind, bind_rows
from clausegraph.graph.store.terms import plain
from clausegraph.resources import query_dir
from clausegraph.vocab import ENT, slug
from rdflib import Literal, URIRef
from rdflib.term import Node

QUERY_DIR = query_dir()
# the query form after the prologue: PREFIX and BASE declarations (on one line or several) and comments
READ_FORMS = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*|#[^\n]*(?:\n|$)\s*)*"
                        r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


@dataclass
class Param:
    name: str
    kind: str  # "IRI" | "literal" | "integer"
    required: bool
    note: str = ""


@dataclass
class NamedQuery:
    """A SPARQL query with its header: description, parameters and columns."""

    name: str
    text: str
    description: str = ""
    params: dict[str, Param] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)
    pages: tuple[str, str] | None = None  # ("document", "?d cg:sourceFile ?document"): see run_page


def parse_header(name: str, text: str) -> NamedQuery:
    """Read the comment header of a .rq file ("# params: x (IRI, required) ; y (literal, optional)")."""
    q = NamedQuery(name, text)
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        body = line.lstrip("# ").rstrip()
        if body.lower().startswith("params:"):
            spec = body.split(":", 1)[1].strip()
            if spec.lower() != "none":
                for part in spec.split(";"):
                    m = re.match(r"\s*(\w+)\s*\((\w+)(?:,\s*(required|optional))?(?::\s*(.*))?\)", part)
                    if m:
                        q.params[m.group(1)] = Param(m.group(1), m.group(2), m.group(3) == "required",
                                                     m.group(4) or "")
        elif body.lower().startswith("columns:"):
            q.columns = [c.strip() for c in body.split(":", 1)[1].split(",") if c.strip()]
        elif (m := re.match(r"pages:\s*(\w+)\s+by\s+(.+)", body, re.I)):
            q.pages = (m.group(1), m.group(2).strip())
        elif not q.description:
            q.description = body
    return q


def list_queries(directory: Path = QUERY_DIR) -> list[NamedQuery]:
    """Every named query of the queries folder, by name."""
    return [parse_header(p.stem, p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.rq"))]


def load_query(ref: str, directory: Path = QUERY_DIR) -> NamedQuery:
    """A query by name ("clause-mentions"), by path ("my.rq") or as SPARQL text.

    Raises:
        QueryError: an unknown name or a missing file.
    """
    named = directory / f"{ref}.rq"
    if re.fullmatch(r"[\w.-]+", ref) and named.exists():
        return parse_header(ref, named.read_text(encoding="utf-8"))
    if ref.endswith(".rq"):
        path = Path(ref)
        if not path.exists():
            raise QueryError(f"no such query file: {ref}")
        return parse_header(path.stem, path.read_text(encoding="utf-8"))
    if re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE)\b", ref, re.I) and " " in ref:
        return NamedQuery("(text)", ref)
    known = ", ".join(q.name for q in list_queries(directory))
    raise QueryError(f"unknown query {ref!r}; named queries are: {known}")


def to_term(value: str, kind: str = "literal") -> Node:
    """A parameter value as an RDF term: an IRI (a full IRI, <IRI>, or an entity key), an integer or a literal."""
    if kind == "IRI" or value.startswith("<") or re.match(r"^[a-z][a-z0-9+.-]*://", value):
        iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        if not re.match(r"^[a-z][a-z0-9+.-]*:", iri):
            iri = f"{ENT}{slug(iri)}"  # "Russia" or "russia" -> the entity IRI
        return URIRef(iri)
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise QueryError(f"not an integer: {value!r}")
        return Literal(int(value))
    return Literal(value)


def bindings(query: NamedQuery, params: dict[str, str]) -> dict[str, Node]:
    """Check the parameters against the query's header and turn them into RDF terms."""
    out: dict[str, Node] = {}
    for name, value in params.items():
        spec = query.params.get(name)
        if spec is None and query.params:
            raise QueryError(f"query {query.name} has no parameter {name!r}; it takes: {', '.join(query.params)}")
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryError(f"bad parameter name {name!r}")
        out[name] = to_term(value, spec.kind if spec else "literal")
    missing = [p.name for p in query.params.values() if p.required and p.name not in params]
    if missing:
        raise QueryError(f"query {query.name} needs --param {missing[0]}=...")
    return out


def parse_params(pairs: list[str]) -> dict[str, str]:
    """["k=v", ...] -> {"k": "v"}."""
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise QueryError(f"parameter {pair!r} is not of the form name=value")
        k, v = pair.split("=", 1)
        if k.strip() in out:
            raise QueryError(f"parameter {k.strip()!r} given twice; a query takes one value of each")
        out[k.strip()] = v
    return out


def is_read_only(sparql: str) -> bool:
    """Whether the text is a query (SELECT, ASK, CONSTRUCT, DESCRIBE), not an update."""
    return bool(READ_FORMS.match(sparql))


def run(store: Store, query: NamedQuery, params: dict[str, str] | None = None) -> Result:
    """Run a query with its parameters bound; updates are refused."""
    if not is_read_only(query.text):
        raise QueryError("only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are run here; updates are refused")
    return execute(store, query.text, bindings(query, params or {}))


def execute(store: Store, sparql: str, values: dict[str, Node] | None = None) -> Result:
    """The query's answer with values bound; a trailing ORDER BY over variables is sorted here, in
    Python, which takes about half the time on large listings (see graph/query/ordering.py)."""
    order = ordering.plan(sparql)
    if order is None:
        return projected(sparql, store.query(sparql, values))
    try:
        result = store.query(order.text, values)
    except QueryError:  # the engine's own words, about the query as written (and a safety net for the rewrite)
        return projected(sparql, store.query(sparql, values))
    try:
        return Result(*ordering.finish(order, result.columns, result.rows))
    except ordering.Unsortable:  # values whose order is the engine's own (dates, blank nodes...)
        return projected(sparql, store.query(sparql, values))


SELECT_ALL = re.compile(r"SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", re.I)


def star_order(sparql: str, columns: list[str]) -> list[int] | None:
    """For a `SELECT *`, the positions of the columns in the order their variables first appear in the query
    (the engine lists them alphabetically); None for any other query, or when the order is already that."""
    form = READ_FORMS.match(sparql)
    if form is None or not SELECT_ALL.match(sparql, form.start(1)):
        return None
    scanned = ordering.mask(sparql)
    text = scanned[1] if scanned else sparql
    seen = list(dict.fromkeys(re.findall(r"[?$](\w+)", text[form.start(1):])))
    rank = {name: i for i, name in enumerate(seen)}
    order = sorted(range(len(columns)), key=lambda i: (rank.get(columns[i], len(seen)), i))
    return None if order == list(range(len(columns))) else order


def projected(sparql: str, result: Result) -> Result:
    """The result with the columns of a `SELECT *` in the order of the query's text (see star_order)."""
    order = star_order(sparql, result.columns)
    if order is None:
        return result
    pick = itemgetter(*order) if len(order) > 1 else (lambda row: (row[order[0]],))
    return Result([result.columns[i] for i in order], [list(pick(row)) for row in result.rows])


# -- pages and streams -------------------------------------------------------------------------------------

def _checked(query: NamedQuery) -> None:
    if not is_read_only(query.text):
        raise QueryError("only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are run here; updates are refused")


def page_text(sparql: str, limit: int | None, offset: int = 0) -> str:
    """The query with LIMIT and OFFSET added after its ORDER BY, so the engine returns only that page.

    Raises:
        QueryError: a negative limit or offset, or a query that ends with its own LIMIT or OFFSET.
    """
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError("--limit and --offset take whole numbers from 0")
    scanned = ordering.mask(sparql)
    if re.search(r"\b(LIMIT|OFFSET)\s+\d+\s*$", (scanned[1] if scanned else sparql).rstrip(), re.I):
        raise QueryError("the query has its own LIMIT or OFFSET; page it with those, not --limit and --offset")
    return sparql.rstrip() + (f"\nLIMIT {limit}" if limit is not None else "") + (f"\nOFFSET {offset}" if offset
                                                                                   else "") + "\n"


def count_text(sparql: str) -> str:
    """A query counting the rows of a SELECT (its ORDER BY dropped): the query as a subquery of a COUNT."""
    form = READ_FORMS.match(sparql)
    if form is None or form.group(1).upper() != "SELECT":
        raise QueryError("only a SELECT's rows are counted")
    body = ordering.without_order(sparql)[form.start(1):]
    return f"{sparql[:form.start(1)]}SELECT (COUNT(*) AS ?rows) WHERE {{\n{{\n{body}\n}}\n}}"


def count_rows(store: Store, query: NamedQuery, params: dict[str, str] | None = None) -> int:
    """The number of rows of a SELECT with its parameters bound, counted by the engine (no row handed over)."""
    _checked(query)
    result = store.query(count_text(bind(query.text, bindings(query, params or {}))))
    return int(result.rows[0][0].toPython()) if result.rows and result.rows[0][0] is not None else 0  # type: ignore[union-attr]


def run_page(store: Store, query: NamedQuery | str, params: dict[str, str] | None = None, limit: int | None = 100,
             offset: int = 0, count: bool = True) -> tuple[Result, int | None]:
    """One page of a query's rows, and the number of rows of the whole answer (None unless count).

    LIMIT and OFFSET go to the engine after the query's ORDER BY; every named query orders its rows totally
    (tests/graph/test_ordering.py), so the pages of a query put together are its whole answer, in order,
    each row once: the rows of run_page(..., limit, offset) are those of run(...)[offset:offset + limit].
    A query whose header says how its rows come in runs of one parameter (`# pages: document by PATTERN`,
    see paged_by) is paged a few parameter values at a time, so a first page costs a few documents, not
    the whole answer evaluated and sorted.

    Args:
        query: a NamedQuery, or the name of one.
        limit: rows per page (None: every row from offset).
        count: also count the rows of the whole answer (a second query: the engine evaluates the whole
            pattern, no row handed over).
    """
    q = load_query(query) if isinstance(query, str) else query
    _checked(q)
    values = bindings(q, params or {})
    page_text(q.text, limit, offset)  # the checks of the numbers and of the query's own LIMIT
    result = _by_runs(store, q, values, limit, offset) if limit is not None else None
    if result is None:
        result = projected(q.text, store.query(page_text(q.text, limit, offset), values))
    form = READ_FORMS.match(q.text)
    total = count_rows(store, q, params) if count and form is not None and form.group(1).upper() == "SELECT" \
        else None
    return result, total


def driver_text(query: NamedQuery) -> tuple[str, str, list[str]] | None:
    """For a query whose header reads `# pages: PARAM by PATTERN`: the SELECT listing each value of the
    parameter with the leading ORDER BY keys that PATTERN binds (the longest such prefix, at least one
    key), in the query's order; with the parameter and those keys. None for any other query, or when the
    order does not start with a key the pattern binds.

    The header is the query's promise, checked by tests/graph/test_ordering.py on every page: every row
    has the parameter bound, and its leading keys are those PATTERN gives its parameter value."""
    if query.pages is None:
        return None
    param, pattern = query.pages
    scanned = ordering.mask(query.text)
    form = READ_FORMS.match(query.text)
    tail = ordering.ORDER_TAIL.search(scanned[1].rstrip()) if scanned else None
    if tail is None or form is None:
        return None
    bound = set(re.findall(r"[?$](\w+)", pattern))
    keys = []
    for m in ordering.ORDER_KEY.finditer(tail.group(1)):
        if m.group(2) not in bound:
            break
        keys.append((m.group(2), (m.group(1) or "").upper() == "DESC"))
    if not keys or param not in bound:
        return None
    names = [param] + [k for k, _ in keys if k != param]
    order = " ".join(f"DESC(?{k})" if desc else f"?{k}" for k, desc in keys)
    text = (f"{query.text[:form.start(1)]}SELECT DISTINCT {' '.join('?' + n for n in names)} WHERE {{\n  {pattern}\n}}"
            f"\nORDER BY {order}\n")
    return text, param, [k for k, _ in keys]


def _batch(sparql: str, names: list[str], rows: list[list[Node]]) -> str:
    """The query with a VALUES block of rows opening its WHERE group (bind_rows) and, the same block, each
    branch of a UNION directly in that group: the same answer (a join distributes over a union), but
    Oxigraph joins VALUES only with the patterns of its own group, so a branch left without it is evaluated
    whole, for every batch (queries/threats.rq: 500 ms instead of 1). A branch that is a subquery or binds
    one of the names itself (BIND ... AS) is left as it is."""
    text = bind_rows(sparql, names, rows)
    scanned = ordering.mask(text)
    where = re.search(r"\bWHERE\s*\{", scanned[1], re.I) if scanned else None
    if scanned is None or where is None:
        return text
    masked = scanned[1]
    end = ordering.bracket_end(masked, where.end() - 1, "{", "}") or len(masked)
    block = bind_rows("WHERE {}", names, rows)[len("WHERE {"):-1]  # the VALUES block, as bind_rows writes it
    groups, i = [], where.end()
    while i < end:
        if masked[i] == "{":
            close = ordering.bracket_end(masked, i, "{", "}")
            if close is None:
                return text
            groups.append((i, close))
            i = close + 1
        else:
            i += 1
    inserts = []
    for start, close in groups:
        before, after = masked[where.end():start].rstrip(), masked[close + 1:end].lstrip()
        if not (re.search(r"\bUNION$", before, re.I) or re.match(r"UNION\b", after, re.I)):
            continue
        inner = masked[start + 1:close]
        if re.match(r"\s*SELECT\b", inner, re.I) or any(
                re.search(rf"\bAS\s+[?$]{n}\b", inner, re.I) for n in names):
            continue
        inserts.append(start + 1)
    for at in reversed(inserts):
        text = text[:at] + block + text[at:]
    return text


def _by_runs(store: Store, q: NamedQuery, values: dict[str, Node], limit: int, offset: int,
             first: int = 4) -> Result | None:
    """A page gathered a few values of the query's paging parameter at a time (see driver_text), in the
    order of the driver: each batch is the query with those values bound (VALUES), sorted by the engine.
    A batch never splits values whose leading keys tie (their rows may interleave), so the rows are the
    whole answer's, in its order. Batches before the page are counted, not handed over. None where the
    query is not paged so (no header, its parameter given, a driver value listed twice)."""
    driver = driver_text(q)
    if driver is None or driver[1] in values:
        return None
    text, param, keys = driver
    listed = execute(store, text, {k: v for k, v in values.items() if k in re.findall(r"[?$](\w+)", text)} or None)
    at = {name: i for i, name in enumerate(listed.columns)}
    if len({row[at[param]] for row in listed.rows}) != len(listed.rows) or not listed.rows:
        return None  # a value with two sets of keys: its rows are not one run
    groups: list[list[Node]] = []  # runs of parameter values whose keys tie
    previous = None
    for row in listed.rows:
        key = tuple(row[at[k]] for k in keys)
        if key != previous or not groups:
            groups.append([])
        groups[-1].append(row[at[param]])
        previous = key
    names = sorted({*values, param})
    columns: list[str] | None = None
    rows: list[list[Node | None]] = []
    skip, size, fetched, i = offset, first, 0, 0
    while i < len(groups) and len(rows) < limit:
        batch: list[Node] = []
        while i < len(groups) and (not batch or len(batch) < size):
            batch += groups[i]
            i += 1
        bound = _batch(q.text, names, [[values.get(n, v) for n in names] for v in batch])
        if skip:
            counted = store.query(count_text(bound)).rows
            n = int(counted[0][0].toPython()) if counted and counted[0][0] is not None else 0  # type: ignore[union-attr]
            if n <= skip:
                skip, size = skip - n, size * 2
                continue
        answer = projected(q.text, store.query(page_text(bound, limit - len(rows), skip)))
        columns, skip, fetched = answer.columns, 0, fetched + len(batch)
        rows += answer.rows
        # enough values for the rows still wanted at the rate seen so far, at least twice as many as before and
        # at most four times: values' rows vary (threats: an actor has a few, a named threat hundreds), and a
        # batch of every value costs the whole answer
        size = min(max(size * 2, int((limit - len(rows)) * fetched / max(len(rows), 1) * 1.5) + 1), size * 4)
    if columns is None:  # nothing handed over: the columns of an empty page
        bound = _batch(q.text, names, [[values.get(n, v) for n in names] for v in groups[0]])
        columns = projected(q.text, store.query(page_text(bound, 0))).columns
    return Result(columns, rows)


def stream(store: Store, query: NamedQuery, params: dict[str, str] | None = None, limit: int | None = None,
           offset: int = 0) -> tuple[list[str], Iterator[list[Node | None]]]:
    """The columns of a query and its rows as the engine yields them (sorted by the engine, never held here):
    what an export of any size writes, in memory that does not grow with the rows."""
    _checked(query)
    text = page_text(query.text, limit, offset) if limit is not None or offset else query.text
    columns, rows = store.stream(text, bindings(query, params or {}))
    order = star_order(query.text, columns)
    if order is None:
        return columns, rows
    pick = itemgetter(*order) if len(order) > 1 else (lambda row: (row[order[0]],))
    return [columns[i] for i in order], (list(pick(row)) for row in rows)


def run_with_timeout(store: Store, query: NamedQuery, params: dict[str, str] | None, seconds: float) -> Result:
    """Run a query in a child process killed after seconds (a QueryError then): a runaway query frees its
    CPU at once (graph/query/sandbox.py). An update, a syntax error or a parameter that binds no variable
    is reported before anything runs."""
    from clausegraph.graph.query.sandbox import run_cancellable  # the sandbox runs `run` of this module

    return run_cancellable(store, query, params, seconds)


def run_named(store: Store, name: str, **params: str) -> Result:
    """Run a named query by name with keyword parameters."""
    return run(store, load_query(name), params)


def to_csv(result: Result) -> str:
    """Results as CSV text: a header of the columns, then one line per row (terms by their text)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(result.columns)
    for row in result.rows:
        w.writerow([plain(v) for v in row])
    return buf.getvalue()


def to_json(result: Result) -> str:
    """Results as a JSON list of objects (numbers as numbers, everything else as text)."""
    def value(t: Node | None) -> object:
        if isinstance(t, Literal) and isinstance(t.toPython(), (int, float, bool)):
            return t.toPython()
        return None if t is None else str(t)

    return json.dumps([dict(zip(result.columns, map(value, row), strict=True)) for row in result.rows],
                      ensure_ascii=False, indent=2)
