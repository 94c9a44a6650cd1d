"""`mentor-tui points add|list|done|drop`: talking points for the next meeting.

A point is written as the person signed in with --as (docs/architecture.md, trust model);
listing works in the database owner's view too.
"""

from __future__ import annotations

import click

from mentor_tui.cli import main
from mentor_tui.cli.output import echo, print_json, print_table
from mentor_tui.core.errors import UserError
from mentor_tui.core.models import PointStatus
from mentor_tui.launch import CliContext
from mentor_tui.store.rows import to_plain

_NEEDS_AS = "needs --as NAME before the command: mentor-tui --as NAME points {}"


@main.group()
def points() -> None:
    """Talking points for the next meeting: what either member wants to raise."""


@points.command("add")
@click.argument("text")
@click.option(
    "--mentorship", "mentorship", metavar="ID",
    help="Mentorship id, id prefix or exact title (needed only if you have several).",
)  # fmt: skip
@click.pass_obj
def add(ctx: CliContext, text: str, mentorship: str | None) -> None:
    """Add a talking point; your partner sees it at once, and the session shows it."""
    if not ctx.as_name:
        raise UserError("Adding a talking point " + _NEEDS_AS.format("add TEXT"))
    with ctx.open_as() as repo:
        chosen = repo.mentorships.resolve(mentorship, person_id=repo.viewer_id)
        point = repo.points.add(chosen.id, text)
    echo(f"Added for {chosen.title} ({point.id[:8]}): {point.text}")


@points.command("list")
@click.option("--mentorship", "mentorship", metavar="ID", help="Only this mentorship.")
@click.option("--all", "include_closed", is_flag=True, help="Include points ticked or dropped.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def list_points(
    ctx: CliContext, mentorship: str | None, include_closed: bool, as_json: bool
) -> None:
    """List open talking points (--as: of your mentorships)."""
    with ctx.open_as() as repo:
        mentorship_id = repo.mentorships.find(mentorship).id if mentorship else None
        found = repo.points.list(
            mentorship_id, status=None if include_closed else PointStatus.OPEN
        )
        titles = {m.id: m.title for m in repo.mentorships.list(include_closed=True)}
        names = {p.id: p.display_name for p in repo.people.list()}
    if as_json:
        print_json([
            {**to_plain(p), "raised_by_name": names.get(p.raised_by, "someone"),
             "mentorship_title": titles.get(p.mentorship_id, "")}
            for p in found
        ])  # fmt: skip
        return
    if not found:
        echo("No open talking points." if not include_closed else "No talking points.")
        return
    print_table(
        ["ID", "RAISED BY", "STATUS", "MENTORSHIP", "POINT"],
        [
            [p.id[:8], names.get(p.raised_by, "someone"), p.status.value,
             titles.get(p.mentorship_id, ""), p.text]
            for p in found
        ],
    )  # fmt: skip


@points.command("done")
@click.argument("point_id")
@click.option("--undo", is_flag=True, help="Open it again.")
@click.pass_obj
def done(ctx: CliContext, point_id: str, undo: bool) -> None:
    """Tick off a talking point (by id or id prefix): it has been talked about."""
    _close(ctx, point_id, "done", undo)


@points.command("drop")
@click.argument("point_id")
@click.option("--undo", is_flag=True, help="Open it again.")
@click.pass_obj
def drop(ctx: CliContext, point_id: str, undo: bool) -> None:
    """Drop a talking point that is no longer needed (it stays in the history)."""
    _close(ctx, point_id, "drop", undo)


def _close(ctx: CliContext, point_id: str, how: str, undo: bool) -> None:
    if not ctx.as_name:
        raise UserError(f"Changing a talking point {_NEEDS_AS.format(how + ' ID')}")
    with ctx.open_as() as repo:
        found = repo.points.find(point_id)
        if undo:
            point = repo.points.reopen(found.id)
        elif how == "done":
            point = repo.points.tick(found.id)
        else:
            point = repo.points.drop(found.id)
    said = {"done": "Done", "drop": "Dropped"}[how]
    echo(f"{'Open again' if undo else said}: {point.text}")
