# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run install install-test system-deps test test-scale lint lock audit bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Every install is held to the versions pinned in requirements.lock (`make lock` renews it).
install: $(BIN)/python
	$(BIN)/pip install -q -c requirements.lock -e .

install-test: $(BIN)/python system-deps
	$(BIN)/pip install -q -c requirements.lock -e ".[test]"

# Re-pin every dependency (and theirs) after changing pyproject.toml.
lock: install-test
	$(BIN)/pip-compile --quiet --all-extras --strip-extras --no-emit-index-url \
		--no-emit-find-links --no-emit-trusted-host --output-file requirements.lock pyproject.toml

# Known vulnerabilities in the pinned dependencies fail; an unreachable service only warns.
audit: install-test
	$(BIN)/python scripts/audit-dependencies

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
test: install-test audit
	$(BIN)/pytest

# The same suite on PostgreSQL and Redis (Debian packages, started on loopback).
SCALE_PG = postgres://newsdesk:newsdesk@127.0.0.1:5432/newsdesk
SCALE_ENV = DATABASE_URL=$(SCALE_PG) NEWSDESK_TEST_POSTGRES_URL=$(SCALE_PG) REDIS_URL=redis://127.0.0.1:6379/0
test-scale: install-test
	$(BIN)/pip install -q -c requirements.lock -e ".[test,postgres,redis]"
	./scripts/start-scale-services
	$(SCALE_ENV) $(BIN)/pytest

lint: install-test
	$(BIN)/ruff check newsdesk tests

# The page-serving benchmark (docs/performance.md): prints figures, never fails on them.
# Installs wrk and nginx (Debian) and Lighthouse (npm, into bench/.tools) when missing.
bench: $(BIN)/python
	$(BIN)/pip install -q -c requirements.lock -e ".[bench]"
	$(BIN)/python bench/run.py $(BENCH_ARGS)
