"""`mentor-tui demo`: a database with a realistic mentorship, then the app on it."""

from __future__ import annotations

import click

from mentor_tui.cli import main
from mentor_tui.core.clock import today
from mentor_tui.launch import CliContext, run_app


@main.command()
@click.option("--db", "db", type=click.Path(dir_okay=False),
              help="Where to put the demo database (default: demo.db in the data directory).")
@click.option("--no-open", is_flag=True, help="Only create the database.")
@click.pass_obj
def demo(ctx: CliContext, db: str | None, no_open: bool) -> None:
    """Open the app on a demo mentorship (created on first use).

    The database owner's command: creating the demo reads and writes the whole demo
    database, whatever --as says; the app it opens then signs people in as usual.
    """
    from mentor_tui import paths
    from mentor_tui.store.demo import seed_demo

    # MENTOR_TUI_DB names the user's real database: the demo never seeds that one.
    explicit = None if ctx.db_from_env else ctx.db_option
    ctx.db_option = db or explicit or str(paths.data_dir() / "demo.db")
    with ctx.open_store() as repo:
        if not repo.people.list():
            seed_demo(repo, today=today())
            click.echo(f"Created a demo mentorship in {ctx.db_path}.", err=True)
    if not no_open:
        run_app(ctx)
