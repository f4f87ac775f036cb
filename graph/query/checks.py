"""What is wrong with a query before it runs: an update, a syntax error (the parser's message and position),
a parameter that names no variable of the query (SPARQL 1.1 Query, section 19 grammar, via rdflib's parser)."""
from __future__ import annotations

import re

from clausegraph.errors import QueryError

# what hides variable-like text: comments, strings (long ones first), IRIs
_HIDDEN = re.compile(r'#[^\n]*|"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|'
                     r'<[^<>"{}|^`\\\s]*>')
_VARIABLE = re.compile(r"[?$]([A-Za-z_\d][\w]*)")


def variables(sparql: str) -> list[str]:
    """The names of the variables the query text uses, in order of first use (comments, strings and IRIs
    are not read)."""
    seen: dict[str, None] = {}
    for m in _VARIABLE.finditer(_HIDDEN.sub(" ", sparql)):
        seen.setdefault(m.group(1), None)
    return list(seen)


def unmatched(sparql: str, params: dict[str, str]) -> QueryError | None:
    """An error naming each parameter that matches no variable of the query, and the variables it has."""
    names = variables(sparql)
    missing = [p for p in params if p not in names]
    if not missing:
        return None
    listed = ", ".join(f"?{v}" for v in names) or "none"
    which = ", ".join(repr(p) for p in missing)
    return QueryError(f"parameter {which} matches no variable of the query (nothing would be bound, so the "
                      f"answer would be wrong); the query's variables are: {listed}")


def not_a_query(sparql: str) -> QueryError:
    """Why text that does not start as a query cannot run: an update is refused; anything else is a syntax
    error, reported with the parser's message, line and column."""
    from pyparsing.exceptions import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parseUpdate(sparql)
    except ParseBaseException:
        pass
    else:
        return QueryError("only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are run here; updates are refused")
    try:
        parseQuery(sparql)
    except ParseBaseException as exc:
        return QueryError(syntax_message(exc.msg, exc.lineno, exc.col, exc.line))
    return QueryError("only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are run here")


def syntax_message(message: str, line: int, column: int, text: str) -> str:
    """A syntax error as one readable message: where, what the parser expected, and the line marked."""
    return (f"SPARQL syntax error at line {line}, column {column}: {message}\n"
            f"    {text}\n    {' ' * max(0, column - 1)}^")
