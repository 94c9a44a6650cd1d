"""Words: a coordinator's bundle is pseudonymised, not anonymous, and the CLI says so.

`--pseudonymised` is the flag's name in help; `--anonymized` still works, as an alias that
writes the very same bundle. The export states the re-identification risk that remains.
"""

from __future__ import annotations

import json
import os

import pytest
from clikit import run
from pairdata import build_pair_db


@pytest.fixture
def env(_private_dirs):
    environment = dict(os.environ)
    environment["LANG"] = "C.UTF-8"
    return environment


@pytest.fixture
def pair_db(tmp_path):
    data = build_pair_db(tmp_path / "pair.db")
    data.repo.close()
    return data.path


def test_help_names_pseudonymised_first_and_never_calls_the_export_anonymous(env):
    shown = run("export", "--help", env=env)
    assert shown.returncode == 0, shown.stderr
    assert "--pseudonymised, --anonymized" in shown.stdout
    assert "pseudonymised log" in shown.stdout
    top = run("--help", env=env).stdout
    assert "anonymized" not in top.lower() and "pseudonymised" in top


def test_the_old_flag_writes_the_same_bundle_as_the_new_one(pair_db, tmp_path, env):
    new = tmp_path / "new.jsonl"
    old = tmp_path / "old.jsonl"
    common = ("--db", str(pair_db), "export", "--programme", "nw-2025", "--out")
    first = run(*common, str(new), "--pseudonymised", env=env)
    second = run(*common, str(old), "--anonymized", env=env)
    assert first.returncode == second.returncode == 0, (first.stderr, second.stderr)
    # Same key, same records: the same lines (the header's day may differ across midnight).
    a, b = new.read_bytes().splitlines(), old.read_bytes().splitlines()
    assert a[1:-1] == b[1:-1] and len(a) > 3
    assert {**json.loads(a[0]), "exported_at": ""} == {**json.loads(b[0]), "exported_at": ""}


def test_the_cli_states_the_remaining_risk(pair_db, env):
    dry = run(
        "--db", str(pair_db), "export", "--pseudonymised", "--dry-run", "--programme", "nw-2025",
        env=env,
    )  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    assert "What a coordinator could still learn" in dry.stderr
    assert "pseudonymised personal data, not anonymous" in dry.stderr
    assert "may still recognise" in dry.stderr
