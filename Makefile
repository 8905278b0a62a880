# The two commands a newcomer needs: `make run` and `make test` (README).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
SANDBOX_PORT ?= 8001
export SANDBOX_PORT

.PHONY: run test coverage lint audit bench mutation setup venv messages test-tools sandbox clean help screenshots

help:
	@echo "make run   - set up and start the sandbox (:$(SANDBOX_PORT)) and the portal (:$(PORT)) with demo data"
	@echo "make test  - set up and run the lint gate and the whole test suite (browser tests included)"
	@echo "make coverage - the same suite with branch coverage of portal/, printed at the end (slower)"
	@echo "make lint  - ruff over the whole repository (ARGS=--fix fixes what it can)"
	@echo "make screenshots - PNGs of the main pages at 390 and 1280 px, en and cs, into screenshots/ (THEME=<theme folder>)"
	@echo "make mutation - mutation testing of the portal's own code, a fixed 1-in-8 sample in under 30 min (docs/testing.md)"

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(BIN)/.installed

# Compiled translations are build output (not committed).
messages: venv
	$(BIN)/pybabel compile --use-fuzzy -d locale -D django --statistics 2>&1 | tail -n 2

# Debian's chromium (browser tests) and gettext (translation completeness), where installable.
test-tools:
	@bash scripts/install-test-tools

# The portal (manage.py) and the sandbox (python -m portal.sandbox: its own settings and database).
setup: venv messages
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python -m portal.sandbox migrate --verbosity 0
	$(BIN)/python -m portal.sandbox seedsandbox

sandbox: setup
	$(BIN)/python -m portal.sandbox runsandbox 127.0.0.1:$(SANDBOX_PORT)

run: setup
	@bash scripts/run

# PNGs of the overview, cards, rewards, vouchers, profile, a campaign and the staff search at 390 and 1280 px,
# in en and cs, into screenshots/<theme>/ (not committed); its own sandbox and portal on free ports.
# THEME=<theme folder> reaches the portal as PORTAL_THEME.
THEME ?=
screenshots: venv messages test-tools
	THEME="$(THEME)" $(BIN)/python scripts/screenshots.py

# Known vulnerabilities of the installed dependencies (pip-audit) fail; an unreachable vulnerability
# service is a warning and the build goes on (scripts/audit.py, docs/security.md).
audit: venv
	$(BIN)/python scripts/audit.py

# The lint gate (ruff, configured in pyproject.toml): any finding fails `make test`.
# make lint ARGS=--fix fixes what ruff can.
lint: venv
	$(BIN)/ruff check $(ARGS) .

# The suite mostly waits (the sandbox's answers, login floors, timeouts, browsers), so it runs in
# TEST_WORKERS pytest-xdist processes, more than the cores; each has its own sandbox, test
# databases and live server. --dist loadgroup: each test on the first free worker, except the
# modules that share a costly fixture, whole on one (tests/conftest.py). Then the tests marked
# `alone` (they measure real time against a floor, which other workers' load would distort) run
# with nothing else running. The -n is here, not in pytest.ini: `pytest <one test>` and make
# mutation's sessions run in a single process.
# `make test` runs it without coverage tracing: the run is CPU-bound on this 2-core machine and the
# tracing costs about a fifth of its CPU (docs/testing.md). `make coverage` runs the same suite with
# branch coverage of the portal's own code and prints it (no threshold).
TEST_WORKERS ?= 4
COVERAGE := --cov=portal --cov-branch
define suite
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup -m "not alone" --durations=25 $(1)
	$(BIN)/python -m pytest -m alone $(2)
endef

test: venv messages test-tools lint audit
	$(call suite,,)

coverage: venv messages test-tools
	$(call suite,$(COVERAGE) --cov-report=,$(COVERAGE) --cov-append --cov-report=term-missing:skip-covered)

# Mutation testing of portal/carecloud, accounts, the member features and core (docs/testing.md):
# prints the score and the surviving mutants. ARGS="--keep" reuses the last run's results.
mutation: venv messages
	$(BIN)/python scripts/mutation.py $(ARGS)

# Figures, no targets (docs/benchmarks.md): server time and CareCloud calls per page, then the
# overview under 50 concurrent sessions on gunicorn, the login's times, and the share of page views
# served under injected faults. make bench PAGES_ARGS="--rounds 50" LOAD_ARGS="--seconds 30" FAULTS_ARGS="--detail"
bench: venv messages
	$(BIN)/python -m benchmarks.pages $(PAGES_ARGS)
	$(BIN)/python -m benchmarks.load $(LOAD_ARGS)
	$(BIN)/python -m benchmarks.login $(LOGIN_ARGS)
	$(BIN)/python -m benchmarks.faults $(FAULTS_ARGS)

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache mutants .coverage
