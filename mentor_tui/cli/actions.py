"""`mentor-tui actions list|done|drop|assign|due`: action items across all mentorships,
and what each person owes whom."""

from __future__ import annotations

from datetime import date

import click

from mentor_tui.cli import main
from mentor_tui.cli.options import AS_JSON, MENTORSHIP, due_text
from mentor_tui.cli.output import echo, print_json, print_table
from mentor_tui.core import clock
from mentor_tui.core.actions import Owed
from mentor_tui.core.dates import parse_due
from mentor_tui.launch import CliContext
from mentor_tui.store.rows import to_plain


@main.group()
def actions() -> None:
    """Action items across all mentorships."""


@actions.command("list")
@click.option(
    "--mine", is_flag=True, help="With --as NAME: what I owe and to whom, and what I am owed."
)
@click.option("--all", "include_done", is_flag=True, help="Include items already done.")
@MENTORSHIP
@AS_JSON
@click.pass_obj
def list_actions(
    ctx: CliContext, mine: bool, include_done: bool, mentorship: str | None, as_json: bool
) -> None:
    """List open action items with owner and whom they are owed to."""
    if mine and not ctx.as_name:
        raise click.UsageError(
            "--mine needs --as NAME before the command: mentor-tui --as NAME actions list --mine"
        )
    today = clock.today()
    with ctx.open_as() as repo:
        me = repo.viewer_id
        if mine:
            assert me is not None
            owed = repo.actions.owed(me, today, open_only=not include_done)
            name = repo.people.get(me).display_name
        else:
            mentorship_id = repo.mentorships.find(mentorship).id if mentorship else None
            rows = repo.actions.rows(me, open_only=not include_done, mentorship_id=mentorship_id)
    if mine:
        if as_json:
            print_json({"person_id": me, "name": name, "i_owe": owed.i_owe,
                        "owed_to_me": owed.owed_to_me})  # fmt: skip
            return
        _print_owed(owed, today)
        return
    if as_json:
        print_json([
            {**to_plain(r.item), "done": r.item.done, "overdue": r.item.overdue(today),
             "owner_name": r.owner_name, "owed_to": r.counterpart_names,
             "owed_to_ids": r.counterpart_ids, "mentorship_title": r.mentorship_title}
            for r in rows
        ])  # fmt: skip
        return
    if not rows:
        echo("No open action items.")
        return
    print_table(
        ["ID", "OWNER", "OWED TO", "DUE", "DONE", "MENTORSHIP", "TEXT"],
        [
            [r.item.id[:8], r.owner_name, ", ".join(r.counterpart_names),
             ("! " if r.item.overdue(today) else "") + due_text(r.item.due, today, r.item.done),
             "yes" if r.item.done else "", r.mentorship_title, r.item.text]
            for r in rows
        ],
    )  # fmt: skip


def _print_owed(owed: Owed, today: date) -> None:
    if not owed.i_owe and not owed.owed_to_me:
        echo("Nothing open either way.")
        return
    for heading, groups in (("You owe", owed.i_owe), ("Owed to you by", owed.owed_to_me)):
        for group in groups:
            late = f", {group.overdue} overdue" if group.overdue else ""
            echo(f"{heading} {group.label} ({', '.join(group.mentorship_titles)}{late}):")
            for item in group.items:
                due = ("! " if item.overdue(today) else "") + due_text(item.due, today, item.done)
                mark = "x" if item.done else " "
                echo(f"  [{mark}] {item.id[:8]}  {item.text}" + (f"  ({due})" if due else ""))


# done and drop have the shape of `points done|drop` (cli/points.py) on purpose: each verb is
# its own command with its own help line, and the work is one _close per group.
@actions.command("done")
@click.argument("item_id")
@click.option("--undo", is_flag=True, help="Mark it open again.")
@click.pass_obj
def done(ctx: CliContext, item_id: str, undo: bool) -> None:
    """Tick off an action item (by id or id prefix)."""
    _close(ctx, item_id, "done", undo)


@actions.command("drop")
@click.argument("item_id")
@click.option("--undo", is_flag=True, help="Mark it open again.")
@click.pass_obj
def drop(ctx: CliContext, item_id: str, undo: bool) -> None:
    """Drop an action item that is no longer needed (it stays in the history)."""
    _close(ctx, item_id, "drop", undo)


def _close(ctx: CliContext, item_id: str, how: str, undo: bool) -> None:
    """Done or dropped (`how`), or open again with --undo; written as the person signed in."""
    with ctx.open_as() as repo:
        repo.act_as(repo.viewer_id)
        found = repo.actions.find(item_id).id
        set_closed = repo.actions.set_done if how == "done" else repo.actions.set_dropped
        item = set_closed(found, not undo)
    said = {"done": "Done", "drop": "No longer needed"}[how]
    echo(f"{'Open again' if undo else said}: {item.text}")


@actions.command("assign")
@click.argument("item_id")
@click.argument("name")
@click.pass_obj
def assign(ctx: CliContext, item_id: str, name: str) -> None:
    """Give an action item to another member of its mentorship (by name or id)."""
    with ctx.open_as() as repo:
        repo.act_as(repo.viewer_id)
        person = repo.people.find(name)
        item = repo.actions.assign(repo.actions.find(item_id).id, person.id)
    echo(f"{person.display_name} now owns: {item.text}")


@actions.command("due")
@click.argument("item_id")
@click.argument("words")
@click.pass_obj
def due(ctx: CliContext, item_id: str, words: str) -> None:
    """Move an action item's due day ("3 Dec", "end of month"; "none" clears it)."""
    today = clock.today()
    when = None if words.strip().casefold() in ("none", "no date", "") else parse_due(words, today)
    with ctx.open_as() as repo:
        repo.act_as(repo.viewer_id)
        item = repo.actions.set_due(repo.actions.find(item_id).id, when)
    echo(f"Due {due_text(item.due, today) or 'no day'}: {item.text}")
