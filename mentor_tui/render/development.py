"""The individual development plan as Markdown: for the mentee to keep, print or send.

Takes core dataclasses a caller has loaded; the linked goals come from the goals given, so
the plan shows their live progress rather than a copy typed into the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from mentor_tui.core.goals import goal_overdue, milestone_progress
from mentor_tui.core.idp import DevelopmentPlan, plan_review_due
from mentor_tui.core.models import Goal, GoalStatus, Person
from mentor_tui.render.context import long_date


def _line(text: str) -> str:
    """One line of text: newlines folded, so a value never breaks the Markdown around it."""
    return " ".join(str(text).split())


def _cell(text: str) -> str:
    return _line(text).replace("\\", "\\\\").replace("|", "\\|") or " "


def _dots(score: int | None) -> str:
    if score is None:
        return "not rated"
    return "●" * score + "○" * (5 - score) + f" {score}/5"


def _people(people: Mapping[str, Person] | Iterable[Person]) -> dict[str, Person]:
    if isinstance(people, Mapping):
        return dict(people)
    return {p.id: p for p in people}


def _goal_line(goal: Goal, names: dict[str, Person], today: date | None) -> list[str]:
    mark = "x" if goal.status == GoalStatus.DONE else " "
    owner = names.get(goal.owner_id)
    facts = [goal.category, f"{goal.progress}%", goal.status.value.replace("-", " ")]
    if owner:
        facts.insert(0, owner.display_name)
    if goal.due:
        due = f"due {long_date(goal.due)}"
        if today is not None and goal_overdue(goal, today):
            due += " (overdue)"
        facts.append(due)
    lines = [f"- [{mark}] **{_line(goal.title)}** — {', '.join(facts)}"]
    for label, value in (
        ("Specific", goal.specific),
        ("Measurable", goal.measurable),
        ("Achievable", goal.achievable),
        ("Relevant", goal.relevant),
        ("Time-bound", goal.time_bound),
    ):
        if value.strip():
            lines.append(f"  - {label}: {_line(value)}")
    share = milestone_progress(goal)
    if share is not None:
        lines.append(f"  - Milestones ({share}% done):")
        lines.extend(f"    - [{'x' if m.done else ' '}] {_line(m.text)}" for m in goal.milestones)
    return lines


def development_markdown(
    plan: DevelopmentPlan,
    goals: Iterable[Goal],
    people: Mapping[str, Person] | Iterable[Person],
    *,
    mentorship_title: str | None = None,
    today: date | None = None,
) -> str:
    """The plan in Markdown: self-assessment, career options, and 6- and 12-month goals."""
    names = _people(people)
    by_id = {g.id: g for g in goals}
    mentee = names.get(plan.person_id)
    who = _line(mentee.display_name) if mentee else "the mentee"
    out = [f"# Individual development plan: {who}", ""]
    if mentorship_title:
        out.append(f"Mentorship: {_line(mentorship_title)}  ")
    if plan.reviewed_on:
        reviewed = f"Last reviewed with the mentor on {long_date(plan.reviewed_on)}."
    else:
        reviewed = "Not yet reviewed with the mentor."
    if today is not None and plan_review_due(plan, today):
        reviewed += " A review is due: go through it with the mentor at least once a year."
    out += [reviewed, ""]

    out += ["## Self-assessment", "", "### Skills", ""]
    if plan.skills:
        out += ["| Skill | Rating | Note |", "| --- | --- | --- |"]
        out += [f"| {_cell(s.name)} | {_dots(s.rating)} | {_cell(s.note)} |" for s in plan.skills]
    else:
        out.append("None written down yet.")
    for title, items in (("Interests", plan.interests), ("Values", plan.values)):
        out += ["", f"### {title}", ""]
        out += [f"- {_line(i)}" for i in items] or ["None written down yet."]

    out += ["", "## Career options", ""]
    if plan.career_options:
        out += ["| Option | Fit | Notes |", "| --- | --- | --- |"]
        out += [
            f"| {_cell(o.title)} | {_dots(o.fit)} | {_cell(o.notes)} |" for o in plan.career_options
        ]
    else:
        out.append("None explored yet.")

    for title, ids in (
        ("Goals for the next 6 months", plan.six_month_goal_ids),
        ("Goals for the next 12 months", plan.twelve_month_goal_ids),
    ):
        out += ["", f"## {title}", ""]
        if not ids:
            out.append("No goals linked yet.")
        for goal_id in ids:
            goal = by_id.get(goal_id)
            if goal is None:
                out.append("- A linked goal that is no longer in this mentorship.")
            else:
                out += _goal_line(goal, names, today)
    return "\n".join(out).rstrip() + "\n"
