"""`mentor-tui goals list|add|checkin`: SMART goals and their check-ins."""

from __future__ import annotations

import click

from mentor_tui.cli import main
from mentor_tui.cli.options import AS_JSON, MENTORSHIP, due_text
from mentor_tui.cli.output import echo, print_json, print_table
from mentor_tui.core import clock
from mentor_tui.core.dates import describe_due, parse_due
from mentor_tui.core.goals import CLOSED_GOAL_STATUSES, GOAL_SORT_KEYS, CheckIn, sort_goals
from mentor_tui.core.models import GOAL_CATEGORIES, Goal, GoalStatus, Milestone
from mentor_tui.launch import CliContext
from mentor_tui.store.rows import to_plain


@main.group()
def goals() -> None:
    """SMART goals and their check-ins."""


@goals.command("list")
@MENTORSHIP
@click.option("--owner", metavar="NAME", help="Only this person's goals.")
@click.option(
    "--status", type=click.Choice([s.value for s in GoalStatus]), help="Only this status."
)
@click.option("--category", type=click.Choice(GOAL_CATEGORIES), help="Only this category.")
@click.option(
    "--sort",
    "sort_by",
    type=click.Choice(GOAL_SORT_KEYS),
    default="due",
    show_default=True,
    help="Order of the list.",
)
@AS_JSON
@click.pass_obj
def list_goals(
    ctx: CliContext,
    mentorship: str | None,
    owner: str | None,
    status: str | None,
    category: str | None,
    sort_by: str,
    as_json: bool,
) -> None:
    """List goals with owner, due date, progress and last check-in (--as: yours only)."""
    today = clock.today()
    with ctx.open_as() as repo:
        mentorship_id = repo.mentorships.find(mentorship).id if mentorship else None
        owner_id = repo.people.find(owner).id if owner else None
        rows = repo.goals.rows(
            mentorship_id,
            owner_id=owner_id,
            status=status,
            category=category,
            person_id=None if mentorship_id else repo.viewer_id,
        )
        series = repo.goals.checkin_series([r.goal.id for r in rows])
    rows = sort_goals(rows, sort_by)
    if as_json:
        print_json([
            {**to_plain(r.goal), "owner_name": r.owner_name,
             "mentorship_title": r.mentorship_title, "overdue": r.overdue(today),
             "last_checkin": r.last_checkin, "checkin_count": r.checkin_count,
             "progress_series": series.get(r.goal.id, [])}
            for r in rows
        ])  # fmt: skip
        return
    if not rows:
        echo("No goals match.")
        return
    print_table(
        ["ID", "OWNER", "CATEGORY", "DUE", "PROGRESS", "STATUS", "LAST CHECK-IN", "TITLE"],
        [
            [r.goal.id[:8], r.owner_name, r.goal.category,
             ("! " if r.overdue(today) else "") + due_text(r.goal.due, today, r.goal.status in CLOSED_GOAL_STATUSES), f"{r.goal.progress}%",
             r.goal.status.value, r.last_checkin.created_at[:10] if r.last_checkin else "",
             r.goal.title]
            for r in rows
        ],
    )  # fmt: skip


@goals.command("add")
@click.argument("title")
@click.option("--owner", metavar="NAME", required=True, help="Who owns it (either side).")
@click.option("--category", type=click.Choice(GOAL_CATEGORIES), required=True)
@click.option("--due", "due_words", metavar="WORDS", help='e.g. "end of month", "3 Dec".')
@MENTORSHIP
@click.option("--specific", default="", help="SMART: what exactly.")
@click.option("--measurable", default="", help="SMART: how you will know.")
@click.option("--achievable", default="", help="SMART: why it is within reach.")
@click.option("--relevant", default="", help="SMART: why it matters.")
@click.option("--time-bound", "time_bound", default="", help="SMART: by when, in words.")
@click.option("--milestone", "milestones", multiple=True, help="A checklist step (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the new goal as JSON.")
@click.pass_obj
def add_goal(
    ctx: CliContext,
    title: str,
    owner: str,
    category: str,
    due_words: str | None,
    mentorship: str | None,
    specific: str,
    measurable: str,
    achievable: str,
    relevant: str,
    time_bound: str,
    milestones: tuple[str, ...],
    as_json: bool,
) -> None:
    """Add a goal to a mentorship."""
    today = clock.today()
    due = parse_due(due_words, today) if due_words is not None else None
    with ctx.open_as() as repo:
        person = repo.people.find(owner)
        repo.act_as(repo.viewer_id)
        target = repo.mentorships.resolve(mentorship, person_id=person.id)
        goal = repo.goals.save_checked(
            Goal(target.id, person.id, title.strip(), category=category, specific=specific,
                 measurable=measurable, achievable=achievable, relevant=relevant,
                 time_bound=time_bound, due=due,
                 milestones=[Milestone(m.strip()) for m in milestones if m.strip()])
        )  # fmt: skip
    if as_json:
        print_json(goal)
        return
    when = f", due {describe_due(goal.due, today)} ({goal.due.isoformat()})" if goal.due else ""
    echo(f"Added goal {goal.id[:8]} for {person.display_name}: {goal.title}{when}.")


@goals.command("checkin")
@click.argument("goal_id")
@click.argument("progress", type=int)
@click.option("--comment", default="", help="A word on how it is going.")
@click.option("--session", "session_id", metavar="ID", help="The session it was discussed in.")
@click.pass_obj
def checkin(
    ctx: CliContext, goal_id: str, progress: int, comment: str, session_id: str | None
) -> None:
    """Record progress (0-100) on a goal; 100 marks it done."""
    with ctx.open_as() as repo:
        me = repo.viewer_id
        repo.act_as(me)
        goal = repo.goals.find(goal_id)
        session = repo.sessions.get(session_id).id if session_id else None
        repo.goals.add_checkin(CheckIn(goal.id, progress, comment.strip(), session, me))
        goal = repo.goals.get(goal.id)
        series = repo.goals.checkin_series([goal.id]).get(goal.id, [])
    trail = " → ".join(f"{p}%" for p in series[-6:])
    echo(f"{goal.title}: {goal.progress}% ({goal.status.value}); check-ins {trail}.")
