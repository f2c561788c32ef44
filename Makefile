# Each target creates .venv and installs vinex itself, so a fresh clone needs only Python 3.11.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test eval bench install clean

$(STAMP): pyproject.toml setup.py pipeline/_walk.pyx
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f vinex.duckdb vinex.duckdb.wal
	$(BIN)/vinex demo --db vinex.duckdb

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 tests

eval: $(STAMP)
	$(BIN)/vinex eval fixtures

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench.clean_aeb

clean:
	rm -rf $(VENV) vinex.duckdb vinex.duckdb.wal .pytest_cache
