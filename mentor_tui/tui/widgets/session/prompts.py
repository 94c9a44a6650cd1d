"""The guided prompts of the current section, as Markdown, with what the section is about."""

from __future__ import annotations

from datetime import date

from mentor_tui.core.models import ActionItem, Goal, SectionRun
from mentor_tui.tui import fmt

KIND_HINTS = {
    "action-items": "F4 adds an action item.",
    "goals-review": "F5 records progress on a goal.",
    "reverse-mentoring": "The mentee teaches; ctrl+p → Skill rating records the mentor's skill before and after.",
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
) -> str:
    names = names or {}
    lines = [f"- {prompt}" for prompt in section.prompts]
    if section.kind == "action-items" and items is not None and today is not None:
        lines += ["", "**Open action items**", ""]
        if not items:
            lines.append("- none open")
        for item in items:
            owner = names.get(item.owner_id, "?")
            flag = " **(overdue)**" if item.overdue(today) else ""
            lines.append(f"- {item.text}: {owner}, {fmt.due_words(item.due, today)}{flag}")
    if section.kind == "goals-review" and goals is not None:
        lines += ["", "**Goals**", ""]
        if not goals:
            lines.append("- no open goals yet: add one with ctrl+p → Add goal")
        for goal in goals:
            owner = names.get(goal.owner_id, "?")
            lines.append(f"- {goal.title} ({owner}): {goal.progress}%")
    hint = KIND_HINTS.get(section.kind, "")
    if hint:
        lines += ["", f"*{hint}*"]
    return "\n".join(lines)
