"""When a pair meets next: the one rule that Home, the wrap-up, the email, the invite and the
CLI all ask (docs/architecture.md, "Where to add things").

The answer is, in order:

1. What the pair chose in the wrap-up (a `MeetingPlan`), while it is still ahead and no
   session has been held since it was chosen.
2. Otherwise the rhythm (the mentorship's cadence), anchored on the mentorship's start date
   so "every 2 weeks" keeps its weeks, at the usual time of day: the time the pair chose last
   time, else a time written in the agreement ("Tuesdays at 17:30"), else 17:00.

A meeting just held stands for the rhythm's date nearest to it, so the proposal is the
rhythm's date after that one: a monthly pair that met on 30 November for their 3 December
meeting is offered 3 January, not 3 December. Nothing is ever proposed before `now`.

Meetings keep their wall-clock time in their time zone across daylight-saving changes. A
rhythm begun on the 29th to 31st falls on the last day of shorter months (Cadence.rule_for),
and the .ics carries that same expanded rule, so calendar and app agree.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mentor_tui.core.dates import Cadence, cadence_from_rrule, parse_cadence
from mentor_tui.core.errors import DateError, UserError
from mentor_tui.core.models import Mentorship

__all__ = [
    "DEFAULT_MINUTES",
    "DEFAULT_TIME",
    "Meeting",
    "MeetingPlan",
    "cadence_of",
    "edited",
    "local_zone_name",
    "meeting_minutes",
    "meeting_uid",
    "next_meeting",
    "parse_time",
    "usual_time",
    "zone_named",
]

DEFAULT_TIME = time(17, 0)
DEFAULT_MINUTES = 45
MIN_MINUTES, MAX_MINUTES = 5, 480
_UID_NAMESPACE = uuid.UUID("5b0c4d2e-8f0a-4a57-9a43-6d3c1f1c2b7e")


@dataclass(frozen=True)
class MeetingPlan:
    """The next meeting as the pair set it in the wrap-up (stored per mentorship).

    `after` is the start of the session it was planned in: once a later session has been
    held, the plan is spent, but its time of day, length and place stay the usual ones.
    `sequence` counts the changes, so a calendar replaces the invite it had (RFC 5546).
    """

    start: datetime  # aware
    minutes: int
    zone: str
    place: str = ""
    after: datetime | None = None
    sequence: int = 0


@dataclass(frozen=True)
class Meeting:
    """One proposed or chosen meeting: an aware start in `zone`, a length and a place."""

    start: datetime
    minutes: int
    zone: str
    place: str = ""
    cadence: str = ""  # the rhythm in words, "" without one
    rrule: str = ""  # the rhythm expanded from its anchor (for the .ics), "" when chosen off it
    mentorship_id: str = ""
    after: datetime | None = None  # the start of the session it follows; None: the first
    sequence: int = 0
    chosen: bool = False  # set by the pair, not only proposed

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)

    @property
    def uid(self) -> str:
        """Stable for the meeting after a given session, so a re-sent invite updates it.
        Worked out when a calendar asks: Home, which shows every pair's next meeting, has
        no use for it (uuid5 imports hashlib)."""
        return meeting_uid(self.mentorship_id, self.after)


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone of that name, or one sentence saying it is not known."""
    try:
        if not name or name != name.strip():
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise UserError(
            f'"{name}" is not a time zone this system knows; use a name such as Europe/Berlin '
            "or America/New_York."
        ) from None


def _zone_names() -> Iterator[str | None]:
    """Where this process's zone may be named, cheapest first; tzlocal's search (which
    loads tzdata when it misses, a few ms before Home's first frame) only if the others
    name none."""
    import os

    # $TZ is read here rather than through tzlocal, which caches the first answer for the
    # life of the process.
    yield os.environ.get("TZ", "").lstrip(":")
    yield _localtime_link_name()
    try:
        import tzlocal

        yield tzlocal.get_localzone_name()
    except Exception:  # noqa: BLE001 - tzlocal raises its own errors for broken setups
        yield None


def local_zone_name() -> str:
    """The IANA name of this process's zone ($TZ first), else UTC.

    Under `serve` the app runs with the SSH client's TZ when the client sends one.
    """
    for name in _zone_names():
        if name:
            try:
                zone_named(name)
                return name
            except UserError:
                pass
    return "UTC"


def _localtime_link_name() -> str | None:
    """The zone /etc/localtime links to, as localtime(5) describes it ("Europe/Berlin" in
    /usr/share/zoneinfo/Europe/Berlin); None when it is not such a link.

    Most Linux and macOS systems answer here. tzlocal, for the rest, also tries each tail of
    that path as a zone name, and each miss looks for the tzdata package: about 4 ms of
    Home's first frame (docs/performance.md, "Start-up").
    """
    import os

    target = os.path.realpath("/etc/localtime")
    _, found, name = target.partition("/zoneinfo/")
    return name if found and name else None


def parse_time(text: str) -> time:
    """A time of day typed as 17:30, 9.05 or 17h30."""
    match = re.fullmatch(r"\s*(\d{1,2})[:h.](\d{2})\s*", text or "", re.A)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise UserError(f'"{text}" is not a time of day; write it as HH:MM, for example 17:30.')
    return time(int(match.group(1)), int(match.group(2)))


def meeting_minutes(mentorship: Mentorship, fallback: int | None = None) -> int:
    """From the agreement's meeting length ("45 minutes", "1 hour"), else `fallback`, else 45."""
    text = (mentorship.agreement.meeting_length if mentorship.agreement else "") or ""
    hours = re.search(r"(\d+(?:[.,]\d+)?)\s*(?:h|hour|hours|hr|hrs)\b", text, re.I | re.A)
    minutes = re.search(r"(\d+)\s*(?:m|min|mins|minute|minutes)\b", text, re.I | re.A)
    total = 0.0
    if hours:
        total += float(hours.group(1).replace(",", ".")) * 60
    if minutes:
        total += int(minutes.group(1))
    if MIN_MINUTES <= total <= MAX_MINUTES:
        return int(total)
    if fallback and MIN_MINUTES <= fallback <= MAX_MINUTES:
        return fallback
    return DEFAULT_MINUTES


def usual_time(mentorship: Mentorship, plan: MeetingPlan | None = None) -> time:
    """The time of day the pair meets: as chosen last time, else as the agreement says."""
    if plan is not None:
        return plan.start.astimezone(zone_named(plan.zone)).time().replace(second=0, microsecond=0)
    agreed = mentorship.agreement.meeting_frequency if mentorship.agreement else ""
    match = re.search(r"\b([01]?\d|2[0-3])[:h.]([0-5]\d)\b", agreed or "", re.A)
    if match:
        return time(int(match.group(1)), int(match.group(2)))
    return DEFAULT_TIME


def cadence_of(mentorship: Mentorship) -> Cadence | None:
    """The mentorship's rhythm, None without one; DateError for a stored rule that is broken."""
    if mentorship.rrule.strip():
        return cadence_from_rrule(mentorship.rrule, mentorship.cadence)
    if mentorship.cadence.strip():
        return parse_cadence(mentorship.cadence)
    return None


def meeting_uid(mentorship_id: str, after: datetime | None) -> str:
    """One UID per 'meeting after this session', whatever date and time it is moved to."""
    key = f"{mentorship_id}/{after.astimezone(UTC).isoformat() if after else 'first'}"
    return f"{uuid.uuid5(_UID_NAMESPACE, key)}@mentor-tui"


def _real_instant(moment: datetime, tz: ZoneInfo) -> datetime:
    # A wall-clock time skipped by a spring-forward change (02:30) becomes the instant it
    # names, so every reader (screen, email, calendar) shows the same one.
    return moment.astimezone(UTC).astimezone(tz)


def _plan_is_current(plan: MeetingPlan, now: datetime, last_met: datetime | None) -> bool:
    if plan.start <= now:
        return False
    if last_met is None:
        return True
    return plan.after is not None and last_met <= plan.after


def _consumed(cadence: Cadence, anchor: datetime, last_met: datetime, tz: ZoneInfo) -> datetime:
    """The rhythm's date the meeting just held stands for: the nearest one, later on a tie."""
    from dateutil.rrule import rrulestr

    rule = rrulestr(cadence.rule_for(anchor), dtstart=anchor)
    held = last_met.astimezone(tz)
    before = rule.before(held, inc=True)
    after = rule.after(held, inc=False)
    if before is None:
        return after or held
    if after is None:
        return before
    day = held.date()
    return before if (day - before.date()).days < (after.date() - day).days else after


def next_meeting(
    mentorship: Mentorship,
    *,
    now: datetime,
    zone: str,
    last_met: datetime | None = None,
    plan: MeetingPlan | None = None,
) -> Meeting | None:
    """When the pair meets next (see the module docstring), or None without a rhythm or plan.

    `now` and `last_met` (the start of the last session held) are aware instants; `zone` is
    the IANA zone to propose in when no plan names one (the person's own). A stored rhythm
    this app cannot read gives None here; `cadence_of` says why.
    """
    if now.tzinfo is None or (last_met is not None and last_met.tzinfo is None):
        raise ValueError("next_meeting needs aware datetimes")
    if plan is not None and _plan_is_current(plan, now, last_met):
        tz = zone_named(plan.zone)
        try:
            cadence = cadence_of(mentorship)
        except DateError:
            cadence = None
        return Meeting(
            start=_real_instant(plan.start, tz),
            minutes=plan.minutes,
            zone=plan.zone,
            place=plan.place,
            cadence=cadence.words if cadence else "",
            mentorship_id=mentorship.id,
            after=plan.after,
            sequence=plan.sequence,
            chosen=True,
        )
    try:
        cadence = cadence_of(mentorship)
    except DateError:
        return None
    if cadence is None:
        return None
    meeting_zone = plan.zone if plan is not None else zone
    tz = zone_named(meeting_zone)
    at = usual_time(mentorship, plan)
    first_day = mentorship.start_date or (last_met or now).astimezone(tz).date()
    anchor = datetime.combine(first_day, at, tzinfo=tz)
    floor = now.astimezone(tz)
    if last_met is not None:
        held = last_met.astimezone(tz)
        end_of_day = datetime.combine(held.date(), time.max, tzinfo=tz)
        floor = max(floor, end_of_day, _consumed(cadence, anchor, held, tz))
    found = cadence.next_occurrences(floor, count=1, start=anchor)
    if not found:
        return None
    return Meeting(
        start=_real_instant(found[0], tz),
        minutes=plan.minutes if plan is not None else meeting_minutes(mentorship),
        zone=meeting_zone,
        place=plan.place if plan is not None else "",
        cadence=cadence.words,
        rrule=cadence.rule_for(anchor),
        mentorship_id=mentorship.id,
        after=last_met,
        sequence=0,
    )


def edited(meeting: Meeting, *, start: datetime, minutes: int, place: str) -> Meeting:
    """The meeting as the pair edited it; off the rhythm it stops carrying the series."""
    return replace(
        meeting,
        start=start,
        minutes=minutes,
        place=place,
        rrule=meeting.rrule if start.date() == meeting.start.date() else "",
        chosen=True,
    )
