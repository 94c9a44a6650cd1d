"""`mentor-tui agendas list` and `mentor-tui agendas check`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentor_tui import paths
from mentor_tui.cli import main

GOOD = """\
name = "Journal club"
purpose = "Read one paper together."
style = "group"

[[sections]]
key = "paper"
title = "The paper"
minutes = 20
kind = "notes"
prompts = ["What is the question?"]

[[sections]]
key = "next"
title = "Next time"
minutes = 5
kind = "action-items"
prompts = ["Who picks the next paper?"]
"""


def user_agendas() -> Path:
    directory = paths.user_prompts_dir() / "agendas"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def builtin_keys() -> list[str]:
    return sorted(p.stem for p in (paths.prompts_dir() / "agendas").glob("*.toml"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_list_shows_builtin_and_user_agendas(runner: CliRunner) -> None:
    (user_agendas() / "journal-club.toml").write_text(GOOD)
    result = runner.invoke(main, ["agendas", "list"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["KEY", "NAME", "MINUTES", "SECTIONS", "FROM"]
    row = next(line for line in lines if line.startswith("journal-club "))
    assert row.split()[-3:] == ["25", "2", "user"]
    for key in builtin_keys():
        assert any(line.startswith(f"{key} ") and line.endswith("built-in") for line in lines)
    assert result.stderr == ""


def test_list_json(runner: CliRunner) -> None:
    (user_agendas() / "journal-club.toml").write_text(GOOD)
    result = runner.invoke(main, ["agendas", "list", "--json"])
    assert result.exit_code == 0
    agendas = json.loads(result.stdout)
    ours = next(a for a in agendas if a["key"] == "journal-club")
    assert ours["builtin"] is False
    assert ours["total_minutes"] == 25
    assert [s["key"] for s in ours["sections"]] == ["paper", "next"]
    assert ours["sections"][0]["prompts"] == ["What is the question?"]
    names = [a["name"] for a in agendas]
    assert names == sorted(names, key=str.casefold)


def test_list_user_override_replaces_builtin(runner: CliRunner) -> None:
    keys = builtin_keys()
    if not keys:
        pytest.skip("no built-in agendas yet")
    (user_agendas() / f"{keys[0]}.toml").write_text(GOOD)
    result = runner.invoke(main, ["agendas", "list", "--json"])
    matching = [a for a in json.loads(result.stdout) if a["key"] == keys[0]]
    assert len(matching) == 1
    assert matching[0]["builtin"] is False and matching[0]["name"] == "Journal club"


def test_list_skips_a_broken_file_with_one_line(runner: CliRunner) -> None:
    (user_agendas() / "journal-club.toml").write_text(GOOD)
    (user_agendas() / "broken.toml").write_text(GOOD.replace("minutes = 20", "minutes = twenty"))
    result = runner.invoke(main, ["agendas", "list"])
    assert result.exit_code == 0
    assert "journal-club" in result.stdout
    err = result.stderr.splitlines()
    assert len(err) == 1
    assert err[0].startswith("mentor-tui: skipped ")
    assert "broken.toml, line 8: not valid TOML" in err[0]


def test_check_good_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "journal-club.toml"
    path.write_text(GOOD)
    result = runner.invoke(main, ["agendas", "check", str(path)])
    assert result.exit_code == 0
    assert result.stdout == f"ok  {path}\n"
    assert result.stderr == ""


def test_check_bad_file_is_one_line_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(GOOD)
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace('kind = "action-items"', 'kind = "todo"'))
    result = runner.invoke(main, ["agendas", "check", str(good), str(bad)])
    assert result.exit_code == 1
    assert result.stdout == f"ok  {good}\n"
    assert result.stderr.splitlines() == [
        f'{bad}, line 16: section "next": kind must be one of notes, goals-review, '
        'action-items, reverse-mentoring, reflection, wrap-up, not "todo"'
    ]


def test_check_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["agendas", "check", str(tmp_path / "nope.toml")])
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'nope.toml'}: no such file\n"


def test_check_a_directory(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(GOOD)
    (tmp_path / "b.toml").write_text(GOOD)
    result = runner.invoke(main, ["agendas", "check", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"ok  {tmp_path / 'a.toml'}",
        f"ok  {tmp_path / 'b.toml'}",
    ]
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(main, ["agendas", "check", str(empty)])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1


def test_check_other_prompts_files_by_name(runner: CliRunner, tmp_path: Path) -> None:
    topics = tmp_path / "topics.toml"
    topics.write_text('[[topics]]\nkey = "podcasts"\ntitel = "Podcasts"\n')
    result = runner.invoke(main, ["agendas", "check", str(topics)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f'{topics}, line 3: topic "podcasts": unknown key "titel"')


def test_check_without_files_checks_builtin_and_user(runner: CliRunner) -> None:
    (user_agendas() / "journal-club.toml").write_text(GOOD)
    (user_agendas() / "broken.toml").write_text("name = \n")
    result = runner.invoke(main, ["agendas", "check"])
    assert result.exit_code == 1
    assert f"ok  {user_agendas() / 'journal-club.toml'}" in result.stdout.splitlines()
    for key in builtin_keys():
        assert f"ok  {paths.prompts_dir() / 'agendas' / (key + '.toml')}" in result.stdout
    assert result.stderr.splitlines() == [
        f"{user_agendas() / 'broken.toml'}, line 1: not valid TOML: invalid value (column 8); "
        'is text missing its "quotes"?'
    ]


def test_real_command_one_line_on_stderr(tmp_path: Path, cli_env: dict[str, str]) -> None:
    bad = tmp_path / "regular.toml"
    bad.write_text(GOOD.replace("minutes = 5", 'minutes = "five"'))
    exe = Path(sys.executable).with_name("mentor-tui")
    if not exe.exists():
        pytest.skip("mentor-tui is not installed in this environment")
    done = subprocess.run(
        [str(exe), "agendas", "check", str(bad)],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f'{bad}, line 15: section "next": minutes must be a whole number from 1 to 120, not "five"'
    ]
    assert "Traceback" not in done.stderr
    ok = subprocess.run(
        [str(exe), "agendas", "list"], capture_output=True, text=True, env=cli_env, timeout=60
    )
    assert ok.returncode == 0
    assert ok.stdout.startswith("KEY")
