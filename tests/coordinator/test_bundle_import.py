"""The coordinator's import: idempotent, later export wins, anything wrong changes nothing."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pairdata import KEY

from bench import synthetic as syn
from mentor_tui.coordinator.importer import import_bundles
from mentor_tui.core.errors import StoreError, UserError
from mentor_tui.core.models import GoalStatus
from mentor_tui.share.anonymize import plan_export
from mentor_tui.share.bundle import BundleError
from mentor_tui.store import open_store
from mentor_tui.store.programme import open_programme, schema

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
SOURCE = syn.pid("source", "test")


@pytest.fixture
def coord(tmp_path):
    repo = open_programme(tmp_path / "coordinator.db")
    yield repo
    repo.close()


def snapshot(repo) -> list[str]:
    """Everything in the coordinator database, as SQL text."""
    return [line for line in repo.db.conn.iterdump() if "sqlite_sequence" not in line]


def small_bundle(
    path: Path,
    *,
    sessions: int,
    stamp: datetime = T0,
    programme: str = "NW-2025",
    source: str = SOURCE,
    agenda: str = "Regular check-in",
    include_text: bool = False,
    notes: bool = False,
) -> Path:
    mid = syn.pid("m", source)
    members = [
        (syn.pid("p", 1), "mentor", "senior faculty", "medicine"),
        (syn.pid("p", 2), "mentee", "trainee", "medicine"),
    ]

    def records():
        yield syn.mentorship_record(mid, members)
        for i in range(sessions):
            sid = syn.pid("s", source, i)
            yield syn.session_record(sid, mid, f"2024-W{10 + i:02d}", agenda=agenda)
        yield syn.goal_record(syn.pid("g", source), mid, "2024-W10")
        if notes:
            yield {
                "type": "note",
                "id": syn.pid("n", source),
                "mentorship": mid,
                "session": syn.pid("s", source, 0),
                "section_kind": "notes",
                "text": "[NAME] practised the pitch",
            }

    return syn.write_bundle(
        path, syn.header(programme, source, stamp, include_text=include_text), records()
    )


def test_same_bundle_twice_counts_once(coord, tmp_path):
    path = small_bundle(tmp_path / "a.jsonl", sessions=3)
    first = import_bundles(coord, [path])
    assert first.new_bundles == 1 and first.after["sessions"] == 3
    before = snapshot(coord)
    again = import_bundles(coord, [path, path])
    assert again.new_bundles == 0
    assert again.after == first.after
    assert [line for line in snapshot(coord) if 'INTO "bundles"' not in line] == [
        line for line in before if 'INTO "bundles"' not in line
    ]
    assert coord.programme() == "NW-2025"


def test_overlapping_later_export_wins(coord, tmp_path):
    early = small_bundle(tmp_path / "early.jsonl", sessions=3, agenda="Regular check-in")
    late = small_bundle(
        tmp_path / "late.jsonl",
        sessions=5,
        agenda="Wellness and work-life balance",
        stamp=T0 + timedelta(days=14),
    )
    import_bundles(coord, [early])
    summary = import_bundles(coord, [late])
    assert summary.after["sessions"] == 5 and summary.after["mentorships"] == 1
    agendas = {row["agenda"] for row in coord.rows("sessions")}
    assert agendas == {"Wellness and work-life balance"}
    # The earlier export imported afterwards changes nothing: the later one still wins.
    before = snapshot(coord)
    import_bundles(coord, [early])
    assert [x for x in snapshot(coord) if "bundles" not in x] == [
        x for x in before if "bundles" not in x
    ]


def test_order_of_import_does_not_matter(tmp_path):
    early = small_bundle(tmp_path / "early.jsonl", sessions=4)
    late = small_bundle(
        tmp_path / "late.jsonl", sessions=2, agenda="First meeting", stamp=T0 + timedelta(days=1)
    )
    results = []
    for order in ([early, late], [late, early]):
        db = tmp_path / f"c{len(results)}.db"
        with open_programme(db) as repo:
            import_bundles(repo, order)
            results.append(sorted((r["id"], r["agenda"]) for r in repo.rows("sessions")))
    assert results[0] == results[1]
    assert len(results[0]) == 2  # the later snapshot no longer holds sessions 3 and 4


def test_a_later_export_from_a_real_pair_updates_and_adds(tmp_path):
    from pairdata import build_pair_db

    pair = build_pair_db(tmp_path / "pair.db")
    first = plan_export(pair.repo, key=KEY, programme="NW-2025", today=date(2025, 1, 6))
    goal = pair.repo.goals.get(pair.goal_ids[0])
    goal.status, goal.progress = GoalStatus.DONE, 100
    pair.repo.goals.save(goal)
    from mentor_tui import paths
    from mentor_tui.core.agendas import load_library

    agenda = load_library(paths.prompts_dir() / "agendas")["wellness"]
    extra = pair.repo.sessions.start(pair.mentorships[1].id, agenda)
    pair.repo.sessions.end(extra.id)
    second = plan_export(
        pair.repo,
        key=KEY,
        programme="NW-2025",
        today=date(2025, 1, 7),
        exported_at=datetime.now(UTC) + timedelta(seconds=5),
    )
    a, b = first.write(tmp_path / "a.jsonl"), second.write(tmp_path / "b.jsonl")
    with open_programme(tmp_path / "c.db") as repo:
        import_bundles(repo, [a])
        n = repo.counts()["sessions"]
        import_bundles(repo, [b, a, b])
        assert repo.counts()["sessions"] == n + 1
        assert repo.counts()["mentorships"] == 3
        goals = {g["status"] for g in repo.rows("goals")}
        assert "done" in goals
    pair.repo.close()


def test_progress_is_reported(coord, tmp_path):
    path = small_bundle(tmp_path / "a.jsonl", sessions=40)
    calls = []
    import_bundles(coord, [path], progress=lambda *args: calls.append(args))
    assert calls and calls[-1][0] == calls[-1][1] == path.stat().st_size


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_any_flipped_byte_is_refused_and_changes_nothing(coord, tmp_path):
    good = small_bundle(tmp_path / "good.jsonl", sessions=2)
    import_bundles(coord, [good])
    before = snapshot(coord)
    later = small_bundle(tmp_path / "later.jsonl", sessions=4, stamp=T0 + timedelta(days=3))
    original = later.read_bytes()
    step = max(1, len(original) // 60)
    for offset in range(0, len(original), step):
        later.write_bytes(original)
        flip(later, offset)
        with pytest.raises(UserError, match="Nothing was imported"):
            import_bundles(coord, [later])
        assert snapshot(coord) == before, offset


def test_tampered_number_is_caught_by_the_checksum(coord, tmp_path):
    path = small_bundle(tmp_path / "a.jsonl", sessions=2)
    path.write_bytes(path.read_bytes().replace(b'"planned_minutes":30', b'"planned_minutes":90', 1))
    with pytest.raises(BundleError, match="changed after it was exported"):
        import_bundles(coord, [path])
    assert coord.programme() is None
    assert coord.counts()["sessions"] == 0


def rewrite(path: Path, mutate) -> Path:
    """Change records and re-seal the bundle with a fresh, correct checksum."""
    lines = [json.loads(x) for x in path.read_bytes().splitlines()]
    head, records = lines[0], lines[1:-1]
    head, records = mutate(head, records)
    return syn.write_bundle(path, head, records)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda h, r: (h, [*r[:1], {**r[1], "week": "2024-03-01"}, *r[2:]]), "bad week"),
        (lambda h, r: (h, [*r[:1], {**r[1], "notes_text": "Priya"}, *r[2:]]), "unknown field"),
        (
            lambda h, r: (h, [*r[:1], {**r[1], "ratings": [{"member": "x", "score": 4}]}, *r[2:]]),
            "rating",
        ),
        (lambda h, r: (h, [*r[:-1], {**r[-1], "title": "Priya's goal"}]), "carries text"),
        (
            lambda h, r: (
                h,
                [
                    *r[:1],
                    {**r[1], "sections": [{"kind": "notes", "count": 1, "planned": True, "actual": 3}]},
                    *r[2:],
                ],
            ),
            "bad planned",
        ),
        (
            lambda h, r: (
                h,
                [
                    *r[:1],
                    {
                        **r[1],
                        "sections": [
                            {"kind": "notes", "count": 1, "planned": 3, "actual": 3, "title": "Priya"}
                        ],
                    },
                    *r[2:],
                ],
            ),
            "unknown field 'title'",
        ),
        (
            lambda h, r: (
                h,
                [
                    *r[:1],
                    {
                        **r[1],
                        "ratings": [
                            {"member": syn.pid(1), "role": None, "score": 4, "pairing_working": 1}
                        ],
                    },
                    *r[2:],
                ],
            ),
            "bad pairing_working",
        ),
        (lambda h, r: (h, r[1:]), "outside its mentorship"),
        (lambda h, r: (h, [*r, r[0]]), "appears twice"),
        (lambda h, r: ({**h, "version": 9}, r), "newer mentor-tui"),
        (lambda h, r: ({**h, "format": "something-else"}, r), "not a mentor-tui"),
        (lambda h, r: ({**h, "programme": "nw 2025"}, r), "programme"),
        (lambda h, r: (h, [{**r[0], "type": "person"}, *r[1:]]), "unknown record type"),
    ],
)
def test_malformed_bundles_are_refused(coord, tmp_path, mutate, message):
    path = rewrite(small_bundle(tmp_path / "a.jsonl", sessions=2), mutate)
    with pytest.raises(BundleError, match=message) as raised:
        import_bundles(coord, [path])
    assert str(raised.value).endswith("Nothing was imported.")
    assert coord.counts()["sessions"] == 0 and coord.programme() is None


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: b[: len(b) // 2], "ends before its trailer|damaged"),
        (lambda b: b.rsplit(b"\n", 2)[0] + b"\n", "ends before its trailer"),
        (lambda b: b + b'{"type":"goal"}\n', "after the trailer"),
        (lambda b: b"", "empty"),
        (lambda b: b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "damaged|not a mentor-tui"),
        (lambda b: b'{"hello": "world"}\n', "not a mentor-tui"),
        (lambda b: b"x" * (2 << 20), "longer than any record"),
    ],
)
def test_damaged_files_are_refused(coord, tmp_path, damage, message):
    path = small_bundle(tmp_path / "a.jsonl", sessions=2)
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(BundleError, match=message):
        import_bundles(coord, [path])
    assert coord.counts()["sessions"] == 0


def test_another_programmes_bundle_is_refused(coord, tmp_path):
    ours = small_bundle(tmp_path / "ours.jsonl", sessions=2)
    theirs = small_bundle(
        tmp_path / "theirs.jsonl",
        sessions=3,
        programme="SE-2025",
        source=syn.pid("source", "other"),
    )
    import_bundles(coord, [ours])
    before = snapshot(coord)
    with pytest.raises(BundleError, match="programme SE-2025.*holds programme NW-2025"):
        import_bundles(coord, [theirs])
    assert snapshot(coord) == before


def test_one_bad_bundle_stops_the_whole_import(coord, tmp_path):
    good = small_bundle(tmp_path / "good.jsonl", sessions=2)
    other = small_bundle(tmp_path / "other.jsonl", sessions=2, source=syn.pid("x"))
    flip(other, 300)
    with pytest.raises(BundleError):
        import_bundles(coord, [good, other])
    assert coord.counts() == {k: 0 for k in coord.counts()}
    assert coord.programme() is None


def test_missing_file_is_a_user_error(coord, tmp_path):
    with pytest.raises(UserError, match="no bundle at"):
        import_bundles(coord, [tmp_path / "nope.jsonl"])


def test_scrubbed_notes_are_kept_and_replaced_by_a_later_export_without_text(coord, tmp_path):
    with_text = small_bundle(tmp_path / "t.jsonl", sessions=2, include_text=True, notes=True)
    import_bundles(coord, [with_text])
    assert coord.counts()["notes"] == 1
    without = small_bundle(tmp_path / "n.jsonl", sessions=2, stamp=T0 + timedelta(days=1))
    import_bundles(coord, [without])
    assert coord.counts()["notes"] == 0


def test_a_pairs_database_is_never_used_as_the_coordinators(tmp_path):
    pair = tmp_path / "mentor.db"
    open_store(pair).close()
    with pytest.raises(StoreError, match="pair's mentoring database"):
        open_programme(pair)


def test_a_newer_coordinator_database_is_refused_untouched(tmp_path):
    path = tmp_path / "c.db"
    open_programme(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer mentor-tui"):
        open_programme(path)
    assert path.read_bytes() == before


def test_coordinator_database_is_private(tmp_path):
    path = tmp_path / "sub" / "c.db"
    open_programme(path).close()
    assert os.stat(path).st_mode & 0o777 == 0o600
