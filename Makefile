# The three commands of the README: `make run`, `make test`, `make dev` (plus lint, bench, demo-data).
# Only python3 (3.11+) and make are needed; the virtual environment is created on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DAGSTER_HOME := $(CURDIR)/.dagster_home
DAGSTER_PORT ?= 3000

.PHONY: run test test-fast dev lint format format-docstrings docs bench demo-data clean help

help:
	@echo "make run        build every asset on the drops in data/incoming and print where outputs are"
	@echo "make test       install the dev extras and run the test suite"
	@echo "make test-fast  the unit tests: no Dagster run, no stored instance (a minute or two)"
	@echo "make dev        start the Dagster UI and daemon (http://127.0.0.1:3000)"
	@echo "make lint       ruff check + format check + docstring wrap check"
	@echo "make format-docstrings  rewrap docstring prose to the line length (deterministic)"
	@echo "make docs       regenerate the generated pages of docs/ (docs/data-quality.md)"
	@echo "make bench      run the performance benchmark (writes bench-results.json)"
	@echo "make demo-data  regenerate the demo survey drops deterministically"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	@mkdir -p $(DAGSTER_HOME)
	@ln -sf ../dagster.yaml $(DAGSTER_HOME)/dagster.yaml

# Byte-compile the project as installing a wheel does. Where PYTHONDONTWRITEBYTECODE is set (as in
# many containers), Python would otherwise compile every project module again in each process:
# each run `dagster dev` starts, each benchmark child. Only changed files are compiled again.
COMPILE = $(BIN)/python -m compileall -q escp_pipeline devtools > /dev/null

run: $(VENV)/.installed $(DAGSTER_HOME)/dagster.yaml
	@$(COMPILE)
	$(BIN)/escp-pipeline build

# The suite runs on every core (at most 4 workers): pytest-xdist hands out one test at a time, the
# costliest first (escp_pipeline_tests/conftest.py orders them), and keeps the tests that share the
# session's demo build on one worker.
TEST_WORKERS ?= auto

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --maxprocesses=4 --dist loadgroup

test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -m "unit and not slow"

dev: $(VENV)/.installed $(DAGSTER_HOME)/dagster.yaml
	@echo "Dagster UI: http://127.0.0.1:$(DAGSTER_PORT)  (sensors on; drop exports into $${ESCP_DATA_DIR:-data}/incoming/<survey>/<round>.csv; docs/operations.md)"
	@$(COMPILE)
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p $(DAGSTER_PORT)

# Python trees whose docstrings are wrapped by devtools/docs/docstrings.py.
DOCSTRING_PATHS := escp_pipeline escp_pipeline_tests devtools

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m devtools.docs.docstrings --check $(DOCSTRING_PATHS)

docs: $(VENV)/.installed-dev
	$(BIN)/python -m devtools.docs.data_quality

format-docstrings: $(VENV)/.installed
	$(BIN)/python -m devtools.docs.docstrings $(DOCSTRING_PATHS)

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.installed-dev
	@$(COMPILE)
	$(BIN)/python -m devtools.bench

demo-data: $(VENV)/.installed
	$(BIN)/python -m devtools.demo_rounds --out data/incoming

clean:
	rm -rf data/warehouse .dagster_home .pytest_cache .ruff_cache
