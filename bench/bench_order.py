"""Benchmark: every named query with a trailing ORDER BY, sorted in Python (graph/ordering.py, what
`clausegraph query` and the app do) against the engine's own ORDER BY (the baseline), in the same run,
on a store of N synthetic resolutions. Prints a Markdown table with the ratio and writes the "Ordering"
section of bench/results.md.

    python bench/bench_order.py [--docs 1000] [--store PATH (reuse a store of generated documents)]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_queries import median_ms, write_section  # noqa: E402
from bench_scale import params_for  # noqa: E402
from gen_corpus import generate  # noqa: E402

from graph import ordering  # noqa: E402
from graph.load import load_paths  # noqa: E402
from graph.queries import bindings, execute, list_queries, run_named  # noqa: E402
from graph.store import open_store  # noqa: E402

SECTION = "## Ordering"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--store", type=Path, help="a store already holding generated documents (not modified)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md", help="'-' writes nothing")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-order-"))
    try:
        path = a.store
        if path is None:
            path = tmp / "store"
            writer = open_store(path)
            t = time.perf_counter()
            summary = load_paths(writer, generate(tmp / "texts", a.docs, a.seed))
            assert not summary.failed, summary.failed[:3]
            writer.close()
            print(f"{a.docs} documents ingested in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        store = open_store(path, read_only=True)
        names = [str(r[0]) for r in run_named(store, "documents").rows]
        documents = len(names)
        values = params_for(store, [Path(names[0])])  # as the scale bench binds them
        lines = [f"Measured by `python bench/bench_order.py` on {documents} generated documents: median of "
                 f"{a.repeat} runs after a warm-up, rows converted to rdflib terms in both columns; required "
                 "parameters bound to the first document and the entity it mentions most.", "",
                 "| query | rows | engine ORDER BY (ms) | sorted in Python (ms) | ratio Python/engine |",
                 "|---|---:|---:|---:|---:|"]
        for q in list_queries():
            if ordering.plan(q.text) is None:
                continue
            b = bindings(q, {p.name: values[p.name] for p in q.params.values() if p.required})
            rows = len(execute(store, q.text, b).rows)  # warm-up
            store.query(q.text, b)
            engine = median_ms(lambda q=q, b=b: store.query(q.text, b), a.repeat)
            python = median_ms(lambda q=q, b=b: execute(store, q.text, b), a.repeat)
            lines.append(f"| {q.name} | {rows} | {engine:.1f} | {python:.1f} | {python / engine:.2f} |")
            print(lines[-1], file=sys.stderr, flush=True)
        store.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    table = "\n".join(lines)
    print(table)
    if str(a.out) != "-":
        write_section(a.out, SECTION, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
