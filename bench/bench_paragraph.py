"""Benchmark (issue 15): one long paragraph that names an entity every few words, built at half its size and at
its full size (1 MB), against the shipped corpus built in the same run as the baseline. Time is the median build
(read text, structure, annotate, RDF) of a few runs; peak memory is tracemalloc's, in a run of its own.

Prints a Markdown table (time and memory per MB, and each as a ratio to the corpus's per MB: a linear ingest keeps
the paragraph's ratios the same at both sizes) and writes the "Long paragraph" section of bench/results.md.

    python bench/bench_paragraph.py [--size 1000000] [--repeat 3] [--corpus corpus]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_queries import write_section
from clausegraph.ingest import build_source
from clausegraph.ingest.lexicon import Lexicon, load_lexicon
from clausegraph.ingest.read import Source, read_source

CLAUSES = ["{a} and {b} condemn", "the Russian Federation, NATO, Ukraine and {a}", "{a}'s war against {b}",
           "threats posed by {a}", "its support to {a}", "which {a} threatens", "in {a} and {b},", "welcoming {a}",
           "their cooperation with {a}", "the threat thereof", "{a} (as {b} notes)", "Russia and China"]


def paragraph(size: int, lex: Lexicon, seed: int = 15) -> str:
    """A numbered paragraph of about size characters: clauses naming entities of ontology/entities.ttl."""
    rng = random.Random(seed)
    labels = sorted({label for e in lex.entities.values() for label in (e.label, *e.alt_labels)})
    parts, n = [], 0
    while n < size:
        part = rng.choice(CLAUSES).format(a=rng.choice(labels), b=rng.choice(labels))
        parts.append(part)
        n += len(part) + 1
    return "The Assembly,\n\n1. Condemning " + " ".join(parts)[:size] + ";\n"


def measure(sources: list[Source], lex: Lexicon, repeat: int) -> tuple[float, float]:
    """Median seconds to build all the sources, and tracemalloc's peak bytes of building the largest."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        for s in sources:
            build_source(s, lex)
        times.append(time.perf_counter() - t)
    tracemalloc.start()
    try:
        build_source(max(sources, key=lambda s: len(s.text)), lex)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return statistics.median(times), peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    a = ap.parse_args()
    lex = load_lexicon()
    corpus = [read_source(p) for p in sorted(a.corpus.iterdir()) if p.suffix in (".txt", ".md")]
    for s in corpus:
        build_source(s, lex)  # warm the caches (lexicon, annotator tables, inflections), as a running ingest has
    base_s, base_peak = measure(corpus, lex, a.repeat)
    base_chars = sum(len(s.text) for s in corpus)
    base_time_mb, base_mem_mb = base_s / base_chars * 1e6, base_peak / max(len(s.text) for s in corpus)
    rows = [f"| corpus/ ({len(corpus)} files, baseline) | {base_chars:,} | {base_s:.2f} | {base_time_mb:.1f} | 1.0 "
            f"| {base_peak / 1e6:.1f} | {base_mem_mb:.0f} | 1.0 |"]
    for size in (a.size // 2, a.size):
        text = paragraph(size, lex)
        s, peak = measure([Source(name="long.txt", path=Path("long.txt"), text=text, format="text")], lex, a.repeat)
        time_mb, mem_mb = s / len(text) * 1e6, peak / len(text)
        rows.append(f"| one paragraph | {len(text):,} | {s:.2f} | {time_mb:.1f} | {time_mb / base_time_mb:.1f} "
                    f"| {peak / 1e6:.1f} | {mem_mb:.0f} | {mem_mb / base_mem_mb:.1f} |")
    body = "\n".join([
        f"`python bench/bench_paragraph.py` (median of {a.repeat} builds; peak memory by tracemalloc in a build of "
        "its own, for the corpus that of its largest document): one paragraph naming an entity every few words "
        "(bench_paragraph.CLAUSES with labels of ontology/entities.ttl) at half and full size, against the "
        "shipped corpus measured in the same run. The ratios are per MB against the corpus's per MB.",
        "",
        "| input | chars | build s | s per MB | ratio | peak MB | peak MB per MB | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
    ])
    print(body)
    write_section(a.out, "## Long paragraph", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
