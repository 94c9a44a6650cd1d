"""The guided prompts of the current section, as Markdown, with what the section is about."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mentor_tui.core.agendas import ITEM_KINDS
from mentor_tui.core.models import ActionItem, Goal, SectionRun
from mentor_tui.core.reverse import SkillRating
from mentor_tui.tui import fmt

KIND_HINTS = {
    "action-items": "F4 adds an action item.",
    "goals-review": "F5 records progress on a goal.",
    "reverse-mentoring": "The mentee teaches; ctrl+b picks the topic and records the mentor's skill before and after.",
    "reflection": "Take a minute each; switch speaker with F2.",
    "wrap-up": "F4 adds the last action items; F9 ends the session and opens the wrap-up.",
    "notes": "",
}


def prompts_markdown(
    section: SectionRun,
    *,
    items: list[ActionItem] | None = None,
    goals: list[Goal] | None = None,
    names: dict[str, str] | None = None,
    today: date | None = None,
    skills: list[SkillRating] | None = None,
    mentor_notes: Sequence[str] = (),
    resources: Sequence[str] = (),
) -> str:
    """The prompts; for a mentor at the keyboard also the agenda's mentor-only notes and the
    section's list from resources.toml (support contacts, funding schemes). `skills`: in a
    reverse-mentoring session up to the lesson, the topic chosen so far and the mentor's
    skill before and after (an empty list: none chosen yet)."""
    names = names or {}
    lines = [f"- {prompt}" for prompt in section.prompts]
    if skills is not None:
        lines += [skill_line(r) for r in skills] or [
            "- **Topic:** none chosen yet; *ctrl+b picks one from the catalogue*"
        ]
    # One list, so the section's material sits right under its prompts without gaps.
    if section.kind in ITEM_KINDS and items is not None and today is not None:
        if not items:
            lines.append("- **Open items:** none")
        for item in items:
            owner = fmt.first_name(names.get(item.owner_id, "?"))
            due = fmt.due_words(item.due, today)
            due = f"**{due}**" if item.overdue(today) else due
            lines.append(f"- ☐ {item.text} ({owner}, {due})")
    if section.kind == "goals-review" and goals is not None:
        if not goals:
            lines.append("- **Goals:** none open yet; ctrl+p → Add goal")
        for goal in goals:
            owner = fmt.first_name(names.get(goal.owner_id, "?"))
            lines.append(f"- ◎ {goal.title} ({owner}): **{goal.progress}%**")
    hint = KIND_HINTS.get(section.kind, "")
    if hint:
        lines.append(f"- *{hint}*")
    if mentor_notes or resources:
        lines += ["", "**For the mentor only**", ""]
        lines += [f"- {note}" for note in mentor_notes]
        lines += list(resources)
        if resources:
            lines.append("- *ctrl+g: support resources, at any moment*")
    return "\n".join(lines)


def skill_line(rating: SkillRating) -> str:
    before = f"{rating.before} of 5" if rating.before else "not rated"
    after = f"{rating.after} of 5" if rating.after else "not rated yet"
    return f"- **Topic:** {rating.topic_title} · skill before {before}, after {after}"
