# Two entry points: `make serve` (the course) and `make test` (the whole suite).
# Both set themselves up first: a virtual environment in .venv, the package and
# its pinned front-end assets; `make test` also installs Debian's chromium and the
# assignment sandbox's bubblewrap and python3-seccomp.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test setup browser sandbox postgres lint bench coverage mutation

$(STAMP): pyproject.toml $(wildcard package-lock.json)
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; fi
	@if [ -f package.json ]; then $(BIN)/python -m mvcalc.web.assets; fi
	touch $(STAMP)

setup: $(STAMP)

serve: $(STAMP)
	$(BIN)/mvcalc serve --open

browser:
	@command -v /usr/bin/chromium >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The assignment checker's sandbox: bubblewrap, and libseccomp's bindings for Debian's python3.
sandbox:
	@{ command -v bwrap >/dev/null && /usr/bin/python3 -c "import seccomp" 2>/dev/null; } || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap python3-seccomp >/dev/null; }

# mypy checks the public API (mvcalc/__init__'s surface and the modules behind it)
TYPED := src/mvcalc/__init__.py src/mvcalc/toolkit.py src/mvcalc/errors.py src/mvcalc/datasets/__init__.py src/mvcalc/jupyter.py

# The grading-queue, store and web tests need a PostgreSQL server (MVCALC_TEST_DATABASE_URL, default postgres@127.0.0.1:5432
# with trust auth): start the local cluster if it is installed but stopped; install Debian's if there is none.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || { \
	  if ! command -v pg_ctlcluster >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	    hba=$$(ls /etc/postgresql/*/main/pg_hba.conf | tail -1); \
	    sed -i '1i host all postgres 127.0.0.1/32 trust' $$hba; \
	  fi; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -n | tail -1) main start 2>/dev/null || service postgresql start; \
	  for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/mypy --ignore-missing-imports --follow-imports=silent $(TYPED)

test: $(STAMP) browser sandbox postgres lint
	MVCALC_FULL_SEEDS=1 $(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Line and branch coverage of math/ and exercises/ from their tests, subprocesses included
# (the exact-simplification workers); fails below 90 % of branches (tests/coverage_gate.py).
coverage: $(STAMP)
	rm -f .coverage .coverage.*
	$(BIN)/coverage run -m pytest tests/math tests/exercises -q -p no:cacheprovider
	$(BIN)/coverage combine -q
	$(BIN)/python tests/coverage_gate.py

# Sampled mutation testing of the checker, sampling, rules, grading, the sandbox protocol
# and the store's writes (tests/mutation.py; about 15 minutes, not part of `make test`).
mutation: $(STAMP)
	$(BIN)/pip install --quiet -e ".[test,mutation]"
	$(BIN)/python tests/mutation.py
