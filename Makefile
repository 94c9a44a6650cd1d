# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint bench stress clean snapshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/mentor-tui demo --db $(CURDIR)/.demo/mentor.db

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Everything but the real terminals (tmux) and OpenSSH: a minute or two while working.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not e2e and not ssh"

lint: $(STAMP)
	$(BIN)/ruff check mentor_tui tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench

stress: $(STAMP)
	$(BIN)/python -m bench.stress

snapshots: $(STAMP)
	$(BIN)/python -m pytest -q tests/tui --snapshot-update

clean:
	rm -rf $(VENV) .demo build dist *.egg-info
