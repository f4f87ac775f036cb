"""Helpers of the tests that check a process is gone (Linux /proc)."""
from __future__ import annotations

from pathlib import Path


def alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie (a child nobody waited for)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def children(pid: int) -> list[int]:
    """The process ids of a process' children."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found
