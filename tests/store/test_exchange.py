"""Full-fidelity JSON: export, import into an empty database, export again."""

from __future__ import annotations

import json
from datetime import date

import pytest

from mentor_tui.core.errors import ImportError_
from mentor_tui.store import exchange, open_store
from mentor_tui.store.demo import seed_demo


def tables(repo):
    return exchange.export_data(repo)["tables"]


@pytest.fixture
def demo_repo(tmp_path):
    repo = open_store(tmp_path / "demo.db")
    seed_demo(repo, today=date(2026, 11, 25))
    yield repo
    repo.close()


def test_round_trip_is_identical(demo_repo, tmp_path):
    out = tmp_path / "export.json"
    exchange.write_export(demo_repo, out)
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    fresh = open_store(tmp_path / "fresh.db")
    changed = exchange.import_data(fresh, exchange.read_import(out))
    assert changed["notes"] == len(tables(demo_repo)["notes"])
    assert tables(fresh) == tables(demo_repo)
    # Search works on imported notes: the FTS triggers ran.
    assert fresh.notes.search("registry")
    again = exchange.import_data(fresh, exchange.read_import(out))
    assert again == {}
    assert tables(fresh) == tables(demo_repo)
    fresh.close()


def test_an_older_file_never_undoes_newer_work(demo_repo, tmp_path):
    out = tmp_path / "export.json"
    exchange.write_export(demo_repo, out)
    goal = demo_repo.goals.list()[0]
    goal.title = "Renamed after the export"
    demo_repo.goals.save(goal)
    exchange.import_data(demo_repo, exchange.read_import(out))
    assert demo_repo.goals.get(goal.id).title == "Renamed after the export"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["tables"]["goals"][0].update(status="finished"), "goals record 1"),
        (lambda d: d["tables"]["goals"][0].update(due="31/12/2026"), "not a date"),
        (lambda d: d["tables"]["people"][1].pop("id"), "people record 2 has no id"),
        (lambda d: d["tables"]["people"][0].update(shoe_size=9), 'unknown field "shoe_size"'),
        (lambda d: d["tables"]["ratings"][0].update(score=9), "from 1 to 5"),
        (lambda d: d["tables"]["notes"][0].update(session_id="missing"), "points at session_id"),
        (lambda d: d["tables"].update(secrets=[]), 'unknown table "secrets"'),
        (lambda d: d.update(version=99), "newer than this mentor-tui reads"),
        (lambda d: d.update(format="other"), "not a mentor-tui data export"),
    ],
)
def test_a_bad_record_is_named_and_nothing_changes(demo_repo, tmp_path, mutate, expected):
    data = exchange.export_data(demo_repo)
    mutate(data)
    target = open_store(tmp_path / "target.db")
    with pytest.raises(ImportError_) as caught:
        exchange.import_data(target, json.loads(json.dumps(data)), source="f.json")
    assert expected in caught.value.message
    assert "\n" not in caught.value.message
    assert all(rows == [] for rows in tables(target).values())
    assert target.last_change() == 0
    target.close()


def test_malformed_json_names_the_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "mentor-tui/data",\n "version": 1,,}')
    with pytest.raises(ImportError_) as caught:
        exchange.read_import(bad)
    assert "line 2" in caught.value.message


def test_an_export_made_while_the_partner_saves_can_be_imported(demo_repo, tmp_path):
    """The partner's app adds a pair while `data export` runs, between its read of people
    and its read of mentorships (SQLite's own statement trace says when): the export must
    still be one moment's database, so importing it works. Without the snapshot in
    export_data each table is read at a different moment: the export holds members whose
    people it lacks, and is refused."""
    from builders import add_pair

    partner = open_store(demo_repo.path)
    wrote = []

    def between_tables(statement: str) -> None:
        if "FROM [mentorships]" in statement and not wrote:
            wrote.append(add_pair(partner))

    demo_repo.db.conn.set_trace_callback(between_tables)
    try:
        data = exchange.export_data(demo_repo)
    finally:
        demo_repo.db.conn.set_trace_callback(None)
        partner.close()
    assert wrote  # the partner's save did land in the middle of the export
    fresh = open_store(tmp_path / "fresh.db")
    try:
        exchange.import_data(fresh, json.loads(json.dumps(data)))
    finally:
        fresh.close()
