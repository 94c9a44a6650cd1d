"""The next meeting as an iCalendar invitation (RFC 5545, iTIP RFC 5546), via icalendar.

METHOD:REQUEST with ORGANIZER and ATTENDEEs, so a mail client offers accept/decline. The UID
names "the meeting after this session" (core.meetings.meeting_uid), not its date, so an
invite sent again after the time was changed replaces the first one instead of adding a
second; SEQUENCE counts the changes, as RFC 5546 asks of an update.

DTSTART and DTEND carry the meeting's TZID and the VTIMEZONE for it, so the meeting stays at
its wall-clock time in the organizer's zone across daylight-saving changes, whatever zone
the reader's calendar is in. The VTIMEZONE is written here from the zone's own transitions,
for a window of years around the meeting (see _vtimezone for why not icalendar's).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

import icalendar

from mentor_tui import __version__
from mentor_tui.core.meetings import Meeting, zone_named
from mentor_tui.core.models import Mentorship, Person
from mentor_tui.files import write_private
from mentor_tui.render.context import choose_sender
from mentor_tui.render.email import Recipient

PRODID = f"-//mentor-tui//mentor-tui {__version__}//EN"
# Years of daylight-saving rules written after the meeting: a repeating series keeps
# the right offsets this long; calendars then keep the last rule they were told.
_ZONE_YEARS_AHEAD = 10


def _cal_address(person: Recipient, **params: str) -> icalendar.vCalAddress:
    value = icalendar.vCalAddress(f"mailto:{person.email.strip()}")
    value.params["CN"] = person.name
    for key, param in params.items():
        value.params[key.replace("_", "-").upper()] = param
    return value


def _transitions(zone: tzinfo, start: datetime, end: datetime) -> list[datetime]:
    """The UTC instants in [start, end) at which `zone`'s offset changes (to the second)."""
    found = []
    step = timedelta(days=1)
    here = start
    offset = here.astimezone(zone).utcoffset()
    while here < end:
        there = here + step
        later = there.astimezone(zone).utcoffset()
        if later != offset:
            low, high = here, there  # the change lies in (low, high]
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            found.append(high.replace(microsecond=0))
            offset = later
        here = there
    return found


def _vtimezone(meeting: Meeting) -> icalendar.Timezone:
    """The zone's rules around the meeting, each onset written as RFC 5545 asks: the local
    time before the change (in TZOFFSETFROM). icalendar's own generator writes spring
    onsets in the new offset (03:00 for Berlin's 02:00) and, from its default 1970 start,
    vobject reads a Berlin summer meeting an hour off."""
    zone = zone_named(meeting.zone)
    year = meeting.start.year
    start = datetime(max(1, year - 1), 1, 1, tzinfo=UTC)
    end = datetime(min(9998, year + _ZONE_YEARS_AHEAD), 1, 1, tzinfo=UTC)
    vtimezone = icalendar.Timezone()
    vtimezone.add("tzid", meeting.zone)

    def offset(moment: datetime) -> timedelta:
        found = moment.astimezone(zone).utcoffset()
        assert found is not None  # an aware time in a named zone always has one
        return found

    def observance(
        moment: datetime, before: timedelta, after: timedelta
    ) -> icalendar.TimezoneDaylight | icalendar.TimezoneStandard:
        local = moment.astimezone(zone)
        kind = icalendar.TimezoneDaylight if local.dst() else icalendar.TimezoneStandard
        part = kind()
        part.add("dtstart", (moment + before).replace(tzinfo=None))
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        if local.tzname():
            part.add("tzname", local.tzname())
        return part

    first = offset(start)
    vtimezone.add_component(observance(start, first, first))
    # Transitions alike in offsets, name and daylight saving share one observance.
    groups: dict[tuple[timedelta, timedelta, str | None, bool], list[datetime]] = {}
    previous = first
    for moment in _transitions(zone, start, end):
        after = offset(moment)
        local = moment.astimezone(zone)
        key = (previous, after, local.tzname(), bool(local.dst()))
        groups.setdefault(key, []).append(moment)
        previous = after
    for (before, after, _name, _dst), moments in groups.items():
        part = observance(moments[0], before, after)
        for moment in moments[1:]:
            part.add("rdate", (moment + before).replace(tzinfo=None))
        vtimezone.add_component(part)
    return vtimezone


def meeting_calendar(
    meeting: Meeting,
    *,
    title: str,
    organizer: Recipient | None,
    attendees: Sequence[Recipient],
    description: str = "",
    stamp: datetime | None = None,
) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "REQUEST")
    event = icalendar.Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", (stamp or datetime.now(UTC)).astimezone(UTC))
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.end)
    if meeting.rrule:
        event.add("rrule", icalendar.vRecur.from_ical(meeting.rrule))
    event.add("summary", title)
    if meeting.place:
        event.add("location", meeting.place)
        if meeting.place.startswith(("https://", "http://")):
            event.add("url", meeting.place)
    if description:
        event.add("description", description)
    if organizer is not None and organizer.email:
        event.add("organizer", _cal_address(organizer))
    for person in attendees:
        if person.email:
            event.add(
                "attendee",
                _cal_address(person, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="TRUE"),
            )
    event.add("status", "CONFIRMED")
    if meeting.zone not in ("UTC", "Etc/UTC"):
        cal.add_component(_vtimezone(meeting))
    cal.add_component(event)
    return cal


def write_ics(cal: icalendar.Calendar, path: str | os.PathLike[str]) -> Path:
    return write_private(path, cal.to_ical(), what="invite")


def invitation(
    meeting: Meeting,
    mentorship: Mentorship,
    people: Mapping[str, Person],
    organizer_id: str | None,
    *,
    stamp: datetime | None = None,
    prepare: Sequence[str] = (),
) -> tuple[icalendar.Calendar, list[str]]:
    """The pair's invite: the organizer (chosen as the follow-up's sender) and the other
    members as attendees, and what to bring. Also returns the names left off for want of an
    email address."""
    organizer_id = choose_sender(mentorship, dict(people), organizer_id)
    organizer = people.get(organizer_id) if organizer_id else None
    others = [p for pid, p in people.items() if pid != organizer_id]
    names = " and ".join(p.display_name for p in people.values())
    then = f", then {meeting.cadence}" if meeting.cadence else ""
    where = f"\nWhere: {meeting.place}" if meeting.place else ""
    cal = meeting_calendar(
        meeting,
        title=f"Mentoring: {mentorship.title}",
        organizer=Recipient(organizer.display_name, organizer.email or "") if organizer else None,
        attendees=[Recipient(p.display_name, p.email or "") for p in others],
        description=f"Mentoring session of {names}{then}.{where}{_to_bring(prepare)}"
        "\nPlanned with mentor-tui.",
        stamp=stamp,
    )
    return cal, [p.display_name for p in people.values() if not p.email]


def _to_bring(prepare: Sequence[str]) -> str:
    if not prepare:
        return ""
    return "\n\nTo bring or think about:\n" + "\n".join(f"- {line}" for line in prepare)


def invite_file_name(meeting: Meeting) -> str:
    return f"mentoring-{meeting.start.date().isoformat()}.ics"
