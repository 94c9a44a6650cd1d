# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: running needs only the app's own dependencies; tests, lint and benches add the
# test extra. pip's progress is shown (no --quiet): a first install takes about a minute.
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed-test

.PHONY: run test test-fast lint bench stress clean snapshots

$(BIN)/python:
	@echo "Creating the virtual environment in $(VENV) ..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing mentor-tui and what it needs to run (first time only) ..."
	$(BIN)/python -m pip install -e .
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing mentor-tui with its test tools (first time only) ..."
	$(BIN)/python -m pip install -e '.[test]'
	touch $(STAMP) $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/mentor-tui demo --db $(CURDIR)/.demo/mentor.db

# The suite on WORKERS processes (pytest-xdist), then the `serial` tests alone. Most tests wait
# on a terminal, an app or a subprocess rather than compute, so more workers than cores pays
# (4 on a 2-core machine busy with other runs: 8 to 9 min, where one process took over 25). A module stays on one
# worker (loadscope): its module-scoped servers and databases are built once. Both passes always
# run; the target fails if either did (pytest's 5, "nothing selected", counts as passing).
WORKERS ?= 4
define pytest_twice
	$(BIN)/python -m pytest -q -n $(WORKERS) --dist loadscope -m "not serial$(1)"; a=$$?; \
	$(BIN)/python -m pytest -q -m "serial$(1)"; b=$$?; \
	[ $$b -eq 5 ] && b=0; [ $$a -eq 0 ] && [ $$b -eq 0 ]
endef

test: $(STAMP)
	$(call pytest_twice,)

# Everything but the real terminals (tmux) and OpenSSH: a minute or two while working.
test-fast: $(STAMP)
	$(call pytest_twice, and not e2e and not ssh)

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
