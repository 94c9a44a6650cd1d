"""The next meeting, proposed from the mentorship's cadence (an RFC 5545 RRULE).

The series is anchored on the mentorship's start date (or the session's date when there is
none) so "every 2 weeks" keeps its rhythm, at a wall-clock time in a named time zone.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr

from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Mentorship

DEFAULT_TIME = time(17, 0)
DEFAULT_MINUTES = 45


@dataclass(frozen=True)
class NextMeeting:
    start: datetime  # aware, in `zone`
    minutes: int
    zone: str  # IANA name, e.g. "Europe/Paris"
    rrule: str  # the series it belongs to
    cadence: str  # the words for it

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


def zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(
            f'"{name}" is not a time zone this system knows; use a name such as Europe/Paris '
            "or America/New_York."
        ) from None


def local_zone_name() -> str:
    """The IANA name of the local time zone: $TZ, /etc/localtime, /etc/timezone, else UTC."""
    env = os.environ.get("TZ", "").lstrip(":")
    if env:
        try:
            ZoneInfo(env)
            return env
        except (ZoneInfoNotFoundError, ValueError):
            pass
    with_zoneinfo = re.compile(r".*/zoneinfo/(.+)$")
    try:
        match = with_zoneinfo.match(os.path.realpath("/etc/localtime"))
        if match:
            ZoneInfo(match.group(1))
            return match.group(1)
    except (OSError, ZoneInfoNotFoundError, ValueError):
        pass
    try:
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        if name:
            ZoneInfo(name)
            return name
    except (OSError, ZoneInfoNotFoundError, ValueError):
        pass
    return "UTC"


def parse_time(text: str) -> time:
    match = re.fullmatch(r"\s*(\d{1,2})[:h.](\d{2})\s*", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise UserError(f'"{text}" is not a time of day; write it as HH:MM, for example 17:30.')
    return time(int(match.group(1)), int(match.group(2)))


def round_to_quarter(moment: time) -> time:
    minutes = moment.hour * 60 + moment.minute
    minutes = min(23 * 60 + 45, int(round(minutes / 15.0)) * 15)
    return time(minutes // 60, minutes % 60)


def rrule_of(mentorship: Mentorship) -> str:
    """The mentorship's RRULE; read from its cadence words when only those were saved."""
    if mentorship.rrule.strip():
        return mentorship.rrule.strip()
    if mentorship.cadence.strip():
        try:
            from mentor_tui.core.dates import parse_cadence  # being written alongside
        except ImportError:
            return ""
        return parse_cadence(mentorship.cadence).rrule
    return ""


def meeting_minutes(mentorship: Mentorship, fallback: int | None = None) -> int:
    """From the agreement's meeting length ("45 minutes", "1 hour"), else the agenda's length."""
    text = (mentorship.agreement.meeting_length if mentorship.agreement else "") or ""
    hours = re.search(r"(\d+(?:[.,]\d+)?)\s*(?:h|hour|hours|hr|hrs)\b", text, re.I)
    minutes = re.search(r"(\d+)\s*(?:m|min|mins|minute|minutes)\b", text, re.I)
    total = 0.0
    if hours:
        total += float(hours.group(1).replace(",", ".")) * 60
    if minutes:
        total += int(minutes.group(1))
    if 5 <= total <= 480:
        return int(total)
    if fallback and 5 <= fallback <= 480:
        return fallback
    return DEFAULT_MINUTES


def next_meeting(
    mentorship: Mentorship,
    *,
    after: datetime,
    at: time,
    zone: str,
    minutes: int,
    anchor: date | None = None,
) -> NextMeeting | None:
    """The first meeting of the cadence strictly after `after`, or None without a cadence."""
    rule_text = rrule_of(mentorship)
    if not rule_text:
        return None
    tz: tzinfo = zone_named(zone)
    first_day = mentorship.start_date or anchor or after.astimezone(tz).date()
    dtstart = datetime.combine(first_day, at, tzinfo=tz)
    body = rule_text.removeprefix("RRULE:")
    try:
        rule = rrulestr(body, dtstart=dtstart, forceset=False, ignoretz=False)
        found = rule.after(after.astimezone(tz), inc=False)
    except (ValueError, TypeError) as exc:
        raise UserError(
            f"The mentorship's cadence ({rule_text}) cannot be expanded: {exc}; set it again."
        ) from None
    if found is None:
        return None
    return NextMeeting(
        start=found.astimezone(tz),
        minutes=minutes,
        zone=zone,
        rrule=body,
        cadence=mentorship.cadence,
    )


def propose_next_meeting(
    mentorship: Mentorship,
    *,
    now: datetime,
    zone: str,
    last_start: datetime | None = None,
    at: time | None = None,
    minutes: int | None = None,
    planned_minutes: int | None = None,
) -> NextMeeting | None:
    """The next meeting after `now` and after the day of the last session, from the cadence.

    Unless `at` is given it keeps the time of day the last session started (to the nearest
    quarter hour), so a pair who meets at five keeps meeting at five.
    """
    tz = zone_named(zone)
    after = now.astimezone(tz)
    if last_start is not None:
        local = last_start.astimezone(tz)
        end_of_day = datetime.combine(local.date(), time(23, 59, 59), tzinfo=tz)
        after = max(after, end_of_day)
        at = at or round_to_quarter(local.time())
    return next_meeting(
        mentorship,
        after=after,
        at=at or DEFAULT_TIME,
        zone=zone,
        minutes=minutes or meeting_minutes(mentorship, planned_minutes),
        anchor=last_start.astimezone(tz).date() if last_start else None,
    )
