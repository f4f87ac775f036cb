"""Benchmark: ingest of the corpus and every named query, embedded pyoxigraph store vs an rdflib in-memory
Dataset of the same data, measured in the same run. Prints a Markdown table with the ratio and writes
bench/results.md.

    python bench/bench_queries.py [--repeat 15] [--corpus corpus]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from clausegraph.graph.query.named import bindings, execute, list_queries
from clausegraph.graph.store import bind, open_store
from clausegraph.graph.store.load import vocabulary_graph
from clausegraph.ingest import build_document
from clausegraph.pipeline import expand, load_paths
from rdflib import Dataset

PARAMS = {"entity": "https://w3id.org/clausegraph/id/entity/russia"}


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def write_section(path: Path, title: str, body: str) -> None:
    """Replace the section `title` ("## ...") of results.md (appended when missing), leaving the rest as it is."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    section = f"{title}\n\n{body}\n"
    if title in text:
        before, _, after = text.partition(title)
        rest = after.split("\n## ", 1)
        text = before + section + (("\n## " + rest[1]) if len(rest) > 1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    a = ap.parse_args()
    files = expand([a.corpus])
    tmp = Path(tempfile.mkdtemp())
    counter = iter(range(10**6))

    def ingest_embedded() -> None:
        load_paths(open_store(tmp / f"s{next(counter)}"), files)

    def ingest_rdflib() -> Dataset:
        ds = Dataset(default_union=True)
        for t in vocabulary_graph():
            ds.graph(ds.default_graph.identifier).add(t)
        for f in files:
            built = build_document(f)
            g = ds.graph(built.graph_iri)
            for t in built.graph:
                g.add(t)
        return ds

    rows = [(f"ingest corpus/ ({len(files)} files)", median_ms(ingest_embedded, max(3, a.repeat // 5)),
             median_ms(ingest_rdflib, max(3, a.repeat // 5)))]
    store = open_store(tmp / "main")
    load_paths(store, files)
    ds = Dataset(default_union=True)
    ds.parse(data=store.dump("nquads").decode("utf-8"), format="nquads")
    for q in list_queries():
        params = {k: v for k, v in PARAMS.items() if k in q.params and q.params[k].required}
        b = bindings(q, params)
        text = bind(q.text, b)
        n_embedded = len(execute(store, q.text, b).rows)
        try:
            n_rdflib: int | None = len(list(ds.query(text)))
        except Exception as exc:  # rdflib's engine fails on some valid SPARQL 1.1 (GROUP_CONCAT of unbound)
            print(f"rdflib cannot run {q.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            n_rdflib = None
        note = "" if n_rdflib in (None, n_embedded) else f" (rows differ: {n_embedded} vs {n_rdflib})"
        rdflib_ms = (median_ms(lambda text=text: list(ds.query(text)), max(3, a.repeat // 3))
                     if n_rdflib is not None else None)
        embedded_ms = median_ms(lambda q=q, b=b: execute(store, q.text, b), a.repeat)
        rows.append((f"query {q.name}{note}", embedded_ms, rdflib_ms))
    lines = ["| step | embedded pyoxigraph (ms, median) | rdflib in-memory (ms, median) | ratio embedded/rdflib |",
             "|---|---:|---:|---:|"]
    lines += [f"| {name} | {e:.2f} | {r:.2f} | {e / r:.3f} |" if r is not None else
              f"| {name} | {e:.2f} | fails in rdflib | – |" for name, e, r in rows]
    table = "\n".join(lines)
    print(table)
    old = a.out.read_text(encoding="utf-8") if a.out.exists() else ""
    sections = old[old.find("\n## "):] if "\n## " in old else ""  # other benchmarks' sections stay
    a.out.write_text(f"# Benchmark results\n\nMeasured by `make bench` on {len(files)} corpus files, "
                     f"{a.repeat} repeats.\n\n{table}\n{sections}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
