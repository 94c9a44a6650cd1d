"""`mentor-tui export --anonymized` and `mentor-tui coordinator import|report`, as a user runs them."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from clikit import one_line_error, run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "coordinator"))

from pairdata import NAME_WORDS, PRIVATE_NOTES, SECRETS, build_pair_db  # noqa: E402


@pytest.fixture
def env(tmp_path, _private_dirs):
    environment = dict(os.environ)
    environment["LANG"] = "C.UTF-8"
    return environment


@pytest.fixture
def pair_db(tmp_path) -> Path:
    data = build_pair_db(tmp_path / "pair.db")
    data.repo.close()
    return data.path


def export_bundle(pair_db: Path, out: Path, env: dict, *more: str) -> Path:
    """The pair's anonymised bundle for programme NW-2025 at `out`, as the pair exports it."""
    args = ["--db", str(pair_db), "export", "--anonymized", "--programme", "NW-2025"]
    result = run(*args, "--out", str(out), *more, env=env)
    assert result.returncode == 0, result.stderr
    return out


def test_export_needs_anonymized_out_and_a_programme(pair_db, tmp_path, env):
    out = tmp_path / "b.jsonl"
    missing = run("--db", str(pair_db), "export", "--out", str(out), env=env)
    assert missing.returncode == 2 and "--pseudonymised" in missing.stderr
    no_out = run("--db", str(pair_db), "export", "--anonymized", env=env)
    assert no_out.returncode == 2 and "--out" in no_out.stderr
    message = one_line_error(
        run("--db", str(pair_db), "export", "--anonymized", "--out", str(out), env=env)
    )
    assert "--programme CODE" in message
    assert not out.exists()
    no_db = run("--db", str(tmp_path / "none.db"), "export", "--anonymized", "--dry-run", env=env)
    one_line_error(no_db)
    assert not (tmp_path / "none.db").exists()


def test_dry_run_prints_exactly_what_would_leave_and_writes_nothing(pair_db, tmp_path, env):
    dry = run(
        "--db",
        str(pair_db),
        "export",
        "--anonymized",
        "--dry-run",
        "--include-text",
        "--programme",
        "nw-2025",
        env=env,
    )
    assert dry.returncode == 0, dry.stderr
    assert "nothing was written" in dry.stderr and "[NAME]" in dry.stderr
    lines = [json.loads(x) for x in dry.stdout.splitlines()]
    assert lines[0]["type"] == "header" and lines[-1]["type"] == "trailer"
    assert lines[0]["programme"] == "NW-2025"
    assert list(tmp_path.glob("*.jsonl")) == []
    # --dry-run does not remember the programme.
    again = run("--db", str(pair_db), "export", "--anonymized", "--dry-run", env=env)
    assert again.returncode == 1 and "--programme" in again.stderr

    out = tmp_path / "b.jsonl"
    real = run(
        "--db",
        str(pair_db),
        "export",
        "--anonymized",
        "--include-text",
        "--programme",
        "nw-2025",
        "--out",
        str(out),
        env=env,
    )
    assert real.returncode == 0, real.stderr
    written = [json.loads(x) for x in out.read_text().splitlines()]

    def strip(records):
        return [{k: v for k, v in r.items() if k not in ("exported_at", "sha256", "signature")} for r in records]

    assert strip(written) == strip(lines)
    assert oct(out.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("include_text", [False, True])
def test_the_bundle_on_disk_holds_nothing_identifying(pair_db, tmp_path, env, include_text):
    out = export_bundle(
        pair_db, tmp_path / "b.jsonl", env, *(["--include-text"] if include_text else [])
    )
    text = out.read_text(encoding="utf-8").lower()
    for secret in SECRETS:
        assert secret.lower() not in text, secret
    for word in NAME_WORDS:
        assert f'"{word.lower()}' not in text and f" {word.lower()} " not in text
    for note in PRIVATE_NOTES:
        assert note.split()[0].lower() not in text


def test_programme_is_remembered_between_exports(pair_db, tmp_path, env):
    first = run(
        "--db",
        str(pair_db),
        "export",
        "--anonymized",
        "--programme",
        "nw-2025",
        "--out",
        str(tmp_path / "a.jsonl"),
        env=env,
    )
    assert first.returncode == 0, first.stderr
    second = run(
        "--db", str(pair_db), "export", "--anonymized", "--out", str(tmp_path / "b.jsonl"), env=env
    )
    assert second.returncode == 0, second.stderr
    a = json.loads((tmp_path / "a.jsonl").read_text().splitlines()[1])
    b = json.loads((tmp_path / "b.jsonl").read_text().splitlines()[1])
    assert a["id"] == b["id"]  # the same key: the same pseudonyms


def test_coordinator_import_and_report_round_trip(pair_db, tmp_path, env):
    bundle = export_bundle(pair_db, tmp_path / "b.jsonl", env)
    coord = tmp_path / "coordinator.db"
    first = run("coordinator", "--db", str(coord), "import", str(bundle), env=env)
    assert first.returncode == 0, first.stderr
    assert "3 mentorships (+3)" in first.stdout and "7 sessions (+7)" in first.stdout
    second = run("coordinator", "--db", str(coord), "import", str(bundle), env=env)
    assert "imported before, counted once" in second.stdout
    assert "7 sessions (+0)" in second.stdout

    text = run("coordinator", "--db", str(coord), "report", "--k", "1", env=env)
    assert text.returncode == 0, text.stderr
    assert "Programme NW-2025" in text.stdout and "Sessions per month" in text.stdout
    small = run("coordinator", "--db", str(coord), "report", env=env)
    assert "suppressed" in small.stdout  # 3 mentorships < k = 5

    html, csv_dir = tmp_path / "report.html", tmp_path / "csv"
    files = run(
        "coordinator",
        "--db",
        str(coord),
        "report",
        "--html",
        str(html),
        "--csv",
        str(csv_dir),
        "--k",
        "2",
        "--dormant-weeks",
        "4",
        "--as-of",
        "2025-01-06",
        env=env,
    )
    assert files.returncode == 0, files.stderr
    page = html.read_text()
    assert page.startswith("<!DOCTYPE html>") and "NW-2025" in page
    assert (csv_dir / "goals-by-category.csv").exists()
    for secret in SECRETS:
        assert secret.lower() not in page.lower()


def test_default_coordinator_database_is_in_the_data_directory(
    pair_db, tmp_path, env, _private_dirs
):
    bundle = export_bundle(pair_db, tmp_path / "b.jsonl", env)
    # The top-level --db and MENTOR_TUI_DB name a pair's database: never the coordinator's.
    env = {**env, "MENTOR_TUI_DB": str(pair_db)}
    result = run("--db", str(pair_db), "coordinator", "import", str(bundle), env=env)
    assert result.returncode == 0, result.stderr
    assert (_private_dirs / "data" / "mentor-tui" / "coordinator.db").exists()


def test_coordinator_refuses_a_pairs_database(pair_db, tmp_path, env):
    message = one_line_error(run("coordinator", "--db", str(pair_db), "report", env=env))
    assert "pair's mentoring database" in message


def test_import_errors_are_one_line_and_change_nothing(pair_db, tmp_path, env):
    bundle = export_bundle(pair_db, tmp_path / "b.jsonl", env)
    coord = tmp_path / "c.db"
    tampered = tmp_path / "t.jsonl"
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x04
    tampered.write_bytes(bytes(data))
    message = one_line_error(
        run("coordinator", "--db", str(coord), "import", str(bundle), str(tampered), env=env)
    )
    assert "Nothing was imported" in message
    report = run("coordinator", "--db", str(coord), "report", "--k", "1", env=env)
    assert "(none imported yet)" in report.stdout

    missing = one_line_error(
        run("coordinator", "--db", str(coord), "import", str(tmp_path / "nope.jsonl"), env=env)
    )
    assert "no bundle at" in missing
    no_db = one_line_error(
        run("coordinator", "--db", str(tmp_path / "absent.db"), "report", env=env)
    )
    assert "import a bundle first" in no_db
    no_dashboard = one_line_error(
        run("coordinator", "--db", str(tmp_path / "absent.db"), "dashboard", env=env)
    )
    assert "import a bundle first" in no_dashboard


def test_long_imports_show_progress(tmp_path, env):
    from bench.synthetic import Programme

    files = Programme(programme="NW-2025", mentorships=20, sessions=600, sources=2).write(
        tmp_path / "bundles"
    )
    result = run(
        "coordinator",
        "--db",
        str(tmp_path / "c.db"),
        "import",
        "--progress-every",
        "200",
        *map(str, files),
        env=env,
    )
    assert result.returncode == 0, result.stderr
    progress = [line for line in result.stderr.splitlines() if "records read" in line]
    assert len(progress) >= 3 and progress[0].startswith("mentor-tui: 200 records read (")
    assert "600 sessions (+600)" in result.stdout
