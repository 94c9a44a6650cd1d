"""Someone forging or replaying bundles (docs/architecture.md's trust model).

They can write any bytes and reuse pseudonyms seen in other bundles. They must never change,
erase or block another pair's data, nor put text or spreadsheet formulas into reports. Every
test here drives the real importer (or the real CLI) on a real coordinator database and
checks that a refusal is one sentence and changes nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from clikit import run
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bench import synthetic as syn
from mentor_tui.coordinator.importer import import_bundles
from mentor_tui.core.errors import UserError
from mentor_tui.share.bundle import BundleWriter
from mentor_tui.store.programme import open_programme

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "coordinator"))
from pairdata import build_pair_db  # noqa: E402

PROGRAMME = "NW-2025"
GENUINE = syn.pid("source", "genuine pair")
OTHER = syn.pid("source", "another pair")
T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
FORGER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


@pytest.fixture
def coord(tmp_path):
    repo = open_programme(tmp_path / "coordinator.db")
    yield repo
    repo.close()


def snapshot(repo) -> list[str]:
    return list(repo.db.conn.iterdump())


def bundle(
    path: Path,
    *,
    source: str = GENUINE,
    sessions: int = 3,
    stamp: datetime | str = T0,
    signer: Ed25519PrivateKey | None = None,
    ids_from: str | None = None,
    include_text: bool = False,
    session_extra: dict | None = None,
    records: list[dict] | None = None,
) -> Path:
    """A bundle of `source`: one mentorship, `sessions` sessions and a goal.

    `ids_from` makes the record ids another source's (a forger reusing seen pseudonyms).
    """
    owner = ids_from or source
    mid = syn.pid("m", owner)
    members = [
        (syn.pid("p", owner, 1), "mentor", "senior faculty", "medicine"),
        (syn.pid("p", owner, 2), "mentee", "trainee", "medicine"),
    ]

    def made():
        yield syn.mentorship_record(mid, members)
        for i in range(sessions):
            record = syn.session_record(syn.pid("s", owner, i), mid, f"2024-W{10 + i:02d}")
            yield {**record, **(session_extra or {})}
        yield syn.goal_record(syn.pid("g", owner), mid, "2024-W10")

    head = syn.header(PROGRAMME, source, stamp, include_text=include_text)
    return syn.write_bundle(path, head, records if records is not None else made(), signer=signer)


def refused(repo, path: Path, match: str) -> str:
    """The import is refused with one sentence that says so, and changes nothing."""
    before = snapshot(repo)
    with pytest.raises(UserError, match=match) as raised:
        import_bundles(repo, [path])
    message = str(raised.value)
    assert "\n" not in message and message.endswith("Nothing was imported."), message
    assert snapshot(repo) == before
    return message


def sessions_of(repo, source: str) -> list[str]:
    return sorted(r["id"] for r in repo.rows("sessions") if r["source"] == source)


# --- 1. signed bundles, pinned keys ----------------------------------------------------


def test_a_forged_source_is_refused_and_the_genuine_pair_is_intact(coord, tmp_path):
    genuine = bundle(tmp_path / "genuine.jsonl", sessions=3)
    first = import_bundles(coord, [genuine])
    assert first.pinned and first.pinned[0][0] == GENUINE
    kept = sessions_of(coord, GENUINE)
    assert len(kept) == 3
    # The attack seen: the pair's source, a later export time, no records at all.
    forged = bundle(
        tmp_path / "forged.jsonl",
        stamp=datetime.now(UTC) + timedelta(hours=1),
        signer=FORGER_KEY,
        records=[],
    )
    message = refused(coord, forged, "signed by another key")
    assert GENUINE in message
    assert sessions_of(coord, GENUINE) == kept
    # Not blocked either: the pair's own later export still counts in full.
    later = bundle(tmp_path / "later.jsonl", sessions=5, stamp=T0 + timedelta(days=7))
    summary = import_bundles(coord, [later])
    assert summary.after["sessions"] - summary.before["sessions"] == 2
    assert len(sessions_of(coord, GENUINE)) == 5


def test_an_export_time_more_than_a_day_ahead_is_refused(coord, tmp_path):
    import_bundles(coord, [bundle(tmp_path / "genuine.jsonl")])
    # Even signed by the pair's own key: it would outrank all their later exports.
    future = bundle(tmp_path / "future.jsonl", stamp="2099-01-01T00:00:00+00:00", records=[])
    refused(coord, future, "more than a day in the future")
    assert len(sessions_of(coord, GENUINE)) == 3


def test_an_unsigned_or_badly_signed_bundle_is_refused(coord, tmp_path):
    path = bundle(tmp_path / "b.jsonl")
    lines = path.read_bytes().splitlines(keepends=True)
    trailer = json.loads(lines[-1])
    unsigned = tmp_path / "unsigned.jsonl"
    plain = {k: trailer[k] for k in ("type", "records", "sha256")}
    unsigned.write_bytes(b"".join(lines[:-1]) + json.dumps(plain).encode() + b"\n")
    refused(coord, unsigned, "not signed")
    bad = tmp_path / "bad.jsonl"
    signature = trailer["signature"]
    flipped = ("0" if signature[0] != "0" else "1") + signature[1:]
    bad.write_bytes(
        b"".join(lines[:-1]) + json.dumps({**trailer, "signature": flipped}).encode() + b"\n"
    )
    refused(coord, bad, "not signed correctly")
    # Records changed and the checksum recomputed, signature kept: still refused.
    resealed = tmp_path / "resealed.jsonl"
    with resealed.open("wb") as out:

        class _KeepSignature(BundleWriter):
            def trailer(self):
                return {**super().trailer(), "signature": trailer["signature"]}

        writer = _KeepSignature(out, syn.source_key(GENUINE))
        for line in lines[:-1]:
            record = json.loads(line)
            if record.get("type") == "goal":
                record["progress"] = 99
            writer.write(record)
        writer.close()
    refused(coord, resealed, "not signed correctly")
    assert coord.counts()["sessions"] == 0


def test_an_enrolled_key_is_pinned_before_the_first_bundle(tmp_path):
    from mentor_tui import paths

    env = dict(os.environ, LANG="C.UTF-8")  # the private data directory of tests/conftest.py
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    pair = tmp_path / "pair.db"
    build_pair_db(pair).repo.close()
    enrolment = tmp_path / "enrol.json"
    made = run(
        "--db",
        str(pair),
        "export",
        "--enrolment",
        str(enrolment),
        "--programme",
        "nw-2025",
        env=env,
    )
    assert made.returncode == 0, made.stderr
    assert os.stat(enrolment).st_mode & 0o777 == 0o600
    data = json.loads(enrolment.read_text())
    assert set(data) == {"format", "version", "programme", "source", "public_key"}
    coord_db = tmp_path / "coordinator.db"
    enrolled = run("coordinator", "--db", str(coord_db), "enrol", str(enrolment), env=env)
    assert enrolled.returncode == 0, enrolled.stderr
    fingerprint = made.stderr.split("fingerprint is ")[1].split(" (")[0]
    assert fingerprint in enrolled.stdout
    # A bundle in the enrolled source's name but signed by someone else: refused on first sight.
    forged = bundle(tmp_path / "forged.jsonl", source=data["source"], signer=FORGER_KEY)
    with open_programme(coord_db) as repo:
        refused(repo, forged, "signed by another key")
    # The pair's real bundle goes in.
    out = tmp_path / "real.jsonl"
    real = run("--db", str(pair), "export", "--anonymized", "--out", str(out), env=env)
    assert real.returncode == 0, real.stderr
    imported = run("coordinator", "--db", str(coord_db), "import", str(out), env=env)
    assert imported.returncode == 0, imported.stderr
    assert "pinned" not in imported.stdout  # enrolled before, nothing new to pin
    assert (paths.data_dir() / "signing.key").stat().st_mode & 0o777 == 0o600


# --- 2. imports never destroy ----------------------------------------------------------


def test_reusing_another_pairs_ids_is_refused_and_theirs_stay(coord, tmp_path):
    import_bundles(coord, [bundle(tmp_path / "genuine.jsonl")])
    before = {r["id"]: dict(r) for r in coord.rows("mentorships")}
    sessions_before = {r["id"]: dict(r) for r in coord.rows("sessions")}
    # Another source (a forger with their own key) reusing the genuine pair's pseudonyms.
    squatter = bundle(
        tmp_path / "squat.jsonl",
        source=OTHER,
        signer=FORGER_KEY,
        ids_from=GENUINE,
        stamp=T0 + timedelta(days=30),
        session_extra={"agenda": "First meeting", "planned_minutes": 999},
    )
    message = refused(coord, squatter, "already belongs to another source")
    assert "squat.jsonl" in message
    assert {r["id"]: dict(r) for r in coord.rows("mentorships")} == before
    assert {r["id"]: dict(r) for r in coord.rows("sessions")} == sessions_before


def test_a_newer_genuine_export_replaces_only_its_own_source(coord, tmp_path):
    import_bundles(
        coord,
        [
            bundle(tmp_path / "a.jsonl", sessions=4),
            bundle(tmp_path / "b.jsonl", source=OTHER, sessions=3),
        ],
    )
    others = sorted(
        (r["id"], r["exported_at"]) for r in coord.rows("sessions") if r["source"] == OTHER
    )
    newer = bundle(tmp_path / "a2.jsonl", sessions=2, stamp=T0 + timedelta(days=7))
    import_bundles(coord, [newer])
    assert len(sessions_of(coord, GENUINE)) == 2  # the pair deleted two sessions
    assert (
        sorted((r["id"], r["exported_at"]) for r in coord.rows("sessions") if r["source"] == OTHER)
        == others
    )


def forget(coord_db: Path, *args: str, answer: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, LANG="C.UTF-8")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return subprocess.run(
        [sys.executable, "-m", "mentor_tui", "coordinator", "--db", str(coord_db), "forget", *args],
        capture_output=True,
        text=True,
        env=env,
        input=answer,
        timeout=120,
    )


def test_forget_removes_only_that_source_after_confirmation_and_is_logged(tmp_path):
    coord_db = tmp_path / "coordinator.db"
    with open_programme(coord_db) as repo:
        import_bundles(
            repo,
            [bundle(tmp_path / "a.jsonl"), bundle(tmp_path / "b.jsonl", source=OTHER, sessions=2)],
        )
        kept = snapshot(repo)
    declined = forget(coord_db, GENUINE, answer="n\n")
    assert declined.returncode == 0 and "Nothing was removed" in declined.stderr
    with open_programme(coord_db) as repo:
        assert snapshot(repo) == kept
    done = forget(coord_db, GENUINE, "--yes")
    assert done.returncode == 0, done.stderr
    with open_programme(coord_db) as repo:
        assert sessions_of(repo, GENUINE) == [] and len(sessions_of(repo, OTHER)) == 2
        assert {r["source"] for r in repo.rows("mentorships")} == {OTHER}
        assert repo.source_key(GENUINE) is None and repo.source_key(OTHER) is not None
        assert [(e["action"], e["source"]) for e in repo.events() if e["action"] == "forget"] == [
            ("forget", GENUINE)
        ]
    unknown = forget(coord_db, syn.pid("nobody"), "--yes")
    assert unknown.returncode == 1 and "no source" in unknown.stderr


# --- 3. labels are keys, CSV cells are never formulas ----------------------------------

FORMULA = "=cmd|' /C calc'!A0"


def skill(topic: str, title: str | None, custom: bool = False) -> dict:
    member = syn.pid("p", GENUINE, 1)
    return {
        "member": member,
        "topic": topic,
        "topic_title": title,
        "custom": custom,
        "before": 1,
        "after": 3,
    }


@pytest.mark.parametrize(
    "extra",
    [
        {"agenda": FORMULA, "agenda_builtin": True},
        {"agenda": FORMULA, "agenda_builtin": False},
        {"agenda": "Regular check-in", "agenda_builtin": False},
        {"skills": [skill(FORMULA, None)]},
        {"skills": [skill("ai-assistants", FORMULA)]},
        {"skills": [skill(FORMULA, None, custom=True)]},
        {"skills": [skill("custom", FORMULA, custom=True)]},
    ],
    ids=[
        "builtin-agenda",
        "own-agenda",
        "own-agenda-as-builtin-name",
        "topic-key",
        "topic-title",
        "custom-topic-key",
        "custom-topic-title",
    ],
)
def test_label_text_in_a_bundle_without_text_is_refused(coord, tmp_path, extra):
    path = bundle(tmp_path / "labels.jsonl", session_extra=extra)
    refused(coord, path, "says it has no text")
    assert coord.counts()["sessions"] == 0


def test_built_in_labels_still_import_without_text(coord, tmp_path):
    extra = {
        "agenda": "Reverse mentoring",
        "skills": [
            skill("ai-assistants", "AI assistants and their limits"),
            skill("custom", None, True),
        ],
    }
    import_bundles(coord, [bundle(tmp_path / "ok.jsonl", session_extra=extra)])
    assert coord.counts()["sessions"] == 3


def test_a_formula_in_a_label_comes_out_of_the_csv_neutralised(coord, tmp_path):
    from mentor_tui.coordinator.aggregate import build_report
    from mentor_tui.coordinator.report import write_csv

    # A bundle with text may carry its own labels; the CSV must still never run them.
    extra = {"skills": [skill("ai-assistants", FORMULA)]}
    path = bundle(tmp_path / "text.jsonl", include_text=True, session_extra=extra)
    import_bundles(coord, [path])
    report = build_report(coord, k=1)
    files = write_csv(report, tmp_path / "csv")
    cells = []
    for file in files:
        import csv

        with file.open(newline="") as handle:
            cells.extend(cell for row in csv.reader(handle) for cell in row)
    assert "'" + FORMULA in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert not [
        c
        for c in cells
        if c.startswith("-") and not c.replace("-", "", 1).replace(".", "", 1).isdigit()
    ]


# --- 4. bounded parsing, and export and import agree -----------------------------------


@pytest.mark.parametrize("depth", [4, 50, 100_000])
def test_deep_json_is_refused_with_one_sentence(coord, tmp_path, depth):
    import_bundles(coord, [bundle(tmp_path / "genuine.jsonl")])
    path = bundle(tmp_path / "b.jsonl", source=OTHER, records=[])
    lines = path.read_bytes().splitlines(keepends=True)
    deep = b'{"type":"mentorship","id":' + b"[" * depth + b"]" * depth + b"}\n"
    path.write_bytes(lines[0] + deep + lines[-1])
    message = refused(coord, path, "nested deeper than any record can be")
    assert "RecursionError" not in message


def test_the_pairs_own_long_agenda_exports_and_imports(coord, tmp_path):
    from pairdata import KEY, Agendaish, Sectionish

    from mentor_tui.share.anonymize import plan_export
    from mentor_tui.share.bundle import MAX_SECTIONS

    pair = build_pair_db(tmp_path / "pair.db")
    kinds = ("notes", "reflection", "action-items")
    long = Agendaish(
        key="marathon",
        name="Marathon",
        sections=tuple(
            Sectionish(f"s{i}", f"Part {i}", 5, kinds[i % 3]) for i in range(MAX_SECTIONS + 10)
        ),
    )
    session = pair.repo.sessions.start(pair.mentorships[0].id, long)
    pair.repo.sessions.end(session.id)
    plan = plan_export(pair.repo, key=KEY, programme=PROGRAMME, signer=FORGER_KEY)
    written = plan.write(tmp_path / "long.jsonl")
    pair.repo.close()
    import_bundles(coord, [written])  # the same pair's whole export goes in
    planned = {}
    for row in coord.rows("sessions"):
        for section in json.loads(row["sections"]):
            planned[section["kind"]] = planned.get(section["kind"], 0) + section["planned"]
        assert len(json.loads(row["sections"])) <= MAX_SECTIONS
    marathon = [
        r for r in coord.rows("sessions") if r["planned_minutes"] == 5 * (MAX_SECTIONS + 10)
    ]
    assert len(marathon) == 1
    assert sum(s["planned"] for s in json.loads(marathon[0]["sections"])) == 5 * (MAX_SECTIONS + 10)
