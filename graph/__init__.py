"""Triples to answers: store them, query them, validate them, analyse them. Four roles, each a subpackage,
each importing only those below it: `analytics` and `validation` over `query` over `store`. Nothing here
reads text (that is `clausegraph.ingest`) or prints for a person (that is the CLI and the app)."""
