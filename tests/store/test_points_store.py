"""Talking points and the closing of action items, against a real SQLite file."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace as NS

import pytest
from builders import add_pair

from mentor_tui.core.errors import UserError
from mentor_tui.core.models import ActionItem, Person, PointStatus
from mentor_tui.store import open_store
from mentor_tui.store.exchange import export_data, import_data

AGENDA = NS(
    key="check-in",
    name="Check-in",
    sections=[
        NS(key="wins", title="Wins", minutes=5, kind="notes", prompts=["What went well?"]),
        NS(key="items", title="Items", minutes=10, kind="action-items", prompts=["Open items"]),
    ],
)


@pytest.fixture
def pair(db_path):
    store = open_store(db_path)
    mentor, mentee, ms = add_pair(store)
    with store.as_viewer(mentor.id) as rosa, store.as_viewer(mentee.id) as sam:
        yield store, rosa, sam, ms, mentor, mentee
    store.close()


def test_unaddressed_points_carry_over_and_closed_ones_stay_with_their_session(pair):
    store, rosa, sam, ms, mentor, mentee = pair
    abstract = sam.points.add(ms.id, "  The conference\n abstract  ")
    leave = rosa.points.add(ms.id, "Parental leave plans")
    rota = sam.points.add(ms.id, "Night rota")
    assert abstract.text == "The conference abstract"
    assert [p.id for p in rosa.points.open(ms.id)] == [abstract.id, leave.id, rota.id]

    first = rosa.sessions.start(ms.id, AGENDA)
    rosa.points.tick(abstract.id, first.id)
    sam.points.drop(leave.id, first.id)
    moved = rosa.points.move(rota.id, first.id)
    assert moved.is_open and moved.moved_from == first.id
    # The session still lists what was closed in it; the next one only what is open.
    assert [p.id for p in sam.points.for_session(first.id, ms.id)] == [abstract.id, leave.id, rota.id]
    rosa.sessions.end(first.id)
    second = rosa.sessions.start(ms.id, AGENDA)
    assert [p.id for p in rosa.points.for_session(second.id, ms.id)] == [rota.id]
    assert store.points.get(leave.id).status == PointStatus.DROPPED
    assert store.points.get(leave.id).closed_by == mentee.id
    reopened = rosa.points.reopen(abstract.id)
    assert reopened.is_open and reopened.closed_in is None


def test_a_point_needs_text_and_a_person(pair):
    store, rosa, _sam, ms, *_ = pair
    with pytest.raises(UserError, match="needs some text"):
        rosa.points.add(ms.id, " \n ")
    with pytest.raises(UserError, match="at most"):
        rosa.points.add(ms.id, "x" * 501)
    with pytest.raises(UserError, match="--as"):
        store.as_owner().points.add(ms.id, "Whose is this?")
    assert store.points.list() == []


def test_points_travel_in_the_full_export(pair, tmp_path):
    store, rosa, _sam, ms, *_ = pair
    point = rosa.points.add(ms.id, "Grant deadline")
    rosa.points.tick(point.id)
    data = export_data(store)
    assert [r["text"] for r in data["tables"]["talking_points"]] == ["Grant deadline"]
    with open_store(tmp_path / "copy.db") as copy:
        import_data(copy, data)
        assert copy.points.get(point.id).status == PointStatus.DONE


def test_a_dropped_action_item_is_closed_but_kept(pair):
    store, rosa, sam, ms, mentor, mentee = pair
    first = rosa.sessions.start(ms.id, AGENDA)
    item = sam.actions.save(
        ActionItem(ms.id, "Ask about the fellowship", mentee.id, due=date(2020, 1, 1), session_id=first.id)
    )
    rosa.sessions.end(first.id)
    dropped = rosa.actions.set_dropped(item.id)
    assert dropped.dropped and not dropped.done and not dropped.is_open
    assert not dropped.overdue(date(2026, 1, 1))
    assert rosa.actions.list(ms.id, open_only=True) == []
    assert [i.id for i in rosa.actions.list(ms.id)] == [item.id]  # kept in history
    assert rosa.goals.overdue_counts(date(2026, 1, 1)).action_items == 0
    assert rosa.actions.owed(mentee.id, date(2026, 1, 1)).i_owe == []
    # Done after dropped is done (and no longer dropped): one closing at a time.
    assert not rosa.actions.set_done(item.id).dropped
    reopened = rosa.actions.set_done(item.id, False)
    assert reopened.is_open


def test_an_action_item_goes_only_to_a_member_and_its_due_day_moves(pair):
    store, rosa, sam, ms, mentor, mentee = pair
    stranger = store.people.add(Person("Someone Else"))
    item = sam.actions.save(ActionItem(ms.id, "Draft the letter", mentee.id))
    assert rosa.actions.assign(item.id, mentor.id).owner_id == mentor.id
    with pytest.raises(UserError, match="member of its mentorship"):
        rosa.actions.assign(item.id, stranger.id)
    assert rosa.actions.set_due(item.id, date(2027, 3, 1)).due == date(2027, 3, 1)
    assert rosa.actions.set_due(item.id, None).due is None
