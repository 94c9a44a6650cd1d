"""Small formatting helpers shared by screens: durations, dates, names, other people's text."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, TypeAlias

from textual.content import Content

from mentor_tui.core.clock import parse_iso
from mentor_tui.core.durations import duration
from mentor_tui.core.text import printable

if TYPE_CHECKING:
    from mentor_tui.core.meetings import Meeting

# A piece of Content.assemble: plain text, Content, or (text, style).
Piece: TypeAlias = str | Content | tuple[str, str]

# Names and note bodies are other people's text: `printable` before they are drawn (see
# mentor_tui/core/text.py); Content and Markdown escaping of markup is a separate matter.
__all__ = ["duration", "printable"]


def day(value: date) -> str:
    """Tue 6 May 2025."""
    return f"{value:%a} {value.day} {value:%b %Y}"


def short_day(value: date, today: date | None = None) -> str:
    """Tue 6 May, with the year only when it is not this year."""
    if today is not None and value.year == today.year:
        return f"{value:%a} {value.day} {value:%b}"
    return day(value)


def meeting_when(meeting: Meeting, today: date | None = None, zone: str | None = None) -> str:
    """Tue 6 May · 17:30 in the reader's zone (else this process's: under `serve`, the
    client's), with the meeting's own zone named when the clocks differ."""
    from zoneinfo import ZoneInfo

    local = meeting.start.astimezone(ZoneInfo(zone) if zone else None)
    text = f"{short_day(local.date(), today)} · {local:%H:%M}"
    if local.utcoffset() != meeting.start.utcoffset():
        text += f" ({meeting.start:%H:%M} {meeting.zone})"
    return text


def local_date(instant: str | None) -> date | None:
    if not instant:
        return None
    return parse_iso(instant).astimezone().date()


def local_time(instant: str | None) -> str:
    if not instant:
        return ""
    return f"{parse_iso(instant).astimezone():%H:%M}"


def iso_at(moment: datetime) -> str:
    from mentor_tui.core.clock import iso

    return iso(moment)


def due_words(due: date | None, today: date) -> str:
    """How a due date reads next to an item: "due Fri 16 May", "3 days overdue"."""
    if due is None:
        return "no due date"
    from mentor_tui.core.dates import describe_due

    words = describe_due(due, today)
    return words if words.startswith("overdue") else f"due {words}"


def read_back(value: date, today: date) -> str:
    """A typed date read back: "→ Fri 16 May 2025 (in 3 days)"; a date far enough off that
    the words would only repeat it is given once: "→ Sun 30 May 2027"."""
    from mentor_tui.core.dates import describe_due

    words = describe_due(value, today)
    if words[:3] in {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}:
        return f"→ {day(value)}"
    return f"→ {day(value)} ({words})"


TITLES = {"dr", "prof", "mr", "ms", "mrs", "mx"}


def first_name(name: str) -> str:
    """The name people call each other by: "Dr Amara Okafor" is Amara."""
    words = [w for w in name.split() if w.rstrip(".").lower() not in TITLES]
    return words[0] if words else name
