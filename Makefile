# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install -qq --disable-pip-version-check

.PHONY: demo test lint fmt bench docs services clean

$(VENV)/.base: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PIP) --upgrade pip
	@$(PIP) -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.base
	@$(PIP) -e '.[dev,postgres]'
	@touch $@

demo: $(VENV)/.base  ## build the sample stack and run the main job on it
	@$(VENV)/bin/seamguard demo

test: $(VENV)/.dev services  ## every test, with the servers they need
	@$(PY) -m pytest -q

services: $(VENV)/.dev  ## make sure PostgreSQL is reachable (starts an embedded one if not)
	@$(PY) scripts/services.py up

lint: $(VENV)/.dev  ## ruff, ruff format --check, mypy --strict on src/
	@$(VENV)/bin/ruff check src tests bench scripts
	@$(VENV)/bin/ruff format --check src tests bench scripts
	@$(VENV)/bin/mypy

fmt: $(VENV)/.dev
	@$(VENV)/bin/ruff format src tests bench scripts
	@$(VENV)/bin/ruff check --fix src tests bench scripts

BIG_GB ?= 0
bench: $(VENV)/.dev  ## benchmarks; figures appended to bench/RESULTS.md (BIG_GB=2 adds the big-file run)
	@$(PY) bench/scan.py
	@$(PY) bench/validate.py --workers 2 --big-gb $(BIG_GB)
	@$(PY) bench/diff.py
	@$(PY) bench/check.py

docs: $(VENV)/.base  ## regenerate the generated docs (docs/rules.md); a test fails when they drift
	@$(PY) scripts/gen_docs.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache seamguard-demo
