"""The next meeting as .ics: parsed back with icalendar and expanded with dateutil."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr

from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Agreement, Mentorship
from mentor_tui.render.email import Recipient
from mentor_tui.render.ics import meeting_calendar, write_ics
from mentor_tui.render.schedule import (
    local_zone_name,
    meeting_minutes,
    parse_time,
    propose_next_meeting,
    round_to_quarter,
)

PARIS = ZoneInfo("Europe/Paris")


def fortnightly(**kw) -> Mentorship:
    return Mentorship(
        "Zoë & Łukasz",
        cadence="every 2 weeks on Tuesday",
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        start_date=date(2026, 1, 6),
        **kw,
    )


def test_next_meeting_keeps_the_rhythm_and_the_wall_clock_time():
    meeting = propose_next_meeting(
        fortnightly(),
        now=datetime(2026, 3, 20, 9, tzinfo=UTC),
        zone="Europe/Paris",
        last_start=datetime(2026, 3, 17, 16, 32, tzinfo=UTC),
    )
    assert meeting.start == datetime(2026, 3, 31, 17, 30, tzinfo=PARIS)
    assert meeting.start.utcoffset().total_seconds() == 7200  # summer time by then
    assert meeting.minutes == 45


def test_next_meeting_is_after_now_and_after_the_session_day():
    m = fortnightly()
    on_the_day = propose_next_meeting(
        m, now=datetime(2026, 3, 17, 8, tzinfo=UTC), zone="UTC",
        last_start=datetime(2026, 3, 17, 7, tzinfo=UTC), at=time(18),
    )  # fmt: skip
    assert on_the_day.start.date() == date(2026, 3, 31)
    much_later = propose_next_meeting(m, now=datetime(2026, 6, 1, tzinfo=UTC), zone="UTC")
    assert much_later.start == datetime(2026, 6, 9, 17, 0, tzinfo=ZoneInfo("UTC"))


def test_no_cadence_no_meeting_and_bad_rules_are_user_errors():
    assert propose_next_meeting(Mentorship("x"), now=datetime.now(UTC), zone="UTC") is None
    with pytest.raises(UserError, match="cadence"):
        propose_next_meeting(
            Mentorship("x", rrule="FREQ=SOMETIMES"), now=datetime.now(UTC), zone="UTC"
        )
    with pytest.raises(UserError, match="time zone"):
        propose_next_meeting(fortnightly(), now=datetime.now(UTC), zone="Mars/Olympus")


def test_times_lengths_and_zones():
    assert parse_time("9:05") == time(9, 5) and parse_time("17h30") == time(17, 30)
    for bad in ("25:00", "noon", "17", "12:60"):
        with pytest.raises(UserError, match="HH:MM"):
            parse_time(bad)
    assert round_to_quarter(time(16, 53)) == time(17, 0)
    assert round_to_quarter(time(23, 59)) == time(23, 45)
    assert meeting_minutes(fortnightly(agreement=Agreement(meeting_length="1 hour"))) == 60
    assert meeting_minutes(fortnightly(agreement=Agreement(meeting_length="1h 30 min"))) == 90
    assert meeting_minutes(fortnightly(), fallback=50) == 50
    assert meeting_minutes(fortnightly()) == 45
    ZoneInfo(local_zone_name())


def test_ics_parses_back_with_every_required_property(tmp_path):
    meeting = propose_next_meeting(
        fortnightly(), now=datetime(2026, 3, 20, tzinfo=UTC), zone="Europe/Paris", at=time(17, 30)
    )
    cal = meeting_calendar(
        meeting,
        mentorship_id="m1",
        title="Mentoring: Zoë & Łukasz",
        organizer=Recipient("Zoë Ñúñez", "zoe.nunez@example.org"),
        attendees=[
            Recipient("Dr Łukasz Öztürk", "lukasz.ozturk@example.org"),
            Recipient("No Mail", ""),
        ],
        description="Line one\nLine two; with, punctuation",
        stamp=datetime(2026, 3, 20, 10, tzinfo=UTC),
    )
    path = write_ics(cal, tmp_path / "n.ics")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    parsed = icalendar.Calendar.from_ical(path.read_bytes())
    assert str(parsed["VERSION"]) == "2.0" and "mentor-tui" in str(parsed["PRODID"])
    [event] = parsed.walk("VEVENT")
    assert str(event["UID"]).endswith("@mentor-tui")
    assert event.decoded("DTSTAMP") == datetime(2026, 3, 20, 10, tzinfo=UTC)
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert start == datetime(2026, 3, 31, 17, 30, tzinfo=PARIS)
    assert event.decoded("DTEND") == datetime(2026, 3, 31, 18, 15, tzinfo=PARIS)
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Paris"]
    organizer = event["ORGANIZER"]
    assert (
        str(organizer) == "mailto:zoe.nunez@example.org" and organizer.params["CN"] == "Zoë Ñúñez"
    )
    attendees = event["ATTENDEE"]
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == ["mailto:lukasz.ozturk@example.org"]
    assert attendees[0].params["CN"] == "Dr Łukasz Öztürk"
    assert str(event["SUMMARY"]) == "Mentoring: Zoë & Łukasz"
    assert str(event["DESCRIPTION"]) == "Line one\nLine two; with, punctuation"

    # Expand the recurrence: every other Tuesday at 17:30 Paris time, whatever the offset.
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    first = list(rule[:4])
    assert [d.date() for d in first] == [
        date(2026, 3, 31), date(2026, 4, 14), date(2026, 4, 28), date(2026, 5, 12)
    ]  # fmt: skip
    assert all(d.time() == time(17, 30) and d.weekday() == 1 for d in first)


def test_uid_is_stable_for_the_same_meeting():
    m = fortnightly()
    now = datetime(2026, 3, 20, tzinfo=UTC)
    one = propose_next_meeting(m, now=now, zone="UTC")
    two = propose_next_meeting(m, now=now, zone="UTC")
    uids = {
        str(meeting_calendar(x, mentorship_id=m.id, title="t", organizer=None, attendees=[])
            .walk("VEVENT")[0]["UID"])
        for x in (one, two)
    }  # fmt: skip
    assert len(uids) == 1
