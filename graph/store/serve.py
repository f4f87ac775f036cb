"""The embedded store as a read-only SPARQL 1.1 Protocol endpoint, served by Oxigraph's own server.

The server is the `oxigraph` binary (PyPI package `oxigraph`, the same engine as pyoxigraph) in
`serve-read-only` mode with `--union-default-graph`, so a query sees the union of the named graphs,
as the embedded store's queries do.

It serves a snapshot, not the store folder itself: at start the store is opened read-only and backed
up (RocksDB checkpoint: hard links on the same file system, so it is cheap) into a folder beside it,
and the server reads that. A read-only reader of a folder another process writes to is undefined
behaviour in RocksDB; with the snapshot, `clausegraph ingest` and the app may keep writing the store
while the endpoint runs. The endpoint answers with the data of the moment it started: restart it to
serve what was ingested since. The snapshot is removed when the server stops.
"""
from __future__ import annotations

import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from clausegraph.errors import StoreError
from clausegraph.graph.store.base import HAS_DOCUMENTS
from clausegraph.graph.store.embedded import latest_snapshot

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """True when host names the loopback interface only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_port(host: str, port: int) -> str:
    """host:port as the server's --bind takes it ([::1]:7878 for IPv6 addresses)."""
    return f"[{host.strip('[]')}]:{port}" if ":" in host.strip("[]") else f"{host}:{port}"


def endpoint_url(host: str, port: int) -> str:
    """The query URL clients use; a wildcard bind is reached through the loopback address."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1", "[::]": "::1"}.get(host, host)
    return f"http://{host_port(shown, port)}/query"


def oxigraph_binary() -> str:
    """The oxigraph server binary: beside this Python (a venv's bin), else on PATH."""
    beside = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise StoreError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def check_store(path: Path) -> None:
    """Raise StoreError unless path holds a store with at least one document (a failed first ingest leaves
    a store holding the ontology graph alone)."""
    if not path.is_dir() or not (path / "CURRENT").is_file():
        raise StoreError(f"no store at {path}: run `clausegraph ingest corpus/` first")
    try:
        store = ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {path}: {str(exc).splitlines()[0]}") from None
    try:
        empty = not bool(store.query(HAS_DOCUMENTS))
    finally:
        del store
    if empty:
        raise StoreError(f"the store at {path} is empty (no documents): run `clausegraph ingest corpus/` first")


def check_port(host: str, port: int) -> None:
    """Raise StoreError when host:port cannot be bound (in use, or not an address of this machine)."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host.strip("[]"), port))
        except OSError as exc:
            if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
                raise StoreError(f"port {port} on {host} is already in use: choose another with --port") from None
            raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def snapshot(path: Path) -> Path:
    """A read-only checkpoint of the store in a new folder beside it (hard links where possible)."""
    parent = Path(tempfile.mkdtemp(prefix=".serve-", dir=path.parent))
    target = parent / "store"
    source = latest_snapshot(path) or path  # the state the last ingest published, which no writer touches
    try:
        ox.Store.read_only(str(source)).backup(str(target))
    except (OSError, RuntimeError) as exc:
        shutil.rmtree(parent, ignore_errors=True)
        raise StoreError(f"cannot take a snapshot of the store at {path}: {str(exc).splitlines()[0]}") from None
    except BaseException:
        shutil.rmtree(parent, ignore_errors=True)
        raise
    return target


@dataclass
class Server:
    """A running endpoint: the server process, its URL and the snapshot it reads."""

    process: subprocess.Popen[bytes]
    url: str
    snapshot: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.snapshot.parent, ignore_errors=True)


def _ready(url: str) -> bool:
    query = urllib.parse.urlencode({"query": "ASK {}"})
    request = urllib.request.Request(f"{url}?{query}", headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=2) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def start(path: Path, host: str = "127.0.0.1", port: int = 7878, timeout_s: int = 60,
          wait_s: float = 30.0) -> Server:
    """Start a read-only SPARQL endpoint over a snapshot of the store at path; return once it answers.

    Raises:
        errors.StoreError: no store or an empty one, the port in use, no oxigraph binary, a server
            that exits or does not answer within wait_s seconds.
    """
    path = Path(path)
    check_store(path)
    check_port(host, port)
    binary = oxigraph_binary()
    snap = snapshot(path)
    cmd = [binary, "serve-read-only", "--location", str(snap), "--bind", host_port(host, port),
           "--union-default-graph", "--timeout-s", str(timeout_s)]
    log = tempfile.TemporaryFile()
    try:
        process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    except BaseException:
        shutil.rmtree(snap.parent, ignore_errors=True)
        raise
    server = Server(process, endpoint_url(host, port), snap)
    try:
        return _wait_ready(server, process, log, host, port, wait_s)
    except BaseException:  # an interrupt while starting leaves nothing behind either
        server.stop()
        raise


def _wait_ready(server: Server, process: subprocess.Popen[bytes], log: IO[bytes], host: str, port: int,
                wait_s: float) -> Server:
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            lines = [ln for ln in log.read().decode("utf-8", "replace").splitlines() if ln.strip()]
            server.stop()
            reason = lines[-1] if lines else f"exit status {process.returncode}"
            if "in use" in reason.lower():
                raise StoreError(f"port {port} on {host} is already in use: choose another with --port")
            raise StoreError(f"the oxigraph server stopped: {reason}")
        if _ready(server.url):
            return server
        time.sleep(0.1)
    server.stop()
    raise StoreError(f"the oxigraph server did not answer on {server.url} within {wait_s:.0f} s")


def serve(path: Path, host: str = "127.0.0.1", port: int = 7878, timeout_s: int = 60,
          say: Callable[[str], None] = print, warn: Callable[[str], None] | None = None) -> int:
    """Run the endpoint until Ctrl-C (or until the server exits); return its exit status."""
    if not is_loopback(host) and warn is not None:
        warn(f"the endpoint listens on {host}, not only on this machine: anyone who can reach port {port} "
             "can read the whole graph (there is no authentication)")
    # Ctrl-C and `kill PID` both stop the server and remove the snapshot (also when started in the background,
    # and also when they come while the server is still starting)
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    server: Server | None = None
    try:
        server = start(path, host, port, timeout_s)
        say(f"serve: SPARQL endpoint at {server.url} (read-only, store {path} as of now); Ctrl-C stops it")
        status = server.process.wait()
        return 0 if status in (0, -signal.SIGINT, 130) else status
    except KeyboardInterrupt:
        say("serve: stopped")
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if server is not None:
            server.stop()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
