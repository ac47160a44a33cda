# rekisteri — the two everyday commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint typecheck pytest test-postgres messages browser docs check-docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-run

# Translations: the .po files are committed, the .mo files are compiled here.
messages: $(VENV)/.installed-run
	@command -v msgfmt >/dev/null || { echo "installing gettext (msgfmt)"; apt-get install -y -qq gettext >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }; }
	cd rekisteri && REKISTERI_DEBUG=1 ../$(BIN)/python ../manage.py compilemessages --verbosity 0

# Browser tests (tests/browser) drive Debian's chromium through Playwright.
browser:
	@command -v chromium >/dev/null || { echo "installing chromium for the browser tests"; apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }; }

## make run: install, migrate, load the demo on first start, print the logins, serve on 127.0.0.1:8000
run: export REKISTERI_DEBUG = 1
run: $(VENV)/.installed-run messages
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py load_demo --if-empty
	@test -f $${REKISTERI_DATA_DIR:-var}/demo-api-key && echo "  Web-shop demo API key (examples/webshop_client.py reads it): $$(cat $${REKISTERI_DATA_DIR:-var}/demo-api-key)" || true
	@echo
	@echo "  rekisteri is running at http://$(HOST):$(PORT)/  (log in with one of the users above)"
	@echo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: install the test tools, then ruff, mypy, bandit and pytest
test: $(VENV)/.installed-dev messages lint typecheck pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -ll -c pyproject.toml -r rekisteri

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy rekisteri tests

pytest: $(VENV)/.installed-dev messages browser
	$(BIN)/pytest

## make test-postgres: the same suite against a throwaway PostgreSQL 15 cluster on loopback
test-postgres: $(VENV)/.installed-dev messages browser
	scripts/with-postgres.sh $(BIN)/pytest

docs: $(VENV)/.installed-dev
	REKISTERI_DEBUG=1 $(BIN)/python manage.py render_docs

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/find_bench.py
	$(BIN)/python bench/dsr_bench.py
	$(BIN)/python bench/import_bench.py --rows 100000

clean:
	rm -rf $(VENV) build *.egg-info
