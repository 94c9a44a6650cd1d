"""`mentor-tui points add|list|done|drop` and `actions drop|assign|due`: a real database file
filled by the demo seed, the real command line; one-line errors, nothing half-written."""

from __future__ import annotations

from clikit import ok_json, one_line_error

from mentor_tui.core.models import Person
from mentor_tui.store import open_store

MENTOR, MENTEE = "Dr Amara Okafor", "Dr Lukas Berg"


def test_a_point_added_by_one_member_is_listed_for_the_other_and_ticked_off(cli, demo):
    added = cli("points", "add", "Should I apply for the  \n clinical lectureship?", as_name=MENTEE)
    assert added.exit_code == 0, added.stderr
    assert "Should I apply for the clinical lectureship?" in added.stdout
    listed = ok_json(cli("points", "list", "--json", as_name=MENTOR))
    point = next(p for p in listed if "lectureship" in p["text"])
    assert point["raised_by_name"] == MENTEE and point["status"] == "open"
    assert point["mentorship_title"] == "Amara & Lukas"
    done = cli("points", "done", point["id"][:8], as_name=MENTOR)
    assert done.exit_code == 0 and done.stdout.startswith("Done:")
    assert point["id"] not in {p["id"] for p in ok_json(cli("points", "list", "--json"))}
    with open_store(demo) as store:
        stored = store.points.get(point["id"])
        assert stored.status.value == "done"
        assert store.people.get(stored.closed_by).display_name == MENTOR
    everything = ok_json(cli("points", "list", "--all", "--json"))
    assert point["id"] in {p["id"] for p in everything}
    table = cli("points", "list", "--all")
    assert table.exit_code == 0 and "RAISED BY" in table.stdout and "done" in table.stdout


def test_points_need_a_person_text_and_a_real_id(cli, demo):
    assert "--as NAME" in one_line_error(cli("points", "add", "Anonymous point"))
    assert "needs some text" in one_line_error(cli("points", "add", "   ", as_name=MENTEE))
    assert "No talking point" in one_line_error(cli("points", "done", "zzzzzzzz", as_name=MENTEE))
    with open_store(demo) as store:
        assert not any("Anonymous" in p.text for p in store.points.list())


def test_dropping_reassigning_and_moving_an_action_item(cli, demo):
    items = ok_json(cli("actions", "list", "--json", as_name=MENTEE))
    item = items[0]
    other = MENTOR if item["owner_name"] == MENTEE else MENTEE
    moved = cli("actions", "assign", item["id"][:8], other, as_name=MENTEE)
    assert moved.exit_code == 0 and moved.stdout.startswith(other)
    due = cli("actions", "due", item["id"][:8], "2099-01-31", as_name=MENTEE)
    assert due.exit_code == 0, due.stderr
    dropped = cli("actions", "drop", item["id"][:8], as_name=MENTEE)
    assert dropped.exit_code == 0 and dropped.stdout.startswith("No longer needed")
    assert item["id"] not in {i["id"] for i in ok_json(cli("actions", "list", "--json"))}
    history = ok_json(cli("actions", "list", "--all", "--json"))
    kept = next(i for i in history if i["id"] == item["id"])
    assert kept["dropped_at"] and kept["owner_name"] == other and kept["due"] == "2099-01-31"
    with open_store(demo) as store:
        store.people.add(Person("Sam Outsider"))
    refused = cli("actions", "assign", item["id"][:8], "Sam Outsider")
    assert "member of its mentorship" in one_line_error(refused)
    assert "as a date" in one_line_error(cli("actions", "due", item["id"][:8], "whenever"))
    with open_store(demo) as store:
        after = store.actions.get(item["id"])
        assert store.people.get(after.owner_id).display_name == other
        assert after.due.isoformat() == "2099-01-31"
