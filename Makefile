# The two commands a newcomer needs:  make serve  and  make test.
# Each one creates the virtual environment in .venv and installs what it needs first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1
# Zensical for `make zensical`; keep it the same as in the test extra of pyproject.toml.
ZENSICAL_SPEC := zensical>=0.0.73,<0.0.74
ZENSICAL_DIR  := build/zensical

.PHONY: serve test build validate bench docs messages zensical install install-test clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml tests/browser/package-lock.json | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	# axe-core for the accessibility tests, from the npm registry (the browser tests skip if npm is missing)
	if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error; fi
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## make validate: check every record in registry/
validate: install
	$(BIN)/airegister validate registry

## make build: validate, then build the website into site/
build: validate
	$(BIN)/mkdocs build --strict --site-dir site

## make serve: validate, build and serve the example register on http://127.0.0.1:8000
serve: build
	$(BIN)/mkdocs serve --livereload --dirty --dev-addr $(HOST):$(PORT)

## make test: install the test tools and run the whole test suite
test: install-test
	$(BIN)/python -m pytest

## make docs: rewrite the mapping tables in docs/exports-*.md from the mapping files
docs: install
	$(BIN)/python -m generator.crosswalk.docs docs

## make messages: collect the interface texts and add new ones to every catalog in generator/locale/
messages: install
	$(BIN)/python -m generator.core.catalogs

## make bench: run the benchmarks and print their figures
bench: install-test
	$(BIN)/python bench/validate.py
	$(BIN)/python bench/build.py

## make zensical: build the pages of `airegister render` with Zensical into build/zensical/site
zensical: install
	$(BIN)/python -m pip install --quiet '$(ZENSICAL_SPEC)'
	$(BIN)/airegister render --links-from-source --out $(ZENSICAL_DIR)/pages
	cp docs/zensical.toml $(ZENSICAL_DIR)/zensical.toml
	rm -rf $(ZENSICAL_DIR)/site
	$(BIN)/zensical build --strict --config-file $(ZENSICAL_DIR)/zensical.toml

clean:
	rm -rf site build .pytest_cache
