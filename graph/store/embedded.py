"""The embedded store: pyoxigraph in a folder on disk, with snapshots for readers in other processes."""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from clausegraph.errors import QueryError, StoreError
from clausegraph.graph.store.base import Result, bind, insert_data, serialize_dataset
from clausegraph.graph.store.terms import converter
from clausegraph.vocab import CG, PREFIXES
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

DEFAULT_STORE = Path(".clausegraph/store")
READ_RETRIES = 8
KEEP_SNAPSHOTS = 3
MAX_SNAPSHOTS = 10
SNAPSHOT_GRACE = 60  # seconds
STREAM_MEMORY = 10_000  # rows whose converted terms a stream remembers (repeated terms are built once)
T = TypeVar("T")


def store_path(option: str | os.PathLike[str] | None = None) -> Path:
    """The store folder: the --store option, else $CLAUSEGRAPH_STORE, else ./.clausegraph/store."""
    return Path(option or os.environ.get("CLAUSEGRAPH_STORE") or DEFAULT_STORE)


class EmbeddedStore:
    """A pyoxigraph store in a folder on disk; queries see the union of the named graphs."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if self.path.is_file():
            raise StoreError(f"{self.path} is a file, not a store folder (--store and CLAUSEGRAPH_STORE name a folder)")
        if not read_only and self.path.is_dir() and not (self.path / "CURRENT").exists() \
                and any(self.path.iterdir()):
            raise StoreError(f"{self.path} holds other files and is not a store: name a new or empty folder for it")
        if read_only:
            self._store = self._reading(self._open_read_only)
            return
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from None

    def _open_read_only(self) -> ox.Store:
        if not (self.path / "CURRENT").exists():
            raise StoreError(f"no store at {self.path}: run `clausegraph ingest` first")
        newest = latest_snapshot(self.path)
        return ox.Store.read_only(str(newest or self.path))

    def snapshot(self) -> None:
        """Publish the store as it is now to readers in other processes (the app, `serve`, read-only
        verbs): a RocksDB checkpoint (hard links, cheap) in <store>.snapshots/, made under a temporary
        name and renamed when complete. Readers open the newest; no writer ever touches it, so each
        reader sees one consistent state, the old or the new, never a mix."""
        if self.read_only:
            return
        folder = snapshots_folder(self.path)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns():020d}"
        partial = folder / f".{name}.partial"
        try:
            self._store.flush()
            self._store.backup(str(partial))
            os.replace(partial, folder / name)
        except (OSError, RuntimeError) as exc:
            shutil.rmtree(partial, ignore_errors=True)
            raise StoreError(f"cannot publish a snapshot of the store in {folder}: {exc}") from None
        _prune(folder)

    def _reading(self, read: Callable[[], T]) -> T:
        """Run a read; on a read-only store, retry it on a fresh view when a writer in another process
        moved the files under it (RocksDB compaction), which shows as an I/O or corruption error."""
        for attempt in range(READ_RETRIES):
            try:
                return read()
            except (OSError, RuntimeError) as exc:
                if not self.read_only or attempt == READ_RETRIES - 1:
                    raise StoreError(f"cannot read the store at {self.path}: {str(exc).splitlines()[0]}") \
                        from None
            time.sleep(0.02 * (attempt + 1))
            try:
                self._store = self._open_read_only()
            except (OSError, RuntimeError, StoreError):
                continue
        raise AssertionError("unreachable")

    def replace_graph(self, graph_iri: str, graph: Graph, then: str = "") -> None:
        """Drop the named graph and insert graph in its place, then run the update then (derived data
        that goes with it), all in one transaction: a crash leaves the old state or the new, never a mix."""
        try:
            self._store.update(insert_data(graph_iri, graph) + (f" ;\n{then}" if then else ""))
        except Exception as exc:  # rdflib raises a bare Exception for a term it cannot serialise
            raise StoreError(f"cannot write graph {graph_iri}: {exc}") from None

    def remove_graph(self, graph_iri: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update in one transaction."""
        try:
            self._store.update(sparql)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"update failed: {str(exc).splitlines()[0]}") from None

    def graphs(self) -> list[str]:
        return self._reading(lambda: sorted(
            g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)))

    def version(self) -> str:
        """What a reader in another process would see now (see store_version)."""
        return store_version(self.path)

    def sweep_temporary(self, max_age: float = 0.0) -> int:
        """Nothing to sweep: a write to the embedded store is one transaction, so none leaves a remnant."""
        return 0

    def after_bulk_load(self, documents: int) -> str | None:
        """No advice: the embedded store needs no restart after a large ingest."""
        return None

    def graph_ntriples(self, graph_iri: str) -> bytes:
        """One named graph as N-Triples, straight from the store (validation reads documents this way)."""
        return self._reading(lambda: self._store.dump(format=ox.RdfFormat.N_TRIPLES,
                                                      from_graph=ox.NamedNode(graph_iri)) or b"")

    def content_hash(self, graph_iri: str, prop: str = str(CG.contentHash)) -> str | None:
        """The value of a hash property (cg:contentHash by default) held in a named graph."""
        def read() -> str | None:
            quads = self._store.quads_for_pattern(None, ox.NamedNode(prop), None, ox.NamedNode(graph_iri))
            for q in quads:
                return str(getattr(q.object, "value", q.object))
            return None

        return self._reading(read)

    def query(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result:
        """Run a SPARQL query over the union of the named graphs, values bound as variables."""
        text = bind(sparql, bindings)

        def read() -> Result:
            try:
                return self._result(self._store.query(text, use_default_graph_as_union=True))
            except SyntaxError as exc:
                raise QueryError(f"malformed SPARQL: {str(exc).splitlines()[0]}") from None

        return self._reading(read)

    def stream(self, sparql: str, bindings: dict[str, Node] | None = None) \
            -> tuple[list[str], Iterator[list[Node | None]]]:
        """A SELECT's columns and an iterator over its rows as pyoxigraph yields them: memory stays flat
        in the number of rows (the terms seen are remembered for the last STREAM_MEMORY rows only)."""
        text = bind(sparql, bindings)

        def start() -> ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples:
            try:
                return self._store.query(text, use_default_graph_as_union=True)
            except SyntaxError as exc:
                raise QueryError(f"malformed SPARQL: {str(exc).splitlines()[0]}") from None

        answer = self._reading(start)
        if not isinstance(answer, ox.QuerySolutions):
            whole = self._result(answer)
            return whole.columns, iter(whole.rows)

        def rows() -> Iterator[list[Node | None]]:
            conv = converter()
            try:
                for n, solution in enumerate(answer, 1):
                    if n % STREAM_MEMORY == 0:
                        conv = converter()
                    yield [conv(v) for v in solution]
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"cannot read the store at {self.path}: {str(exc).splitlines()[0]}") from None

        return [v.value for v in answer.variables], rows()

    @staticmethod
    def _result(answer: ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples) -> Result:
        if isinstance(answer, ox.QueryBoolean):
            from rdflib import Literal

            return Result(["result"], [[Literal(bool(answer))]])
        conv = converter()
        if isinstance(answer, ox.QueryTriples):
            return Result(["subject", "predicate", "object"],
                          [[conv(t.subject), conv(t.predicate), conv(t.object)] for t in answer])
        # a solution iterates its values in the order of the variables (unbound as None): faster than by name
        return Result([v.value for v in answer.variables], [[conv(v) for v in sol] for sol in answer])

    def dump(self, fmt: str) -> bytes:
        """The whole dataset serialised: nquads or trig keep graphs; turtle and jsonld are built with rdflib."""
        if fmt in ("nquads", "trig"):
            ox_fmt = ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.TRIG
            return self._reading(lambda: self._store.dump(format=ox_fmt, prefixes=PREFIXES) or b"")
        return serialize_dataset(self.dataset(), fmt)

    def dataset(self) -> Dataset:
        """An in-memory rdflib Dataset holding every named graph of the store."""
        ds = Dataset()
        data = self._reading(lambda: self._store.dump(format=ox.RdfFormat.N_QUADS) or b"")
        if data:
            ds.parse(data=data.decode("utf-8"), format="nquads")
        from clausegraph.vocab import CG as _cg
        from clausegraph.vocab import ENT, NIF

        for prefix, ns in (("cg", _cg), ("ent", ENT), ("nif", NIF)):
            ds.bind(prefix, ns)
        return ds

    def flush(self) -> None:
        if not self.read_only:
            self._store.flush()

    def close(self) -> None:
        if hasattr(self, "_store"):
            self.flush()
            del self._store


def snapshots_folder(path: Path) -> Path:
    return path.parent / f"{path.name}.snapshots"


def latest_snapshot(path: Path) -> Path | None:
    """The newest complete snapshot of the store at path, if any."""
    try:
        names = sorted(e.name for e in os.scandir(snapshots_folder(path)) if e.name.isdigit() and e.is_dir())
    except OSError:
        return None
    return snapshots_folder(path) / names[-1] if names else None


def store_version(path: Path) -> str:
    """A cheap fingerprint of what a reader of the store would see now: the newest snapshot's name,
    else the state of the store's own files (a store written before snapshots existed)."""
    newest = latest_snapshot(path)
    if newest is not None:
        return newest.name
    try:
        entries = [(e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in os.scandir(path)]
    except OSError:
        return "missing"
    return str(hash(tuple(sorted(entries))))


def _prune(folder: Path) -> None:
    """Remove snapshots but the newest KEEP_SNAPSHOTS: those older than SNAPSHOT_GRACE seconds, so a reader
    that opened one a moment ago can finish with it, and any beyond MAX_SNAPSHOTS (a reader whose snapshot
    goes away under it reads again from the newest, see EmbeddedStore._reading)."""
    names = sorted(e.name for e in os.scandir(folder) if e.name.isdigit())
    now = time.time_ns()
    old = names[:-KEEP_SNAPSHOTS]
    for k, name in enumerate(old):
        if now - int(name) > SNAPSHOT_GRACE * 1e9 or len(old) - k > MAX_SNAPSHOTS - KEEP_SNAPSHOTS:
            shutil.rmtree(folder / name, ignore_errors=True)
    for e in os.scandir(folder):
        if e.name.endswith(".partial") and now - e.stat().st_mtime_ns > SNAPSHOT_GRACE * 1e9:
            shutil.rmtree(e.path, ignore_errors=True)


def open_store(path: str | os.PathLike[str] | None = None, read_only: bool = False) -> EmbeddedStore:
    """Open (creating if needed) the embedded store at path or the default location."""
    return EmbeddedStore(store_path(path), read_only=read_only)


def graph_iri_ref(iri: str) -> URIRef:
    return URIRef(iri)
