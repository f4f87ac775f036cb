"""The Streamlit app, page by page, with streamlit.testing.v1.AppTest over a real store of the corpus."""
from __future__ import annotations

from pathlib import Path

import pytest
from clausegraph.graph.store import open_store
from clausegraph.pipeline import load_paths
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
NASTY = 'x" } ; DROP ALL ; # \' <script>'


@pytest.fixture(scope="module")
def app_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("app") / "store"
    store = open_store(path)
    assert not load_paths(store, [ROOT / "corpus"]).failed
    store.close()
    return path


@pytest.fixture
def app(app_store, monkeypatch) -> AppTest:
    monkeypatch.setenv("CLAUSEGRAPH_STORE", str(app_store))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def _page(at: AppTest, name: str) -> AppTest:
    at.switch_page(f"views/{name}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_overview_shows_resolution_494_and_counts(app):
    frame = app.dataframe[0].value
    assert "494" in frame["number"].astype(str).tolist()
    assert "Montréal" in frame["place"].tolist()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Documents"] == "2" and metrics["Clauses"] == "66"


ENT = "https://w3id.org/clausegraph/id/entity/"


def _shown(at: AppTest) -> tuple[int, int]:
    """(entities drawn, entities in the filtered network) from the Explore caption."""
    caption = next(c.value for c in at.caption if " entities, " in c.value)
    shown, rest = caption.split(" of ", 1)
    return int(shown), int(rest.split()[0])


def test_explore_lists_russia_among_the_condemned_and_shows_its_card(app):
    at = _page(app, "explore")
    at.multiselect(key="stances").set_value(["condemn"]).run()
    actor = at.selectbox(key="actor")
    assert "Russia (5 × condemn)" in actor.options and not any(o.startswith("Finland") for o in actor.options)
    actor.set_value(f"{ENT}russia").run()
    assert not at.exception
    assert any(s.value.startswith("Russia · State") for s in at.subheader)
    assert any("condemn" in m.value and "Vilnius" not in m.value for m in at.markdown)


def test_explore_opens_on_the_most_condemned_actor_and_its_neighbourhood(app):
    """Explore used to open on an 80-node hairball whatever the Actor facet said: it starts from one actor
    (the most condemned), the facet changes the view, and the whole network is one click away."""
    at = _page(app, "explore")
    assert at.selectbox(key="actor").value == f"{ENT}russia"
    russia, total = _shown(at)
    assert russia < total
    assert any(s.value.startswith("Russia · State") for s in at.subheader)
    assert any("What the Assembly expresses about it" in m.value and "condemn" in m.value for m in at.markdown)
    at.selectbox(key="actor").set_value(f"{ENT}interpol").run()
    interpol, _ = _shown(at)
    assert interpol != russia and any(s.value.startswith("Interpol") for s in at.subheader)
    at.button(key="whole").click().run()
    assert not at.exception and at.selectbox(key="actor").value == ""
    assert _shown(at)[0] == min(total, 80)


def test_explore_grows_from_a_clicked_node(app):
    """A click on a node types its id into the hidden `grow` box: its neighbours join the view and its card
    is shown (in the browser the network does the typing: test_browser.py)."""
    at = _page(app, "explore")
    at.selectbox(key="actor").set_value(f"{ENT}interpol").run()
    before, _ = _shown(at)
    at.text_input(key="grow").set_value(f"{ENT}russia").run()
    assert not at.exception
    after, _ = _shown(at)
    assert after > before
    assert any(c.value == "Grown from: Russia" for c in at.caption)
    assert any(s.value.startswith("Russia · State") for s in at.subheader)
    assert at.text_input(key="grow").value == ""  # ready for the next click


def test_explore_filters_by_type_and_document(app):
    at = _page(app, "explore")
    at.multiselect(key="types").set_value(["State"]).run()
    assert not at.exception
    actors = at.selectbox(key="actor").options
    assert actors and all("Interpol" not in o for o in actors)  # an organisation
    at.multiselect(key="docs").set_value(["2022-05-30-vilnius-declaration-confronting-russias-threat.txt"]).run()
    assert not at.exception and _shown(at)[1] < 82


def test_network_tooltips_are_plain_text_escaped_once():
    """vis-network shows a string title as text: an HTML-escaped title showed "&amp;" and tags."""
    import json
    import re

    import networkx as nx
    from clausegraph.views.graphview import render

    g = nx.Graph()
    g.add_node("a", label="Research & Development <Office>", type="Organisation")
    g.add_node("b", label="B", type="State")
    g.add_edge("a", "b", weight=2, clauses=[("x.txt", "3")], label="co-mentioned")
    page = render(g, {}, documents={"x.txt": "A title (2024)"})
    nodes = json.loads(re.search(r"new vis.DataSet\((\[.*?\])\);", page).group(1))
    assert nodes[0]["title"] == "Research & Development <Office> (Organisation)"
    data = page.split("</head>", 1)[1]  # the network's own script, after the inlined vis-network
    assert "&amp;" not in data and "<Office>" not in data  # inside the script block, < is \u003c
    assert "A title (2024) · 3" in data


def test_documents_highlight_mentions_and_verbs(app):
    at = _page(app, "documents")
    html = " ".join(m.value for m in at.markdown)
    assert "title='Russia (State)'" in html
    assert "<b title='condemn'" in html
    # the legend lists the types of the store, each in its colour
    assert "<span style='color:#1f77b4'>&#9632;</span> State" in html and "Threat" in html
    at.selectbox(key="document").set_value("2024-11-25-montreal-resolution-494.txt").run()
    at.selectbox(key="doc_entity").set_value("Interpol").run()
    shown = [m.value for m in at.markdown if "clause-" in m.value]
    assert len(shown) == 1 and "Interpol" in shown[0]


def test_commitments_table_filter_and_download(app):
    at = _page(app, "commitments")
    assert len(at.dataframe[0].value) == 32
    at.text_input(key="c_text").set_value("without delay").run()
    assert set(at.dataframe[0].value["clause"]) == {"18.c", "18.i"}
    assert at.get("download_button")


def test_sparql_runs_named_query_and_refuses_update(app):
    at = _page(app, "sparql")
    at.button(key="q_run").click().run()
    assert len(at.dataframe[0].value) > 10
    at.text_area(key="q_text_stances").set_value("DROP ALL").run()
    at.button(key="q_run").click().run()
    assert any("updates are refused" in e.value for e in at.error)


def test_sparql_names_the_variables_of_a_misspelled_parameter_and_places_a_syntax_error(app):
    """A parameter that binds no variable gave a silent 0 rows; a syntax error was called an update."""
    at = _page(app, "sparql")
    at.selectbox(key="q_name").set_value("clauses").run()
    text = at.text_area(key="q_text_clauses").value
    at.text_area(key="q_text_clauses").set_value(text.replace("?document", "?doc")).run()
    at.text_input(key="p_clauses_document").set_value("2024-11-25-montreal-resolution-494.txt").run()
    at.button(key="q_run").click().run()
    errors = [e.value for e in at.error]
    assert any("'document' matches no variable" in e and "?doc" in e for e in errors), errors
    at.text_area(key="q_text_clauses").set_value("SELEC ?s WHERE { ?s ?p ?o }").run()
    at.text_input(key="p_clauses_document").set_value("").run()
    at.button(key="q_run").click().run()
    errors = [e.value for e in at.error]
    assert any("syntax error at line 1, column 1" in e for e in errors) and not any("updates" in e for e in errors)
    assert any("^" in c.value for c in at.code)  # the line, marked where the parser stopped


def test_overview_counts_entities_colours_stances_and_lists_documents_once(app):
    import json

    from clausegraph.views.common import STANCE_COLOURS

    frames = [f.value for f in app.dataframe]
    assert sum("file" in f.columns for f in frames) == 1  # one documents table ...
    assert not any(".txt`" in m.value for m in app.markdown)  # ... and no second list of the same
    docs = frames[0]
    assert "DECLARATION CONFRONTING RUSSIA'S THREAT (2022)" in docs["document"].tolist()
    by_type, by_stance = (json.loads(c.proto.spec) for c in app.get("vega_lite_chart"))
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    rows = convert_arrow_bytes_to_pandas_df(app.get("vega_lite_chart")[0].proto.data.data)
    counts = dict(zip(rows["name"], rows["count"], strict=True))
    metric = {m.label: m.value for m in app.metric}["Entities"]
    assert sum(counts.values()) == int(metric)  # entities, not mentions
    scale = by_stance["encoding"]["color"]["scale"]
    assert scale["range"] == [STANCE_COLOURS[s] for s in scale["domain"]] and "condemn" in scale["domain"]


def test_documents_are_named_by_title_and_year_with_the_file_beside(app):
    at = _page(app, "documents")
    box = at.selectbox(key="document")
    assert "NATO AFTER THE WASHINGTON SUMMIT" in " ".join(box.options) and all(".txt" not in o for o in box.options)
    assert any("file 2022-05-30-vilnius" in c.value for c in at.caption)
    at = _page(at, "explore")
    assert all(".txt" not in o for o in at.multiselect(key="docs").options)
    at = _page(at, "stances")
    assert all(".txt" not in s.value and "(20" in s.value for s in at.subheader)


def test_validation_conforms(app):
    at = _page(app, "validation")
    at.button(key="v_run").click().run()
    assert any("conforms" in s.value for s in at.success)


def test_quote_laden_values_through_every_filter(app):
    at = _page(app, "commitments")
    at.text_input(key="c_text").set_value(NASTY).run()
    assert not at.exception and len(at.dataframe[0].value) == 0
    at = _page(app, "sparql")
    at.selectbox(key="q_name").set_value("clauses").run()
    at.text_input(key="p_clauses_document").set_value(NASTY).run()
    at.button(key="q_run").click().run()
    assert not at.exception and not at.error
    assert len(at.dataframe[0].value) == 0
    at.selectbox(key="q_name").set_value("sources").run()
    at.text_input(key="p_sources_entity").set_value(NASTY).run()
    at.button(key="q_run").click().run()
    assert not at.exception  # an impossible IRI is an error message, never an injection


def test_empty_store_says_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAUSEGRAPH_STORE", str(tmp_path / "empty"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert any("clausegraph ingest corpus/" in i.value for i in at.info)


def _app_over_first_document(tmp_path, monkeypatch) -> tuple[Path, Path, AppTest]:
    """A store holding the first corpus document, the second document, and the app run over the store."""
    path = tmp_path / "store"
    first, second = sorted((ROOT / "corpus").iterdir())[:2]
    store = open_store(path)
    assert not load_paths(store, [first]).failed
    store.close()
    monkeypatch.setenv("CLAUSEGRAPH_STORE", str(path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    return path, second, at


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_app_reads_while_another_process_ingests(tmp_path, monkeypatch):
    """The app holds the store read-only: `clausegraph ingest` in another process can write beside it,
    and the app's next run shows the new document."""
    import subprocess
    import sys

    path, second, at = _app_over_first_document(tmp_path, monkeypatch)
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Documents"] == "1"
    cli = [sys.executable, "-c", "import sys, cli; sys.exit(cli.main())"]
    done = subprocess.run([*cli, "--store", str(path), "ingest", str(second)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    at.run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Documents"] == "2"


def test_upload_ingests_a_document_and_a_bad_file_changes_nothing(tmp_path, monkeypatch):
    path, second, at = _app_over_first_document(tmp_path, monkeypatch)
    at.file_uploader(key="upload").upload("broken.pdf", b"%PDF-1.4 this is no PDF", "application/pdf").run()
    at.button(key="ingest").click().run()
    assert not at.exception
    assert any("Nothing changed" in e.value for e in at.error)
    assert {m.label: m.value for m in at.metric}["Documents"] == "1"
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.file_uploader(key="upload").upload(second.name, second.read_bytes(), "text/plain").run()
    at.button(key="ingest").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("1 added" in s.value for s in at.success), [s.value for s in at.success]
    assert {m.label: m.value for m in at.metric}["Documents"] == "2"


def test_stances_page_shows_china_moving_from_concern_to_condemnation(app):
    at = _page(app, "stances")
    at.selectbox(key="stance_actor").set_value("https://w3id.org/clausegraph/id/entity/china").run()
    assert not at.exception
    heads = [s.value for s in at.subheader]
    assert len(heads) == 2 and heads[0].startswith("2022-") and heads[1].startswith("2024-")
    early, late = (t.value for t in at.dataframe)
    assert "troubled" in early["verb"].tolist() and "condemn" not in early["stance"].tolist()
    assert "deploring" in late["verb"].tolist() and "concern" not in late["stance"].tolist()
    assert any(m.value.startswith("**Change:**") for m in at.markdown)
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = charts[0].proto.spec
    assert "condemn" in spec and "concern" in spec  # one stacked bar per document, coloured by stance


def test_network_page_centrality_communities_path_and_exports(app):
    at = _page(app, "network")
    central = at.dataframe[0].value
    assert list(central.columns[:4]) == ["entity", "type", "degree", "betweenness"]
    assert central["degree"].is_monotonic_decreasing and len(central) == 20
    comms = at.dataframe[1].value
    assert len(comms) > 1 and comms["size"].is_monotonic_decreasing
    at.radio(key="n_method").set_value("louvain").run()
    assert not at.exception and "modularity" in " ".join(c.value for c in at.caption)
    ent = "https://w3id.org/clausegraph/id/entity/"
    at.selectbox(key="n_from").set_value(f"{ent}finland")
    at.selectbox(key="n_to").set_value(f"{ent}interpol").run()
    hops = [m.value for m in at.markdown if " — " in m.value]
    assert hops[0].startswith("**Finland**") and hops[-1].endswith("**Interpol**")
    assert any(" (2024) · " in m.value and ".txt'" in m.value for m in at.markdown)  # title shown, file in tooltip
    labels = [b.label for b in at.get("download_button")]
    assert {"Download network.graphml", "Download network.gexf", "Download nodes.csv", "Download edges.csv"} <= set(
        labels)
    at.selectbox(key="n_projection").set_value("commitment").run()
    assert not at.exception
    assert at.dataframe[0].value["entity"].tolist() != central["entity"].tolist()


def test_recurring_asks_page_links_the_democratic_resilience_centre_ask(app):
    at = _page(app, "asks")
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Recurring asks"]) >= 2
    texts = " ".join(m.value for m in at.markdown)
    assert "16.o" in texts and "18.i" in texts and "strengthened" in texts
    at.text_input(key="asks_text").set_value("Democratic Resilience").run()
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown)
    assert "18.i" in shown and "18.c" not in shown


@pytest.fixture(scope="module")
def large_store(tmp_path_factory) -> Path:
    """A store of 30 generated resolutions: more than views.common.MANY_DOCUMENTS."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from gen_corpus import generate

    folder = tmp_path_factory.mktemp("large")
    store = open_store(folder / "store")
    assert not load_paths(store, generate(folder / "texts", 30, seed=5)).failed
    store.close()
    return folder / "store"


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_large_store_pages_start_from_the_newest_documents(large_store, monkeypatch):
    """Above 25 documents, Explore, Commitments and Network read the newest 10 documents (one query each)
    and grow when the user adds documents; Stances over time reads only the chosen actor."""
    from clausegraph.graph.query.named import run_named

    monkeypatch.setenv("CLAUSEGRAPH_STORE", str(large_store))
    store = open_store(large_store, read_only=True)
    docs = [str(r[0]) for r in run_named(store, "documents").rows]
    every = run_named(store, "commitments").rows
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at = _page(at, "commitments")
    assert at.multiselect(key="c_docs").value == docs[-10:]
    assert any("10 of 30 documents" in c.value for c in at.caption)
    assert set(at.dataframe[0].value["document"]) == set(docs[-10:])
    assert len(at.dataframe[0].value) == sum(str(r[0]) in docs[-10:] for r in every)
    at.multiselect(key="c_docs").set_value(docs).run()
    assert not at.exception and len(at.dataframe[0].value) == len(every)

    at = _page(at, "explore")
    assert at.multiselect(key="docs").value == docs[-10:]
    shown = int(next(c.value for c in at.caption if " entities, " in c.value).split(" of ")[1].split()[0])
    at.multiselect(key="docs").set_value(docs).run()
    assert not at.exception
    more = int(next(c.value for c in at.caption if " entities, " in c.value).split(" of ")[1].split()[0])
    assert 0 < shown < more
    at.multiselect(key="docs").set_value([]).run()
    assert not at.exception

    at = _page(at, "stances")
    top = run_named(store, "stance-actors").rows[0]
    assert at.selectbox(key="stance_actor").value == str(top[0])
    assert len(at.subheader) == int(top[3])  # one section per document that speaks of the actor

    at = _page(at, "asks")
    total = int({m.label: m.value for m in at.metric}["Recurring asks"])
    drawn = [m.value for m in at.markdown if " → " in m.value]
    assert total > 50 and len(drawn) == 50  # the first 50 links drawn, all of them in the CSV
    assert any(f"first 50 of {total} links" in c.value for c in at.caption)
    at.number_input(key="asks_shown").set_value(100).run()
    assert len([m.value for m in at.markdown if " → " in m.value]) == min(100, total)

    from clausegraph.graph.analytics import projections as pj

    at = _page(at, "network")
    assert at.multiselect(key="n_docs").value == docs[-10:]
    newest = pj.projection(store, "co-mention", docs[-10:])
    size = next(c.value for c in at.caption if " nodes, " in c.value)
    assert size.startswith(f"{newest.number_of_nodes()} nodes, {newest.number_of_edges()} edges")
    at.multiselect(key="n_docs").set_value(docs).run()
    whole = pj.projection(store, "co-mention")
    assert not at.exception and whole.number_of_edges() > newest.number_of_edges()
    size = next(c.value for c in at.caption if " nodes, " in c.value)
    assert size.startswith(f"{whole.number_of_nodes()} nodes, {whole.number_of_edges()} edges")
    at.multiselect(key="n_docs").set_value([]).run()
    assert not at.exception and any(c.value.startswith("0 nodes, 0 edges") for c in at.caption)
    store.close()


def test_a_type_added_to_the_ontology_gets_its_own_colour():
    from clausegraph.views.common import EXTRA_COLOURS, TYPE_COLOURS, type_colour

    assert type_colour("State") == TYPE_COLOURS["State"]
    assert type_colour("PrivateArmy") in EXTRA_COLOURS  # not grey, and not another type's colour
    assert type_colour("PrivateArmy") == type_colour("PrivateArmy")
    assert set(EXTRA_COLOURS).isdisjoint(TYPE_COLOURS.values())
    assert type_colour("") == "#999"  # no type known


def test_threats_page_names_the_posers_and_opens_their_clauses(app):
    at = _page(app, "threats")
    years = at.dataframe[0].value
    assert {"Russia", "China", "North Korea"} <= set(years["actor"])
    at.selectbox(key="threat_actor").set_value("China").run()
    rows = at.dataframe[1].value
    assert set(rows["clause"]) == {"11", "10", "18.k"}
    assert all(link.startswith("documents?doc=") and "clause=" in link for link in rows["open"])
    at.selectbox(key="threat_named").set_value("nuclear sabre-rattling").run()
    assert list(at.dataframe[2].value["posed by"]) == ["Russia"]
