"""Scale benchmark: ingest 10, 100 and 1,000 synthetic resolutions (bench/gen_corpus.py) into the embedded
store, and into an Oxigraph server when graph/store/remote.py and the `oxigraph` binary are there, and time every
named query at each size. The baseline is the smallest size of the same run: the ratio column says how
many times longer a step takes at N documents than at the baseline, so it shows how cost grows with N.

    python bench/bench_scale.py [--sizes 10,100,1000] [--repeat 7] [--no-remote] [--out bench/results.md]
"""
from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_queries import median_ms, write_section
from clausegraph.graph.query.named import bindings, execute, list_queries, run_named
from clausegraph.graph.store import open_store
from clausegraph.pipeline import load_paths
from gen_corpus import generate
from rdflib import Literal

SECTION = "## Scale"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[str | None]:
    """An Oxigraph server (read-write) on 127.0.0.1 over folder; yields its base URL, None when unavailable."""
    try:
        from clausegraph.graph.store.remote import RemoteStore  # noqa: F401
        from clausegraph.graph.store.serve import oxigraph_binary

        binary = oxigraph_binary()
    except Exception as exc:  # no remote store yet, or no binary
        print(f"no Oxigraph server run: {exc}", file=sys.stderr)
        yield None
        return
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600  # a restart over 1,000 documents first replays 1 GB of write-ahead log
        while True:
            try:
                with urllib.request.urlopen(f"{base}/query?" + urllib.parse.urlencode({"query": "ASK {}"}), timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"the Oxigraph server over {folder} did not answer") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def generated_options(description: str) -> argparse.Namespace:
    """The options of the benches that run on one store of generated documents (order, floor)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--store", type=Path, help="a store already holding generated documents (not modified)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md", help="'-' writes nothing")
    return ap.parse_args()


@contextlib.contextmanager
def generated_store(a: argparse.Namespace) -> Iterator[tuple[object, dict[str, str], int]]:
    """(the read-only store, the parameter values the scale bench binds, its number of documents): a.store, or
    a.docs documents generated (a.seed) and ingested into a temporary store removed afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
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
        try:
            yield store, params_for(store, [Path(names[0])]), len(names)
        finally:
            store.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def params_for(store, files: list[Path]) -> dict[str, str]:
    """Parameter values that exist at every size: the first document, the entity it mentions most."""
    top = store.query(
        "PREFIX cg: <https://w3id.org/clausegraph/ontology#>\n"
        "SELECT ?e (COUNT(*) AS ?n) WHERE { ?m cg:inClause ?c ; cg:denotes ?e . ?c cg:inDocument ?d . "
        "?d cg:sourceFile ?f } GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1",
        {"f": Literal(files[0].name)})
    return {"entity": str(top.rows[0][0]), "document": files[0].name}


def _timed(open_store_fn: Callable[[], object], text: str, b: dict, repeat: int, conn) -> None:
    store = open_store_fn()
    t = time.perf_counter()
    rows = len(execute(store, text, b).rows)  # type: ignore[arg-type]  # the warm-up: parsed and planned
    warm = time.perf_counter() - t
    # a query slower than a second is timed twice more, not `repeat` times: its median is as clear
    conn.send((median_ms(lambda: execute(store, text, b), repeat if warm < 1 else 2), rows))  # type: ignore[arg-type]


def measure(open_store_fn: Callable[[], object], params: dict[str, str], repeat: int,
            cap_s: float) -> dict[str, tuple[float | None, int | None]]:
    """name -> (median ms, rows) for every named query, required parameters bound, and once more for one
    document when the query takes an optional document (how the app reads listings). Each query runs in a
    forked process that is stopped after cap_s seconds: (None, None) for a query that did not finish."""
    ctx = multiprocessing.get_context("fork")
    out: dict[str, tuple[float | None, int | None]] = {}
    jobs = []
    for q in list_queries():
        required = {k: v for k, v in params.items() if k in q.params and q.params[k].required}
        jobs.append((q.name, q, bindings(q, required)))
        if "document" in q.params and not q.params["document"].required:  # a listing, read one document at a time
            jobs.append((f"{q.name} (one document)", q, bindings(q, {"document": params["document"]})))
    for name, q, b in jobs:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_timed, args=(open_store_fn, q.text, b, repeat, child))
        proc.start()
        child.close()  # a query that fails ends its process: the pipe then reads as closed
        try:
            out[name] = parent.recv() if parent.poll(cap_s * 4) else (None, None)
            if out[name][0] is not None and out[name][0] > cap_s * 1000:
                out[name] = (None, None)
        except EOFError:
            out[name] = (None, -1)
        proc.kill()
        proc.join()
        print(f"  {name}: {out[name]}", file=sys.stderr, flush=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-remote", action="store_true", help="embedded store only")
    ap.add_argument("--remote-sizes", default="10,100", help="sizes also run on an Oxigraph server")
    ap.add_argument("--cap", type=float, default=10.0, help="seconds after which a query run is given up")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md", help="'-' writes nothing")
    a = ap.parse_args()
    sizes = sorted(int(s) for s in a.sizes.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        files = generate(tmp / "corpus", sizes[-1], a.seed)
        ingest: dict[str, dict[int, float]] = {"embedded": {}, "oxigraph server": {}}
        queries: dict[str, dict[int, dict[str, tuple[float | None, int | None]]]] = {
            "embedded": {}, "oxigraph server": {}}
        params: dict[str, str] = {}
        for n in sizes:
            store = open_store(tmp / f"embedded-{n}")
            t = time.perf_counter()
            summary = load_paths(store, files[:n])
            ingest["embedded"][n] = time.perf_counter() - t
            assert not summary.failed, summary.failed[:3]
            params = params or params_for(store, files)
            store.close()
            print(f"embedded, {n} documents: ingest {ingest['embedded'][n]:.1f} s", file=sys.stderr)
            queries["embedded"][n] = measure(lambda n=n: open_store(tmp / f"embedded-{n}", read_only=True), params,
                                             a.repeat, a.cap)
            if a.no_remote or str(n) not in a.remote_sizes.split(","):
                continue
            with oxigraph_server(tmp / f"server-{n}") as base:
                if base is None:
                    a.no_remote = True
                    continue
                from clausegraph.graph.store.remote import RemoteStore

                remote = RemoteStore(f"{base}/query", f"{base}/update")
                t = time.perf_counter()
                summary = load_paths(remote, files[:n])
                ingest["oxigraph server"][n] = time.perf_counter() - t
                assert not summary.failed, summary.failed[:3]
            print(f"oxigraph server, {n} documents: ingest {ingest['oxigraph server'][n]:.1f} s", file=sys.stderr)
            # Restarted, as after any bulk load: the server keeps a load's writes in RocksDB's memory tables and
            # write-ahead log (1 GB at 1,000 documents) and reads one-document queries through them 10 times
            # slower (60 ms against 6 ms) until a restart writes them into sorted files.
            with oxigraph_server(tmp / f"server-{n}") as base:
                assert base is not None
                queries["oxigraph server"][n] = measure(
                    lambda base=base: RemoteStore(f"{base}/query", f"{base}/update"), params, a.repeat, a.cap)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    table = render(sizes, ingest, queries, a.repeat, a.cap)
    print(table)
    if str(a.out) != "-":
        write_section(a.out, SECTION, f"Measured by `make bench-scale`.\n\n{table}")
    return 0


def _cell(value: tuple[float | None, int | None] | None, cap: float) -> str:
    if value is None:
        return "–"
    ms, rows = value
    if ms is None:
        return "fails" if rows == -1 else f"> {cap:.0f} s"
    return f"{ms:.1f} ms ({rows} rows)"


def render(sizes: list[int], ingest: dict[str, dict[int, float]],
           queries: dict[str, dict[int, dict[str, tuple[float | None, int | None]]]], repeat: int,
           cap: float) -> str:
    base = sizes[0]
    head = "| store | step | " + " | ".join(f"{n} docs" for n in sizes) + " | ratio largest/smallest |"
    lines = [head, "|---|---|" + "---:|" * (len(sizes) + 1)]
    for kind, by_size in ingest.items():
        if not by_size:
            continue
        cells = [f"{by_size[n]:.1f} s ({by_size[n] / n * 1000:.0f} ms/doc)" if n in by_size else "–" for n in sizes]
        last = max(by_size)
        lines.append(f"| {kind} | ingest | " + " | ".join(cells) + f" | {by_size[last] / by_size[base]:.1f} |")
    for kind, by_size in queries.items():
        if not by_size:
            continue
        last = max(by_size)
        for name in by_size[base]:
            cells = [_cell(by_size.get(n, {}).get(name), cap) for n in sizes]
            first, end = by_size[base][name][0], by_size[last][name][0]
            ratio = f"{end / max(first, 1e-3):.1f}" if first is not None and end is not None else "–"
            lines.append(f"| {kind} | query {name} | " + " | ".join(cells) + f" | {ratio} |")
    note = (f"Synthetic resolutions from `bench/gen_corpus.py` (seed 1); ingest is one run of `load_paths` into a "
            f"fresh store (wall time, one process); queries are the median of {repeat} runs after a warm-up "
            "(2 runs for a query slower than 1 s), required parameters bound (the first document, its most "
            "mentioned entity; \"(one document)\": a listing's optional document bound too), rows converted "
            "to rdflib terms and sorted as `clausegraph query` does; the Oxigraph server is restarted after "
            f"its ingest, as after any bulk load; a query whose runs take longer than {cap:.0f} s each is given up.")
    return note + "\n\n" + "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
