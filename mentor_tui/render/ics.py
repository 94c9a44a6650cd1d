"""The next meeting as an iCalendar file (RFC 5545), written with the icalendar package.

One VEVENT: UID (stable for a mentorship and a start, so importing the file twice updates
the same event instead of adding a second), DTSTAMP, DTSTART and DTEND with a TZID and the
matching VTIMEZONE, the mentorship's RRULE, the organizer and the attendees as mailto: URIs.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import icalendar

from mentor_tui import __version__
from mentor_tui.core.errors import UserError
from mentor_tui.render.email import Recipient
from mentor_tui.render.files import write_private
from mentor_tui.render.schedule import NextMeeting

PRODID = f"-//mentor-tui//mentor-tui {__version__}//EN"
_UID_NAMESPACE = uuid.UUID("5b0c4d2e-8f0a-4a57-9a43-6d3c1f1c2b7e")


def event_uid(mentorship_id: str, meeting: NextMeeting) -> str:
    key = f"{mentorship_id}/{meeting.start.isoformat()}/{meeting.zone}"
    return f"{uuid.uuid5(_UID_NAMESPACE, key)}@mentor-tui"


def _cal_address(person: Recipient, **params: str) -> icalendar.vCalAddress:
    value = icalendar.vCalAddress(f"mailto:{person.email.strip()}")
    value.params["CN"] = person.name
    for key, param in params.items():
        value.params[key.replace("_", "-").upper()] = param
    return value


def meeting_calendar(
    meeting: NextMeeting,
    *,
    mentorship_id: str,
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
    event = icalendar.Event()
    event.add("uid", event_uid(mentorship_id, meeting))
    event.add("dtstamp", (stamp or datetime.now(UTC)).astimezone(UTC))
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.end)
    if meeting.rrule:
        try:
            event.add("rrule", icalendar.vRecur.from_ical(meeting.rrule))
        except ValueError:
            raise UserError(
                f"The mentorship's cadence ({meeting.rrule}) is not a valid RRULE; set it again."
            ) from None
    event.add("summary", title)
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
    event.add("sequence", 0)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal


def write_ics(cal: icalendar.Calendar, path: str | os.PathLike) -> Path:
    return write_private(path, cal.to_ical())
