"""The reminder emails `mentor-tui remind` sends: before a meeting, and for overdue items.

Plain text from already-loaded values, like the follow-up. A reminder never carries notes,
shared or private: only the meeting, the talking points the pair added for it, the agenda's
`prepare` list and action items, which both members see anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from mentor_tui.core.models import ActionItem
from mentor_tui.render.context import first_name, long_date


class MeetingLike(Protocol):
    """What a reminder needs of the next meeting (core.meetings.Meeting): read only, as the
    frozen Meeting has it."""

    @property
    def start(self) -> datetime: ...
    @property
    def minutes(self) -> int: ...
    @property
    def zone(self) -> str: ...


@dataclass(frozen=True)
class ReminderText:
    subject: str
    body: str


def _names(people: Sequence[str]) -> str:
    firsts = [first_name(p) for p in people]
    if len(firsts) <= 1:
        return "".join(firsts)
    return ", ".join(firsts[:-1]) + " and " + firsts[-1]


def _bullets(lines: Sequence[str]) -> list[str]:
    return [f"- {' '.join(line.split())}" for line in lines]


def _item(item: ActionItem, owner: str | None, on: date) -> str:
    due = ""
    if item.due:
        due = f" (due {long_date(item.due)}{', overdue' if item.overdue(on) else ''})"
    who = f"{owner}: " if owner else ""
    return f"{who}{item.text}{due}"


def meeting_reminder(
    *,
    title: str,
    meeting: MeetingLike,
    people: Sequence[str],
    talking_points: Sequence[str],
    prepare: Sequence[str],
    open_items: Sequence[tuple[ActionItem, str]],
    today: date,
) -> ReminderText:
    start = meeting.start
    when = f"{long_date(start.date())} at {start:%H:%M} ({meeting.zone})"
    place = getattr(meeting, "place", "")
    where = f", {' '.join(place.split())}" if place else ""
    lines = [
        f"Hello {_names(people)},",
        "",
        f"Your next mentoring meeting ({title}) is on {when}{where}, for {meeting.minutes} "
        "minutes.",
        "",
        "Talking points so far:",
        *(_bullets(talking_points) or ["- none yet"]),
    ]
    if prepare:
        lines += ["", "To prepare:", *_bullets(prepare)]
    if open_items:
        lines += [
            "",
            "Open action items:",
            *_bullets([_item(item, owner, today) for item, owner in open_items]),
        ]
    lines += ["", "-- ", "Sent by mentor-tui before each meeting."]
    return ReminderText(
        subject=f"Reminder: mentoring on {long_date(start.date())}, {start:%H:%M}",
        body="\n".join(lines) + "\n",
    )


def overdue_reminder(
    *, title: str, owner: str, partners: Sequence[str], items: Sequence[ActionItem], today: date
) -> ReminderText:
    with_whom = f" with {_names(partners)}" if partners else ""
    count = "An action item" if len(items) == 1 else f"{len(items)} action items"
    lines = [
        f"Hello {first_name(owner)},",
        "",
        f"{count} from your mentoring{with_whom} ({title}) "
        f"{'is' if len(items) == 1 else 'are'} past the due date:",
        *_bullets([_item(item, None, today) for item in items]),
        "",
        f"Tick {'it' if len(items) == 1 else 'them'} off in mentor-tui when done, or bring "
        f"{'it' if len(items) == 1 else 'them'} to the next meeting.",
        "",
        "-- ",
        "Sent by mentor-tui once a week while items are overdue.",
    ]
    return ReminderText(subject=f"Overdue action items: {title}", body="\n".join(lines) + "\n")
