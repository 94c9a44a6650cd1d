"""The one rule for "when do we meet next" (core/meetings.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from mentor_tui.core.errors import UserError
from mentor_tui.core.meetings import (
    MeetingPlan,
    local_zone_name,
    meeting_minutes,
    meeting_uid,
    next_meeting,
    parse_time,
    usual_time,
    zone_named,
)
from mentor_tui.core.models import Agreement, Mentorship

BERLIN = ZoneInfo("Europe/Berlin")


def monthly(start: date, **kw) -> Mentorship:
    return Mentorship("m", cadence="monthly", rrule="FREQ=MONTHLY", start_date=start, **kw)


def fortnightly(**kw) -> Mentorship:
    return Mentorship(
        "f", cadence="every 2 weeks on Tuesday", rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        start_date=date(2026, 1, 6), **kw,
    )  # fmt: skip


def test_a_rhythm_begun_on_the_31st_meets_on_the_last_day_of_february():
    m = monthly(date(2026, 1, 31))
    meeting = next_meeting(m, now=datetime(2026, 2, 1, tzinfo=UTC), zone="Europe/Berlin")
    assert meeting.start == datetime(2026, 2, 28, 17, 0, tzinfo=BERLIN)
    assert meeting.rrule == "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"


def test_a_monthly_pair_that_just_met_early_is_offered_the_month_after():
    m = monthly(date(2026, 1, 3))
    held = datetime(2026, 11, 30, 18, tzinfo=UTC)
    meeting = next_meeting(m, now=held, zone="Europe/Berlin", last_met=held)
    # 30 November stood for the 3 December meeting: the next is 3 January, not 3 days later.
    assert meeting.start.date() == date(2027, 1, 3)


def test_a_late_meeting_stands_for_the_date_it_missed():
    m = monthly(date(2026, 1, 3))
    held = datetime(2026, 12, 10, 18, tzinfo=UTC)
    meeting = next_meeting(m, now=held, zone="UTC", last_met=held)
    assert meeting.start.date() == date(2027, 1, 3)


def test_weekly_keeps_the_wall_clock_time_across_dst():
    m = fortnightly()
    plan = MeetingPlan(datetime(2026, 3, 17, 17, 30, tzinfo=BERLIN), 60, "Europe/Berlin",
                       after=datetime(2026, 3, 3, 16, tzinfo=UTC))  # fmt: skip
    held = datetime(2026, 3, 17, 16, 30, tzinfo=UTC)
    meeting = next_meeting(m, now=held, zone="UTC", last_met=held, plan=plan)
    assert meeting.start == datetime(2026, 3, 31, 17, 30, tzinfo=BERLIN)
    assert meeting.start.utcoffset().total_seconds() == 7200
    assert meeting.zone == "Europe/Berlin" and meeting.minutes == 60 and not meeting.chosen


def test_a_chosen_meeting_wins_until_a_later_session_is_held():
    m = fortnightly()
    after = datetime(2026, 3, 17, 16, tzinfo=UTC)
    plan = MeetingPlan(datetime(2026, 4, 2, 8, 15, tzinfo=BERLIN), 30, "Europe/Berlin",
                       place="Room 4", after=after, sequence=2)  # fmt: skip
    meeting = next_meeting(m, now=after, zone="UTC", last_met=after, plan=plan)
    assert meeting.chosen and meeting.start == plan.start and meeting.place == "Room 4"
    assert meeting.sequence == 2 and meeting.uid == meeting_uid(m.id, after)
    later = datetime(2026, 4, 2, 7, tzinfo=UTC)
    spent = next_meeting(m, now=later, zone="UTC", last_met=later, plan=plan)
    assert not spent.chosen and spent.start == datetime(2026, 4, 14, 8, 15, tzinfo=BERLIN)
    assert spent.place == "Room 4" and spent.minutes == 30


def test_the_usual_time_comes_from_the_agreement_else_five_pm():
    assert usual_time(fortnightly()) == time(17, 0)
    agreed = fortnightly(agreement=Agreement(meeting_frequency="every other Tuesday, 7:45"))
    assert usual_time(agreed) == time(7, 45)
    meeting = next_meeting(agreed, now=datetime(2026, 3, 18, tzinfo=UTC), zone="UTC")
    assert meeting.start.time() == time(7, 45)


def test_no_rhythm_or_an_unreadable_one_gives_none():
    now = datetime(2026, 3, 18, tzinfo=UTC)
    assert next_meeting(Mentorship("x"), now=now, zone="UTC") is None
    assert next_meeting(Mentorship("x", rrule="FREQ=SOMETIMES"), now=now, zone="UTC") is None


def test_times_lengths_and_zones():
    assert parse_time("9:05") == time(9, 5) and parse_time("17h30") == time(17, 30)
    for bad in ("25:00", "noon", "17", "12:60", ""):
        with pytest.raises(UserError, match="HH:MM"):
            parse_time(bad)
    assert meeting_minutes(fortnightly(agreement=Agreement(meeting_length="1 hour"))) == 60
    assert meeting_minutes(fortnightly(agreement=Agreement(meeting_length="1h 30 min"))) == 90
    assert meeting_minutes(fortnightly(), fallback=50) == 50
    assert meeting_minutes(fortnightly()) == 45
    zone_named(local_zone_name())
    with pytest.raises(UserError, match="time zone"):
        zone_named("Mars/Olympus")


def test_the_local_zone_follows_tz(monkeypatch):
    monkeypatch.setenv("TZ", "America/Chicago")
    assert local_zone_name() == "America/Chicago"


def test_the_local_zone_without_tz_is_the_one_tzlocal_finds(monkeypatch):
    """Without $TZ the zone comes from the /etc/localtime link (tzlocal is not imported for
    Home's first frame); it must be the zone tzlocal's full search names."""
    import tzlocal

    monkeypatch.delenv("TZ", raising=False)
    assert local_zone_name() == (tzlocal.get_localzone_name() or "UTC")


def test_second_to_fourth_weekday_rhythms_read_back():
    """Found by the agreement test: "the second monday of every month" raised KeyError."""
    from mentor_tui.core.dates import parse_cadence

    for which in ("second", "third", "fourth"):
        cadence = parse_cadence(f"the {which} monday of every month")
        assert cadence.words == f"monthly on the {which} Monday"
        assert parse_cadence(cadence.words).rrule == cadence.rrule
