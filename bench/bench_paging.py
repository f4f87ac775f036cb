"""Benchmark: pages, per-document and per-entity answers, and full exports of every named query on a store of
N generated resolutions (built once and cached, bench/cache.py), each beside the engine's floor measured in
the same run.

For every SELECT named query, required parameters bound as the scale bench binds them (the first document,
its most mentioned entity):
- first page: `run_page(..., limit=100, offset=0, count=False)`: a query whose header pages it by a parameter
  (`# pages: document by ...`) is evaluated a few documents or entities at a time, any other gets LIMIT and
  OFFSET in the engine; floor: pyoxigraph handing over 100 rows of one variable of one triple pattern;
- count: `count_rows`, the row count the app shows beside a page (the engine evaluates the whole pattern);
- one document / one entity: the whole answer of a query whose optional `document` (or required `entity`)
  parameter is bound, and of the aggregate queries (counts, types, stances), as `clausegraph query` gives it;
- export: `clausegraph query NAME --format csv --output FILE` (named.stream + render.write_rows, rows written
  as the engine yields them); floor: pyoxigraph writing the same query's rows to CSV itself
  (QuerySolutions.serialize), no Python value per row.

Medians of --repeat runs after a warm-up. Writes the section "## Paging (N documents)" of bench/results.md.

    python bench/bench_paging.py [--docs 1000] [--repeat 5] [--no-export] [--out bench/results.md]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_floor import one_pattern, raw_rows
from bench_queries import median_ms, write_section
from bench_scale import params_for
from cache import cached_store
from clausegraph.graph.query.named import (
    READ_FORMS,
    bindings,
    count_rows,
    list_queries,
    run,
    run_named,
    run_page,
    stream,
)
from clausegraph.graph.store import bind, open_store
from clausegraph.render import write_rows

TARGET_MS = 100.0
PAGE = 100
AGGREGATES = {"counts", "entity-types", "stance-counts", "stance-actors", "threat-actors", "entities", "actor-types"}


def export_csv(store, q, params: dict[str, str], path: str) -> int:
    columns, rows = stream(store, q, params)
    with open(path, "w", encoding="utf-8", newline="") as out:
        return write_rows(columns, rows, "csv", out)


def engine_csv(engine: ox.Store, text: str, path: str) -> None:
    answer = engine.query(text, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    answer.serialize(path, format=ox.QueryResultsFormat.CSV)


def bold(ms: float, target: float = TARGET_MS) -> str:
    return f"**{ms:.1f}**" if ms > target else f"{ms:.1f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-export", action="store_true", help="pages and per-entity answers only (10,000 documents)")
    ap.add_argument("--cache", type=Path, default=ROOT / "bench" / "cache")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md", help="'-' writes nothing")
    a = ap.parse_args()
    folder, record = cached_store(a.docs, a.seed, a.cache)
    store = open_store(folder, read_only=True)
    engine: ox.Store = store._store  # type: ignore[attr-defined]  # pyoxigraph, under the embedded store
    names = [str(r[0]) for r in run_named(store, "documents").rows]
    values = params_for(store, [Path(names[0])])
    tmp = tempfile.mkdtemp(prefix="bench-paging-")
    out_file = os.path.join(tmp, "rows.csv")
    pages, answers, exports = [], [], []
    floor_page = median_ms(lambda: raw_rows(engine, one_pattern(PAGE)), a.repeat)
    for q in list_queries():
        form = READ_FORMS.match(q.text)
        if form is None or form.group(1).upper() != "SELECT":
            continue
        required = {k: values[k] for k, p in q.params.items() if p.required}
        run_page(store, q, required, PAGE, 0, count=False)  # warm-up
        page = median_ms(lambda q=q, r=required: run_page(store, q, r, PAGE, 0, count=False), a.repeat)
        counted = median_ms(lambda q=q, r=required: count_rows(store, q, r), 1 if page > 1000 else a.repeat)
        pages.append((q.name, page, counted))
        print(f"{q.name}: first page {page:.1f} ms, count {counted:.1f} ms", file=sys.stderr, flush=True)
        one = dict(required)
        if "document" in q.params and "document" not in one:
            one["document"] = values["document"]
        kind = ("entity" if "entity" in required else "document" if "document" in one
                else "aggregate" if q.name in AGGREGATES else None)
        if kind:
            run(store, q, one)
            answers.append((q.name, kind, len(run(store, q, one).rows),
                            median_ms(lambda q=q, one=one: run(store, q, one), a.repeat)))
        if not a.no_export and not required:
            text = bind(q.text, bindings(q, {}))
            rows = export_csv(store, q, {}, out_file)
            mine = median_ms(lambda q=q: export_csv(store, q, {}, out_file), 1 if page > 1000 else a.repeat)
            floor = median_ms(lambda text=text: engine_csv(engine, text, out_file), 1 if page > 1000 else a.repeat)
            exports.append((q.name, rows, mine, floor))
            print(f"{q.name}: export {rows} rows {mine:.0f} ms, floor {floor:.0f} ms", file=sys.stderr, flush=True)
    store.close()
    lines = [f"Measured by `python bench/bench_paging.py --docs {a.docs}` on {record['docs']} generated documents "
             f"(seed {record['seed']}, store cached in bench/cache/: built in {record['build_seconds']:.0f} s, "
             f"{record['bytes'] / 1e9:.2f} GB on disk); medians of {a.repeat} runs after a warm-up (one run for a "
             f"query slower than 1 s); figures over the {TARGET_MS:.0f} ms target in bold.", "",
             f"First page ({PAGE} rows; gathered a few documents or entities at a time where the query's header "
             "says its rows come so, LIMIT/OFFSET in the engine after a total ORDER BY otherwise) beside the floor "
             f"(pyoxigraph handing over {PAGE} rows of one triple pattern: {floor_page:.2f} ms), and the row count "
             "the app shows beside a page:", "",
             "| query | first page (ms) | floor (ms) | ratio | count (ms) |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {n} | {bold(p)} | {floor_page:.2f} | {p / floor_page:.0f} | {c:.1f} |" for n, p, c in pages]
    lines += ["", "Whole answers for one document, one entity, and the aggregates:", "",
              "| query | bound | rows | ms |", "|---|---|---:|---:|"]
    lines += [f"| {n} | {k} | {r} | {bold(ms)} |" for n, k, r, ms in answers]
    if exports:
        lines += ["", "Full export to CSV (every row, streamed) beside the floor: pyoxigraph writing the same "
                  "query's rows to CSV itself. Target: within 2x.", "",
                  "| query | rows | export (ms) | floor (ms) | ratio |", "|---|---:|---:|---:|---:|"]
        lines += [f"| {n} | {r} | {m:.1f} | {f:.1f} | {'**' if m > 2 * f else ''}{m / f:.2f}"
                  f"{'**' if m > 2 * f else ''} |" for n, r, m, f in exports]
    table = "\n".join(lines)
    print(table)
    if str(a.out) != "-":
        write_section(a.out, f"## Paging ({record['docs']} documents)", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
