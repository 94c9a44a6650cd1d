"""Fewer quasi-identifiers: what a bundle (format 3) no longer carries, and what is refused.

Without text a bundle says when it was made to the day only, minutes only as whole minutes,
and a session's sections only as how many of each kind with their minutes, in kind order:
never the sequence of a pair's own agenda, which would fingerprint it.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pairdata import KEY, build_pair_db

from bench import synthetic as syn
from mentor_tui.coordinator.importer import import_bundles
from mentor_tui.core.clock import iso
from mentor_tui.core.models import Mode, SectionRun, Session, SessionStatus
from mentor_tui.share import bundle
from mentor_tui.share.anonymize import plan_export
from mentor_tui.share.bundle import BundleError
from mentor_tui.store.programme import open_programme

# A precise moment: none of its parts below the day may leave.
EXPORTED = datetime(2025, 1, 7, 13, 47, 29, 123456, tzinfo=UTC)
# The pair's own agenda: (key, title, kind, planned minutes, seconds actually spent). The
# kinds repeat and come in no sorted order; the minutes are odd so that a sequence of them
# would be recognisable in the file.
OWN_AGENDA = "Fortnightly ward-round debrief"
OWN_SECTIONS = (
    ("debrief", "Debrief the ward round", "wrap-up", 7, 7 * 60 + 25),
    ("cases", "Two hard cases", "notes", 11, 12 * 60 + 40),
    ("feelings", "How it felt", "reflection", 13, 9 * 60 + 5),
    ("more-cases", "One more case", "notes", 17, 16 * 60 + 50),
    ("next", "Next steps", "action-items", 19, 20 * 60 + 31),
)


@pytest.fixture(scope="module")
def own_pair(tmp_path_factory):
    data = build_pair_db(tmp_path_factory.mktemp("own") / "pair.db")
    start = datetime(2024, 11, 5, 9, 3, 17, tzinfo=UTC)
    session = Session(
        mentorship_id=data.mentorships[1].id,
        agenda_key="ward-round-debrief",
        agenda_name=OWN_AGENDA,
        mode=Mode.IN_PERSON,
        status=SessionStatus.ENDED,
        started_at=iso(start),
        current_section=len(OWN_SECTIONS) - 1,
    )
    clock = start
    for position, (key, title, kind, planned, seconds) in enumerate(OWN_SECTIONS):
        session.sections.append(
            SectionRun(
                key=key, title=title, kind=kind, planned_minutes=planned, position=position,
                started_at=iso(clock), ended_at=iso(clock + timedelta(seconds=seconds)),
                elapsed_seconds=float(seconds),
            )
        )  # fmt: skip
        clock += timedelta(seconds=seconds)
    session.ended_at = iso(clock)
    data.repo.sessions.save(session)
    yield data
    data.repo.close()


def export(pair, include_text: bool = False):
    return plan_export(
        pair.repo,
        key=KEY,
        programme="NW-2025",
        include_text=include_text,
        today=date(2025, 1, 7),
        exported_at=EXPORTED,
    )


def own_session(plan) -> dict:
    total = sum(planned for *_, planned, _ in OWN_SECTIONS)
    found = [
        r for r in plan.records
        if r["type"] == "session" and r["planned_minutes"] == total and not r["agenda_builtin"]
    ]  # fmt: skip
    assert len(found) == 1
    return found[0]


def test_the_export_time_leaves_as_the_day_only(own_pair):
    data = b"".join(export(own_pair).lines())
    header = json.loads(data.splitlines()[0])
    assert header["exported_at"] == "2025-01-07"
    text = data.decode()
    for finer in ("13:47", "T13", "47:29", "123456", "+00:00"):
        assert finer not in text, f"{finer!r} (finer than the day) is in the bundle"


def test_minutes_leave_whole(own_pair):
    plan = export(own_pair)
    sessions = [r for r in plan.records if r["type"] == "session"]
    assert sessions
    for record in sessions:
        assert type(record["planned_minutes"]) is int
        assert type(record["actual_minutes"]) is int
        for section in record["sections"]:
            assert all(type(section[k]) is int for k in ("count", "planned", "actual"))
    # No number with a fraction anywhere in the records (JSON floats are written with a dot).
    records = b"".join(list(plan.lines())[1:-1]).decode()
    assert not re.search(r":-?\d+\.\d", records)


@pytest.mark.parametrize("include_text", [False, True])
def test_a_custom_agenda_leaves_as_counts_by_kind_never_its_sequence(own_pair, include_text):
    plan = export(own_pair, include_text=include_text)
    record = own_session(plan)
    assert record["sections"] == [
        {"kind": "action-items", "count": 1, "planned": 19, "actual": 21},
        {"kind": "notes", "count": 2, "planned": 28, "actual": 30},
        {"kind": "reflection", "count": 1, "planned": 13, "actual": 9},
        {"kind": "wrap-up", "count": 1, "planned": 7, "actual": 7},
    ]
    assert record["actual_minutes"] == round(sum(s for *_, s in OWN_SECTIONS) / 60)
    text = b"".join(plan.lines()).decode()
    for key, title, *_ in OWN_SECTIONS:
        assert f'"{key}"' not in text and title not in text
    if not include_text:
        assert record["agenda"] == "custom" and OWN_AGENDA not in text


def test_what_the_exporter_writes_the_importer_reads(own_pair, tmp_path):
    path = export(own_pair).write(tmp_path / "b.jsonl")
    with open_programme(tmp_path / "c.db") as coord:
        import_bundles(coord, [path])
        rows = list(coord.rows("sessions"))
        stamps = {row["exported_at"] for row in rows}
        assert stamps == {"2025-01-07T00:00:00.000000+00:00"}
        kinds = {row["id"]: [s["kind"] for s in json.loads(row["sections"])] for row in rows}
        assert all(k == sorted(set(k)) for k in kinds.values())


# --- what the importer refuses ----------------------------------------------------------


SOURCE = syn.pid("source", "quasi")


def sealed(path: Path, *, head: dict | None = None, sections: list | None = None, **fields):
    """A one-session bundle, signed correctly, with the given header and session fields."""
    mid = syn.pid("m", "quasi")
    session = syn.session_record(syn.pid("s", "quasi"), mid, "2024-W10")
    if sections is not None:
        session["sections"] = sections
    session.update(fields)
    return syn.write_bundle(
        path,
        head or syn.header("NW-2025", SOURCE, "2025-01-06T00:00:00+00:00"),
        [syn.mentorship_record(mid, [(syn.pid("p", 1), "mentor", "trainee", "medicine")]), session],
    )


def refused(tmp_path: Path, path: Path, match: str) -> str:
    with open_programme(tmp_path / "c.db") as coord:
        before = list(coord.db.conn.iterdump())
        with pytest.raises(BundleError, match=match) as raised:
            import_bundles(coord, [path])
        assert list(coord.db.conn.iterdump()) == before
    return str(raised.value)


def test_a_sequence_of_sections_is_refused(tmp_path):
    """Switched off (_sections_in_kind_order always True), the sequence is imported."""
    path = sealed(
        tmp_path / "b.jsonl",
        sections=[
            {"kind": "wrap-up", "count": 1, "planned": 7, "actual": 7},
            {"kind": "notes", "count": 1, "planned": 11, "actual": 12},
            {"kind": "notes", "count": 1, "planned": 17, "actual": 16},
        ],
    )
    refused(tmp_path, path, "one entry per kind, in kind order")


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"actual_minutes": 47.5}, "actual_minutes"),
        ({"planned_minutes": 30.0}, "planned_minutes"),
        ({"sections": [{"kind": "notes", "count": 1, "planned": 30, "actual": 4.2}]}, "actual"),
        ({"sections": [{"kind": "notes", "count": 0, "planned": 30, "actual": 4}]}, "count"),
        ({"sections": [{"kind": "notes", "planned": 30, "actual": 30}]}, "without count"),
    ],
)
def test_minutes_finer_than_whole_are_refused(tmp_path, fields, bad):
    refused(tmp_path, sealed(tmp_path / "b.jsonl", **fields), bad)


@pytest.mark.parametrize(
    "stamp", ["2025-01-06T09:00:00.000000+00:00", "2025-01-06T09:00", "2025-1-6", "06/01/2025"]
)
def test_an_export_time_finer_than_the_day_is_refused(tmp_path, stamp):
    head = {**syn.header("NW-2025", SOURCE, "2025-01-06T00:00:00+00:00"), "exported_at": stamp}
    refused(tmp_path, sealed(tmp_path / "b.jsonl", head=head), "valid export day")


def test_a_format_2_bundle_is_refused_in_one_sentence_naming_it(tmp_path):
    head = {**syn.header("NW-2025", SOURCE, "2025-01-06T00:00:00+00:00"), "version": 2}
    message = refused(tmp_path, sealed(tmp_path / "b.jsonl", head=head), "format 2")
    assert message.count(". ") <= 1 and "upgrade" in message
    assert bundle.VERSION == 3


# --- the risk that remains, in plain words -------------------------------------------------


@pytest.mark.parametrize("include_text", [False, True])
def test_the_plan_states_the_remaining_risk(own_pair, include_text):
    words = " ".join(export(own_pair, include_text=include_text).risk())
    assert "pseudonymised personal data, not anonymous" in words
    assert "programme" in words and "career stage" in words and "may still recognise" in words
    assert ("Scrubbed text" in words) is include_text
