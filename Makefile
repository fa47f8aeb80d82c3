# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run serve install install-test system-deps test lint screenshots bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python system-deps
	$(BIN)/pip install -q -e ".[test]"

# Chromium (for the browser tests) and CJK fonts come from Debian's packages.
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

# The page-serving benchmark (docs/performance.md): prints figures, never fails on them.
# Installs wrk and nginx (Debian) and Lighthouse (npm, into bench/.tools) when missing.
bench: $(BIN)/python
	$(BIN)/pip install -q -e ".[bench]"
	$(BIN)/python bench/run.py $(BENCH_ARGS)
