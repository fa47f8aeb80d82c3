# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run install install-test system-deps test test-scale lint lock audit bench bench-scale bench-newsletter lighthouse

# axe-core and the Nu Html Checker for the page quality gates (tests/quality),
# pinned by tests/quality/package-lock.json. --ignore-scripts: vnu-jar's
# postinstall would download a Java runtime; the machine's Java is used.
QUALITY_TOOLS := tests/quality/node_modules/.package-lock.json

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Every install is held to the versions pinned in requirements.lock (`make lock` renews it).
install: $(BIN)/python
	$(BIN)/pip install -q -c requirements.lock -e .

install-test: $(BIN)/python system-deps $(QUALITY_TOOLS)
	$(BIN)/pip install -q -c requirements.lock -e ".[test]"

# Re-pin every dependency (and theirs) after changing pyproject.toml.
lock: install-test
	$(BIN)/pip-compile --quiet --all-extras --strip-extras --no-emit-index-url \
		--no-emit-find-links --no-emit-trusted-host --output-file requirements.lock pyproject.toml

# Known vulnerabilities in the pinned dependencies fail; an unreachable service only warns.
audit: install-test
	$(BIN)/python scripts/audit-dependencies

$(QUALITY_TOOLS): tests/quality/package-lock.json | system-deps
	npm ci --prefix tests/quality --ignore-scripts --no-audit --no-fund --loglevel=error

# Chromium (browser tests), CJK fonts, Node.js and Java (quality gates) come from Debian's packages.
system-deps:
	./scripts/install-system-deps

# Install, migrate, load the demo newsroom into an empty database, serve on 127.0.0.1:8000
# with the job worker beside it (newsletters, scans, purges: docs/operations.md).
run: install
	$(BIN)/newsdesk migrate --noinput -v0
	$(BIN)/newsdesk demo --if-empty
	$(BIN)/newsdesk collectstatic --noinput -v0
	$(BIN)/newsdesk serve --host 127.0.0.1 --port 8000 --with-worker

# Install the test dependencies and run the whole suite (unit, HTTP and browser tests).
test: install-test audit
	$(BIN)/pytest

# The same suite on PostgreSQL and Redis (Debian packages, started on loopback); the page
# quality gates judge HTML, which does not depend on the database, so they run once.
SCALE_PG = postgres://newsdesk:newsdesk@127.0.0.1:5432/newsdesk
SCALE_ENV = DATABASE_URL=$(SCALE_PG) NEWSDESK_TEST_POSTGRES_URL=$(SCALE_PG) REDIS_URL=redis://127.0.0.1:6379/0
test-scale: install-test
	$(BIN)/pip install -q -c requirements.lock -e ".[test,postgres,redis]"
	./scripts/start-scale-services
	$(SCALE_ENV) $(BIN)/pytest --ignore=tests/quality

lint: install-test
	$(BIN)/ruff check newsdesk tests

# The page-serving benchmark (docs/performance.md): prints figures, never fails on them.
# Installs wrk and nginx (Debian) and Lighthouse (npm, into bench/.tools) when missing.
bench: $(BIN)/python
	$(BIN)/pip install -q -c requirements.lock -e ".[bench]"
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Newsletter sending to a local SMTP sink beside a plain smtplib loop, and the worker's memory
# during a 10,000-subscriber send (docs/newsletter.md). Prints figures, never fails on them.
bench-newsletter: $(BIN)/python
	$(BIN)/pip install -q -c requirements.lock -e ".[test,bench]"
	$(BIN)/python bench/newsletter.py $(BENCH_ARGS)

# The same reads and view beacons through nginx in front of two processes on PostgreSQL
# and Redis, beside one `newsdesk serve` (docs/performance.md, "Scaled set-up").
bench-scale: $(BIN)/python
	$(BIN)/pip install -q -c requirements.lock -e ".[bench,postgres,redis]"
	./scripts/start-scale-services
	$(SCALE_ENV) $(BIN)/python bench/scale.py $(BENCH_ARGS)

# Lighthouse (pinned in bench/lighthouse/package-lock.json) on the demo article page,
# in Debian's Chromium; prints the scores (docs/performance.md). Not part of `make test`.
bench/lighthouse/node_modules/.package-lock.json: bench/lighthouse/package-lock.json | system-deps
	npm ci --prefix bench/lighthouse --ignore-scripts --no-audit --no-fund --loglevel=error

lighthouse: install-test bench/lighthouse/node_modules/.package-lock.json
	$(BIN)/python bench/lighthouse.py
