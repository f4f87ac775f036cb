"""Benchmark: what relation extraction (ingest/relations.py) costs in an ingest. For each document of the corpus,
the whole build (read, structure, annotate with relations, RDF) against the relation pass alone, measured in the
same run; prints the share and the median build time.

    python bench/bench_relations.py [--repeat 5] [--corpus corpus]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from clausegraph.ingest import build_source, parse
from clausegraph.ingest.lexicon import load_lexicon
from clausegraph.ingest.read import read_source
from clausegraph.ingest.relations import relation_finder
from clausegraph.ingest.to_rdf import ASSEMBLY


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    a = ap.parse_args()
    lex = load_lexicon()
    finder = relation_finder(lex)
    print("| document | build ms (median) | relations ms (median) | share |")
    print("|---|---:|---:|---:|")
    for path in sorted(p for p in a.corpus.iterdir() if p.suffix in (".txt", ".md")):
        source = read_source(path)
        build_source(source, lex)  # warm the caches, as a running ingest has them
        builds, rels = [], []
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            build_source(source, lex)
            builds.append(time.perf_counter() - t0)
            _, anns = parse(source, lex)
            t0 = time.perf_counter()
            for ann in anns:
                finder.find(ann.unit.text, ann.verbs, ann.mentions, {ASSEMBLY})
            rels.append(time.perf_counter() - t0)
        b, r = statistics.median(builds) * 1000, statistics.median(rels) * 1000
        print(f"| {path.name} | {b:.1f} | {r:.1f} | {r / b:.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
