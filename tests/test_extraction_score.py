"""Extraction quality against the gold annotations, through the scorer and the real command line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCORER = Path(__file__).parent / "data" / "score_extraction.py"
BAR = {"units": 1.0, "parts": 1.0, "entities": 0.90, "types": 0.90, "linking": 0.95, "stances": 0.98,
       "actions": 0.85, "metadata": 1.0, "targets": 0.95, "posers": 0.95}
SHARED = ROOT.parent / "shared"


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_corpus_extraction_reaches_the_bar():
    cli = f"{sys.executable} -m clausegraph.cli"
    args = [sys.executable, str(SCORER), "--cli", cli, "--corpus", str(ROOT / "corpus"),
            "--gold", str(Path(__file__).parent / "data" / "gold"), "-v"]
    args += [f"--min-{k}={v}" for k, v in BAR.items()]
    proc = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=600)
    figures = proc.stdout.strip().splitlines()[-1]
    assert proc.returncode == 0, f"{figures}\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}"


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_the_shared_scorer_passes_on_the_founding_documents():
    """The scorer and gold of ../shared (the yardstick hidden documents are scored with): every figure 1.000 on
    the seeds, targets and posers at least 0.95. Skipped where ../shared is absent (a user's clone), required
    in CI (CLAUSEGRAPH_REQUIRE_SERVERS)."""
    import os

    scorer = SHARED / "tools" / "score_extraction.py"
    if not scorer.exists():
        message = f"{scorer} is absent (it ships beside the project in CI only)"
        if os.environ.get("CLAUSEGRAPH_REQUIRE_SERVERS"):
            pytest.fail(message)
        pytest.skip(message)
    bar = {k: 1.0 for k in BAR} | {"targets": 0.95, "posers": 0.95}
    args = [sys.executable, str(scorer), "--cli", f"{sys.executable} -m clausegraph.cli", "-v"]
    args += [f"--min-{k}={v}" for k, v in bar.items()]
    proc = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, f"{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}"
