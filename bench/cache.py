"""A store of N generated resolutions built once and kept in bench/cache/ (ignored by git), so the paging
benchmark at 10,000 documents does not ingest them again on every run. Beside each store a JSON file
records how long it took to build and what it holds; delete the folder to rebuild it (after a change to
ingest/, whose triples the store holds).

    python bench/cache.py [--docs 1000] [--seed 1]   # build it (prints the record)
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from clausegraph.graph.store import open_store
from clausegraph.pipeline import load_paths
from gen_corpus import generate

CACHE = ROOT / "bench" / "cache"


def disk_size(folder: Path) -> int:
    """Bytes of every file under folder."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def cached_store(docs: int, seed: int = 1, cache: Path = CACHE) -> tuple[Path, dict]:
    """(the folder of a store holding docs generated documents, its record: build seconds, bytes on disk),
    built when absent. A store whose record is missing (a build that died) is built again."""
    folder = cache / f"store-{docs}-seed{seed}"
    record_file = folder.with_suffix(".json")
    if folder.is_dir() and record_file.exists():
        return folder, json.loads(record_file.read_text(encoding="utf-8"))
    shutil.rmtree(folder, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    texts = Path(tempfile.mkdtemp(prefix="bench-texts-"))
    try:
        files = generate(texts, docs, seed)
        writer = open_store(folder)
        started = time.perf_counter()
        summary = load_paths(writer, files)
        writer.close()
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(texts, ignore_errors=True)
    if summary.failed:
        raise RuntimeError(f"{len(summary.failed)} generated documents failed: {summary.failed[:3]}")
    record = {"docs": docs, "seed": seed, "build_seconds": round(seconds, 1), "bytes": disk_size(folder)}
    record_file.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return folder, record


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    folder, record = cached_store(a.docs, a.seed)
    print(folder, json.dumps(record))
    return 0


if __name__ == "__main__":
    sys.exit(main())
