# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run serve install install-test system-deps test lint screenshots lighthouse

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

# axe-core and the Nu Html Checker for the page quality gates (tests/quality),
# pinned by tests/quality/package-lock.json. --ignore-scripts: vnu-jar's
# postinstall would download a Java runtime; the machine's Java is used.
QUALITY_TOOLS := tests/quality/node_modules/.package-lock.json

install-test: $(BIN)/python system-deps $(QUALITY_TOOLS)
	$(BIN)/pip install -q -e ".[test]"

$(QUALITY_TOOLS): tests/quality/package-lock.json | system-deps
	npm ci --prefix tests/quality --ignore-scripts --no-audit --no-fund --loglevel=error

# Chromium (browser tests), CJK fonts, Node.js and Java (quality gates) come from Debian's packages.
system-deps:
	./scripts/install-system-deps

# Install, migrate, load the demo newsroom into an empty database, serve on 127.0.0.1:8000.
run: install
	$(BIN)/newsdesk migrate --noinput -v0
	$(BIN)/newsdesk demo --if-empty
	$(BIN)/newsdesk collectstatic --noinput -v0
	$(BIN)/newsdesk serve --host 127.0.0.1 --port 8000

# Install the test dependencies and run the whole suite (unit, HTTP and browser tests).
test: install-test
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check newsdesk tests

# Lighthouse (pinned in bench/lighthouse/package-lock.json) on the demo article page,
# in Debian's Chromium; prints the scores (docs/performance.md). Not part of `make test`.
bench/lighthouse/node_modules/.package-lock.json: bench/lighthouse/package-lock.json | system-deps
	npm ci --prefix bench/lighthouse --ignore-scripts --no-audit --no-fund --loglevel=error

lighthouse: install-test bench/lighthouse/node_modules/.package-lock.json
	$(BIN)/python bench/lighthouse.py
