"""The `mentor-tui` command. Each subcommand is a thin call into the layers below.

Exit status: 0 on success, 1 on a user error (one line on stderr), 2 on usage errors.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from mentor_tui import __version__
from mentor_tui.launch import CliContext, explain_failure, quit_on_closed_pipe, run_app


class MentorGroup(click.Group):
    """Turns errors a user can cause into one line on stderr and exit status 1.

    Subcommands load lazily: see COMMANDS below.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            modules = COMMANDS[cmd_name][0] if cmd_name in COMMANDS else COMMAND_MODULES
            for module in modules:
                _import_command_module(module)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of --help, from the table: no subcommand module is imported."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in COMMANDS:
                # Shortened exactly as click shortens a command's own help.
                text = click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit)
            else:
                command = self.get_command(ctx, name)
                if command is None or command.hidden:
                    continue
                text = command.get_short_help_str(limit)
            rows.append((name, text))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def main(self, *args: Any, **kwargs: Any) -> Any:  # click types a command's result Any
        try:
            return super().main(*args, **kwargs)
        finally:
            # What is still buffered is written at exit, after the reader may have gone.
            try:
                sys.stdout.flush()
            except BrokenPipeError:
                quit_on_closed_pipe()

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except (Exception, KeyboardInterrupt) as exc:
            explain_failure(exc)


@click.group(cls=MentorGroup, invoke_without_command=True)
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False),
    envvar="MENTOR_TUI_DB",
    help="Database file (default: mentor.db in the data directory; or MENTOR_TUI_DB).",
)
@click.option(
    "--as",
    "as_name",
    metavar="NAME",
    help="Act as this person (asks their passphrase if they have one); without it, the app "
    "asks who you are and commands show nobody's private notes.",
)
@click.option(
    "--passphrase-file",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Read the --as person's passphrase from the first line of FILE instead of asking.",
)
@click.version_option(__version__, prog_name="mentor-tui")
@click.pass_context
def main(
    ctx: click.Context, db: str | None, as_name: str | None, passphrase_file: str | None
) -> None:
    """A terminal guide for structured mentoring sessions."""
    from_env = ctx.get_parameter_source("db") == click.core.ParameterSource.ENVIRONMENT
    ctx.obj = CliContext(
        db_option=db, as_name=as_name, db_from_env=from_env, passphrase_file=passphrase_file
    )
    if ctx.invoked_subcommand is None:
        run_app(ctx.obj)


def _import_command_module(name: str) -> None:
    try:
        importlib.import_module(f"mentor_tui.cli.{name}")
    except ModuleNotFoundError as exc:  # a command group still being built
        if exc.name != f"mentor_tui.cli.{name}":
            raise


# Each module adds its own commands to `main` when imported. Importing them all would cost
# more than the app itself takes to start (jinja2, icalendar, asyncssh, the coordinator...),
# so `main` imports a module only when one of its commands runs. This table lists every
# command with the module(s) that define it and the short help `mentor-tui --help` shows;
# tests/cli/test_lazy_cli.py checks it against the real commands.
COMMANDS: dict[str, tuple[tuple[str, ...], str]] = {
    "actions": (("actions",), "Action items across all mentorships."),
    "agendas": (
        ("agendas",),
        "The session agendas: list them, and check agenda files for mistakes.",
    ),
    "competencies": (("competencies",), "The periodic mentoring-competency check-in."),
    "coordinator": (
        ("coordinator",),
        "Import pairs' pseudonymised bundles and report on the programme.",
    ),
    "data": (("data",), "Export, import, check and restore the whole database."),
    "demo": (("demo",), "Open the app on a demo mentorship (created on first use)."),
    "export": (("export",), "Write the pseudonymised log your programme coordinator imports."),
    "followup": (
        ("followup",),
        "Render the follow-up email of a session: as .eml, plain text or a mailto: link, "
        "or send it.",
    ),
    "goals": (("goals",), "SMART goals and their check-ins."),
    "people": (("people", "keys"), "The people in this database."),
    "plan": (("plan",), "The mentee's individual development plan (IDP)."),
    "remind": (
        ("remind",),
        "Send the reminders that are due: before the next meeting, and overdue action items.",
    ),
    "points": (
        ("points",),
        "Talking points for the next meeting: what either member wants to raise.",
    ),
    "schedule": (
        ("followup",),
        "Write the next meeting as an .ics invitation (METHOD:REQUEST).",
    ),
    "serve": (
        ("serve",),
        "Let people run the app over SSH with their registered keys (no system accounts).",
    ),
    "sessions": (("sessions",), "Past and running sessions."),
    "topics": (("topics",), "Reverse-mentoring topics: the catalogue and those pairs added."),
}

# Every module that adds commands; a command missing from COMMANDS is still found (more
# slowly) by importing them all.
COMMAND_MODULES = (
    "agendas",
    "people",
    "keys",
    "sessions",
    "data",
    "demo",
    "followup",
    "export",
    "coordinator",
    "serve",
    "goals",
    "actions",
    "plan",
    "topics",
    "competencies",
    "remind",
    "points",
)


def load_all_commands() -> None:
    for name in COMMAND_MODULES:
        _import_command_module(name)
