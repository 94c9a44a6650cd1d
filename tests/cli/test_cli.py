"""The command-line contract: exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from clikit import one_line_error, run

from mentor_tui.core.errors import StoreError  # noqa: F401  (imported to prove the package loads)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    result = run("demo", "--no-open", "--db", str(path))
    assert result.returncode == 0, result.stderr
    return path


def test_demo_has_people_sessions_and_json(demo_db):
    people = json.loads(run("--db", str(demo_db), "people", "list", "--json").stdout)
    assert {p["display_name"] for p in people} == {"Dr Amara Okafor", "Dr Lukas Berg"}
    assert all(p["email"] for p in people)
    sessions = json.loads(run("--db", str(demo_db), "sessions", "list", "--json").stdout)
    assert len(sessions) >= 3


def test_private_note_never_shown_to_the_other_member(demo_db):
    as_mentor = run("--db", str(demo_db), "--as", "Dr Amara Okafor", "sessions", "list", "--json")
    ids = [s["id"] for s in json.loads(as_mentor.stdout)]
    bodies_mentor, bodies_mentee = [], []
    for session_id in ids:
        for name, bucket in (("Dr Amara Okafor", bodies_mentor), ("Dr Lukas Berg", bodies_mentee)):
            shown = run("--db", str(demo_db), "--as", name, "sessions", "show", session_id, "--json")
            assert shown.returncode == 0, shown.stderr
            bucket.extend(n["body"] for n in json.loads(shown.stdout)["notes"])
    private = [b for b in bodies_mentee if b.startswith("Private:")]
    assert private, "the demo's private note should be visible to its author"
    assert not [b for b in bodies_mentor if b.startswith("Private:")]


def test_env_var_names_the_database(demo_db, cli_env):
    env = dict(cli_env, MENTOR_TUI_DB=str(demo_db))
    result = run("sessions", "list", env=env)
    assert result.returncode == 0 and "Reverse mentoring" in result.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("sessions", "show", "doesnotexist"), "No session with id doesnotexist"),
        (("--as", "Nobody", "sessions", "show", "--last"), 'Nobody called "Nobody"'),
        (("data", "import", "/nonexistent/file.json"), "There is no file"),
    ],
)
def test_user_errors_are_one_line_with_status_1(demo_db, args, needle):
    line = one_line_error(run("--db", str(demo_db), *args))
    assert needle in line


def test_usage_errors_exit_2(demo_db):
    assert run("--db", str(demo_db), "sessions", "show").returncode == 2
    assert run("no-such-command").returncode == 2


def test_newer_database_refused_in_one_line(tmp_path):
    import sqlite3

    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.execute("CREATE TABLE x (y)")
    conn.commit()
    conn.close()
    line = one_line_error(run("--db", str(path), "people", "list"))
    assert "newer mentor-tui" in line


def test_junk_with_no_backup_is_not_sent_to_restore(tmp_path):
    """Junk that never was a database, and no backup beside it: `data restore` would only
    answer that there is none (a damaged database with a backup: tests/reliability)."""
    path = tmp_path / "junk.db"
    path.write_bytes(b"junk" * 4096)
    line = one_line_error(run("--db", str(path), "sessions", "list"))
    assert "not a mentor-tui database" in line and "data restore" not in line


def test_export_import_round_trip_through_the_cli(demo_db, tmp_path):
    out = tmp_path / "all.json"
    assert run("--db", str(demo_db), "data", "export", "--out", str(out)).returncode == 0
    fresh = tmp_path / "fresh.db"
    first = run("--db", str(fresh), "data", "import", str(out))
    assert first.returncode == 0 and "Imported" in first.stderr
    second = run("--db", str(fresh), "data", "import", str(out))
    assert second.returncode == 0 and "Nothing to import" in second.stderr
    again = tmp_path / "again.json"
    run("--db", str(fresh), "data", "export", "--out", str(again))
    left, right = json.loads(out.read_text()), json.loads(again.read_text())
    assert left["tables"] == right["tables"]


def test_malformed_import_changes_nothing(demo_db, tmp_path):
    out = tmp_path / "all.json"
    run("--db", str(demo_db), "data", "export", "--out", str(out))
    data = json.loads(out.read_text())
    data["tables"]["action_items"][1]["due"] = "next thursday-ish"
    out.write_text(json.dumps(data))
    fresh = tmp_path / "fresh.db"
    line = one_line_error(run("--db", str(fresh), "data", "import", str(out)))
    assert "action_items record 2" in line and "not a date" in line
    listed = run("--db", str(fresh), "people", "list", "--json")
    assert json.loads(listed.stdout) == []


def test_demo_never_seeds_the_database_named_by_the_environment(tmp_path, cli_env):
    real = tmp_path / "real.db"
    env = dict(cli_env, MENTOR_TUI_DB=str(real))
    assert run("demo", "--no-open", env=env).returncode == 0
    assert not real.exists()


def test_markdown_summary_never_carries_private_notes(demo_db):
    for name in ("Dr Amara Okafor", "Dr Lukas Berg"):
        shown = run("--db", str(demo_db), "--as", name, "sessions", "list", "--json")
        for session in json.loads(shown.stdout):
            md = run("--db", str(demo_db), "--as", name, "sessions", "show", session["id"], "--markdown")
            assert md.returncode == 0, md.stderr
            assert md.stdout.startswith("# Session summary: Amara & Lukas")
            assert "Private:" not in md.stdout


def test_sessions_show_without_an_argument_says_what_to_give(demo_db):
    result = run("--db", str(demo_db), "sessions", "show")
    assert result.returncode == 2
    assert "not both" not in result.stderr
    assert "give its ID" in result.stderr and "--last" in result.stderr


def test_a_reader_that_went_away_ends_the_output_quietly(demo_db):
    """`mentor-tui competencies show | head`: the pipe's read end is closed before anything is
    written, so every write fails with EPIPE, whatever the machine's speed."""
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mentor_tui", "--db", str(demo_db), "competencies", "show"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 141  # as a shell reports a tool ended by SIGPIPE


@pytest.mark.parametrize("kind", ["text", "other-sqlite"])
def test_a_file_that_is_not_ours_is_named_so_and_left_alone(tmp_path, kind):
    import sqlite3

    path = tmp_path / "notes.db"
    if kind == "text":
        path.write_text("Shopping: milk, bread, coffee.\n")
    else:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.commit()
        conn.close()
    before = path.read_bytes()
    line = one_line_error(run("--db", str(path), "sessions", "list"))
    assert "is not a mentor-tui database and was not changed" in line
    assert "restore" not in line and "damaged" not in line
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]  # no backup, no journal
