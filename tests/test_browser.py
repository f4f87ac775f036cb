"""End to end in a real browser: the app served on a free loopback port, headless Chromium drives it."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import processes
import pytest
from clausegraph.graph.store import open_store
from clausegraph.pipeline import load_paths

pytestmark = pytest.mark.slow  # a real server, browser or many generated documents: make test-fast skips it

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REQUIRED = bool(os.environ.get("CLAUSEGRAPH_REQUIRE_SERVERS"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run"]


def _need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        message = "Chromium is missing: apt-get install chromium chromium-driver"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen, seconds: float = 90) -> None:
    """Wait until the app at url answers its health check; fail (and stop it) if it does not in time."""
    deadline = time.time() + seconds
    while time.time() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    proc.kill()
    said = proc.communicate()[0] if proc.stdout else b""
    pytest.fail(f"the app did not answer on {url}: {(said or b'').decode()[-2000:]}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    _need_chromium()
    path = tmp_path_factory.mktemp("browser") / "store"
    store = open_store(path)
    assert not load_paths(store, [ROOT / "corpus"]).failed
    store.close()
    del store
    port = _free_port()
    env = dict(os.environ, CLAUSEGRAPH_STORE=str(path))
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, proc)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_overview_then_explore_in_headless_chromium(served, tmp_path):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(served)
            page.get_by_role("heading", name="Documents").wait_for(timeout=60_000)
            page.get_by_role("link", name="Explore").click()
            page.get_by_role("heading", name="Explore").wait_for(timeout=60_000)
            page.wait_for_timeout(4000)
            page.screenshot(path=str(ARTIFACTS / "explore.png"), full_page=False)
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "failure.png"), full_page=True)
            raise
        finally:
            browser.close()
    assert (ARTIFACTS / "explore.png").stat().st_size > 10_000


def test_network_exports_are_written_when_downloaded(served, tmp_path):
    """The Network page writes an export only when its button is pressed (a large network takes seconds):
    the file the browser receives is the projection's GraphML, and the CSV files are the nodes and edges."""
    import csv

    import networkx as nx
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        try:
            page.goto(f"{served}/network")
            page.get_by_role("heading", name="Network analytics").wait_for(timeout=60_000)
            button = page.get_by_role("button", name="Download network.graphml")
            button.wait_for(timeout=60_000)
            with page.expect_download(timeout=60_000) as info:
                button.click()
            graphml = tmp_path / "network.graphml"
            info.value.save_as(graphml)
            with page.expect_download(timeout=60_000) as info:
                page.get_by_role("button", name="Download edges.csv").click()
            edges = tmp_path / "edges.csv"
            info.value.save_as(edges)
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "failure-network.png"), full_page=True)
            raise
        finally:
            browser.close()
    g = nx.read_graphml(graphml)
    assert "https://w3id.org/clausegraph/id/entity/finland" in g and g.number_of_edges() > 50
    with edges.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == g.number_of_edges() and all(r["clauses"] for r in rows)


def test_threats_page_opens_the_clause_behind_a_statement(served):
    """The Threats page lists who is called a threat; its link opens the Documents page at that clause."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(f"{served}/threats")
            page.get_by_role("heading", name="Who is called a threat, by year").wait_for(timeout=60_000)
            page.get_by_text("is called a threat or the source of one in").first.wait_for(timeout=60_000)
            assert "Russia" in page.inner_text("body")
            page.goto(f"{served}/documents?doc=2024-11-25-montreal-resolution-494.txt&clause=8")
            page.locator("#clause-8").wait_for(timeout=60_000)
            assert "most significant and direct threat" in page.locator("#clause-8").inner_text()
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "failure-threats.png"), full_page=True)
            raise
        finally:
            browser.close()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
@pytest.mark.parametrize("signum", ["SIGTERM", "SIGINT"])
def test_clausegraph_app_stops_its_streamlit_server_on_a_signal(tmp_path, signum):
    """`clausegraph app` runs Streamlit as a child: a SIGTERM or SIGINT to it stops the child too, and it
    exits only once the child is gone (it used to exit and leave the server running)."""
    import signal

    port = _free_port()
    env = dict(os.environ, STREAMLIT_SERVER_HEADLESS="true")
    proc = subprocess.Popen([sys.executable, "-m", "clausegraph.cli", "--store", str(tmp_path / "store"), "app",
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_healthy(f"http://127.0.0.1:{port}", proc)
        children = processes.children(proc.pid)
        assert children and all(processes.alive(c) for c in children)
        proc.send_signal(getattr(signal, signum))
        proc.wait(timeout=60)
        assert not any(processes.alive(c) for c in children)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _click_node(frame, node: str) -> None:
    """Click one node of a vis-network drawn in an iframe (the page's global `network`)."""
    frame.wait_for_function("typeof network !== 'undefined' && network.getPositions().hasOwnProperty("
                            f"'{node}')", timeout=60_000)
    at = frame.evaluate(f"(() => {{ const p = network.getPositions(['{node}'])['{node}'];"
                        " const d = network.canvasToDOM(p); return [d.x, d.y]; })()")
    frame.locator("#net").click(position={"x": at[0], "y": at[1]})


@contextmanager
def _browser_page(failure: str, height: int = 1000, **options: object) -> Iterator:
    """A page of headless Chromium; on failure, a screenshot in tests/artifacts/<failure>."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": height}, **options)
        try:
            yield page
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / failure), full_page=True)
            raise
        finally:
            browser.close()


def test_the_analyst_path_from_explore_to_a_csv(served, tmp_path):
    """Open the app, Explore opens on Russia (the most condemned) with its condemnations; a click on a node
    grows the network; one clause opens in Documents; a named query runs on the SPARQL page; its CSV downloads."""
    import csv

    ent = "https://w3id.org/clausegraph/id/entity/"
    with _browser_page("failure-analyst.png", accept_downloads=True, height=1100) as page:
        page.goto(served)
        page.get_by_role("link", name="Explore").click()
        page.get_by_role("heading", name="Russia · State").wait_for(timeout=60_000)
        said = page.get_by_text("What the Assembly expresses about it").inner_text()
        assert "condemn" in said
        drawn = page.locator("iframe").first
        drawn.wait_for(timeout=60_000)
        _click_node(drawn.element_handle().content_frame(), f"{ent}china")
        page.get_by_text("Grown from: China").wait_for(timeout=60_000)
        page.get_by_role("heading", name="China · State").wait_for(timeout=60_000)
        page.get_by_role("link", name="open in the document").first.click()
        page.get_by_role("heading", name="Documents").wait_for(timeout=60_000)
        assert "clause=" in page.url
        clause = page.url.rsplit("clause=", 1)[1]
        marked = page.locator(f"[id='clause-{clause}']")
        marked.wait_for(timeout=60_000)
        assert "China" in marked.inner_text()
        page.get_by_role("link", name="SPARQL").click()
        page.get_by_role("heading", name="SPARQL").wait_for(timeout=60_000)
        page.get_by_role("button", name="Run").click()
        page.get_by_text(" rows").first.wait_for(timeout=60_000)
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="CSV", exact=True).click()
        target = tmp_path / "stances.csv"
        info.value.save_as(target)
    with target.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and {"stance", "entity"} <= set(rows[0]) and any(r["stance"] == "condemn" for r in rows)


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_the_docs_screenshot_script_draws_explore(tmp_path):
    """docs/screenshots.py regenerates docs/explore.png from the app as it is (so it is never stale): it
    ingests the corpus, serves the app, and headless Chromium shoots Explore at the size of the docs image."""
    _need_chromium()
    done = subprocess.run([sys.executable, str(ROOT / "docs" / "screenshots.py"), "--out", str(tmp_path),
                           "--chromium", CHROMIUM], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    shot = tmp_path / "explore.png"
    assert done.stdout.strip().endswith("explore.png") and shot.stat().st_size > 50_000
    assert _png_size(shot) == _png_size(ROOT / "docs" / "explore.png") == (1400, 1000)
