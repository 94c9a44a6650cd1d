"""`mentor-tui` imports a subcommand's module only when that command runs (start-up time),
and its --help still lists every command with the short help the command itself gives."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from mentor_tui import cli
from mentor_tui.cli import COMMANDS, load_all_commands, main


def _real_commands() -> dict:
    load_all_commands()
    return dict(main.commands)


def test_the_table_lists_every_command_with_its_own_short_help():
    real = _real_commands()
    assert set(COMMANDS) == set(real), "update COMMANDS in mentor_tui/cli/__init__.py"
    for name, (modules, short) in COMMANDS.items():
        command = real[name]
        assert command.callback.__module__ in {f"mentor_tui.cli.{m}" for m in modules}
        assert click.Command(name, help=short).get_short_help_str(1000) == command.get_short_help_str(
            1000
        ), name


def test_help_lists_every_command_without_importing_them():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from mentor_tui.cli import main\n"
        "result = CliRunner().invoke(main, ['--help'])\n"
        "print(result.output)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('mentor_tui.cli.'))\n"
        "print('LOADED', loaded)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    for name in COMMANDS:
        assert f"\n  {name} " in out
    assert "LOADED []" in out
    for heavy in ("jinja2", "icalendar", "asyncssh", "sqlite_utils"):
        assert heavy not in out


def test_help_text_is_what_the_commands_say(monkeypatch):
    lazy = CliRunner().invoke(main, ["--help"], terminal_width=80).output
    _real_commands()
    # With every module loaded the listing comes from the commands themselves.
    monkeypatch.setattr(cli, "COMMANDS", {})
    eager = CliRunner().invoke(main, ["--help"], terminal_width=80).output
    assert lazy == eager


def test_a_command_loads_its_module_when_it_runs():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from mentor_tui.cli import main\n"
        "r = CliRunner().invoke(main, ['agendas', 'list'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in sys.modules if m.startswith('mentor_tui.cli.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert "mentor_tui.cli.agendas" in out
    assert "mentor_tui.cli.followup" not in out and "mentor_tui.cli.serve" not in out


def test_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(main, ["no-such-command"])
    assert result.exit_code == 2
    assert "No such command" in result.output


def test_subcommand_help_still_works():
    result = CliRunner().invoke(main, ["people", "keys", "--help"])
    assert result.exit_code == 0, result.output
    assert "add" in result.output


def test_opening_the_app_does_not_import_the_command_tree(tmp_path):
    """`mentor-tui --db FILE --as NAME` opens the app from mentor_tui.launch without click
    (about 30 ms of start-up); every other command line still reaches click."""
    from mentor_tui.launch import app_invocation

    db = str(tmp_path / "m.db")
    ctx = app_invocation(["--db", db, "--as=Amara", "--passphrase-file", "p"], {})
    assert (ctx.db_option, ctx.as_name, ctx.passphrase_file, ctx.db_from_env) == (
        db, "Amara", "p", False
    )
    from_env = app_invocation([], {"MENTOR_TUI_DB": db})
    assert (from_env.db_option, from_env.db_from_env) == (db, True)
    for argv in (["people"], ["--help"], ["--version"], ["--db"], ["--as", "--db", db],
                 ["--db", str(tmp_path)], ["--db", ""], ["--nonsense"], ["--db", db, "sessions"]):
        assert app_invocation(argv, {}) is None, argv
    # The real command line, without a terminal: the app refuses in one line, and neither
    # click nor any subcommand module was imported on the way.
    code = (
        "import sys\n"
        "sys.argv = ['mentor-tui', '--db', sys.argv[1]]\n"
        "from mentor_tui.launch import main\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    print('LOADED', sorted(m for m in sys.modules\n"
        "                           if m == 'click' or m.startswith('mentor_tui.cli')))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, db], capture_output=True, text=True, timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 1
    assert run.stderr == (
        "mentor-tui: The app needs a terminal; use the subcommands (`mentor-tui --help`) "
        "in scripts.\n"
    )
    assert "LOADED []" in run.stdout
