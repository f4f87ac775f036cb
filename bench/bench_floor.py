"""Benchmark: where the time of each named query goes on a store of N synthetic resolutions, against the
floor of the components it is built on, measured in the same run.

For every named query, with required parameters bound as the scale bench binds them:
- as run: `graph.query.named.execute`, what `clausegraph query` and the app do (rows as rdflib terms, sorted);
- engine: pyoxigraph producing the same rows (the rewritten query when the sort is done in Python),
  as its own terms, without building an rdflib value;
- values: building the rdflib terms of those rows (graph.store.terms.converter, as the store does);
- floor (the baseline): pyoxigraph handing over as many rows of the simplest query there is, one variable
  of one triple pattern, as its own terms. No query returning that many rows can be faster.

Prints a Markdown table with the ratio as run / floor and writes the "Floor" section of bench/results.md.

    python bench/bench_floor.py [--docs 1000] [--store PATH (reuse a store of generated documents)]
"""
from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_queries import median_ms, write_section
from bench_scale import generated_options, generated_store
from clausegraph.graph.query import ordering
from clausegraph.graph.query.named import READ_FORMS, bindings, execute, list_queries
from clausegraph.graph.store import bind
from clausegraph.graph.store.terms import converter

SECTION = "## Floor"
TARGET_MS = 100.0  # the target for every named query at 1,000 documents


def raw_rows(engine: ox.Store, text: str) -> list[list[object]]:
    """The solutions of a SELECT as pyoxigraph terms, in the order of its variables."""
    answer = engine.query(text, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions), "a SELECT"
    return [list(solution) for solution in answer]


def one_pattern(rows: int) -> str:
    """The simplest query handing over rows solutions: one variable of one triple pattern in the named graphs."""
    return f"SELECT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT {max(rows, 1)}"


def main() -> int:
    a = generated_options(__doc__.splitlines()[0])
    with generated_store(a) as (store, values, documents):
        engine: ox.Store = store._store  # type: ignore[attr-defined]  # pyoxigraph, under the embedded store
        rows_out = []
        for q in list_queries():
            form = READ_FORMS.match(q.text)
            if form is None or form.group(1).upper() != "SELECT":
                continue
            b = bindings(q, {p.name: values[p.name] for p in q.params.values() if p.required})
            plan = ordering.plan(q.text)
            text = bind(plan.text if plan else q.text, b)
            rows = len(execute(store, q.text, b).rows)  # warm-up
            raw = raw_rows(engine, text)
            as_run = median_ms(lambda q=q, b=b: execute(store, q.text, b), a.repeat)
            alone = median_ms(lambda text=text: raw_rows(engine, text), a.repeat)

            def build(raw: list[list[object]] = raw) -> None:
                conv = converter()
                [[conv(v) for v in row] for row in raw]

            built = median_ms(build, a.repeat)
            floor = median_ms(lambda n=rows: raw_rows(engine, one_pattern(n)), a.repeat)
            rows_out.append((q.name, rows, as_run, alone, built, floor))
            print(f"{q.name}: {rows} rows, {as_run:.1f} ms as run, floor {floor:.1f} ms", file=sys.stderr, flush=True)
    lines = [f"Measured by `python bench/bench_floor.py` on {documents} generated documents (embedded store): "
             f"median of {a.repeat} runs after a warm-up, required parameters bound as in the scale bench. "
             "*As run*: what `clausegraph query` does. *Engine*: pyoxigraph producing the same rows as its own "
             "terms, no rdflib values built. *Values*: building the rdflib terms of those rows. *Floor*, the "
             "baseline: pyoxigraph handing over as many rows of one variable of one triple pattern, as its own "
             "terms; no query returning that many rows can be faster. "
             f"Floors over the {TARGET_MS:.0f} ms target are in bold.", "",
             "| query | rows | as run (ms) | engine (ms) | values (ms) | floor (ms) | ratio as run/floor |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, rows, as_run, alone, built, floor in rows_out:
        shown = f"**{floor:.1f}**" if floor > TARGET_MS else f"{floor:.1f}"
        lines.append(f"| {name} | {rows} | {as_run:.1f} | {alone:.1f} | {built:.1f} | {shown} | "
                     f"{as_run / floor:.1f} |")
    table = "\n".join(lines)
    print(table)
    if str(a.out) != "-":
        write_section(a.out, SECTION, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
