"""Failure paths through the real command line: status 1, one line on stderr, no traceback,
and nothing written. (tests/cli covers the everyday errors; these are the hostile ones.
The full disk, read-only and damaged-file paths are in test_hostile_files.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor_tui.core.errors import ImportError_
from mentor_tui.store import open_store
from mentor_tui.store.demo import seed_demo
from mentor_tui.store.exchange import read_import


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mentor_tui", *args],
        capture_output=True, text=True, timeout=60, env=dict(os.environ),
    )


def one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("mentor-tui: "), result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "demo.db"
    with open_store(db) as repo:
        seed_demo(repo, today=date(2026, 3, 2))
    return db


HOSTILE_FILES = {
    "not JSON": (b"{ this is not json", "not valid JSON"),
    "not UTF-8": (b"\xff\xfe\x00garbage", "not UTF-8"),
    "empty": (b"", "not valid JSON"),
    "a list": (b"[1, 2, 3]", "not a mentor-tui data export"),
    "another format": (json.dumps({"format": "other/thing", "tables": {}}).encode(), "not a mentor-tui data export"),
    "from the future": (json.dumps({"format": "mentor-tui/data", "version": 99, "tables": {}}).encode(), "upgrade mentor-tui"),
    "tables not a dict": (json.dumps({"format": "mentor-tui/data", "version": 1, "tables": []}).encode(), '"tables"'),
    "NaN for a time": (b'{"format": "mentor-tui/data", "version": 1, "tables": {"people": [{"id": "a", "display_name": "A", "created_at": NaN, "updated_at": "2026-01-01T00:00:00+00:00"}]}}', "nothing was imported"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_hostile_import_file_is_one_line_and_changes_nothing(demo, tmp_path, case):
    data, needle = HOSTILE_FILES[case]
    path = tmp_path / "hostile.json"
    path.write_bytes(data)
    before = demo.read_bytes()
    line = one_line(run("--db", str(demo), "data", "import", str(path)))
    assert needle in line
    assert demo.read_bytes() == before


def test_export_of_a_missing_database_creates_nothing(tmp_path):
    db = tmp_path / "none.db"
    line = one_line(run("--db", str(db), "data", "export", "--out", str(tmp_path / "x.json")))
    assert "There is no database" in line
    assert not db.exists() and not (tmp_path / "x.json").exists()


def test_export_into_a_missing_folder(demo, tmp_path):
    one_line(run("--db", str(demo), "data", "export", "--out", str(tmp_path / "no" / "x.json")))


def test_database_path_that_is_a_folder_is_a_usage_error(tmp_path):
    result = run("--db", str(tmp_path), "people", "list")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "is a directory" in result.stderr


def test_database_in_a_missing_folder_for_a_read(tmp_path):
    one_line(run("--db", str(tmp_path / "no" / "such" / "mentor.db"), "sessions", "show", "--last"))


def test_empty_file_as_database_is_treated_as_new_not_damaged(tmp_path):
    db = tmp_path / "empty.db"
    db.touch()
    listed = run("--db", str(db), "people", "list", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout) == []


def test_deeply_nested_json_is_refused_as_an_import_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ImportError_):
        read_import(path)


def test_deeply_nested_json_through_the_cli_is_still_one_line(demo, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    before = demo.read_bytes()
    one_line(run("--db", str(demo), "data", "import", str(path)))
    assert demo.read_bytes() == before


_FOLDER = tempfile.TemporaryDirectory(prefix="hostile-json-")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.recursive(st.none() | st.booleans() | st.floats() | st.text(max_size=10),
                 lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                 max_leaves=10).map(lambda v: json.dumps(v).encode()),
))
def test_reading_any_file_gives_data_or_one_clear_error(data: bytes) -> None:
    path = Path(_FOLDER.name) / "any.json"
    path.write_bytes(data)
    try:
        read_import(path)
    except ImportError_ as exc:
        assert str(exc) and "\n" not in str(exc)


def test_agendas_check_names_each_bad_file_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'name = "unterminated\n\xff')
    result = run("agendas", "check", str(bad), str(tmp_path / "missing.toml"))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    text = (result.stdout + result.stderr).strip().splitlines()
    assert any("bad.toml" in line for line in text) and any("missing.toml" in line for line in text)
