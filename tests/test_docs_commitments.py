"""docs/commitments.md shows what its commands print: each `readme-output: ARGS` block, run in order on one
store (as tests/test_cli.py checks the README's blocks)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "commitments.md"


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_commitments_doc_outputs_are_what_the_commands_print(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- readme-output: (.+?) -->\n```console\n\$ clausegraph ([^\n]*)\n(.*?)```", text, re.S)
    assert len(blocks) >= 4 and any(args.startswith("asks-taken-up") for args, _, _ in blocks)
    store = tmp_path / "store"
    for args, shown_args, shown in blocks:
        assert shown_args == args, "the command shown is not the one checked"
        proc = subprocess.run([sys.executable, "-m", "clausegraph.cli", "--store", str(store), *args.split()],
                              capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == shown, f"docs/commitments.md output of `clausegraph {args}` is stale"
