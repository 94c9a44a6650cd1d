"""The pair's side: what leaves in a bundle, and what never does."""

from __future__ import annotations

import json
import os
import re
import stat
from datetime import date

import pytest
from pairdata import (
    CUSTOM_AGENDA,
    KEY,
    NAME_WORDS,
    OTHER_KEY,
    PHONES,
    PLAIN_WORDS,
    PRIVATE_NOTES,
    SECRETS,
    SHARED_NOTES,
    digits,
)

from mentor_tui.core.errors import UserError
from mentor_tui.share import bundle
from mentor_tui.share.anonymize import (
    PROGRAMME_SETTING,
    export_plan_for,
    key_path,
    plan_export,
)
from mentor_tui.share.coarsen import career_stage_group, specialty_group, week_month
from mentor_tui.share.keys import load_or_create_key

TODAY = date(2025, 1, 15)


def export(pair, *, include_text: bool, key: bytes = KEY):
    return plan_export(
        pair.repo, key=key, programme="nw-2025", include_text=include_text, today=TODAY
    )


def bundle_bytes(plan) -> bytes:
    return b"".join(plan.lines())


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from strings_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings_in(v)


def assert_nothing_identifying(data: bytes) -> None:
    text = data.decode("utf-8")
    lowered = text.lower()
    for secret in SECRETS:
        assert secret.lower() not in lowered, f"{secret!r} leaked"
    for word in NAME_WORDS:
        assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE), word
    records = [json.loads(line) for line in data.splitlines()]
    phone_digits = [digits(p)[-9:] for p in PHONES]
    for value in (s for r in records for s in strings_in(r)):
        for phone in phone_digits:
            assert phone not in digits(value), f"a phone number leaked in {value!r}"
        assert "00123456" not in value and "4765919" not in digits(value)


@pytest.mark.parametrize("include_text", [False, True])
def test_no_name_email_phone_or_note_text_leaves(pair, include_text):
    data = bundle_bytes(export(pair, include_text=include_text))
    assert_nothing_identifying(data)
    for note in PRIVATE_NOTES:
        for word in note.split():
            if word.isupper() and len(word) > 8:
                assert word not in data.decode()


def test_without_text_no_free_text_at_all(pair):
    plan = export(pair, include_text=False)
    text = bundle_bytes(plan).decode()
    for plain in PLAIN_WORDS:
        assert plain not in text
    for record in plan.records:
        assert record["type"] != "note"
        assert "text" not in record and "title" not in record
        for rating in record.get("ratings", []):
            assert "word" not in rating
    agendas = {r["agenda"] for r in plan.records if r["type"] == "session"}
    assert "custom" in agendas and CUSTOM_AGENDA not in agendas


def test_with_text_the_text_is_there_only_scrubbed(pair):
    plan = export(pair, include_text=True)
    notes = [r["text"] for r in plan.records if r["type"] == "note"]
    # Every shared note that was written leaves, scrubbed; no private one does.
    assert len(notes) == sum(len(pair.repo.notes.for_session(s)) for s in pair.session_ids)
    joined = "\n".join(notes)
    for plain in PLAIN_WORDS:
        assert plain in joined
    for placeholder in ("[NAME]", "[EMAIL]", "[PHONE]", "[URL]", "[DATE]", "[ID]"):
        assert placeholder in joined, placeholder
    titles = [r["title"] for r in plan.records if r["type"] == "goal"]
    assert "Submit the R01 with [NAME]" in titles
    texts = [r["text"] for r in plan.records if r["type"] == "action"]
    assert "Email [EMAIL] the draft" in texts
    words = [x.get("word") for r in plan.records if r["type"] == "session" for x in r["ratings"]]
    assert "[NAME] was brilliant" in words
    agendas = {r["agenda"] for r in plan.records if r["type"] == "session"}
    assert "[NAME] and [NAME] weekly catch-up" in agendas
    assert bundle_bytes(plan).decode().count("PRIVATE-") == 0


def test_private_notes_are_not_even_counted(pair):
    plan = export(pair, include_text=False)
    shared = {s: len(pair.repo.notes.for_session(s)) for s in pair.session_ids}
    assert sorted(r["notes"] for r in plan.records if r["type"] == "session") == sorted(
        shared.values()
    )


def test_pseudonyms_are_stable_across_exports_and_differ_under_another_key(pair):
    def ids(plan):
        found = set()
        for record in plan.records:
            for name in ("id", "mentorship", "session", "member"):
                if isinstance(record.get(name), str):
                    found.add(record[name])
            for member in record.get("members", []):
                found.add(member["id"])
        return found

    first, again = export(pair, include_text=False), export(pair, include_text=True)
    other = export(pair, include_text=False, key=OTHER_KEY)
    assert ids(first) and ids(first) <= ids(again)
    assert first.header["source"] == again.header["source"]
    assert not ids(first) & ids(other)
    assert first.header["source"] != other.header["source"]
    raw_ids = {m.id for m in pair.mentorships} | set(pair.session_ids)
    assert not raw_ids & ids(first)
    for pseudonym in ids(first):
        assert re.fullmatch(r"[0-9a-f]{20}", pseudonym)


def test_attributes_are_coarsened_and_dates_are_weeks(pair):
    plan = export(pair, include_text=False)
    members = [m for r in plan.records if r["type"] == "mentorship" for m in r["members"]]
    assert {m["career_stage"] for m in members} == {
        "trainee",
        "consultant / attending",
        "early-career faculty",
        "senior faculty",
    }
    assert {m["specialty"] for m in members} == {
        "medicine",
        "paediatrics",
        "surgery",
        "acute & critical care",
    }
    # The header's export day is the one date in the file (test_quasi_identifiers.py).
    text = "".join(bundle_bytes(plan).decode().splitlines(keepends=True)[1:])
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    weeks = {r["week"] for r in plan.records if r["type"] == "session"}
    assert all(re.fullmatch(r"\d{4}-W\d{2}", w) for w in weeks)


def test_every_record_passes_the_importers_checks(pair, tmp_path):
    for include_text in (False, True):
        path = export(pair, include_text=include_text).write(tmp_path / "b.jsonl")
        header = bundle.scan(path)
        assert header.programme == "NW-2025"
        assert header.include_text is include_text
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_written_file_is_exactly_the_preview(pair, tmp_path):
    plan = export(pair, include_text=True)
    path = plan.write(tmp_path / "bundle.jsonl")
    assert path.read_bytes() == bundle_bytes(plan)
    assert not list(tmp_path.glob(".*.part"))
    summary = "\n".join(plan.describe())
    assert "NW-2025" in summary and "scrubbed" in summary and "[NAME]" in summary
    assert "No free text leaves" in "\n".join(export(pair, include_text=False).describe())


def test_the_key_is_private_made_once_and_never_exported(pair):
    plan = export_plan_for(pair.repo, programme="nw-2025", include_text=True, remember=False)
    path = key_path()
    key = path.read_bytes()
    assert len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == key
    data = bundle_bytes(plan)
    assert key.hex().encode() not in data and key not in data
    again = export_plan_for(pair.repo, programme="nw-2025", include_text=False, remember=False)
    assert again.records[0]["id"] == plan.records[0]["id"]


def test_a_damaged_key_is_refused(tmp_path):
    path = tmp_path / "anonymization.key"
    path.write_bytes(b"short")
    with pytest.raises(UserError, match="damaged"):
        load_or_create_key(path)


def test_programme_code_is_remembered_and_required(pair):
    pair.repo.set_setting(PROGRAMME_SETTING, "")
    with pytest.raises(UserError, match="--programme"):
        export_plan_for(pair.repo, programme=None, include_text=False, remember=True)
    export_plan_for(pair.repo, programme="nw-2025", include_text=False, remember=True)
    assert pair.repo.get_setting(PROGRAMME_SETTING) == "NW-2025"
    plan = export_plan_for(pair.repo, programme=None, include_text=False, remember=True)
    assert plan.programme == "NW-2025"
    with pytest.raises(UserError, match="programme code"):
        export_plan_for(pair.repo, programme="no spaces!", include_text=False, remember=True)


def test_goals_actions_ratings_and_skills_are_summarised(pair):
    plan = export(pair, include_text=False)
    goals = [r for r in plan.records if r["type"] == "goal"]
    assert {g["category"] for g in goals} == {"grants", "leadership", "digital"}
    assert any(g["reverse"] for g in goals)
    assert {g["status"] for g in goals} >= {"in-progress"}
    actions = [r for r in plan.records if r["type"] == "action"]
    assert sum(a["done"] for a in actions) == 3
    assert sum(a["overdue"] for a in actions) == 3
    skills = [s for r in plan.records if r["type"] == "session" for s in r["skills"]]
    assert {(s["topic"], s["custom"]) for s in skills} == {
        ("ai-assistants", False),
        ("custom", True),
    }
    assert all(s["topic_title"] is None for s in skills if s["custom"])
    ratings = [x for r in plan.records if r["type"] == "session" for x in r["ratings"]]
    assert {x["role"] for x in ratings} == {"mentor", "mentee"}


def test_coarsening_tables():
    assert career_stage_group("ST4 registrar") == "trainee"
    assert career_stage_group("Senior Lecturer in Surgery") == "mid-career faculty"
    assert career_stage_group("Assistant Professor") == "early-career faculty"
    assert career_stage_group("Professor of Medicine") == "senior faculty"
    assert career_stage_group("PGY-3 resident") == "trainee"
    assert career_stage_group("Physician assistant") == "nursing / allied health"
    assert career_stage_group("Astronaut") == "other"
    assert career_stage_group(None) == "other"
    assert specialty_group("Interventional cardiology") == "medicine"
    assert specialty_group("Paediatric surgery") == "surgery"
    assert specialty_group("Anaesthetics") == "acute & critical care"
    assert specialty_group("Underwater basket weaving") == "other"
    assert week_month("2025-W01") == "2025-01"
    assert week_month("2026-W01") == "2026-01"  # Thursday 1 January 2026
    assert week_month("2024-W01") == "2024-01"
    assert week_month("2020-W53") == "2020-12"


def test_nothing_in_the_bundle_names_the_database_file(pair):
    text = bundle_bytes(export(pair, include_text=True)).decode()
    assert str(pair.path) not in text and os.path.basename(pair.path) not in text
    assert "SHARED" not in text
    for note in SHARED_NOTES:
        assert note not in text


def test_a_save_during_the_export_cannot_slip_a_name_past_the_scrubber(pair):
    """The partner's app adds a person, and a shared note naming them, while the bundle is
    read: between its read of the people (whose names the scrubber removes) and of the
    mentorships (SQLite's own statement trace says when). Switched off: the reads in one
    snapshot (store/database.py snapshot); the note then left with the name in clear."""
    from mentor_tui.core.models import Person
    from mentor_tui.core.notes import Note
    from mentor_tui.store import open_store

    first = pair.repo.notes.for_session(pair.session_ids[0])[0]
    partner = open_store(pair.repo.path)
    wrote = []

    def between_reads(statement: str) -> None:
        if "mentorships" in statement and not wrote:
            partner.people.add(Person("Quillon Vandersteen"))
            wrote.append(partner.notes.save(Note(
                first.session_id, first.section_key, first.author_id,
                body="Quillon Vandersteen will co-author the review",
            )))

    pair.repo.db.conn.set_trace_callback(between_reads)
    try:
        plan = export(pair, include_text=True)
    finally:
        pair.repo.db.conn.set_trace_callback(None)
        partner.close()
    assert wrote  # the partner's save did land in the middle of the export
    assert "Vandersteen" not in bundle_bytes(plan).decode("utf-8")
