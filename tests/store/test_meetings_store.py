"""The pair's planned next meeting and each person's time zone, in a real SQLite file."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from mentor_tui.core.errors import UserError
from mentor_tui.core.meetings import MeetingPlan
from mentor_tui.store import exchange, open_store
from mentor_tui.store.demo import seed_demo

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def demo(tmp_path):
    repo = open_store(tmp_path / "demo.db")
    seed_demo(repo, today=date(2026, 11, 25))
    yield repo
    repo.close()


def test_the_sequence_rises_only_when_the_meeting_changes(demo):
    pair = demo.mentorships.list()[0]
    after = datetime(2026, 11, 16, 16, 30, tzinfo=UTC)
    plan = MeetingPlan(datetime(2026, 12, 8, 17, 30, tzinfo=BERLIN), 45, "Europe/Berlin",
                       place=" Room 4 ", after=after)  # fmt: skip
    # 1 from the start: above the 0 of an invite sent from the proposal (the same UID).
    assert demo.meetings.set_plan(pair.id, plan).sequence == 1
    same = MeetingPlan(plan.start, 45, "Europe/Berlin", place="Room 4", after=after)
    assert demo.meetings.set_plan(pair.id, same).sequence == 1
    moved = MeetingPlan(datetime(2026, 12, 9, 8, 0, tzinfo=BERLIN), 45, "Europe/Berlin",
                        place="Room 4", after=after)  # fmt: skip
    stored = demo.meetings.set_plan(pair.id, moved)
    assert stored.sequence == 2 and stored.start == moved.start and stored.place == "Room 4"
    assert stored.start.utcoffset().total_seconds() == 3600


def test_bad_plans_and_zones_are_one_sentence_and_change_nothing(demo):
    pair = demo.mentorships.list()[0]
    with pytest.raises(UserError, match="time zone"):
        demo.meetings.set_plan(pair.id, MeetingPlan(datetime(2026, 12, 8, tzinfo=UTC), 45, "Mars/X"))
    with pytest.raises(UserError, match="minutes"):
        demo.meetings.set_plan(pair.id, MeetingPlan(datetime(2026, 12, 8, tzinfo=UTC), 2, "UTC"))
    person = demo.people.list()[0]
    with pytest.raises(UserError, match="time zone"):
        demo.meetings.set_time_zone(person.id, "Europe/Nowhere")
    assert demo.meetings.plan(pair.id) is None and demo.people.get(person.id).time_zone is None
    demo.meetings.set_time_zone(person.id, "Asia/Kolkata")
    assert demo.meetings.person_zone(person.id) == "Asia/Kolkata"
    demo.meetings.set_time_zone(person.id, None)
    assert demo.people.get(person.id).time_zone is None


def test_plans_and_zones_survive_export_and_import(demo, tmp_path):
    pair = demo.mentorships.list()[0]
    demo.meetings.set_plan(pair.id, MeetingPlan(datetime(2026, 12, 8, 17, 30, tzinfo=BERLIN), 60,
                                               "Europe/Berlin", place="https://v.example/x",
                                               after=datetime(2026, 11, 16, 16, 30, tzinfo=UTC)))
    demo.meetings.set_time_zone(demo.people.list()[0].id, "Europe/Berlin")
    out = tmp_path / "export.json"
    exchange.write_export(demo, out)
    fresh = open_store(tmp_path / "fresh.db")
    exchange.import_data(fresh, exchange.read_import(out))
    assert fresh.meetings.plan(pair.id) == demo.meetings.plan(pair.id)
    assert exchange.export_data(fresh)["tables"] == exchange.export_data(demo)["tables"]
    fresh.close()
