"""The `mentor-tui` command. Each subcommand is a thin call into the layers below.

Exit status: 0 on success, 1 on a user error (one line on stderr), 2 on usage errors.
"""

from __future__ import annotations

import errno
import importlib
import sys

import click

from mentor_tui import __version__
from mentor_tui.cli.context import CliContext
from mentor_tui.core.errors import UserError


class MentorGroup(click.Group):
    """Turns errors a user can cause into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserError as exc:
            fail(exc.message)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                fail("The disk is full; free some space and try again (nothing was lost).")
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                fail(f"Permission denied: {exc.filename or exc}; check the file's permissions.")
            raise


def fail(message: str) -> None:
    click.echo(f"mentor-tui: {message}", err=True)
    sys.exit(1)


@click.group(cls=MentorGroup, invoke_without_command=True)
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False),
    envvar="MENTOR_TUI_DB",
    help="Database file (default: mentor.db in the data directory; or MENTOR_TUI_DB).",
)
@click.option("--as", "as_name", metavar="NAME", help="Open the app as this person.")
@click.version_option(__version__, prog_name="mentor-tui")
@click.pass_context
def main(ctx: click.Context, db: str | None, as_name: str | None) -> None:
    """A terminal guide for structured mentoring sessions."""
    from_env = ctx.get_parameter_source("db") == click.core.ParameterSource.ENVIRONMENT
    ctx.obj = CliContext(db_option=db, as_name=as_name, db_from_env=from_env)
    if ctx.invoked_subcommand is None:
        from mentor_tui.cli.app import run_app

        run_app(ctx.obj)


# Each module adds its own commands to `main`; importing it is the registration.
COMMAND_MODULES = (
    "agendas",
    "people",
    "sessions",
    "data",
    "demo",
    "followup",
    "export",
    "coordinator",
    "serve",
)
for _name in COMMAND_MODULES:
    try:
        importlib.import_module(f"mentor_tui.cli.{_name}")
    except ModuleNotFoundError as _exc:  # a command group still being built
        if _exc.name != f"mentor_tui.cli.{_name}":
            raise
