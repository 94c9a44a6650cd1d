"""`mentor-tui` with no subcommand: open the app."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from mentor_tui.cli.context import CliContext
from mentor_tui.core.errors import UserError

if TYPE_CHECKING:
    from mentor_tui.server.handoff import Handoff
    from mentor_tui.store.repository import Repository

# Up to this size the integrity check runs before the first screen (it takes a few
# milliseconds); a larger file is checked in the background while Home is drawn, and the
# app stops writing to it if the check fails.
CHECK_FIRST_BYTES = 32 * 1024 * 1024


def _daily_backup(repo: Repository) -> None:
    from mentor_tui.store import database

    try:
        database.backup_if_due(repo.db.conn, repo.path)
    except OSError as exc:  # a full disk must not turn a clean exit into an error
        click.echo(f"mentor-tui: the daily backup could not be written ({exc.strerror}).", err=True)


def _serve_outbox(ctx: CliContext) -> Handoff | None:
    """Under `serve`, the handoff naming this person's outbox; None when run locally."""
    token = os.environ.pop("MENTOR_TUI_SERVE_TOKEN", None)
    if token is None:
        return None
    from mentor_tui import paths
    from mentor_tui.server import handoff

    found = handoff.claim(paths.data_dir(), token)
    if found is None:
        raise UserError("This sign-in has expired or was already used; connect again.")
    return found


def run_app(ctx: CliContext) -> None:
    """Open the store, find who `--as` names, and run the app until it quits.

    Store errors (a newer, damaged or unreadable database) and an unknown name are user
    errors: the CLI group prints their one sentence and exits 1.
    """
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise UserError(
            "The app needs a terminal; use the subcommands (`mentor-tui --help`) in scripts."
        )
    from mentor_tui.store import open_store
    from mentor_tui.store.accounts import Accounts
    from mentor_tui.tui.app import MentorApp
    from mentor_tui.tui.themes import limit_colours

    outbox = _serve_outbox(ctx)
    path = ctx.db_path
    large = path.is_file() and path.stat().st_size > CHECK_FIRST_BYTES
    with open_store(path, check=not large) as repo:
        # Who is at the keyboard: under `serve` the SSH key has said (the handoff); --as
        # names a person, who shows their passphrase before the first screen; without
        # either, the app asks (tui/screens/signin.py).
        me = None
        if outbox is not None:
            me = Accounts(repo).get(outbox.person_id)
            if ctx.as_name and ctx.as_name != me.id:
                raise UserError("This sign-in was made for someone else; connect again.")
        elif ctx.as_name:
            accounts = Accounts(repo)
            me = accounts.find(ctx.as_name)
            accounts.unlock(me.id, ctx.passphrase_for(accounts, me))
        app = MentorApp(
            repo,
            me=me,
            alone=me is not None,
            check_later=path if large else None,
            outbox=outbox.outbox if outbox is not None else None,
        )
        # The real terminal's limits (NO_COLOR, TERM=dumb, vt100); tests draw at full colour.
        limit_colours(app, os.environ)
        try:
            app.run()
        finally:
            app.close_repos()
        if not app.return_code and not repo.read_only:
            _daily_backup(repo)
    if app.crash_file is not None and app.return_code:
        click.echo(
            f"mentor-tui: an unexpected error stopped the app; what you had typed is saved in "
            f"{app.crash_file} (readable only by you).",
            err=True,
        )
    if app.return_code:
        sys.exit(app.return_code)
