"""`mentor-tui data export|import|restore|check`: full-fidelity copies of a database."""

from __future__ import annotations

from pathlib import Path

import click

from mentor_tui.cli import main
from mentor_tui.launch import CliContext
from mentor_tui.store import exchange, restore_backup
from mentor_tui.store.database import list_backups


@main.group()
def data() -> None:
    """Export, import, check and restore the whole database.

    The database owner's commands: they read the whole database, everyone's private notes
    included, whatever --as says (unlike the commands that act for the --as person).
    """


@data.command("export")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the JSON file (created 0600).")
@click.pass_obj
def export_cmd(ctx: CliContext, out: Path) -> None:
    """Write everything to one JSON file (format: docs/data-format.md).

    Everything means every mentorship and everyone's private notes: keep the file as safe
    as the database.
    """
    with ctx.open_store(create=False) as repo:
        counts = exchange.write_export(repo, out)
    click.echo(f"Wrote {sum(counts.values())} records to {out}.", err=True)


@data.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def import_cmd(ctx: CliContext, file: Path) -> None:
    """Merge a JSON export by id; importing the same file twice changes nothing."""
    payload = exchange.read_import(file)
    with ctx.open_store() as repo:
        changed = exchange.import_data(repo, payload, source=file.name)
    if changed:
        detail = ", ".join(f"{n} {table}" for table, n in changed.items())
        click.echo(f"Imported {sum(changed.values())} records ({detail}).", err=True)
    else:
        click.echo("Nothing to import: everything in the file is already here.", err=True)


@data.command("check")
@click.pass_obj
def check_cmd(ctx: CliContext) -> None:
    """Run SQLite's full integrity check."""
    from mentor_tui.store import database

    with ctx.open_store(create=False) as repo:
        database.quick_check(repo.db, repo.path, full=True)
    click.echo(f"{ctx.db_path} is intact.")


@data.command("restore")
@click.pass_obj
def restore_cmd(ctx: CliContext) -> None:
    """Replace a damaged database with its newest automatic backup (the damaged file is kept)."""
    restored = restore_backup(ctx.db_path)
    click.echo(f"Restored {ctx.db_path} from {restored}.")


@data.command("backups")
@click.option(
    "--replace-plain",
    is_flag=True,
    help="Replace the backups taken before private notes were encrypted (they may hold their "
    "plain text) with one fresh backup; asks first.",
)
@click.option("--yes", is_flag=True, help="Do not ask (with --replace-plain).")
@click.pass_obj
def backups_cmd(ctx: CliContext, replace_plain: bool, yes: bool) -> None:
    """List the automatic backups of this database, and which may hold private notes in plain
    text (those taken before the notes were encrypted)."""
    from mentor_tui.store.accounts import Accounts

    with ctx.open_store(create=False) as store:
        accounts = Accounts(store)
        plain = set(accounts.plain_backups())
        if replace_plain:
            if not plain:
                click.echo("No backup holds private notes in plain text.")
                return
            if not yes:
                click.confirm(
                    f"Replace {len(plain)} older backup(s) with one fresh, encrypted backup?",
                    abort=True,
                )
            fresh, removed = accounts.replace_plain_backups()
            click.echo(f"Took {fresh}; removed {len(removed)} older backup(s).")
            return
    found = list_backups(ctx.db_path)
    if not found:
        click.echo("No backups yet: one is taken before every upgrade of the database.")
    for path in found:
        mark = "  (may hold private notes in plain text)" if path in plain else ""
        click.echo(f"{path}{mark}")
