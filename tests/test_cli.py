"""The command line end to end, in a subprocess: every verb, and bad input as one clear line."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def cg(store: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "clausegraph.cli", "--store", str(store), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    proc = cg(path, "ingest", str(CORPUS), check=True)
    assert "2 added" in proc.stdout
    return path


def _dump(store: Path) -> set[str]:
    return set(cg(store, "export", "--format", "nquads", check=True).stdout.splitlines())


def assert_one_line_error(proc: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("clausegraph: error:") and fragment in lines[0], lines[0]
    assert "Traceback" not in proc.stderr


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_ingest_twice_changes_nothing(store):
    before = _dump(store)
    proc = cg(store, "ingest", str(CORPUS), check=True)
    assert "0 added, 0 replaced, 2 unchanged" in proc.stdout
    assert _dump(store) == before


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_reingest_of_edited_file_replaces_its_graph_whole(tmp_path):
    src = (CORPUS / "2024-11-25-montreal-resolution-494.txt").read_text(encoding="utf-8")
    doc = tmp_path / "res.txt"
    doc.write_text(src, encoding="utf-8")
    st = tmp_path / "st"
    cg(st, "ingest", str(doc), check=True)
    doc.write_text(src.replace("Interpol", "Europol"), encoding="utf-8")
    proc = cg(st, "ingest", str(doc), check=True)
    assert "1 replaced" in proc.stdout
    out = cg(st, "query", "clause-mentions", "--format", "csv", check=True).stdout
    assert "Europol" in out and "Interpol" not in out
    assert cg(st, "validate").returncode == 0


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [("empty.txt", b"", "empty"), ("binary.txt", b"\x00\x01\x02\x03" * 64, "binary"),
     ("letter.txt", b"Dear colleagues,\nno paragraphs here.\n", "no numbered paragraphs"),
     ("doc.docx", b"PK\x03\x04", "unsupported format")],
)
def test_bad_files_give_one_line_and_leave_store_unchanged(store, tmp_path, name, data, fragment):
    before = _dump(store)
    bad = tmp_path / name
    bad.write_bytes(data)
    assert_one_line_error(cg(store, "ingest", str(bad)), fragment)
    assert _dump(store) == before


def test_missing_file(store, tmp_path):
    assert_one_line_error(cg(store, "ingest", str(tmp_path / "nope.txt")), "no such file")


def test_query_errors(store):
    assert_one_line_error(cg(store, "query", "no-such-query"), "unknown query")
    assert_one_line_error(cg(store, "query", "SELECT ?x WHERE { ?x ?y"), "malformed SPARQL")
    assert_one_line_error(cg(store, "query", "sources"), "needs --param entity")


def test_query_formats(store):
    out = cg(store, "query", "documents", "--format", "csv", check=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["document"] for r in rows} == {p.name for p in CORPUS.iterdir()}
    data = json.loads(cg(store, "query", "counts", "--format", "json", check=True).stdout)
    assert data[0]["documents"] == 2
    table = cg(store, "query", "clauses", "--param", "document=2024-11-25-montreal-resolution-494.txt",
               check=True).stdout
    assert "18.q" in table and "16.o" not in table


def test_query_from_file(store, tmp_path):
    f = tmp_path / "n.rq"
    f.write_text("PREFIX cg: <https://w3id.org/clausegraph/ontology#>\n"
                 "SELECT (COUNT(?u) AS ?n) WHERE { ?u a cg:Point }\n")
    out = cg(store, "query", str(f), "--format", "csv", check=True).stdout
    assert out.splitlines() == ["n", "32"]


def test_validate_stats_export(store, tmp_path):
    proc = cg(store, "validate", check=True)
    assert "conforms" in proc.stdout
    stats = cg(store, "stats", check=True).stdout
    assert "Entities by type" in stats and "affirm" in stats
    target = tmp_path / "out.ttl"
    cg(store, "export", "--format", "turtle", "-o", str(target), check=True)
    from rdflib import Graph
    assert len(Graph().parse(target, format="turtle")) > 1000


def test_validate_with_either_engine(store):
    fast = cg(store, "validate", "--engine", "sparql", check=True).stdout
    assert fast == cg(store, "validate", "--engine", "pyshacl", check=True).stdout
    bad = cg(store, "validate", "--engine", "quick")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


def test_queries_lists_named_queries(store):
    out = cg(store, "queries", check=True).stdout
    assert "clause-mentions" in out and "sources" in out and "[params: entity]" in out


def test_track_links_the_corpus_repeated_asks(store):
    rows = list(csv.DictReader(io.StringIO(cg(store, "track", "--format", "csv", check=True).stdout)))
    links = {(r["earlier_clause"], r["document"], r["clause"]): r["kind"] for r in rows if r["earlier_document"]}
    assert ("16.o", "2024-11-25-montreal-resolution-494.txt", "18.i") in links
    assert links[("16.e", "2024-11-25-montreal-resolution-494.txt", "18.c")] == "strengthened"
    assert {r["kind"] for r in rows} >= {"new", "repeated", "strengthened"}
    data = json.loads(cg(store, "track", "--format", "json", check=True).stdout)
    assert [[str(v) for v in r.values()] for r in data] == [list(r.values()) for r in rows]
    assert cg(store, "track", "--format", "json", "--limit", "2", "--offset", "1", check=True).stdout \
        == json.dumps(data[1:3], ensure_ascii=False, indent=None).replace("}, {", "},\n  {") \
        .replace("[{", "[\n  {").replace("}]", "}\n]") + "\n"
    table = cg(store, "track", check=True).stdout
    # documents by title (and year, cut here), files in columns of their own
    assert "strengthened" in table and "DECLARATION CONFRONTING RUSSIA'S THREAT" in table
    assert "2024-11-25-montreal-resolution-494.txt" in table


def test_reingest_rebuilds_when_the_annotator_changed(tmp_path, monkeypatch):
    """Regression: a store built before a gazetteer change kept its old graphs as 'unchanged'."""
    import clausegraph.ingest as ingest
    from clausegraph.graph.store import open_store
    from clausegraph.pipeline import load_paths

    st = open_store(tmp_path / "st")
    assert load_paths(st, [CORPUS]).added
    assert len(load_paths(st, [CORPUS]).unchanged) == 2
    monkeypatch.setattr(ingest, "fingerprint", lambda: "0" * 64)
    monkeypatch.setattr("clausegraph.pipeline.fingerprint", lambda: "0" * 64)
    assert len(load_paths(st, [CORPUS]).replaced) == 2


def test_stances_china_per_document_in_date_order(store):
    out = cg(store, "stances", "China", check=True).stdout
    assert out.startswith("== China (State)")
    early, late = out.index("-- 2022-"), out.index("-- 2024-")
    assert early < late
    assert "troubled" in out[early:late] and "deploring" not in out[early:late]
    assert "deploring" in out[late:] and "troubled" not in out[late:].split("change:")[0]
    assert "change: 2022-" in out
    assert cg(store, "stance-over-time", "PRC", check=True).stdout == out  # alias; alternative name
    summary = cg(store, "stances", check=True).stdout
    assert "China" in summary and "Russia" in summary and "actor" in summary.splitlines()[0]
    assert_one_line_error(cg(store, "stances", "Atlantis"), "no entity named 'Atlantis'")
    assert_one_line_error(cg(store, "stances", "NSATU"), "no stances about NSATU")


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_network_centrality_communities_ego(store):
    out = cg(store, "network", "centrality", "--top", "3", check=True).stdout
    degree = out.split("== Betweenness")[0]
    assert "Degree centrality (top 3)" in degree and len([x for x in degree.splitlines() if x[:1].isdigit()]) == 3
    assert "NATO" in degree
    out = cg(store, "network", "communities", "--method", "louvain", check=True).stdout
    assert "communities (louvain; modularity" in out
    out = cg(store, "network", "ego", "China", check=True).stdout
    assert out.startswith("== China:") and "Russia" in out
    out = cg(store, "network", "--projection", "commitment", "centrality", check=True).stdout
    out2 = cg(store, "network", "centrality", "--projection", "commitment", check=True).stdout
    assert out == out2 and out != cg(store, "network", "centrality", check=True).stdout
    assert_one_line_error(cg(store, "network", "--projection", "friends"), "unknown projection")


def test_network_path_each_hop_with_clause_id_and_text(store):
    out = cg(store, "network", "path", "Finland", "Interpol", "--clauses", "0", check=True).stdout
    lines = out.splitlines()
    assert lines[0].startswith("== Finland -> Interpol:")
    hops = [x for x in lines if " -- " in x]
    assert hops[0].startswith("Finland -- ") and hops[-1].endswith(" -- Interpol")
    # every hop line is followed by at least one "document clause: text" line
    for i, x in enumerate(lines):
        if " -- " in x:
            assert lines[i + 1].startswith("    ") and ".txt " in lines[i + 1] and ": " in lines[i + 1]
    assert_one_line_error(cg(store, "network", "path", "China", "Atlantis"), "no entity named 'Atlantis'")


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_network_exports_load_back(store, tmp_path):
    import networkx as nx

    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        target = tmp_path / f"net.{fmt}"
        proc = cg(store, "network", "--projection", "commitment", "--export", fmt, str(target), check=True)
        assert f"wrote {target}" in proc.stderr
        g = read(target)
        assert g.number_of_nodes() > 10 and "https://w3id.org/clausegraph/id/entity/china" in g
        assert all(d.get("clauses") for _, _, d in g.edges(data=True))
    folder = tmp_path / "csv"
    cg(store, "network", "--export", "csv", str(folder), check=True)
    nodes = list(csv.DictReader((folder / "nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((folder / "edges.csv").open(encoding="utf-8")))
    ids = {n["id"] for n in nodes}
    assert nodes and edges and all(e["source"] in ids and e["target"] in ids for e in edges)
    summary = cg(store, "network", check=True).stdout
    assert f"{len(nodes)} nodes, {len(edges)} edges" in summary
    assert_one_line_error(cg(store, "network", "--export", "dot", str(tmp_path / "x")), "unknown export format")


def test_query_entity_parameter_takes_any_name_of_the_entity(store):
    by_key = cg(store, "query", "sources", "--param", "entity=china", "--format", "csv", check=True).stdout
    by_name = cg(store, "query", "sources", "--param", "entity=People's Republic of China", "--format", "csv",
                 check=True).stdout
    assert by_name == by_key and by_key.count("\n") > 2
    assert_one_line_error(cg(store, "query", "sources", "--param", "entity=Chinaa"), "did you mean China")


# ------------------------------------------------------------------ found by walking through the README


def test_a_one_line_query_with_its_prefix_is_a_query(store):
    proc = cg(store, "query", "PREFIX cg: <https://w3id.org/clausegraph/ontology#> SELECT (COUNT(*) AS ?n) "
                              "WHERE { ?d cg:sourceFile ?f }", "--format", "csv", check=True)
    assert proc.stdout.splitlines() == ["n", "2"]


def test_validate_names_an_unknown_document(store):
    assert_one_line_error(cg(store, "validate", "--document", "nosuch"), "no document 'nosuch' in the store")


def test_a_bad_byte_limit_is_one_line(store, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "clausegraph.cli", "--store", str(tmp_path / "s"), "ingest",
                           str(CORPUS)], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**__import__("os").environ, "CLAUSEGRAPH_MAX_BYTES": "20MB"})
    assert proc.returncode != 0
    assert "CLAUSEGRAPH_MAX_BYTES must be a whole number of bytes, not '20MB'" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(("args", "fragment"), [
    (["serve", "--port", "99999"], "--port: 99999 is not between 1 and 65535"),
    (["app", "--port", "0"], "--port: 0 is not between 1 and 65535"),
    (["network", "centrality", "--top", "-1"], "--top: -1 is less than 1"),
    (["network", "ego", "russia", "--depth", "0"], "--depth: 0 is less than 1"),
    (["serve", "--timeout", "x"], "--timeout: 'x' is not a whole number"),
])
def test_numbers_out_of_range_are_refused(tmp_path, args, fragment):
    proc = cg(tmp_path / "unused", *args)
    assert proc.returncode == 2 and fragment in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "unused").exists()


def test_a_store_path_that_is_a_file_or_a_foreign_folder_is_refused(tmp_path):
    file = tmp_path / "my.rq"
    file.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    assert_one_line_error(cg(file, "stats"), "is a file, not a store folder")
    assert_one_line_error(cg(file, "ingest", str(CORPUS)), "is a file, not a store folder")
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    assert_one_line_error(cg(folder, "ingest", str(CORPUS)), "holds other files and is not a store")
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]  # nothing written into it


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_two_files_that_would_be_one_document_are_refused(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    source = sorted(CORPUS.glob("*.txt"))[0]
    (texts / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (texts / f"{source.stem}.md").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    store = tmp_path / "store"
    proc = cg(store, "ingest", str(texts))
    assert proc.returncode == 1
    assert "1 added, 0 replaced, 0 unchanged, 1 failed" in proc.stdout
    assert f"{source.name}: same document as {source.stem}.md" in proc.stderr
    again = cg(store, "ingest", str(texts))  # and it stays settled: nothing replaced back and forth
    assert "0 added, 0 replaced, 1 unchanged, 1 failed" in again.stdout


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_a_file_named_twice_is_read_once(tmp_path):
    source = sorted(CORPUS.glob("*.txt"))[0]
    proc = cg(tmp_path / "store", "ingest", str(CORPUS), str(source), check=True)
    assert "2 added, 0 replaced, 0 unchanged" in proc.stdout


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_parameter_values_are_checked_against_the_store(store):
    assert_one_line_error(cg(store, "query", "stances", "--param", "stance=hate"),
                          "no stance 'hate' in the store; one of: affirm, concern, condemn")
    assert_one_line_error(cg(store, "query", "clauses", "--param", "document=nosuch"),
                          "no document 'nosuch' in the store; one of: 2022-05-30")
    assert_one_line_error(cg(store, "query", "stances", "--param", "entity=Russia", "--param", "entity=China"),
                          "parameter 'entity' given twice")
    # a stance or type in any case, a document by stem or by path: the same rows as the exact spelling
    assert cg(store, "query", "stances", "--param", "stance=CONDEMN", check=True).stdout == \
        cg(store, "query", "stances", "--param", "stance=condemn", check=True).stdout
    states = cg(store, "query", "entities", "--param", "type=state", "--format", "csv", check=True).stdout
    assert states == cg(store, "query", "entities", "--param", "type=State", "--format", "csv", check=True).stdout
    assert len(states.splitlines()) > 5
    source = sorted(CORPUS.glob("*.txt"))[1]
    exact = cg(store, "query", "clauses", "--param", f"document={source.name}", check=True).stdout
    assert "(0 rows)" not in exact
    for spelling in (source.stem, str(source), f"https://w3id.org/clausegraph/id/graph/{source.stem}"):
        assert cg(store, "query", "clauses", "--param", f"document={spelling}", check=True).stdout == exact


def test_network_takes_several_documents_by_any_name(store):
    first, second = sorted(CORPUS.glob("*.txt"))
    both = cg(store, "network", "--document", first.stem, "--document", str(second), check=True).stdout
    whole = cg(store, "network", check=True).stdout
    assert both == whole  # the two documents are the whole store
    one = cg(store, "network", "--document", first.name, check=True).stdout
    assert one != whole
    assert_one_line_error(cg(store, "network", "--document", "montreal"), "no document 'montreal' in the store")


def test_long_verbs_report_progress_on_stderr(store):
    proc = cg(store, "validate", check=True)
    lines = proc.stderr.splitlines()
    assert "validate: 2/2 documents read" in lines
    assert any(re.fullmatch(r"validate: (\d+)/\1 batches checked", line) for line in lines)
    assert any(re.fullmatch(r"validate: (\d+)/\1 rules across documents run", line) for line in lines)
    assert "conforms" in proc.stdout and "documents read" not in proc.stdout  # the report alone on stdout
    track = cg(store, "track", check=True)
    assert re.search(r"^track: (\d+)/\1 asks linked$", track.stderr, re.M)
    assert "== Recurring asks" in track.stdout


def test_global_options_are_taken_after_the_verb_too(store):
    before = cg(store, "stats", check=True).stdout
    after = subprocess.run([sys.executable, "-m", "clausegraph.cli", "stats", "--store", str(store)],
                           capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert after.returncode == 0, after.stderr
    assert after.stdout == before
    action = subprocess.run([sys.executable, "-m", "clausegraph.cli", "network", "centrality", "--store", str(store)],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert action.returncode == 0 and action.stdout == cg(store, "network", "centrality", check=True).stdout


def test_table_cells_are_cut_unless_asked_not_to(store):
    cut = cg(store, "query", "sources", "--param", "entity=Interpol", check=True).stdout
    whole = cg(store, "query", "sources", "--param", "entity=Interpol", "--width", "0", check=True).stdout
    assert "…" in cut and "…" not in whole
    assert "Strongly condemning the abuse by the Russian Federation of its membership in international " \
           "organisations, in particular Interpol" in whole


def test_an_empty_store_says_so(store, tmp_path):
    empty = tmp_path / "empty"
    assert cg(empty, "ingest", str(tmp_path / "missing.txt")).returncode == 1
    proc = cg(empty, "stats", check=True)
    assert "the store holds no documents; ingest some first" in proc.stderr
    assert "holds no documents" not in cg(store, "stats", check=True).stderr


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_remove_leaves_the_store_as_if_the_document_was_never_ingested(tmp_path):
    first, second = sorted(CORPUS.glob("*.txt"))
    both, only = tmp_path / "both", tmp_path / "only"
    cg(both, "ingest", str(CORPUS), check=True)
    cg(only, "ingest", str(first), check=True)
    assert_one_line_error(cg(both, "remove", second.stem, "nosuch"), "no document 'nosuch' in the store")
    assert len(_dump(both)) > len(_dump(only))  # the unknown name removed nothing
    proc = cg(both, "remove", second.stem, check=True)
    assert proc.stdout.strip() == "remove: 1 removed" and f"removed {second.name}" in proc.stderr
    assert _dump(both) == _dump(only)  # its graph, and the entities only it named, are gone


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_ingest_force_rewrites_a_damaged_graph(tmp_path):
    store = tmp_path / "store"
    cg(store, "ingest", str(CORPUS), check=True)
    whole = _dump(store)
    from clausegraph.graph.store import open_store

    s = open_store(store)
    s.update("DELETE WHERE { GRAPH ?g { ?m <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> "
             "?text } }")
    s.snapshot()  # what readers see
    s.close()
    assert _dump(store) != whole
    assert "0 added, 0 replaced, 2 unchanged" in cg(store, "ingest", str(CORPUS), check=True).stdout
    assert "0 added, 2 replaced, 0 unchanged" in cg(store, "ingest", "--force", str(CORPUS), check=True).stdout
    assert _dump(store) == whole


def test_the_cli_reference_documents_every_verb_and_option():
    import clausegraph.cli as cli

    readme = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    ap = cli.parser()
    verbs = next(a for a in ap._actions if isinstance(a, __import__("argparse")._SubParsersAction))
    for name, verb in verbs.choices.items():
        if name == "stance-over-time":  # an alias, named in the row of `stances`
            continue
        assert f"| `{name}" in readme, f"verb {name} is not in the table of docs/cli.md"
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{name}"))
        for action in verb._actions:
            spellings = set(action.option_strings) - {"-h", "--help"}
            if spellings and not spellings & {"--store", "--endpoint", "--update-endpoint"}:
                assert any(f"{o} " in row or f"{o}]" in row or f"{o}`" in row for o in spellings), \
                    f"{name} {'/'.join(sorted(spellings))} is not in its row of docs/cli.md"


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_documents_whose_file_names_are_not_slugs_are_found_by_every_verb(tmp_path):
    source = sorted(CORPUS.glob("*.txt"))[1]
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "Montreal Resolution 494.txt").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    store = tmp_path / "store"
    proc = cg(store, "ingest", "--validate", str(texts), check=True)
    assert "1 added" in proc.stdout and "conforms" in proc.stdout
    for name in ("Montreal Resolution 494.txt", "Montreal Resolution 494", "montreal-resolution-494",
                 "https://w3id.org/clausegraph/id/graph/montreal-resolution-494"):
        assert "conforms" in cg(store, "validate", "--document", name, check=True).stdout
    assert "remove: 1 removed" in cg(store, "remove", "montreal-resolution-494", check=True).stdout


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_a_file_that_would_replace_another_documents_graph_is_refused(tmp_path):
    source = sorted(CORPUS.glob("*.txt"))[0]
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (b / f"{source.stem}.md").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    store = tmp_path / "store"
    cg(store, "ingest", str(a / source.name), check=True)
    assert_one_line_error(cg(store, "ingest", str(b / f"{source.stem}.md")),
                          f"the store holds {source.name} as the same document")
    assert "0 added, 1 replaced" in cg(store, "ingest", "--force", str(b / f"{source.stem}.md"), check=True).stdout
    files = cg(store, "query", "documents", "--format", "csv", check=True).stdout
    assert f"{source.stem}.md" in files and source.name not in files


def test_network_documents_before_and_after_the_action_add_up(store):
    first, second = sorted(CORPUS.glob("*.txt"))
    split = cg(store, "network", "--document", first.name, "centrality", "--document", second.name, check=True)
    assert split.stdout == cg(store, "network", "centrality", check=True).stdout


def test_a_byte_limit_below_one_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAUSEGRAPH_MAX_BYTES", "-5")
    proc = cg(tmp_path / "s", "ingest", str(CORPUS))
    assert "CLAUSEGRAPH_MAX_BYTES must be a whole number of bytes, not '-5'" in proc.stderr


DOCS_WITH_OUTPUT = ["README.md", *(f"docs/{p.name}" for p in sorted((ROOT / "docs").glob("*.md"))
                                     if p.name != "commitments.md")]  # commitments.md: test_docs_commitments.py


@pytest.mark.parametrize("name", DOCS_WITH_OUTPUT)
@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_readme_outputs_are_what_the_commands_print(tmp_path, name):
    """Each block marked `readme-output: ARGS` shows what `clausegraph ARGS` prints, the blocks run in order on
    one store: from empty when the first block is an ingest, else over the shipped corpus."""
    text = (ROOT / name).read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- readme-output: (.+?) -->\n```console\n\$ clausegraph ([^\n]*)\n(.*?)```", text, re.S)
    if name == "README.md":
        assert blocks, "the README shows no command output"
    store = tmp_path / "store"
    if blocks and not blocks[0][0].startswith("ingest"):
        assert cg(store, "ingest", str(ROOT / "corpus")).returncode == 0
    for args, shown_args, shown in blocks:
        assert shown_args == args, f"{name}: the command shown is not the one checked"
        proc = cg(store, *args.split())
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == shown, f"{name}: the output of `clausegraph {args}` is stale"


def test_the_readme_is_a_short_tour_whose_links_lead_somewhere():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) < 12 * 1024, "the README is a tour: reference material goes in docs/"
    links = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", readme)
    assert any(link.startswith("docs/") for link in links)
    assert [link for link in links if not (ROOT / link).exists()] == []


# -- pages, streams, formats of the listing verbs ------------------------------------------------------------

@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_query_pages_are_slices_of_the_whole_answer(store):
    whole = cg(store, "query", "clause-mentions", "--format", "csv", check=True).stdout.splitlines()
    page = cg(store, "query", "clause-mentions", "--format", "csv", "--limit", "7", "--offset", "5",
              check=True).stdout.splitlines()
    assert page == [whole[0]] + whole[1 + 5:1 + 12]
    last = cg(store, "query", "clause-mentions", "--format", "csv", "--offset", str(len(whole) - 3),
              check=True).stdout.splitlines()
    assert last == [whole[0]] + whole[-2:]
    table = cg(store, "query", "clause-mentions", "--limit", "4", check=True).stdout
    assert table.rstrip().endswith("(4 rows)")
    assert_one_line_error(cg(store, "query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2", "--limit", "1"),
                          "its own LIMIT")
    assert "-1 is less than 0" in cg(store, "query", "clauses", "--limit", "-1").stderr


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_query_streams_csv_json_and_ndjson_to_a_file(store, tmp_path):
    as_csv = list(csv.DictReader(io.StringIO(cg(store, "query", "stances", "--format", "csv", check=True).stdout)))
    as_json = json.loads(cg(store, "query", "stances", "--format", "json", check=True).stdout)
    lines = cg(store, "query", "stances", "--format", "ndjson", check=True).stdout.splitlines()
    assert as_json == [json.loads(line) for line in lines] == as_csv and len(as_csv) > 50
    target = tmp_path / "stances.ndjson"
    proc = cg(store, "query", "stances", "--format", "ndjson", "--output", str(target), check=True)
    assert proc.stdout == "" and f"wrote {len(lines)} rows to {target}" in proc.stderr
    assert target.read_text(encoding="utf-8").splitlines() == lines
    assert json.loads(cg(store, "query", "counts", "--format", "json", check=True).stdout)[0]["documents"] == 2
    empty = cg(store, "query", "clauses", "--param", "document=2024-11-25-montreal-resolution-494.txt",
               "--offset", "100000", "--format", "json", check=True).stdout
    assert json.loads(empty) == []


def test_select_star_keeps_the_order_of_the_query(store):
    text = "SELECT * WHERE { ?zeta a ?mid . OPTIONAL { ?zeta ?alpha ?beta } } LIMIT 1"
    assert cg(store, "query", text, "--format", "csv", check=True).stdout.splitlines()[0] == "zeta,mid,alpha,beta"
    assert cg(store, "query", text, check=True).stdout.split()[:4] == ["zeta", "mid", "alpha", "beta"]
    star = cg(store, "query", "SELECT * WHERE { ?zeta a ?mid } ORDER BY ?zeta ?mid", "--format", "csv",
              "--limit", "2", check=True).stdout
    assert star.splitlines()[0] == "zeta,mid"


def test_listings_show_titles_with_the_year_and_keep_the_file(store):
    table = cg(store, "query", "clauses", "--limit", "2", check=True).stdout
    header = table.splitlines()[0].split()
    assert header[:2] == ["document", "file"]
    assert "DECLARATION CONFRONTING RUSSIA'S THREAT (2022)" in table and "2022-05-30-vilnius" in table
    csv_out = cg(store, "query", "clauses", "--limit", "2", "--format", "csv", check=True).stdout
    assert csv_out.splitlines()[0] == "document,clause,part"  # data formats keep the file name
    assert "(2022)" in cg(store, "stances", "China", check=True).stdout


def test_stances_as_csv_and_json(store):
    rows = list(csv.DictReader(io.StringIO(cg(store, "stances", "China", "--format", "csv", check=True).stdout)))
    assert rows and {r["actor"] for r in rows} == {"China"}
    assert [r["adopted"] for r in rows] == sorted(r["adopted"] for r in rows)
    assert any(r["verb"] == "troubled" for r in rows) and any(r["verb"] == "deploring" for r in rows)
    summary = json.loads(cg(store, "stances", "--format", "json", check=True).stdout)
    assert {"Russia", "China"} <= {r["actor"] for r in summary}
    assert set(summary[0]) == {"actor", "type", "adopted", "document", "stances", "verbs"}
    page = json.loads(cg(store, "stances", "--format", "json", "--limit", "3", "--offset", "2", check=True).stdout)
    assert page == summary[2:5]


def test_the_trig_export_binds_the_prefixes(store):
    trig = cg(store, "export", "--format", "trig", check=True).stdout
    for prefix in ("cg", "ent", "nif", "rdfs", "skos", "xsd"):
        assert f"@prefix {prefix}: <" in trig or f"PREFIX {prefix}: <" in trig, prefix
    assert "cg:Clause" in trig
    from rdflib import Dataset
    assert len(Dataset().parse(data=trig, format="trig")) > 1000


CLI_DOC_VERBS = ("query", "queries", "stats", "track", "stances", "validate", "export")


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_the_examples_of_the_cli_reference_run(store, tmp_path):
    """Every example of docs/cli.md for a verb that reads the store runs on the shipped corpus."""
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    examples = [m for m in re.findall(r"`clausegraph ([^`]+)`", doc) if m.split()[0] in CLI_DOC_VERBS
                and "[" not in m and ">" not in m and "DIR" not in m]
    assert len(examples) >= 8
    import shlex
    for example in examples:
        proc = subprocess.run([sys.executable, "-m", "clausegraph.cli", "--store", str(store), *shlex.split(example)],
                              capture_output=True, text=True, cwd=tmp_path, timeout=300)
        assert proc.returncode in (0, 1), (example, proc.stderr)  # validate exits 1 on a violation
        assert "Traceback" not in proc.stderr, example
