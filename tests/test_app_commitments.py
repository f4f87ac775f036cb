"""The Commitments page over asks and decisions: clause text, instrument, recurrence, and an instrument's life
line (created by a summit, asked by the Assembly, raised by a later summit)."""
from __future__ import annotations

from pathlib import Path

import pytest
from clausegraph.graph.store import open_store
from clausegraph.pipeline import load_paths
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture(scope="module")
def summit_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("app-commitments") / "store"
    store = open_store(path)
    assert not load_paths(store, [ROOT / "corpus", ROOT / "tests/ingest/data/summits/lifeline"]).failed
    store.close()
    return path


def test_the_commitments_page_shows_text_recurrence_and_the_wales_pledge_life_line(summit_store, monkeypatch):
    monkeypatch.setenv("CLAUSEGRAPH_STORE", str(summit_store))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("views/commitments.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    row = table[(table["clause"] == "16.e")].iloc[0]
    assert "Wales Defence Investment Pledge" in row["instrument"] and row["text"].startswith("to reaffirm and meet")
    assert "again in 2024-11-25-montreal-resolution-494.txt 18.c" in row["recurs"]
    decision = table[(table["document"] == "2014-09-05-wales-summit-declaration.txt")].iloc[0]
    assert decision["addressee"] == "decided by nato"
    assert at.selectbox(key="c_instrument").value == "Wales Defence Investment Pledge"
    life = at.dataframe[1].value
    assert list(life["role"]) == ["created", "asked to fund or fulfil", "asked to meet its target",
                                  "reaffirmed or raised"]
    assert list(life["date"]) == ["2014-09-05", "2022-05-30", "2024-11-25", "2025-06-25"]
