"""The `mentor-tui` command. Each subcommand is a thin call into the layers below.

Exit status: 0 on success, 1 on a user error (one line on stderr), 2 on usage errors.
"""

from __future__ import annotations

import errno
import importlib
import os
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
            fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ") + ".")
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            fail("Interrupted.")
        except Exception as exc:  # a bug: keep the details, show one line
            where = save_crash_report(exc)
            fail(f"Something went wrong inside mentor-tui ({type(exc).__name__}); details saved to {where}.")


def save_crash_report(exc: BaseException) -> str:
    import traceback

    from mentor_tui import paths
    from mentor_tui.core.clock import now

    folder = paths.ensure_private_dir(paths.data_dir() / "crashes")
    path = folder / f"crash-{now().strftime('%Y%m%dT%H%M%S%fZ')}.txt"
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write("".join(traceback.format_exception(exc)))
    return str(path)


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
    "keys",
    "sessions",
    "data",
    "demo",
    "followup",
    "export",
    "coordinator",
    "serve",
    "plan",
)
for _name in COMMAND_MODULES:
    try:
        importlib.import_module(f"mentor_tui.cli.{_name}")
    except ModuleNotFoundError as _exc:  # a command group still being built
        if _exc.name != f"mentor_tui.cli.{_name}":
            raise
