"""The lexicon kept on disk between runs: the same lexicon as read from the ontology, never a stale one."""
from __future__ import annotations

import shutil

import pytest
from clausegraph.ingest import lexicon as lexicon_module
from clausegraph.resources import ontology_dir


def _copy_ontology(tmp_path):
    target = tmp_path / "ontology"
    target.mkdir()
    for ttl in ontology_dir().glob("*.ttl"):
        shutil.copy(ttl, target / ttl.name)
    return target


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_a_cached_lexicon_is_the_lexicon_read_from_the_ontology(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAUSEGRAPH_CACHE", str(tmp_path / "cache"))
    directory = _copy_ontology(tmp_path)
    first = lexicon_module.load_lexicon.__wrapped__(directory)
    cached = lexicon_module.cache_file(directory)
    assert cached is not None and cached.exists()
    again = lexicon_module.load_lexicon.__wrapped__(directory)  # from the file this time
    read = lexicon_module.read_lexicon(directory)
    for lex in (first, again):
        assert lex.verbs == read.verbs and lex.entities == read.entities and lex.words == read.words
        assert [p.pattern for p, _ in lex.targets] == [p.pattern for p, _ in read.targets]


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_an_edited_ontology_is_never_served_the_old_lexicon(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAUSEGRAPH_CACHE", str(tmp_path / "cache"))
    directory = _copy_ontology(tmp_path)
    before = lexicon_module.load_lexicon.__wrapped__(directory)
    assert "zarquonia" not in before.entities
    entities = directory / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8") + """
ent:zarquonia a cg:State ; skos:prefLabel "Zarquonia"@en .
""", encoding="utf-8")
    after = lexicon_module.load_lexicon.__wrapped__(directory)
    assert "zarquonia" in after.entities
    assert len(list((tmp_path / "cache").glob("lexicon-*.pickle"))) == 2


@pytest.mark.slow  # end to end, seconds of ingest: make test runs it, make test-fast does not
def test_a_broken_or_unwritable_cache_falls_back_to_reading(tmp_path, monkeypatch):
    directory = _copy_ontology(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("CLAUSEGRAPH_CACHE", str(blocker))
    assert lexicon_module.load_lexicon.__wrapped__(directory).verbs  # cannot write: reads, says nothing
    monkeypatch.setenv("CLAUSEGRAPH_CACHE", str(tmp_path / "cache"))
    cached = lexicon_module.cache_file(directory)
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"garbage, not a pickle")
    assert lexicon_module.load_lexicon.__wrapped__(directory).verbs
    monkeypatch.setenv("CLAUSEGRAPH_CACHE", "off")
    assert lexicon_module.cache_file(directory) is None
