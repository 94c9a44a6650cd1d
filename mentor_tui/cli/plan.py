"""`mentor-tui plan show`: the mentee's individual development plan (IDP), with its goals,
the agreement and the mentor roles."""

from __future__ import annotations

import click

from mentor_tui.cli import main
from mentor_tui.cli.options import AS_JSON, MENTORSHIP
from mentor_tui.cli.output import echo, print_json
from mentor_tui.core import clock
from mentor_tui.core.agreement import agreement_review_message
from mentor_tui.core.errors import NotFound
from mentor_tui.core.idp import plan_review_due
from mentor_tui.core.models import Role
from mentor_tui.launch import CliContext


@main.group("plan")
def plan_group() -> None:
    """The mentee's individual development plan (IDP)."""


@plan_group.command("show")
@MENTORSHIP
@click.option("--mentee", metavar="NAME", help="Whose plan, in a group mentorship.")
@AS_JSON
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
        target = repo.mentorships.resolve(mentorship, person_id=repo.viewer_id)
        mentee_id = repo.people.find(mentee).id if mentee else None
        plan = repo.idp.get(target.id, mentee_id)
        if plan is None:
            who = repo.people.find(mentee).display_name if mentee else "the mentee"
            raise NotFound(
                f'There is no development plan for {who} in "{target.title}" yet; '
                "write one in the app's Plan screen."
            )
        linked = {g.id: g for g in repo.idp.goals(plan)}
        people = {m.person_id: repo.people.get(m.person_id) for m in target.members}
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
