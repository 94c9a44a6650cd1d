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
    abstract = sam.add_point(ms.id, "  The conference\n abstract  ")
    leave = rosa.add_point(ms.id, "Parental leave plans")
    rota = sam.add_point(ms.id, "Night rota")
    assert abstract.text == "The conference abstract"
    assert [p.id for p in rosa.open_points(ms.id)] == [abstract.id, leave.id, rota.id]

    first = rosa.start_session(ms.id, AGENDA)
    rosa.tick_point(abstract.id, first.id)
    sam.drop_point(leave.id, first.id)
    moved = rosa.move_point(rota.id, first.id)
    assert moved.is_open and moved.moved_from == first.id
    # The session still lists what was closed in it; the next one only what is open.
    assert [p.id for p in sam.session_points(first.id, ms.id)] == [abstract.id, leave.id, rota.id]
    rosa.end_session(first.id)
    second = rosa.start_session(ms.id, AGENDA)
    assert [p.id for p in rosa.session_points(second.id, ms.id)] == [rota.id]
    assert store.get_point(leave.id).status == PointStatus.DROPPED
    assert store.get_point(leave.id).closed_by == mentee.id
    reopened = rosa.reopen_point(abstract.id)
    assert reopened.is_open and reopened.closed_in is None


def test_a_point_needs_text_and_a_person(pair):
    store, rosa, _sam, ms, *_ = pair
    with pytest.raises(UserError, match="needs some text"):
        rosa.add_point(ms.id, " \n ")
    with pytest.raises(UserError, match="at most"):
        rosa.add_point(ms.id, "x" * 501)
    with pytest.raises(UserError, match="--as"):
        store.as_owner().add_point(ms.id, "Whose is this?")
    assert store.list_points() == []


def test_points_travel_in_the_full_export(pair, tmp_path):
    store, rosa, _sam, ms, *_ = pair
    point = rosa.add_point(ms.id, "Grant deadline")
    rosa.tick_point(point.id)
    data = export_data(store)
    assert [r["text"] for r in data["tables"]["talking_points"]] == ["Grant deadline"]
    with open_store(tmp_path / "copy.db") as copy:
        import_data(copy, data)
        assert copy.get_point(point.id).status == PointStatus.DONE


def test_a_dropped_action_item_is_closed_but_kept(pair):
    store, rosa, sam, ms, mentor, mentee = pair
    first = rosa.start_session(ms.id, AGENDA)
    item = sam.save_action_item(
        ActionItem(ms.id, "Ask about the fellowship", mentee.id, due=date(2020, 1, 1), session_id=first.id)
    )
    rosa.end_session(first.id)
    dropped = rosa.set_action_dropped(item.id)
    assert dropped.dropped and not dropped.done and not dropped.is_open
    assert not dropped.overdue(date(2026, 1, 1))
    assert rosa.list_action_items(ms.id, open_only=True) == []
    assert [i.id for i in rosa.list_action_items(ms.id)] == [item.id]  # kept in history
    assert rosa.overdue_counts(date(2026, 1, 1)).action_items == 0
    assert rosa.owed(mentee.id, date(2026, 1, 1)).i_owe == []
    # Done after dropped is done (and no longer dropped): one closing at a time.
    assert not rosa.set_action_done(item.id).dropped
    reopened = rosa.set_action_done(item.id, False)
    assert reopened.is_open


def test_an_action_item_goes_only_to_a_member_and_its_due_day_moves(pair):
    store, rosa, sam, ms, mentor, mentee = pair
    stranger = store.add_person(Person("Someone Else"))
    item = sam.save_action_item(ActionItem(ms.id, "Draft the letter", mentee.id))
    assert rosa.assign_action(item.id, mentor.id).owner_id == mentor.id
    with pytest.raises(UserError, match="member of its mentorship"):
        rosa.assign_action(item.id, stranger.id)
    assert rosa.set_action_due(item.id, date(2027, 3, 1)).due == date(2027, 3, 1)
    assert rosa.set_action_due(item.id, None).due is None
