"""The project's error classes: each reaches the user as one clear line, never a traceback."""
from __future__ import annotations


class ClauseGraphError(Exception):
    """Base of every error the command line and the app report as one line."""


class InputError(ClauseGraphError):
    """A file that cannot be read as a document: missing, empty, binary, wrong format."""


class StructureError(InputError):
    """A text that reads but has no structure of a resolution (no numbered paragraphs)."""


class StoreError(ClauseGraphError):
    """The store cannot be opened, read or written."""


class QueryError(ClauseGraphError):
    """An unknown named query, a malformed SPARQL text or a bad parameter."""
