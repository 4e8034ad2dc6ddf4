# Lidhja: `make run` serves the application, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
LIDHJA := $(BIN)/lidhja
HOST ?= 127.0.0.1
PORT ?= 8000
# Branch coverage of `make test` may not fall below this; raise it, never lower it.
COVERAGE_FLOOR := 91

.PHONY: run test setup install install-dev messages fonts catalogue browser pdftools format bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	cd src/lidhja && ../../$(LIDHJA) compilemessages --ignore '.venv' >/dev/null

# HarfBuzz's subsetting library: WeasyPrint embeds only the glyphs a PDF uses (without it, whole
# fonts, and a warning that the tests treat as an error).
fonts:
	@/sbin/ldconfig -p | grep -q libharfbuzz-subset || (apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0)

setup: install messages fonts
	$(LIDHJA) migrate --noinput
	$(LIDHJA) collectstatic --noinput >/dev/null
	$(LIDHJA) setup

# The server and one background worker (long documents); stopping make stops both.
run: setup
	@echo "Lidhja on http://$(HOST):$(PORT)/"
	$(LIDHJA) db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn lidhja.wsgi:application -c python:lidhja.gunicorn_conf --bind $(HOST):$(PORT) --workers 2

# Debian's Chromium for the browser tests (Playwright drives it; it downloads no browser).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

# Poppler's pdftoppm and pdftotext, for the tests that look at a printed page of a PDF.
pdftools:
	@command -v pdftoppm >/dev/null || (apt-get update -qq && apt-get install -y -qq poppler-utils)

test: install-dev messages fonts browser pdftools
	$(LIDHJA) makemigrations --check --dry-run >/dev/null || (echo "missing migrations" && exit 1)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src/lidhja  # strict on */domain: see [tool.mypy] in pyproject.toml
	$(BIN)/pytest -n 2 --dist loadgroup --cov --cov-report=term --cov-fail-under=$(COVERAGE_FLOOR)

# Developer helpers: reformat the code; refresh the Albanian catalogue after changing strings.
format: install-dev
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

catalogue: install
	cd src/lidhja && ../../$(LIDHJA) makemessages -l sq --no-location --ignore '.venv'

bench: install-dev messages
	$(BIN)/python bench/run.py
	$(BIN)/python bench/cases.py
	$(BIN)/python bench/linkage.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/national_statistics.py

# The home page, the dashboard and a case page at 1366 and 390 px in both languages, from fresh
# demonstration data, into var/screenshots/ (not committed: var/ is git-ignored).
screenshots: install-dev messages browser
	$(BIN)/python bench/screenshots.py var/screenshots

clean:
	rm -rf $(VENV) var
