# daihoi — two commands for a newcomer:  make demo   and   make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo serve test lint check-browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Set everything up and run the system with the demo dataset (SQLite in ./daihoi-data).
demo: $(STAMP)
	$(BIN)/daihoi demo --host $(HOST) --port $(PORT)

serve: $(STAMP)
	$(BIN)/daihoi serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

check-browser:
	bash scripts/ensure-chromium

## The whole test suite (SQLite by default; PostgreSQL when DAIHOI_DATABASE_URL is set).
test: $(STAMP) check-browser lint
	DAIHOI_DATA_DIR=$(CURDIR)/.test-data $(BIN)/pytest -n 2 --dist loadgroup \
	  --cov=daihoi.counting --cov-branch --cov-report=term-missing:skip-covered \
	  --cov-fail-under=100 $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .test-data .pytest_cache .mypy_cache .ruff_cache .hypothesis
