# Zielwerkstatt — the two commands of the README, and a few helpers.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
# Pytest arguments, e.g. `make test PYTEST_ARGS="-k ballot"`.
PYTEST_ARGS ?=

.PHONY: run test test-fast bench audit lint translations install install-dev chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs the app (editable) with the PostgreSQL and Redis drivers; re-runs when pyproject changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[postgres,redis]"
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: create .venv, install, migrate, seed the demo workshop, serve, print the URLs.
run: install
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python -m workshop_app --demo

## make test: install the dev extras, run the supply-chain audit and `make lint`, then the whole
## suite: unit, integration and security tests on SQLite and PostgreSQL in two workers, then — one at a time,
## because they start real servers — the race, durability, scale-out and wheel tests, and last
## the Chromium tests (Playwright's sync API keeps an event loop that asyncio tests cannot share).
test: install-dev chromium
	$(MAKE) --no-print-directory audit
	$(MAKE) --no-print-directory lint
	$(BIN)/python -m pytest -n 2 -m "not slow and not e2e" $(PYTEST_ARGS)
	$(BIN)/python -m pytest -m "slow and not e2e" $(PYTEST_ARGS)
	$(BIN)/python -m pytest -m e2e $(PYTEST_ARGS)

test-fast: install-dev
	$(BIN)/python -m pytest tests/unit $(PYTEST_ARGS)

## Debian's Chromium for the browser tests (never a downloaded browser build).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
	  || { echo "Please install Debian's chromium package (sudo apt-get install chromium)"; exit 1; }; }

## make audit: known vulnerabilities in the installed dependencies (pip-audit asks PyPI; the
## editable project itself is not on PyPI), insecure patterns in our code (bandit), and the
## vendored JavaScript against its pinned SHA-256 manifest.
audit: install-dev
	$(BIN)/python -m pip_audit --skip-editable --progress-spinner off
	$(BIN)/python -m bandit -q -c pyproject.toml --severity-level medium -r workshop_app
	$(BIN)/python tools/vendor_manifest.py --check

## make lint: style and likely bugs over the whole tree (ruff), strict types in domain/ and exports/
## (mypy), and the layer contracts (import-linter); all three read their settings from pyproject.toml.
lint: install-dev
	$(BIN)/ruff check --no-cache .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

bench: install-dev chromium
	$(BIN)/python bench/export_bench.py --quick
	$(BIN)/python bench/live.py --quick
	$(BIN)/python bench/page_weight.py
	$(BIN)/python bench/room.py --quick

translations: install-dev
	$(BIN)/python tools/i18n.py update
	$(BIN)/python tools/i18n.py compile

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
