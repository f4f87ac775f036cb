"""Real SPARQL servers for the tests: Oxigraph server (the `oxigraph` binary of the PyPI package) and
Virtuoso 7 (`virtuoso-t` from Debian), each on a free 127.0.0.1 port in a temporary folder.

A missing binary skips the tests that need it, with the install command in the message, unless
CLAUSEGRAPH_REQUIRE_SERVERS is set: then it is a failure.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REQUIRED = bool(os.environ.get("CLAUSEGRAPH_REQUIRE_SERVERS"))
VIRTUOSO_USER = "dba"
VIRTUOSO_PASSWORD = "dba"  # the password of a fresh Virtuoso database


@dataclass
class Server:
    """A running SPARQL server: where to query, where to update, and with which credentials."""

    name: str
    endpoint: str
    update_endpoint: str
    user: str | None = None
    password: str | None = None
    root: Path = field(default_factory=Path)
    log: Path | None = None

    def env(self) -> dict[str, str]:
        """The environment that points the command line at this server."""
        env = {"CLAUSEGRAPH_ENDPOINT": self.endpoint, "CLAUSEGRAPH_UPDATE_ENDPOINT": self.update_endpoint}
        if self.user:
            env |= {"CLAUSEGRAPH_ENDPOINT_USER": self.user, "CLAUSEGRAPH_ENDPOINT_PASSWORD": self.password or ""}
        return env

    def store(self, **options):
        from clausegraph.graph.store.remote import RemoteStore

        return RemoteStore(self.endpoint, self.update_endpoint, user=self.user, password=self.password, **options)


def need(binary: str | None, install: str) -> str:
    """The path of a server binary, else skip (or fail when servers are required) naming the install."""
    if binary and Path(binary).exists():
        return binary
    message = f"{install.split()[-1]} server is missing: {install}"
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_answering(proc: subprocess.Popen, url: str, log: Path, seconds: float = 120) -> None:
    """Wait until a SPARQL query (ASK {}) gets a 200 answer; fail with the server's log otherwise."""
    query_url = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(query_url, timeout=2) as r:
                if r.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.3)
    stop(proc)
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    pytest.fail(f"the server at {url} did not answer within {seconds:g} s:\n{tail}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def oxigraph_binary() -> str | None:
    return shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))


def start_oxigraph(root: Path) -> Iterator[Server]:
    binary = need(oxigraph_binary(), "pip install oxigraph")
    port = free_port()
    log = root / "oxigraph.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([binary, "serve", "--location", str(root / "data"), "--bind", f"127.0.0.1:{port}"],
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(proc, f"{base}/query", log)
        yield Server("oxigraph", f"{base}/query", f"{base}/update", root=root, log=log)
    finally:
        stop(proc)


VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {root}/virtuoso.db
ErrorLogFile       = {root}/virtuoso.log
LockFile           = {root}/virtuoso.lck
TransactionFile    = {root}/virtuoso.trx
xa_persistent_file = {root}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {root}/virtuoso-temp.db
TransactionFile    = {root}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{sql_port}
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
CheckpointAuditTrail     = 0
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = ., {root}
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxQueryMem              = 500M
NumberOfBuffers          = 10000
MaxDirtyBuffers          = 6000

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = {root}/vsp
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxSortedTopRows           = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 120
DeferInferenceRulesInit    = 0
"""


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t") or ("/usr/bin/virtuoso-t" if Path("/usr/bin/virtuoso-t").exists() else None)


def start_virtuoso(root: Path, max_rows: int = 1_000_000) -> Iterator[Server]:
    binary = need(virtuoso_binary(), "apt-get install virtuoso-opensource")
    http_port, sql_port = free_port(), free_port()
    (root / "vsp").mkdir(parents=True, exist_ok=True)
    ini = root / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(root=root, http_port=http_port, sql_port=sql_port, max_rows=max_rows))
    log = root / "virtuoso.out"
    with open(log, "wb") as out:
        proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=root,
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_until_answering(proc, f"{base}/sparql", root / "virtuoso.log")
        yield Server("virtuoso", f"{base}/sparql", f"{base}/sparql-auth", VIRTUOSO_USER, VIRTUOSO_PASSWORD,
                     root=root, log=root / "virtuoso.log")
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory) -> Iterator[Server]:
    """An Oxigraph server on a free loopback port, with its data in a temporary folder."""
    yield from start_oxigraph(tmp_path_factory.mktemp("oxigraph"))


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory) -> Iterator[Server]:
    """A Virtuoso 7 server on free loopback ports, its database and virtuoso.ini in a temporary folder."""
    yield from start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
