"""The data files that ship inside the package, found with importlib.resources (never beside a source file):
the ontology (ontology/*.ttl), the named queries (queries/*.rq, *.ru) and the Streamlit app."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def ontology_dir() -> Path:
    """The folder of the shipped ontology files (clausegraph.ttl, shapes.ttl, entities.ttl ...)."""
    return Path(str(files("clausegraph.ontology")))


def query_dir() -> Path:
    """The folder of the shipped named queries."""
    return Path(str(files("clausegraph.queries")))


def package_dir() -> Path:
    """The folder of the installed clausegraph package (app.py, views/)."""
    return Path(str(files("clausegraph")))


def ingest_sources() -> list[Path]:
    """The annotator's code, for the fingerprint that decides when a document is rebuilt."""
    return sorted(Path(str(files("clausegraph.ingest"))).glob("*.py"))
