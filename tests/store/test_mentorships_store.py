"""Mentorships in the store: a cadence across a daylight-saving change, and finding one by
name or member."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from builders import column

from mentor_tui.core.clock import iso
from mentor_tui.core.dates import parse_cadence
from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.models import Member, Mentorship, Role, Session, SessionStatus


def test_a_cadence_across_a_daylight_saving_change_keeps_local_time_and_stores_utc(pair):
    """Meetings every 2 weeks at 18:00 London time, either side of the clocks going forward
    on 29 March 2026: the wall clock stays, the stored UTC instant moves by an hour."""
    repo, _, _, mentorship = pair
    cadence = parse_cadence("every 2 weeks on Tuesday")
    mentorship.cadence, mentorship.rrule = cadence.words, cadence.rrule
    mentorship.start_date = date(2026, 3, 17)
    repo.mentorships.save(mentorship)
    london = ZoneInfo("Europe/London")
    first = datetime(2026, 3, 17, 18, 0, tzinfo=london)
    meetings = [first, *cadence.next_occurrences(first, count=2, start=first)]
    assert [m.strftime("%d %H:%M %Z") for m in meetings] == [
        "17 18:00 GMT", "31 18:00 BST", "14 18:00 BST",
    ]  # fmt: skip
    stored = []
    for when in meetings:
        session = repo.sessions.save(
            Session(mentorship.id, "check-in", "Check-in", status=SessionStatus.ENDED,
                    started_at=iso(when), ended_at=iso(when + timedelta(minutes=45)))
        )  # fmt: skip
        stored.append(column(repo, "sessions", "started_at", session.id))
    assert stored == [
        "2026-03-17T18:00:00.000+00:00",
        "2026-03-31T17:00:00.000+00:00",
        "2026-04-14T17:00:00.000+00:00",
    ]
    assert column(repo, "mentorships", "start_date", mentorship.id) == "2026-03-17"
    assert column(repo, "mentorships", "rrule", mentorship.id) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"


def test_resolve_mentorship(pair):
    repo, rosa, sam, mentorship = pair
    assert repo.mentorships.resolve().id == mentorship.id
    assert repo.mentorships.find("rosa & sam").id == mentorship.id
    assert repo.mentorships.find(mentorship.id[:6]).id == mentorship.id
    repo.mentorships.add(Mentorship("Second", members=[Member(rosa.id, Role.MENTOR)]))
    with pytest.raises(UserError, match="--mentorship: Rosa & Sam"):
        repo.mentorships.resolve()
    assert repo.mentorships.resolve(person_id=sam.id).id == mentorship.id
    with pytest.raises(NotFound, match="No mentorship"):
        repo.mentorships.find("Nope")
