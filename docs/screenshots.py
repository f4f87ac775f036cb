"""Regenerate the screenshots of the docs (docs/explore.png) from the app as it is now, so none is stale.

    python docs/screenshots.py [--out docs] [--store DIR] [--chromium /usr/bin/chromium]

Ingests corpus/ into a temporary store (unless --store names one), serves the app on a free loopback port,
drives headless Chromium (playwright) to each page and writes one PNG per page. tests/test_browser.py runs it.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run"]
# file name -> (page path, the heading that says the page is drawn)
SHOTS = {"explore.png": ("explore", "Russia · State")}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(store: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = dict(os.environ, CLAUSEGRAPH_STORE=str(store))
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
                             str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    proc.wait()
    raise SystemExit(f"the app did not start on {url}")


def shoot(url: str, out: Path, chromium: str) -> list[Path]:
    """One screenshot per entry of SHOTS, written to out; the files written."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for name, (path, heading) in SHOTS.items():
                page.goto(f"{url}/{path}")
                page.get_by_role("heading", name=heading).wait_for(timeout=90_000)
                page.locator("iframe").first.wait_for(timeout=90_000)
                page.wait_for_timeout(2500)  # vis-network draws after the frame loads
                page.screenshot(path=str(out / name), full_page=False)
                written.append(out / name)
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNG files (default docs/)")
    ap.add_argument("--store", type=Path, help="a store to show (default: corpus/ ingested into a temporary one)")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "store"
            subprocess.run([sys.executable, "-m", "clausegraph.cli", "--store", str(store), "ingest",
                            str(ROOT / "corpus")], check=True, stdout=subprocess.DEVNULL)
        proc, url = _serve(store)
        try:
            for path in shoot(url, args.out, args.chromium):
                print(path)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
