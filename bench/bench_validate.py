"""Benchmark: validation (core shapes + consistency rules) of one document and of a 1,000-document synthetic
corpus, against baselines measured in the same run: the same validation with pySHACL checking the core shapes
(--engine pyshacl), and pySHACL running shapes and rules itself (the rules once per focus node) on one document.
Targets: one document in <= 0.5 s, 1,000 documents in <= 60 s. Prints a Markdown table and writes the
"Validation" section of bench/results.md (the rest of the file is kept).

The synthetic corpus: resolutions written by bench/gen_corpus.py (the shipped corpus/ when it is missing),
ingested once, their graphs then copied under new IRIs up to --docs documents.

    python bench/bench_validate.py [--docs 1000] [--seed-docs 50] [--repeat 5]
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

import pyoxigraph as ox
from clausegraph.graph.store import open_store
from clausegraph.graph.validation.validate import RULES, SHAPES, reference_ntriples, validate
from clausegraph.pipeline import load_paths
from pyshacl import validate as shacl_validate
from rdflib import Graph

SECTION = "## Validation"


def timed(fn, repeat: int = 1) -> float:
    """Median seconds of fn over repeat runs."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def seed_store(folder: Path, n: int):
    """A store holding n generated resolutions (or the shipped corpus when the generator is missing)."""
    try:
        sys.path.insert(0, str(ROOT / "bench"))
        from gen_corpus import generate  # type: ignore[import-not-found]

        files = generate(folder / "texts", n)
        source = f"{len(files)} resolutions from bench/gen_corpus.py"
    except ImportError:
        files = sorted((ROOT / "corpus").glob("*.txt"))
        source = f"the {len(files)} documents of corpus/"
    store = open_store(folder / "seed")
    summary = load_paths(store, files)
    assert not summary.failed, summary.failed
    return store, source


def replicate(seed, folder: Path, docs: int):
    """A store of `docs` document graphs: the seed's graphs copied under new document and graph IRIs."""
    nquads = seed.dump("nquads").decode("utf-8")
    per_graph: dict[str, list[str]] = {}
    for line in nquads.splitlines():
        m = re.search(r"<(https://w3id\.org/clausegraph/id/graph/[^>]+)> \.$", line)
        if m:
            per_graph.setdefault(m.group(1), []).append(line)
    stems = sorted(g.rsplit("/", 1)[1] for g in per_graph if "/id/graph/" in g
                   and g.rsplit("/", 1)[1] not in ("ontology", "entities"))
    out: list[str] = []
    for extra in ("ontology", "entities"):
        out += per_graph.get(f"https://w3id.org/clausegraph/id/graph/{extra}", [])
    for i in range(docs):
        stem = stems[i % len(stems)]
        copy = f"{stem}-copy-{i // len(stems)}"
        text = "\n".join(per_graph[f"https://w3id.org/clausegraph/id/graph/{stem}"])
        out.append(text.replace(f"/id/doc/{stem}", f"/id/doc/{copy}").replace(f"/id/graph/{stem}>",
                                                                              f"/id/graph/{copy}>"))
    path = folder / f"corpus-{docs}"
    raw = ox.Store(str(path))
    raw.bulk_load(("\n".join(out) + "\n").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    del raw
    return open_store(path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed-docs", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    seed, source = seed_store(tmp, a.seed_docs)
    one = replicate(seed, tmp, 1)
    big = replicate(seed, tmp, a.docs)
    triples = int(str(big.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0]))
    first = next(g for g in big.graphs() if "-copy-" in g)

    one_graph = Graph()
    for s, p, o, _ in one.dataset().quads((None, None, None, None)):
        one_graph.add((s, p, o))
    one_graph.parse(data=reference_ntriples(), format="nt")
    shapes_and_rules = Graph().parse(SHAPES).parse(RULES)

    report = validate(big)
    pyshacl = "the same with --engine pyshacl"
    rows = [
        ("one document: core shapes + rules", timed(lambda: validate(one), a.repeat),
         pyshacl, timed(lambda: validate(one, engine="pyshacl"), a.repeat)),
        ("one document: core shapes + rules", None,
         "pySHACL running shapes and rules itself", timed(lambda: shacl_validate(
             one_graph, shacl_graph=shapes_and_rules, advanced=True, allow_warnings=True), max(1, a.repeat // 2))),
        (f"one document of {a.docs} (as after an ingest)", timed(lambda: validate(big, documents=[first]), a.repeat),
         pyshacl, timed(lambda: validate(big, documents=[first], engine="pyshacl"), a.repeat)),
        (f"{a.docs} documents: core shapes + rules", timed(lambda: validate(big)),
         pyshacl, timed(lambda: validate(big, engine="pyshacl"))),
    ]
    rows[1] = (rows[1][0], rows[0][1], rows[1][2], rows[1][3])
    lines = ["| step | seconds | baseline | baseline seconds | ratio |", "|---|---:|---|---:|---:|"]
    lines += [f"| {name} | {t:.2f} | {base} | {b:.2f} | {t / b:.2f} |" for name, t, base, b in rows if t]
    counts: dict[str, int] = {}
    for f in report.findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    note = (f"Measured by `python bench/bench_validate.py` on {a.docs} documents ({triples:,} quads) copied from "
            f"{source}; medians of {a.repeat} runs for one document, one run for the corpus. The core shapes are "
            "compiled to SPARQL (graph/validation/core_shapes.py) unless the baseline says pySHACL. The corpus report: "
            f"conforms {report.conforms}, results by severity {dict(sorted(counts.items()))}. "
            "Targets: one document <= 0.5 s, 1,000 documents <= 60 s (2-core machine).")
    table = "\n".join(lines)
    print(note)
    print(table)
    old = a.out.read_text(encoding="utf-8") if a.out.exists() else "# Benchmark results\n"
    head = old.split(f"\n{SECTION}\n", 1)[0].rstrip("\n")
    tail = old.split(f"\n{SECTION}\n", 1)[1] if f"\n{SECTION}\n" in old else ""
    rest = tail[tail.find("\n## "):] if "\n## " in tail else ""
    a.out.write_text(f"{head}\n\n{SECTION}\n\n{note}\n\n{table}\n{rest}", encoding="utf-8")
    for s in (seed, one, big):
        s.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
