"""Home, the follow-up email and the .ics invite name the same next meeting, for every rhythm
onboarding accepts (parse_cadence), across month ends and daylight-saving changes.

Each reader is the real one: Home's card text (summarize + card_content), the wrap-up's
fields (what its form shows, and what Finish stores from them), the email as the followup
template renders it, and the invite parsed back with icalendar. A real SQLite file holds the
pair, the last session and the plan. The wrap-up's screen itself is driven under Pilot in
test_wrapup_meeting.py.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mentor_tui.cli.followup import followup_context
from mentor_tui.core.clock import iso
from mentor_tui.core.dates import parse_cadence
from mentor_tui.core.meetings import MeetingPlan, next_meeting
from mentor_tui.core.models import (
    Agreement,
    Member,
    Mentorship,
    Mode,
    Person,
    Role,
    Session,
    SessionStatus,
)
from mentor_tui.render.ics import invitation
from mentor_tui.render.templates import render_email
from mentor_tui.store import open_store
from mentor_tui.tui import fmt
from mentor_tui.tui.widgets.home.card import card_content
from mentor_tui.tui.widgets.home.summary import summarize
from mentor_tui.tui.widgets.next_meeting import meeting_fields, plan_from_fields

ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC", "Asia/Kolkata"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# Month ends, leap days and the daylight-saving weekends of 2026 in Europe, the US and Australia.
EDGES = [date(2026, 1, 31), date(2026, 2, 28), date(2028, 2, 29), date(2026, 3, 8),
         date(2026, 3, 29), date(2026, 4, 5), date(2026, 10, 4), date(2026, 10, 25),
         date(2026, 11, 1), date(2026, 12, 31), date(2026, 4, 30)]  # fmt: skip


@st.composite
def rhythms(draw) -> str:
    day = draw(st.sampled_from(DAYS))
    days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True))
    n = draw(st.integers(2, 12))
    which = draw(st.sampled_from(["first", "second", "third", "fourth", "last"]))
    mday = draw(st.integers(1, 28))
    return draw(st.sampled_from([
        "weekly", f"weekly on {' and '.join(days)}", f"every {day}", f"every {n} weeks",
        f"every {n} weeks on {day}", f"fortnightly on {day}", f"every other {day}",
        "monthly", f"every {n} months", "quarterly", f"monthly on the {which} {day}",
        f"every month on the {mday}th", "monthly on the last day", "monthly on the first day",
        f"the {which} {day} of every month",
    ]))  # fmt: skip


@st.composite
def moments(draw) -> datetime:
    base = draw(st.one_of(st.sampled_from(EDGES), st.dates(date(2025, 1, 1), date(2029, 12, 31))))
    minutes = draw(st.integers(-3 * 24 * 60, 3 * 24 * 60))
    return datetime.combine(base, time(12), UTC) + timedelta(minutes=minutes)


class Reader:
    """What Home asks of the app: the person reading, their repository and the clock."""

    def __init__(self, repo, me: Person, now: datetime) -> None:
        self.repo, self.me, self._now = repo, me, now

    def now(self) -> datetime:
        return self._now

    def today(self) -> date:
        return self._now.astimezone(ZoneInfo(self.repo.meetings.person_zone(self.me.id))).date()

    def person_name(self, person_id: str | None) -> str:
        return self.repo.people.get(person_id).display_name if person_id else ""


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("agree") / "mentor.db")
    yield store
    store.close()


def plain(content) -> str:
    return content.plain if hasattr(content, "plain") else str(content)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=rhythms(),
    start=st.one_of(st.sampled_from(EDGES), st.dates(date(2024, 1, 1), date(2028, 12, 31))),
    now=moments(),
    met_before=st.one_of(st.none(), st.integers(0, 60 * 24 * 40)),
    zone=st.sampled_from(ZONES),
    partner_zone=st.sampled_from(ZONES),
    at=st.sampled_from([time(17, 30), time(2, 30), time(0, 15), time(8, 0), time(23, 45)]),
    chosen_in=st.one_of(st.none(), st.integers(1, 60 * 24 * 20)),
)
# The case: monthly from 31 January, where Home said 28 Feb and the .ics 31 Mar.
@example(words="monthly", start=date(2026, 1, 31), now=datetime(2026, 2, 1, 12, tzinfo=UTC),
         met_before=None, zone="Europe/Berlin", partner_zone="UTC", at=time(17, 30),
         chosen_in=None)
# A monthly pair that has just met early (30 Nov for the 3 Dec date) is not offered 3 Dec.
@example(words="monthly", start=date(2026, 1, 3), now=datetime(2026, 11, 30, 19, tzinfo=UTC),
         met_before=60, zone="Europe/Berlin", partner_zone="UTC", at=time(17, 30),
         chosen_in=None)
def test_home_email_and_invite_name_the_same_meeting(
    repo, words, start, now, met_before, zone, partner_zone, at, chosen_in
):
    cadence = parse_cadence(words)
    start = min(start, now.date())
    mentor = repo.people.add(Person("Ana Mentor", email="ana@example.org", time_zone=zone))
    mentee = repo.people.add(
        Person("Ben Mentee", email="ben@example.org", time_zone=partner_zone)
    )
    mentorship = repo.mentorships.add(
        Mentorship(
            "Pair", members=[Member(mentor.id, Role.MENTOR), Member(mentee.id, Role.MENTEE)],
            cadence=cadence.words, rrule=cadence.rrule, start_date=start,
            agreement=Agreement(meeting_length="50 minutes",
                                meeting_frequency=f"{cadence.words}, {at:%H:%M}"),
        )
    )  # fmt: skip
    last_met = None
    if met_before is not None:
        last_met = now - timedelta(minutes=met_before)
        session = repo.sessions.save(
            Session(mentorship.id, "regular-check-in", "Check-in", mode=Mode.IN_PERSON,
                    status=SessionStatus.ENDED, started_at=iso(last_met),
                    ended_at=iso(last_met + timedelta(minutes=50)))
        )  # fmt: skip
        if chosen_in is not None:
            repo.meetings.set_plan(
                mentorship.id,
                MeetingPlan(now + timedelta(minutes=chosen_in), 30, partner_zone,
                            place="Room 2", after=last_met),
            )  # fmt: skip
    meeting = repo.meetings.upcoming(mentorship, now=now, zone=zone)
    assert meeting is not None

    # The invite, read back by a calendar library.
    people = {p.id: p for p in (mentor, mentee)}
    cal, _ = invitation(meeting, mentorship, people, mentor.id)
    [event] = icalendar.Calendar.from_ical(cal.to_ical()).walk("VEVENT")
    begins = event.decoded("DTSTART").astimezone(ZoneInfo(meeting.zone))
    assert begins == meeting.start and begins > now

    # Home, in the reader's own zone.
    reader = Reader(repo, mentor, now)
    card = plain(card_content(summarize(reader, mentorship), reader.today()))
    seen = begins.astimezone(ZoneInfo(zone))
    home = re.search(r"Next meeting  (.+)", card).group(1)
    assert home.startswith(f"{fmt.short_day(seen.date(), reader.today())} · {seen:%H:%M}")

    # The wrap-up: its fields show the meeting, and Finish without an edit stores the same.
    fields = meeting_fields(meeting)
    assert fields[:3] == (fmt.day(begins.date()), f"{begins:%H:%M}", str(meeting.minutes))
    kept = plan_from_fields(fields, zone=meeting.zone, now=now, after=last_met or now)
    assert (kept.start, kept.minutes, kept.place) == (begins, meeting.minutes, meeting.place)

    # The email, as the template renders it (only after a session: it follows one).
    if last_met is not None:
        context = followup_context(repo, session.id, sender_id=mentor.id, at_now=now)
        body = render_email("followup", context).body
        said = re.search(r"(\w+day \d+ \w+ \d{4}) at (\d\d:\d\d) \(([^)]+?)(?: time)?\)", body)
        assert said.groups() == (
            f"{begins:%A} {begins.day} {begins:%B %Y}", f"{begins:%H:%M}", meeting.zone
        )

    if meeting.chosen:
        return
    # The rule itself: the usual time (unless the clocks skip it that day), never before the
    # rhythm's date after the one the last meeting stood for, and the .ics series is the app's.
    if begins.replace(tzinfo=None) == datetime.combine(begins.date(), at):
        assert begins.time() == at
    else:
        assert at.hour in (0, 2, 23)  # a time that does not exist on a DST day moved an hour
    series = rrulestr(event["RRULE"].to_ical().decode(), dtstart=event.decoded("DTSTART"))
    [first, second] = series[:2]
    assert first == begins
    after = next_meeting(mentorship, now=begins, zone=meeting.zone, last_met=None)
    assert after.start.astimezone(UTC) == second.astimezone(UTC) or (
        second.replace(tzinfo=None) != datetime.combine(second.date(), at)
    )
    if last_met is not None:
        held = last_met.astimezone(ZoneInfo(meeting.zone))
        anchor = datetime.combine(start, at, ZoneInfo(meeting.zone))
        rhythm = rrulestr(cadence.rule_for(anchor), dtstart=anchor)
        nearest = min(
            (d for d in (rhythm.before(held, inc=True), rhythm.after(held)) if d is not None),
            key=lambda d: (abs((d.date() - held.date()).days), -d.timestamp()),
        )
        assert begins.date() > nearest.date() and begins.date() > held.date()
