"""Goals, action items, the development plan, topics and the competency check-in.

`mentor-tui goals list|add|checkin`, `mentor-tui actions list|done|drop|assign|due`, `mentor-tui plan show`,
`mentor-tui topics list`, `mentor-tui competencies show`. Each is a thin call into the
repository (store.repo.development) and the rules in core.development.
"""

from __future__ import annotations

import click

from mentor_tui import paths
from mentor_tui.cli import main
from mentor_tui.cli.context import CliContext
from mentor_tui.cli.output import echo, print_json, print_table
from mentor_tui.core import clock
from mentor_tui.core.agreement import agreement_review_message
from mentor_tui.core.catalogue import load_competencies, load_topics
from mentor_tui.core.dates import describe_due, parse_due
from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.goals import CLOSED_GOAL_STATUSES, GOAL_SORT_KEYS, sort_goals
from mentor_tui.core.idp import plan_review_due
from mentor_tui.core.models import GOAL_CATEGORIES, CheckIn, Goal, GoalStatus, Milestone, Role
from mentor_tui.core.reverse import merge_topics
from mentor_tui.store.repository import Repository
from mentor_tui.store.rows import to_plain

_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
_MENTORSHIP = click.option(
    "--mentorship", "mentorship", metavar="ID", help="Mentorship id, id prefix or exact title."
)


def _me(repo: Repository, ctx: CliContext) -> str | None:
    return repo.viewer_id


def _due(due, today, closed: bool = False) -> str:
    """Words for an open item's due date; a finished one just shows the date it had."""
    if not due:
        return ""
    return due.isoformat() if closed else describe_due(due, today)


# --------------------------------------------------------------------------------------------
# goals


@main.group()
def goals() -> None:
    """SMART goals and their check-ins."""


@goals.command("list")
@_MENTORSHIP
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
@_JSON
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
        mentorship_id = repo.find_mentorship(mentorship).id if mentorship else None
        owner_id = repo.find_person(owner).id if owner else None
        rows = repo.goal_rows(
            mentorship_id,
            owner_id=owner_id,
            status=status,
            category=category,
            person_id=None if mentorship_id else _me(repo, ctx),
        )
        series = repo.checkin_series([r.goal.id for r in rows])
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
             ("! " if r.overdue(today) else "") + _due(r.goal.due, today, r.goal.status in CLOSED_GOAL_STATUSES), f"{r.goal.progress}%",
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
@_MENTORSHIP
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
        person = repo.find_person(owner)
        repo.act_as(_me(repo, ctx))
        target = repo.resolve_mentorship(mentorship, person_id=person.id)
        goal = repo.save_checked_goal(
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
        me = _me(repo, ctx)
        repo.act_as(me)
        goal = repo.find_goal(goal_id)
        session = repo.get_session(session_id).id if session_id else None
        repo.add_checkin(CheckIn(goal.id, progress, comment.strip(), session, me))
        goal = repo.get_goal(goal.id)
        series = repo.checkin_series([goal.id]).get(goal.id, [])
    trail = " → ".join(f"{p}%" for p in series[-6:])
    echo(f"{goal.title}: {goal.progress}% ({goal.status.value}); check-ins {trail}.")


# --------------------------------------------------------------------------------------------
# action items


@main.group()
def actions() -> None:
    """Action items across all mentorships."""


@actions.command("list")
@click.option(
    "--mine", is_flag=True, help="With --as NAME: what I owe and to whom, and what I am owed."
)
@click.option("--all", "include_done", is_flag=True, help="Include items already done.")
@_MENTORSHIP
@_JSON
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
        me = _me(repo, ctx)
        if mine:
            assert me is not None
            owed = repo.owed(me, today, open_only=not include_done)
            name = repo.get_person(me).display_name
        else:
            mentorship_id = repo.find_mentorship(mentorship).id if mentorship else None
            rows = repo.action_rows(me, open_only=not include_done, mentorship_id=mentorship_id)
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
             ("! " if r.item.overdue(today) else "") + _due(r.item.due, today, r.item.done),
             "yes" if r.item.done else "", r.mentorship_title, r.item.text]
            for r in rows
        ],
    )  # fmt: skip


def _print_owed(owed, today) -> None:
    if not owed.i_owe and not owed.owed_to_me:
        echo("Nothing open either way.")
        return
    for heading, groups in (("You owe", owed.i_owe), ("Owed to you by", owed.owed_to_me)):
        for group in groups:
            late = f", {group.overdue} overdue" if group.overdue else ""
            echo(f"{heading} {group.label} ({', '.join(group.mentorship_titles)}{late}):")
            for item in group.items:
                due = ("! " if item.overdue(today) else "") + _due(item.due, today, item.done)
                mark = "x" if item.done else " "
                echo(f"  [{mark}] {item.id[:8]}  {item.text}" + (f"  ({due})" if due else ""))


@actions.command("done")
@click.argument("item_id")
@click.option("--undo", is_flag=True, help="Mark it open again.")
@click.pass_obj
def done(ctx: CliContext, item_id: str, undo: bool) -> None:
    """Tick off an action item (by id or id prefix)."""
    with ctx.open_as() as repo:
        repo.act_as(_me(repo, ctx))
        item = repo.set_action_done(repo.find_action_item(item_id).id, not undo)
    echo(f"{'Open again' if undo else 'Done'}: {item.text}")


@actions.command("drop")
@click.argument("item_id")
@click.option("--undo", is_flag=True, help="Mark it open again.")
@click.pass_obj
def drop(ctx: CliContext, item_id: str, undo: bool) -> None:
    """Drop an action item that is no longer needed (it stays in the history)."""
    with ctx.open_as() as repo:
        repo.act_as(_me(repo, ctx))
        item = repo.set_action_dropped(repo.find_action_item(item_id).id, not undo)
    echo(f"{'Open again' if undo else 'No longer needed'}: {item.text}")


@actions.command("assign")
@click.argument("item_id")
@click.argument("name")
@click.pass_obj
def assign(ctx: CliContext, item_id: str, name: str) -> None:
    """Give an action item to another member of its mentorship (by name or id)."""
    with ctx.open_as() as repo:
        repo.act_as(_me(repo, ctx))
        person = repo.find_person(name)
        item = repo.assign_action(repo.find_action_item(item_id).id, person.id)
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
        repo.act_as(_me(repo, ctx))
        item = repo.set_action_due(repo.find_action_item(item_id).id, when)
    echo(f"Due {_due(item.due, today) or 'no day'}: {item.text}")


# --------------------------------------------------------------------------------------------
# the individual development plan


@main.group("plan")
def plan_group() -> None:
    """The mentee's individual development plan (IDP)."""


@plan_group.command("show")
@_MENTORSHIP
@click.option("--mentee", metavar="NAME", help="Whose plan, in a group mentorship.")
@_JSON
@click.option("--markdown", is_flag=True, help="Print Markdown (the default, for people).")
@click.pass_obj
def show_plan(
    ctx: CliContext, mentorship: str | None, mentee: str | None, as_json: bool, markdown: bool
) -> None:
    """Show the development plan, with its 6- and 12-month goals, agreement and mentor roles."""
    if as_json and markdown:
        raise click.UsageError("Choose --json or --markdown, not both.")
    today = clock.today()
    with ctx.open_as() as repo:
        target = repo.resolve_mentorship(mentorship, person_id=_me(repo, ctx))
        mentee_id = repo.find_person(mentee).id if mentee else None
        plan = repo.get_plan(target.id, mentee_id)
        if plan is None:
            who = repo.find_person(mentee).display_name if mentee else "the mentee"
            raise NotFound(
                f'There is no development plan for {who} in "{target.title}" yet; '
                "write one in the app's Plan screen."
            )
        linked = {g.id: g for g in repo.plan_goals(plan)}
        people = {m.person_id: repo.get_person(m.person_id) for m in target.members}
    if not as_json:
        from mentor_tui.render.development import development_markdown

        echo(
            development_markdown(
                plan, linked.values(), people, mentorship_title=target.title, today=today
            ),
            nl=False,
        )
        return
    print_json({
        "mentorship": {"id": target.id, "title": target.title},
        "mentee": {"id": plan.person_id, "name": people[plan.person_id].display_name},
        "plan": plan,
        "review_due": plan_review_due(plan, today),
        "six_month_goals": [linked[i] for i in plan.six_month_goal_ids if i in linked],
        "twelve_month_goals": [linked[i] for i in plan.twelve_month_goal_ids if i in linked],
        "agreement": target.agreement,
        "agreement_review": agreement_review_message(target.agreement, today),
        "mentor_roles": [
            {"id": m.person_id, "name": people[m.person_id].display_name,
             "roles": m.mentor_roles}
            for m in target.members if m.role == Role.MENTOR
        ],
    })  # fmt: skip


# --------------------------------------------------------------------------------------------
# topics and the competency check-in


@main.group()
def topics() -> None:
    """Reverse-mentoring topics: the catalogue and those pairs added."""


@topics.command("list")
@_JSON
@click.pass_obj
def list_topics(ctx: CliContext, as_json: bool) -> None:
    """List the catalogue (built-in, then your own topics.toml) and pair-added topics."""
    catalogue = load_topics(paths.prompts_dir(), paths.user_prompts_dir())
    if ctx.db_path.exists():
        with ctx.open_as() as repo:
            choices = repo.topic_choices(catalogue)
    else:
        choices = merge_topics(catalogue, [])
    if as_json:
        print_json([{"key": c.topic.key, "title": c.topic.title, "summary": c.topic.summary,
                     "source": c.source} for c in choices])  # fmt: skip
        return
    print_table(
        ["KEY", "SOURCE", "TITLE"], [[c.topic.key, c.source, c.topic.title] for c in choices]
    )


@main.group()
def competencies() -> None:
    """The periodic mentoring-competency check-in."""


@competencies.command("show")
@_MENTORSHIP
@_JSON
@click.pass_obj
def show_competencies(ctx: CliContext, mentorship: str | None, as_json: bool) -> None:
    """Show the questions and, for a mentorship, the answers side by side over time."""
    check = load_competencies(paths.prompts_dir(), paths.user_prompts_dir())
    if check is None:
        raise UserError(
            "There is no competency check-in file (competencies.toml); reinstall "
            "mentor-tui or put one in your config directory."
        )
    target, series, hint = None, [], None
    if mentorship or ctx.db_path.exists():
        with ctx.open_as() as repo:
            try:
                target = repo.resolve_mentorship(mentorship, person_id=_me(repo, ctx))
            except UserError as exc:
                if mentorship:
                    raise
                hint = exc.message
            if target is not None:
                series = repo.competency_series(target.id, check.competencies)
    if as_json:
        print_json({
            "note": check.note,
            "scale": {"min": check.scale_min, "max": check.scale_max,
                      "labels": list(check.scale_labels)},
            "competencies": [
                {"key": c.key, "title": c.title, "mentor_asks": c.mentor_asks,
                 "mentee_asks": c.mentee_asks}
                for c in check.competencies
            ],
            "mentorship": {"id": target.id, "title": target.title} if target else None,
            "series": [
                {"key": s.key, "title": s.title,
                 "points": [{"taken_on": p.taken_on, "mentor_self": p.mentor_self,
                             "mentee_view": p.mentee_view, "mentee_count": p.mentee_count,
                             "gap": p.gap} for p in s.points]}
                for s in series
            ],
        })  # fmt: skip
        return
    echo(check.note)
    low, high = check.scale_min, check.scale_max
    echo(f"\nScale {low}-{high}: {low} {check.label(low)} … {high} {check.label(high)}\n")
    for c in check.competencies:
        echo(f"{c.title}\n  Mentor: {c.mentor_asks}\n  Mentee: {c.mentee_asks}")
    if target is None:
        if hint:
            echo(f"\n(No answers shown: {hint})")
        return
    rows = [
        [s.title, p.taken_on.isoformat(), _score(p.mentor_self), _score(p.mentee_view),
         _score(p.gap)]
        for s in series for p in s.points
    ]  # fmt: skip
    echo(f"\nAnswers for {target.title}:")
    if not rows:
        echo("None yet.")
        return
    print_table(["COMPETENCY", "DATE", "MENTOR (SELF)", "MENTEE VIEW", "GAP"], rows)


def _score(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}" if isinstance(value, float) else str(value)
