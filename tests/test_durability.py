"""Crash safety and concurrency of ingest on the real embedded store, with real processes."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clausegraph.graph.store import open_store
from clausegraph.graph.store.load import derive_entity_labels, ensure_vocabulary
from clausegraph.graph.validation.validate import validate
from clausegraph.ingest import build_document
from clausegraph.pipeline import Summary, load_paths, write

pytestmark = pytest.mark.slow  # a real server, browser or many generated documents: make test-fast skips it

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "import sys, cli; sys.exit(cli.main())"]
WORDS = ["Arctic", "Baltic", "Nordic", "Atlantic", "Danube", "Carpathian", "Aegean", "Alpine", "Adriatic", "Iberian"]
LABELS = ("SELECT ?e ?l WHERE { GRAPH <https://w3id.org/clausegraph/id/graph/entities> "
          "{ ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } }")


def resolution(i: int, paragraphs: int = 14) -> str:
    """A small resolution naming instruments no gazetteer knows, different for each i."""
    a, b = WORDS[i % len(WORDS)], WORDS[(i // len(WORDS)) % len(WORDS)]
    paras = [f"{n}. Welcoming the {a} {b} Readiness Initiative {i} and the Fund for {b} Resilience {n};"
             for n in range(1, paragraphs + 1)]
    return (f"Resolution {900 + i} on {a} security\n\nThe Assembly,\n\n" + "\n".join(paras)
            + f"\n{paragraphs + 1}. URGES member governments:\n a. to fund the {a} {b} Readiness Initiative {i} "
            "without delay;\n b. to reach 2% of GDP by 2030;\n")


def test_entity_labels_are_written_with_their_document(tmp_path):
    """Each document's graph goes in with its entities' labels in one transaction: without the rebuild
    at the end of an ingest, the store already validates and has the labels the rebuild gives."""
    (tmp_path / "a.txt").write_text(resolution(1), encoding="utf-8")
    (tmp_path / "b.txt").write_text(resolution(2), encoding="utf-8")
    store = open_store(tmp_path / "store")
    ensure_vocabulary(store)
    for name in ("a.txt", "b.txt"):
        write(store, build_document(tmp_path / name), Summary())
    labels = sorted(map(tuple, store.query(LABELS).rows))
    assert len(labels) >= 4
    assert not [f for f in validate(store).findings if f.severity == "Violation"]  # undated: a Warning only
    derive_entity_labels(store)
    assert sorted(map(tuple, store.query(LABELS).rows)) == labels


def _documents(path: Path) -> set[str]:
    store = open_store(path, read_only=True)
    try:
        return {g for g in store.graphs() if "/graph/" in g and not g.endswith(("/ontology", "/entities"))}
    finally:
        store.close()


def test_sigkill_in_the_middle_of_a_batch_leaves_whole_documents(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    total = 150
    for i in range(total):
        (folder / f"r{i:03}.txt").write_text(resolution(i), encoding="utf-8")
    path = tmp_path / "store"
    proc = subprocess.Popen([*CLI, "--store", str(path), "ingest", str(folder)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: set[str] = set()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if path.exists():
            try:
                seen = _documents(path)
            except Exception:  # the store may not be created yet
                continue
            if len(seen) >= 10:
                break
    assert proc.poll() is None, "ingest ended before it could be killed: make the batch larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    store = open_store(path)
    present = {g for g in store.graphs() if "/graph/r" in g}
    assert 10 <= len(present) < total
    for iri in present:
        built = build_document(folder / (iri.rsplit("/", 1)[1] + ".txt"))
        assert store.content_hash(iri) == built.content_hash
        count = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}").rows[0][0]
        assert int(count) == len(built.graph), iri
    report = validate(store)
    assert not [f for f in report.findings if f.severity == "Violation"], report.text()  # undated: Warnings
    store.close()
    done = subprocess.run([*CLI, "--store", str(path), "ingest", str(folder)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"{total - len(present)} added, 0 replaced, {len(present)} unchanged" in done.stdout


def test_a_reader_sees_the_old_or_the_new_graph_never_a_mix(tmp_path):
    """One process replaces a document again and again with two versions; another reads it meanwhile."""
    versions = {}
    for paragraphs in (14, 30):
        folder = tmp_path / f"v{len(versions)}"
        folder.mkdir()
        (folder / "doc.txt").write_text(resolution(7, paragraphs), encoding="utf-8")
        built = build_document(folder / "doc.txt")
        versions[built.content_hash] = len(built.graph)
    assert len(versions) == 2 and len(set(versions.values())) == 2
    path = tmp_path / "store"
    first = subprocess.run([*CLI, "--store", str(path), "ingest", str(tmp_path / "v0" / "doc.txt")], cwd=ROOT,
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    script = ("import sys, cli\n"
              "for k in range(40):\n"
              f"    cli.main(['--store', {str(path)!r}, 'ingest', {str(tmp_path)!r} + f'/v{{k % 2}}/doc.txt'])\n")
    writer = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    query = ("SELECT ?h (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/clausegraph/id/graph/doc> "
             "{ ?s ?p ?o . OPTIONAL { ?d <https://w3id.org/clausegraph/ontology#contentHash> ?h } } } GROUP BY ?h")
    seen = set()
    reads = 0
    while writer.poll() is None:
        store = open_store(path, read_only=True)
        rows = store.query(query).rows
        store.close()
        assert len(rows) == 1, rows
        h, n = str(rows[0][0]), int(rows[0][1])
        assert versions.get(h) == n, (h, n)
        seen.add(h)
        reads += 1
        if reads == 1:  # the command line's read verbs read beside the writer too
            cli = subprocess.run([*CLI, "--store", str(path), "query", "documents"], cwd=ROOT, capture_output=True,
                                 text=True, timeout=300)
            assert cli.returncode == 0 and "doc" in cli.stdout, cli.stderr
    assert writer.returncode == 0, writer.stderr.read().decode() if writer.stderr else ""
    assert reads > 10
    if len(seen) < 2:
        pytest.fail(f"the reader saw only one version in {reads} reads: the test did not overlap the writes")


def test_snapshots_are_published_and_pruned(tmp_path):
    from clausegraph.graph.store import MAX_SNAPSHOTS, latest_snapshot, snapshots_folder, store_version

    path = tmp_path / "store"
    store = open_store(path)
    versions = []
    for i in range(MAX_SNAPSHOTS + 5):
        (tmp_path / "doc.txt").write_text(resolution(i), encoding="utf-8")
        load_paths(store, [tmp_path / "doc.txt"])
        versions.append(store_version(path))
    assert len(set(versions)) == len(versions)
    assert len([p for p in snapshots_folder(path).iterdir() if p.name.isdigit()]) == MAX_SNAPSHOTS
    newest = latest_snapshot(path)
    assert newest is not None and newest.name == versions[-1]
    reader = open_store(path, read_only=True)
    assert any(str(900 + MAX_SNAPSHOTS + 4) in str(r[0]) for r in reader.query(
        "SELECT ?n WHERE { ?d <https://w3id.org/clausegraph/ontology#number> ?n }").rows)
    reader.close()
