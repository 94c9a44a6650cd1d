"""A session summary in Markdown: readable as plain text, and when pasted into anything.

Shared notes only: the summary is made to be passed around, so private notes never appear
in it (the record holds none, and `build_context` drops any all the same).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from mentor_tui.core.meetings import Meeting, local_zone_name
from mentor_tui.core.records import SessionRecord
from mentor_tui.render.context import build_context


def _indent(body: str, prefix: str = "  ") -> str:
    lines = body.splitlines() or [""]
    return "\n".join([lines[0], *[(prefix + line) if line.strip() else "" for line in lines[1:]]])


def _names(people: list[dict[str, Any]]) -> str:
    return ", ".join(p["name"] for p in people) or "nobody"


def _due(item: dict[str, Any]) -> str:
    if not item["due"]:
        return ""
    late = " (overdue)" if item["overdue"] and not item["done"] else ""
    return f" — due {item['due_long']}{late}"


def markdown_from_context(ctx: dict[str, Any]) -> str:
    s, m = ctx["session"], ctx["mentorship"]
    out: list[str] = [f"# Session summary: {m['title']}", ""]
    when = f"**{s['date_long']}**"
    if s["start_time"]:
        when += f", {s['start_time']}"
        if s["end_time"]:
            when += f"–{s['end_time']}"
    length = f"{s['minutes']} min" if s["minutes"] else "not finished"
    out.append(f"{when} ({length}, {s['planned_minutes']} planned) · {s['agenda']} · {s['mode']}")
    out.append("")
    out.append(f"- **Mentor:** {_names(ctx['mentors'])}")
    out.append(f"- **Mentee:** {_names(ctx['mentees'])}")
    out.append("")

    out += ["## Notes", ""]
    if ctx["notes_by_section"]:
        for section in ctx["notes_by_section"]:
            out += [f"### {section['title']}", ""]
            for note in section["notes"]:
                out.append(f"- **{note['author']}:** {_indent(note['body'])}")
            out.append("")
    else:
        out += ["No shared notes.", ""]

    out += ["## Action items", ""]
    if ctx["actions_by_owner"]:
        for group in ctx["actions_by_owner"]:
            out += [f"### {group['owner']['name']}", ""]
            for item in group["items"]:
                box = "x" if item["done"] else " "
                carried = " _(from an earlier session)_" if item["carried"] else ""
                out.append(f"- [{box}] {_indent(item['text'], '      ')}{_due(item)}{carried}")
            out.append("")
    else:
        out += ["No action items.", ""]

    if ctx["goals_moved"] or ctx["goals_new"]:
        out += ["## Goals", ""]
        for goal in ctx["goals_moved"]:
            line = (
                f"- **{goal['title']}** ({goal['owner']}): "
                f"{goal['from_progress']}% → {goal['to_progress']}%"
            )
            if goal["comment"]:
                line += f" — {_indent(goal['comment'])}"
            out.append(line)
        for goal in ctx["goals_new"]:
            due = f", due {goal['due_long']}" if goal["due"] else ""
            out.append(f"- New: **{goal['title']}** ({goal['owner']}{due})")
        out.append("")

    if ctx["skills"]:
        out += ["## Reverse mentoring", ""]
        for skill in ctx["skills"]:
            before = skill["before"] if skill["before"] is not None else "?"
            after = skill["after"] if skill["after"] is not None else "?"
            out.append(f"- **{skill['topic']}** ({skill['person']}): skill {before} → {after} of 5")
        out.append("")

    meeting = ctx["next_meeting"]
    if meeting:
        out += ["## Next meeting", ""]
        cadence = f" — {meeting['cadence']}" if meeting["cadence"] else ""
        out += [f"{meeting['date_long']}, {meeting['time']} ({meeting['zone']}){cadence}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def session_markdown(
    record: SessionRecord,
    *,
    tz: tzinfo | None = None,
    today: date | None = None,
    next_meeting: Meeting | None = None,
) -> str:
    """The summary `mentor-tui sessions show --markdown` prints.

    Load `record` with `repo.records.session(session_id)`.
    """
    zone = tz or ZoneInfo(local_zone_name())
    return markdown_from_context(
        build_context(
            record,
            tz=zone,
            today=today or datetime.now(zone).date(),
            next_meeting=next_meeting,
        )
    )
