"""The next meeting as an .ics invite, read back by icalendar, ics (ics-py) and vobject.

Each reader must see a 17:30 Europe/Berlin meeting at 17:30 Berlin time in summer (CEST)
and in winter (CET): the VTIMEZONE has to be right for all of them, not just for us.
"""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import ics
import pytest
import vobject
from dateutil.rrule import rrulestr

from mentor_tui.core.meetings import MeetingPlan, next_meeting
from mentor_tui.core.models import Member, Mentorship, Person, Role
from mentor_tui.render.email import Recipient
from mentor_tui.render.ics import invitation, meeting_calendar, write_ics

BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2026, 3, 20, 10, tzinfo=UTC)


def fortnightly(**kw) -> Mentorship:
    return Mentorship(
        "Zoë & Łukasz",
        cadence="every 2 weeks on Tuesday",
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        start_date=date(2026, 1, 6),
        **kw,
    )


def berlin_meeting(day: date, mentorship: Mentorship | None = None):
    """The pair's chosen 17:30 Berlin meeting on `day`, planned the day before."""
    m = mentorship or fortnightly()
    held = datetime.combine(day, time(9), BERLIN).astimezone(UTC).replace(day=day.day - 1)
    plan = MeetingPlan(datetime.combine(day, time(17, 30), BERLIN), 60, "Europe/Berlin",
                       place="https://meet.example.org/zl", after=held)  # fmt: skip
    return next_meeting(m, now=held, zone="UTC", last_met=held, plan=plan)


def invite_text(meeting, **kw) -> str:
    cal = meeting_calendar(
        meeting,
        title="Mentoring: Zoë & Łukasz",
        organizer=Recipient("Zoë Ñúñez", "zoe.nunez@example.org"),
        attendees=[Recipient("Dr Łukasz Öztürk", "lukasz.ozturk@example.org"),
                   Recipient("No Mail", "")],  # fmt: skip
        description="Line one\nLine two; with, punctuation",
        stamp=STAMP,
        **kw,
    )
    return cal.to_ical().decode()


SEASONS = [pytest.param(date(2026, 6, 16), 2, id="june-CEST"),
           pytest.param(date(2027, 1, 12), 1, id="january-CET")]  # fmt: skip


@pytest.mark.parametrize(("day", "offset_hours"), SEASONS)
def test_icalendar_reads_1730_berlin(day, offset_hours):
    parsed = icalendar.Calendar.from_ical(invite_text(berlin_meeting(day)))
    [event] = parsed.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert start.astimezone(BERLIN).time() == time(17, 30) and start.date() == day
    assert start.utcoffset().total_seconds() == offset_hours * 3600
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Berlin"]


@pytest.mark.parametrize(("day", "offset_hours"), SEASONS)
def test_vobject_reads_1730_berlin(day, offset_hours):
    """vobject builds its own tzinfo from the embedded VTIMEZONE (it never looks the TZID up),
    so this fails when the zone is written wrongly: with icalendar's default window from
    1970 it read the June meeting as 17:30+01:00, an hour off."""
    cal = vobject.readOne(invite_text(berlin_meeting(day)))
    start = cal.vevent.dtstart.value
    assert (start.date(), start.time()) == (day, time(17, 30))
    assert start.utcoffset().total_seconds() == offset_hours * 3600


@pytest.mark.parametrize(("day", "offset_hours"), SEASONS)
def test_ics_py_reads_1730_berlin(day, offset_hours):
    [event] = ics.Calendar(invite_text(berlin_meeting(day))).events
    begin = event.begin.datetime
    assert begin.utcoffset().total_seconds() == offset_hours * 3600
    assert (begin.date(), begin.time()) == (day, time(17, 30))
    assert event.duration.total_seconds() == 3600
    assert event.location == "https://meet.example.org/zl"


def test_the_invite_is_a_request_with_organizer_and_attendees(tmp_path):
    meeting = berlin_meeting(date(2026, 6, 16))
    path = write_ics(icalendar.Calendar.from_ical(invite_text(meeting)), tmp_path / "n.ics")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    parsed = icalendar.Calendar.from_ical(path.read_bytes())
    assert str(parsed["METHOD"]) == "REQUEST" and str(parsed["VERSION"]) == "2.0"
    [event] = parsed.walk("VEVENT")
    assert str(event["UID"]) == meeting.uid and str(event["UID"]).endswith("@mentor-tui")
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTAMP") == STAMP
    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:zoe.nunez@example.org"
    assert organizer.params["CN"] == "Zoë Ñúñez"
    attendees = event["ATTENDEE"]
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == ["mailto:lukasz.ozturk@example.org"]
    assert attendees[0].params["PARTSTAT"] == "NEEDS-ACTION"
    assert str(event["DESCRIPTION"]) == "Line one\nLine two; with, punctuation"
    assert str(event["LOCATION"]) == "https://meet.example.org/zl"


def test_a_resent_invite_keeps_its_uid_and_raises_the_sequence():
    m = fortnightly()
    held = datetime(2026, 3, 17, 16, tzinfo=UTC)
    first = MeetingPlan(datetime(2026, 3, 31, 17, 30, tzinfo=BERLIN), 45, "Europe/Berlin",
                        after=held)  # fmt: skip
    moved = MeetingPlan(datetime(2026, 4, 1, 8, 0, tzinfo=BERLIN), 45, "Europe/Berlin",
                        after=held, sequence=1)  # fmt: skip
    proposed = next_meeting(m, now=held, zone="Europe/Berlin", last_met=held)
    one = next_meeting(m, now=held, zone="UTC", last_met=held, plan=first)
    two = next_meeting(m, now=held, zone="UTC", last_met=held, plan=moved)
    events = [icalendar.Calendar.from_ical(invite_text(x)).walk("VEVENT")[0]
              for x in (proposed, one, two)]  # fmt: skip
    assert len({str(e["UID"]) for e in events}) == 1
    assert [int(e["SEQUENCE"]) for e in events] == [0, 0, 1]


def test_a_proposed_series_expands_as_the_app_counts():
    """Monthly from 31 January: the .ics and the app both say 28 Feb, then 31 Mar, 30 Apr."""
    m = Mentorship("m", cadence="monthly", rrule="FREQ=MONTHLY", start_date=date(2026, 1, 31))
    meeting = next_meeting(m, now=datetime(2026, 2, 1, tzinfo=UTC), zone="Europe/Berlin")
    [event] = icalendar.Calendar.from_ical(invite_text(meeting)).walk("VEVENT")
    start = event.decoded("DTSTART")
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    assert [d.date() for d in rule[:3]] == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    later = next_meeting(m, now=datetime(2026, 3, 1, tzinfo=UTC), zone="Europe/Berlin")
    assert later.start.date() == date(2026, 3, 31)


def test_a_utc_meeting_needs_no_timezone_block():
    m = fortnightly()
    meeting = next_meeting(m, now=datetime(2026, 3, 18, tzinfo=UTC), zone="UTC")
    text = invite_text(meeting)
    [event] = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2026, 3, 31, 17, 0, tzinfo=UTC)
    assert vobject.readOne(text).vevent.dtstart.value.utcoffset().total_seconds() == 0


def test_invitation_names_whoever_has_no_address():
    a, b = Person("Ana Mentor", "ana@example.org"), Person("Ben Mentee")
    m = fortnightly(members=[Member(a.id, Role.MENTOR), Member(b.id, Role.MENTEE)])
    meeting = next_meeting(m, now=datetime(2026, 3, 18, tzinfo=UTC), zone="Europe/Berlin")
    cal, without = invitation(meeting, m, {a.id: a, b.id: b}, None, stamp=STAMP)
    [event] = cal.walk("VEVENT")
    assert str(event["ORGANIZER"]) == "mailto:ana@example.org" and "ATTENDEE" not in event
    assert without == ["Ben Mentee"]


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Sydney",
                                  "Asia/Kolkata", "America/Sao_Paulo"])  # fmt: skip
def test_every_onset_in_the_vtimezone_is_a_real_change_written_in_the_old_offset(zone):
    """RFC 5545: an observance's DTSTART and RDATEs are local times before the change, in
    TZOFFSETFROM. icalendar 7's generator writes spring onsets in the new offset (Berlin
    03:00 instead of 02:00); switched back to it, this fails."""
    tz = ZoneInfo(zone)
    m = Mentorship("m", cadence="weekly", rrule="FREQ=WEEKLY", start_date=date(2026, 1, 5))
    meeting = next_meeting(m, now=datetime(2026, 2, 1, tzinfo=UTC), zone=zone)
    [vtimezone] = icalendar.Calendar.from_ical(invite_text(meeting)).walk("VTIMEZONE")
    onsets = 0
    for part in vtimezone.subcomponents:
        before, after = part.decoded("TZOFFSETFROM"), part.decoded("TZOFFSETTO")
        rdates = part.get("RDATE", [])
        rdates = rdates if isinstance(rdates, list) else [rdates]
        locals_ = [part.decoded("DTSTART")] + [d.dt for r in rdates for d in r.dts]
        for local in locals_:
            instant = (local - before).replace(tzinfo=UTC)
            assert instant.astimezone(tz).utcoffset() == after
            if before != after:
                onsets += 1
                assert (instant - timedelta(seconds=1)).astimezone(tz).utcoffset() == before
    # Kolkata has no daylight saving, nor São Paulo since 2019: nothing to get wrong there.
    assert onsets >= (0 if zone in ("Asia/Kolkata", "America/Sao_Paulo") else 20)


def test_the_invite_says_what_to_bring_for_the_meeting_it_is_for():
    """The `prepare` list of the agenda the next meeting will follow: the regular check-in,
    or the agreement review once the agreement's review date is near (core/agendas.py)."""
    from mentor_tui import paths
    from mentor_tui.core.agendas import load_library, prepare_for_next_meeting
    from mentor_tui.core.agreement import AGREEMENT_REVIEW_WARNING_DAYS

    library = load_library(paths.prompts_dir() / "agendas", None)
    meeting = berlin_meeting(date(2026, 6, 16))
    people = {
        "z": Person("Zoë Ñúñez", email="zoe.nunez@example.org", id="z"),
        "l": Person("Dr Łukasz Öztürk", email="lukasz.ozturk@example.org", id="l"),
    }
    pair = fortnightly(members=[Member("z", Role.MENTOR), Member("l", Role.MENTEE)])
    for review, agenda in ((None, "regular-check-in"), (date(2026, 6, 20), "agreement-review")):
        prepare = prepare_for_next_meeting(
            library, review_date=review, day=meeting.start.date(),
            warning_days=AGREEMENT_REVIEW_WARNING_DAYS,
        )  # fmt: skip
        assert prepare and prepare == library[agenda].prepare
        cal, _ = invitation(meeting, pair, people, "z", stamp=STAMP, prepare=prepare)
        [event] = icalendar.Calendar.from_ical(cal.to_ical()).walk("VEVENT")
        description = str(event["DESCRIPTION"])
        assert "To bring or think about:" in description
        assert all(f"- {line}" in description for line in prepare)
