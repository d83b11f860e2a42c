# LấySố: `make demo` sets up and starts the demo; `make test` sets up and runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench screenshots clean

$(BIN)/layso: pyproject.toml
	@sh scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(BIN)/layso

setup: $(BIN)/layso

demo: setup
	$(BIN)/layso demo

test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -n auto

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: setup
	$(BIN)/python -m bench.run_all

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/layso demo --screenshot screenshots

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache
