"""The benchmarks run end to end on a few generated documents and write their section of the results file
with a row for every named query they cover (the numbers themselves are for `make bench-*`)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from clausegraph.graph.query import ordering
from clausegraph.graph.query.named import READ_FORMS, list_queries

pytestmark = pytest.mark.slow  # a real server, browser or many generated documents: make test-fast skips it

ROOT = Path(__file__).resolve().parent.parent


def run_bench(script: str, tmp_path: Path) -> str:
    out = tmp_path / "results.md"
    out.write_text("# Benchmark results\n\n## Other\n\nkept\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), "--docs", "3", "--repeat", "1",
                           "--out", str(out)], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert "## Other\n\nkept" in text  # the other sections are left as they were
    return text


def table_names(text: str, section: str) -> set[str]:
    body = text.split(section, 1)[1].split("\n## ", 1)[0]
    return {line.split("|")[1].strip() for line in body.splitlines()
            if line.startswith("| ") and not line.startswith("| query")}


@pytest.mark.parametrize(("script", "section", "covered"), [
    ("bench_floor.py", "## Floor", lambda q: (m := READ_FORMS.match(q.text)) and m.group(1).upper() == "SELECT"),
    ("bench_order.py", "## Ordering", lambda q: ordering.plan(q.text) is not None),
])
def test_a_bench_writes_a_row_per_query(tmp_path, script, section, covered):
    text = run_bench(script, tmp_path)
    assert table_names(text, section) == {q.name for q in list_queries() if covered(q)}


def test_the_relations_bench_reports_a_share_per_document():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_relations.py"), "--repeat", "1"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 20")]
    assert len(rows) == len([p for p in (ROOT / "corpus").iterdir() if p.suffix in (".txt", ".md")])
    assert all(line.rstrip(" |").endswith("%") for line in rows)


def test_the_paging_bench_reports_pages_answers_and_exports_beside_their_floor(tmp_path):
    out = tmp_path / "results.md"
    out.write_text("# Benchmark results\n\n## Other\n\nkept\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_paging.py"), "--docs", "3", "--repeat", "1",
                           "--cache", str(tmp_path / "cache"), "--out", str(out)],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert "## Other\n\nkept" in text and "## Paging (3 documents)" in text
    selects = {q.name for q in list_queries() if READ_FORMS.match(q.text).group(1).upper() == "SELECT"}
    section = text.split("## Paging (3 documents)", 1)[1]
    pages = section.split("Whole answers", 1)[0]
    assert {line.split("|")[1].strip() for line in pages.splitlines() if line.startswith("| ")} - {"query"} == selects
    assert "Full export to CSV" in section and (tmp_path / "cache" / "store-3-seed1.json").exists()
