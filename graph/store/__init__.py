"""Where the triples live. `base` is the Store protocol every store implements in full, `embedded` the
pyoxigraph store on disk (the default), `remote` any SPARQL 1.1 server, `serve` an Oxigraph server over a
snapshot of the embedded store, `load` the vocabulary and entity graphs written beside the documents, and
`terms` the conversion of pyoxigraph terms to rdflib's. Nothing here knows a named query or a shape."""
from clausegraph.graph.store.base import (
    HAS_DOCUMENTS,
    ONTOLOGY_GRAPH,
    Result,
    Store,
    bind,
    bind_rows,
    insert_data,
    serialize_dataset,
)
from clausegraph.graph.store.embedded import (
    MAX_SNAPSHOTS,
    EmbeddedStore,
    latest_snapshot,
    open_store,
    snapshots_folder,
    store_path,
    store_version,
)

__all__ = ["HAS_DOCUMENTS", "MAX_SNAPSHOTS", "ONTOLOGY_GRAPH", "EmbeddedStore", "Result", "Store", "bind",
           "bind_rows", "insert_data", "latest_snapshot", "open_store", "serialize_dataset", "snapshots_folder",
           "store_path", "store_version"]
