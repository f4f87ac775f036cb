"""Queries that can really be stopped: each runs in a child process, killed when its time is up.

pyoxigraph (0.5) has no way to cancel a query, and a thread cannot be stopped: a runaway query run in a
thread keeps a CPU busy until it ends, and keeps the process from exiting. A child process can be killed.
The child opens the store read-only by itself (the embedded store's folder, or the same endpoint), runs the
query and sends the answer back pickled; it also dies with the thread that started it (Linux
PR_SET_PDEATHSIG), so a killed app leaves no query running.

Run as `python -m clausegraph.graph.query.sandbox`: the child side, reading its task on stdin.
"""
from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from dataclasses import dataclass

from clausegraph.errors import ClauseGraphError, QueryError
from clausegraph.graph.query.checks import not_a_query, unmatched
from clausegraph.graph.query.named import NamedQuery, is_read_only, run
from clausegraph.graph.store import Result, Store


@dataclass
class Task:
    """What the child needs: where the store is, the query and its parameters."""

    kind: str  # "embedded" | "remote"
    where: str  # the store folder, or the query endpoint
    query: NamedQuery
    params: dict[str, str]


def task_for(store: Store, query: NamedQuery, params: dict[str, str]) -> Task:
    """The task of running query over store in another process (which reopens the store read-only)."""
    endpoint = getattr(store, "endpoint", None)
    if endpoint:
        return Task("remote", str(endpoint), query, params)
    return Task("embedded", str(store.path), query, params)  # type: ignore[attr-defined]


def check(query: NamedQuery, params: dict[str, str]) -> None:
    """Raise the QueryError that would stop the query before it starts: an update, a syntax error the
    parser can place, a parameter that binds no variable."""
    if not is_read_only(query.text):
        raise not_a_query(query.text)
    error = unmatched(query.text, params)
    if error:
        raise error


last_child: int | None = None  # the process id of the latest child (tests check that it is gone)


def run_cancellable(store: Store, query: NamedQuery, params: dict[str, str] | None, seconds: float) -> Result:
    """Run a query in a child process, killed after seconds (its CPU freed at once).

    Raises:
        QueryError: the query is refused or malformed, fails, or was stopped at the timeout.
    """
    global last_child
    params = params or {}
    check(query, params)
    payload = pickle.dumps(task_for(store, query, params))
    child = subprocess.Popen([sys.executable, "-m", "clausegraph.graph.query.sandbox"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, PYTHONSAFEPATH="1"))
    last_child = child.pid
    try:
        out, err = child.communicate(payload, timeout=seconds)
    except subprocess.TimeoutExpired:
        raise QueryError(f"the query was stopped after {seconds:g} s; narrow it down (LIMIT, filters)") from None
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
    if child.returncode != 0 or not out:
        last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["(no message)"]
        raise QueryError(f"the query process failed: {last[0]}")
    status, value = pickle.loads(out)
    if status == "error":
        raise QueryError(value)
    return value


def _die_with_parent() -> None:
    """Ask Linux to kill this process when the thread that started it ends (elsewhere: nothing)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return


def _child() -> int:
    """The child side: read a Task on stdin, write ("ok", Result) or ("error", message) on stdout."""
    _die_with_parent()
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but the answer goes to the parent's pipe
    task: Task = pickle.loads(sys.stdin.buffer.read())
    try:
        if task.kind == "remote":
            from clausegraph.graph.store.remote import open_remote

            store: Store = open_remote(task.where, read_only=True)
        else:
            from clausegraph.graph.store import open_store

            store = open_store(task.where, read_only=True)
        answer: tuple[str, object] = ("ok", run(store, task.query, task.params))
    except ClauseGraphError as exc:
        answer = ("error", str(exc))
    out.write(pickle.dumps(answer))
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child())
