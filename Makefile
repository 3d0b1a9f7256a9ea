# Lectern: two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
ARGS   ?=

.PHONY: run test test-browser chromium lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install when the project metadata changes.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $@ $(VENV)/.installed-run

$(VENV)/.installed-browser: pyproject.toml $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e '.[test,dev,browser]'
	touch $@

run: $(VENV)/.installed-run
	$(BIN)/lectern $(ARGS)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# `lectern serve` in a real Chromium (Playwright drives the system's Chromium: Playwright's
# own browser download cannot work offline).
test-browser: $(VENV)/.installed-browser chromium
	LECTERN_BROWSER_TESTS=1 $(BIN)/python -m pytest tests/browser $(PYTEST_ARGS)

chromium:
	@if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	else \
		echo "make test-browser needs Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium), then run it again."; \
		exit 1; \
	fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check tui analysis tests bench
	$(BIN)/ruff format --check tui analysis tests bench

format: $(VENV)/.installed-test
	$(BIN)/ruff format tui analysis tests bench
	$(BIN)/ruff check --fix tui analysis tests bench

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
