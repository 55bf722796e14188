# The commands the README gives. Everything the project needs is installed from here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST := $(BIN)/pytest -q
PG_URL ?= $(ENLACE_TEST_DATABASE_URL)
OTHER_PYTHONS ?= 3.13

.PHONY: install demo test test-all lint types test-sqlite test-postgres test-browser test-pythons bench messages clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	bash scripts/ensure-system-libs
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

demo: install
	mkdir -p var
	ENLACE_PROFILE=demo $(BIN)/enlace migrate --noinput
	ENLACE_PROFILE=demo $(BIN)/enlace demo-data
	@echo ""
	@echo "Enlace is at http://127.0.0.1:8000/  (demo login: demo@enlace.example / enlace-demo)"
	@echo ""
	ENLACE_PROFILE=demo $(BIN)/enlace runserver 127.0.0.1:8000

# The SQLite and PostgreSQL suites side by side (the PostgreSQL run waits on the server much of
# the time; each one's output is printed whole when it ends), then the browser tests. The suite
# on other Pythons is `make test-pythons` (`make test-all` runs both): on this 2-core machine a
# third full run would take `make test` past its 15 minutes.
test: install lint types
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres
	$(MAKE) --no-print-directory test-browser

test-all: test test-pythons

lint: install
	$(BIN)/ruff check src tests benchmarks conftest.py
	$(BIN)/ruff format --check src tests benchmarks conftest.py
	$(BIN)/lint-imports --no-cache

types: install
	$(BIN)/mypy

test-sqlite: install
	$(BIN)/enlace makemigrations --check --dry-run
	$(PYTEST)

# PostgreSQL: the URL in ENLACE_TEST_DATABASE_URL, or the local server when one answers.
test-postgres: install
	@url="$(PG_URL)"; \
	if [ -z "$$url" ] && $(BIN)/python scripts/port_open.py 127.0.0.1 5432; then \
	  url=postgres://postgres@127.0.0.1:5432/enlace; fi; \
	if [ -z "$$url" ]; then echo "test-postgres: no PostgreSQL server, skipped"; exit 0; fi; \
	echo "test-postgres: $$url"; \
	ENLACE_VAR_DIR=var/postgres DATABASE_URL="$$url" $(PYTEST) --create-db

test-browser: install
	bash scripts/ensure-chromium
	$(PYTEST) -m browser tests/browser

# The SQLite suite again on the other supported Pythons, where this machine has them.
test-pythons:
	@for v in $(OTHER_PYTHONS); do \
	  py=$$(ls -d /root/.pyenv/versions/$$v.*/bin/python 2>/dev/null | tail -1); \
	  [ -n "$$py" ] || py=$$(command -v python$$v || true); \
	  if [ -z "$$py" ]; then echo "test-pythons: no python$$v here, skipped"; continue; fi; \
	  echo "test-pythons: $$($$py --version)"; \
	  test -x .venv-$$v/bin/python || $$py -m venv .venv-$$v || exit 1; \
	  .venv-$$v/bin/python -m pip install -q -e '.[dev]' || exit 1; \
	  ENLACE_VAR_DIR=var/python$$v .venv-$$v/bin/pytest -q || exit 1; \
	done

# Every benchmark on SQLite; the results framework at scale 1 on PostgreSQL too, when a local
# server answers (generating the scale workspace takes about 3 min on SQLite, 5 on PostgreSQL).
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/enlace_bench
bench: install
	@for b in benchmarks/bench_*.py; do [ -e "$$b" ] || continue; echo "== $$b"; $(BIN)/python "$$b" || exit 1; done
	@if $(BIN)/python scripts/port_open.py 127.0.0.1 5432; then \
	  echo "== benchmarks/bench_results.py (PostgreSQL)"; \
	  $(BIN)/python scripts/ensure_pg_database.py "$(BENCH_PG_URL)" && \
	  DATABASE_URL="$(BENCH_PG_URL)" $(BIN)/python benchmarks/bench_results.py --database postgres; \
	else echo "bench: no PostgreSQL server, the results benchmark ran on SQLite only"; fi

messages: install
	cd src/enlace && ../../$(BIN)/enlace makemessages -l es --ignore 'tests/*' && ../../$(BIN)/enlace compilemessages

clean:
	rm -rf $(VENV) .venv-3.* var/*.sqlite3*
