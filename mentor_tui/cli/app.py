"""`mentor-tui` with no subcommand: open the app."""

from __future__ import annotations

import sys

import click

from mentor_tui.cli.context import CliContext
from mentor_tui.core.errors import UserError


def run_app(ctx: CliContext) -> None:
    """Open the store, find who `--as` names, and run the app until it quits.

    Store errors (a newer, damaged or unreadable database) and an unknown name are user
    errors: the CLI group prints their one sentence and exits 1.
    """
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise UserError("The app needs a terminal; use the subcommands (`mentor-tui --help`) in scripts.")
    from mentor_tui.tui.app import MentorApp

    with ctx.open_store() as repo:
        me = repo.find_person(ctx.as_name) if ctx.as_name else None
        if me is not None:
            repo.act_as(me.id)
        app = MentorApp(repo, me=me)
        app.run()
    if app.crash_file is not None and app.return_code:
        click.echo(
            f"mentor-tui: an unexpected error stopped the app; what you had typed is saved in "
            f"{app.crash_file} (readable only by you).",
            err=True,
        )
    if app.return_code:
        sys.exit(app.return_code)
