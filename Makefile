# The commands the README gives. `make run` and `make test` each create .venv and install first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE ?= .clausegraph/store
CLI := $(BIN)/clausegraph --store $(STORE)

.PHONY: venv install install-test run test test-fast score bench bench-scale bench-order bench-floor shacl-conformance lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(CLI) ingest corpus/
	$(CLI) validate
	$(CLI) stats
	$(CLI) app

test: install-test
	$(BIN)/python -m pytest

# everything but the tests marked slow (browser, servers, wheel, benchmarks), on every core: about a minute
test-fast: install-test
	$(BIN)/python -m pytest -m "not slow" -n auto

score: install
	$(BIN)/python tests/data/score_extraction.py --cli "$(BIN)/clausegraph" --corpus corpus --gold tests/data/gold -v

bench: install-test
	$(BIN)/python bench/bench_queries.py

# ingest and every named query at 10, 100 and 1,000 synthetic resolutions (several minutes)
bench-scale: install-test
	$(BIN)/python bench/bench_scale.py

# named queries sorted in Python against the engine's ORDER BY, at 1,000 synthetic resolutions (a few minutes)
bench-order: install-test
	$(BIN)/python bench/bench_order.py

# where each named query's time goes at 1,000 synthetic resolutions, against the engine's floor (a few minutes)
bench-floor: install-test
	$(BIN)/python bench/bench_floor.py

# the W3C SHACL test suite (../shared/w3c-shacl) per engine: pass / fail / unsupported (half a minute)
shacl-conformance: install
	$(BIN)/python -m graph.w3c_suite ../shared/w3c-shacl

# what relation extraction costs in an ingest of the corpus (seconds)
bench-relations: install-test
	$(BIN)/python bench/bench_relations.py

# one paragraph of 1 MB naming an entity every few words, at half and full size, against the corpus (a few minutes)
bench-paragraph: install-test
	$(BIN)/python bench/bench_paragraph.py

# ruff, mypy and the import contracts of pyproject.toml ([tool.importlinter]: layers point down)
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) .clausegraph .pytest_cache .ruff_cache .mypy_cache *.egg-info
