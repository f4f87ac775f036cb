"""clausegraph: a knowledge graph of the actors, threats, instruments and commitments in parliamentary resolutions.

Layers point one way: `vocab` and `resources` are leaves; `ingest` turns text into triples; `graph` stores,
queries, validates and analyses triples; `pipeline` composes the two; `cli` and `app` (with `views`) are the only
places that print or draw.
"""
