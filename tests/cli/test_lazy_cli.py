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
        "loaded = sorted(m for m in sys.modules if m.startswith('mentor_tui.cli.')\n"
        "                and m not in ('mentor_tui.cli.context',))\n"
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
