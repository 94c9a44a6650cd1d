"""`mentor-tui people list`."""

from __future__ import annotations

import click

from mentor_tui.cli import main
from mentor_tui.cli.context import CliContext
from mentor_tui.cli.output import echo, print_json, print_table


@main.group()
def people() -> None:
    """The people in this database."""


@people.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def list_people(ctx: CliContext, as_json: bool) -> None:
    """List everyone, with their id, email and career stage."""
    with ctx.open_store() as repo:
        found = repo.list_people()
    if as_json:
        print_json(found)
        return
    if not found:
        echo("Nobody yet: run `mentor-tui` to set up a mentorship, or `mentor-tui demo`.")
        return
    print_table(
        ["ID", "NAME", "EMAIL", "STAGE", "SPECIALTY"],
        [
            [p.id[:8], p.display_name, p.email or "", p.career_stage or "", p.specialty or ""]
            for p in found
        ],
    )
