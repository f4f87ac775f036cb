"""The package as a user installs it: a wheel holding one import name with its data, installed into a fresh
virtual environment, whose `clausegraph` command ingests, queries and validates."""
from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return next(out.glob("clausegraph-*.whl"))


def test_the_wheel_holds_one_package_with_its_ontology_queries_and_app(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/", 1)[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"clausegraph"}
    for ttl in ("clausegraph.ttl", "shapes.ttl", "rules.ttl", "stances.ttl", "entities.ttl", "patterns.ttl"):
        assert f"clausegraph/ontology/{ttl}" in names
    queries = {Path(n).name for n in names if n.startswith("clausegraph/queries/")}
    assert {p.name for p in (ROOT / "queries").iterdir() if p.suffix in (".rq", ".ru")} <= queries
    assert "clausegraph/app.py" in names and "clausegraph/views/threats.py" in names
    assert not [n for n in names if n.startswith(("clausegraph/tests/", "clausegraph/bench/", "clausegraph/corpus/"))]


def test_an_installed_wheel_ingests_queries_and_validates(wheel, tmp_path):
    """`pip install` of the wheel (not editable) into a new environment: the command works from another folder.
    The environment borrows the dependencies already installed here (a path file), not this checkout."""
    venv = tmp_path / "v"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    before = {p.name for p in Path(site).iterdir()}
    done = subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    added = {p.name for p in Path(site).iterdir()} - before
    assert {a for a in added if not a.endswith(".dist-info") and a != "__pycache__"} == {"clausegraph"}
    (Path(site) / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    work = tmp_path / "elsewhere"
    work.mkdir()
    exe = str(venv / "bin" / "clausegraph")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([exe, "--store", "s", *args], capture_output=True, text=True, cwd=work, timeout=600)

    seeds = sorted(str(p) for p in CORPUS.iterdir() if p.suffix == ".txt")
    assert run("ingest", *seeds).returncode == 0
    threats = run("query", "threats", "--format", "csv")
    assert threats.returncode == 0 and "Russia" in threats.stdout
    checked = run("validate")
    assert checked.returncode == 0, checked.stdout[-2000:] + checked.stderr[-2000:]
    imported = subprocess.run([str(py), "-c", "import clausegraph; print(clausegraph.__file__)"],
                              capture_output=True, text=True, cwd=work).stdout
    assert imported.startswith(site)  # the installed copy, not this checkout
