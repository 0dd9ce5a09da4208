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

.PHONY: serve test build validate bench docs messages zensical install install-test install-locked lock clean

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

## make install-locked: what the GitHub workflows run: exactly the versions in requirements/workflows.txt, each file
## checked against its hash, then the register tool from this folder; no other download (pip itself is not upgraded)
LOCK := requirements/workflows.txt
install-locked:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(VENV)/.installed

## make lock: recompute the lock files requirements/*.txt (every version and file hash) from pyproject.toml and
## requirements/*.in, for the Python of the workflows (3.12); versions that still fit stay (LOCK_FLAGS=--upgrade: newest)
LOCK_PYTHON ?= python3.12
PIP_COMPILE := build/lock-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock:
	$(LOCK_PYTHON) -m venv build/lock-tools
	build/lock-tools/bin/python -m pip install --quiet 'pip-tools>=7.4'
	$(PIP_COMPILE) $(LOCK_FLAGS) --output-file requirements/workflows.txt pyproject.toml requirements/workflows.in
	$(PIP_COMPILE) $(LOCK_FLAGS) --output-file requirements/audit.txt requirements/audit.in

## make validate: check every record in registry/
validate: install
	$(BIN)/airegister validate registry

## make build: validate, then build the website into site/
build: validate
	$(BIN)/mkdocs build --strict --site-dir site

## make serve: build and serve the example register on http://127.0.0.1:8000; it keeps running, and a record with an
## error does not stop it: the browser (and this terminal) show every problem until the file is fixed
serve: install
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
	$(BIN)/python bench/search.py

## make zensical: build the pages of `airegister render` with Zensical into build/zensical/site
zensical: install
	$(BIN)/python -m pip install --quiet '$(ZENSICAL_SPEC)'
	$(BIN)/airegister render --links-from-source --out $(ZENSICAL_DIR)/pages
	cp docs/zensical.toml $(ZENSICAL_DIR)/zensical.toml
	rm -rf $(ZENSICAL_DIR)/site
	$(BIN)/zensical build --strict --config-file $(ZENSICAL_DIR)/zensical.toml

clean:
	rm -rf site build .pytest_cache
