"""Benchmark: every named query with a trailing ORDER BY, sorted in Python (graph/query/ordering.py, what
`clausegraph query` and the app do) against the engine's own ORDER BY (the baseline), in the same run,
on a store of N synthetic resolutions. Prints a Markdown table with the ratio and writes the "Ordering"
section of bench/results.md.

    python bench/bench_order.py [--docs 1000] [--store PATH (reuse a store of generated documents)]
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_queries import median_ms, write_section
from bench_scale import generated_options, generated_store
from clausegraph.graph.query import ordering
from clausegraph.graph.query.named import bindings, execute, list_queries

SECTION = "## Ordering"


def main() -> int:
    a = generated_options(__doc__.splitlines()[0])
    with generated_store(a) as (store, values, documents):
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
    table = "\n".join(lines)
    print(table)
    if str(a.out) != "-":
        write_section(a.out, SECTION, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
