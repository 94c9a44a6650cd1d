"""A streamed import writes as it reads, yet a bundle that fails at its end changes nothing.

The importer reads a bundle line by line and writes its rows in batches inside one
transaction; the checksum and signature are known only at the trailer. These bundles are
large enough that several batches are written before the failure shows, and the
coordinator database must still be unchanged to the last row (the transaction is rolled
back). With the import committing each batch instead (repo.write() around each flush), the
truncation and forgery cases here fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import synthetic as syn
from mentor_tui.coordinator.importer import import_bundles
from mentor_tui.share import bundle
from mentor_tui.share.bundle import BundleError
from mentor_tui.store.programme import open_programme
from mentor_tui.store.programme.repo import BATCH
from mentor_tui.store.programme.schema import TABLES

# 100 mentorships of 48 sessions: about 10,000 records, several batches.
LARGE = syn.Programme(programme="NW-2025", mentorships=100, sessions=100 * 48, sources=1, seed=5)
OTHER = syn.Programme(programme="NW-2025", mentorships=3, sessions=9, sources=1, seed=6)
STAMP = "2025-01-06T00:00:00+00:00"


def write(programme: syn.Programme, path: Path, signer=None) -> Path:
    head = syn.header("NW-2025", programme.source_id(0), STAMP)
    return syn.write_bundle(path, head, programme.records(0), signer=signer)


@pytest.fixture
def coord(tmp_path):
    """A coordinator database already holding another pair's bundle and LARGE's pinned key."""
    repo = open_programme(tmp_path / "coordinator.db")
    import_bundles(repo, [write(OTHER, tmp_path / "other.jsonl")])
    with repo.write():
        repo.pin_key(LARGE.source_id(0), bundle.public_key_hex(syn.source_key(LARGE.source_id(0))),
                     "enrolment")  # fmt: skip
    yield repo
    repo.close()


def dump(repo) -> list[str]:
    return list(repo.db.conn.iterdump())


def rows(repo) -> int:
    counts = repo.counts()
    return sum(counts[table] for table in TABLES)


def refused_after_writing(repo, path: Path, match: str) -> None:
    """The import fails with `match`, after rows were written, and leaves nothing behind."""
    before = dump(repo)
    start = rows(repo)
    seen: list[int] = []

    def progress(_done: int, _total: int, _records: int) -> None:
        # The importer's own connection, inside its transaction: the rows written so far.
        seen.append(rows(repo) - start)

    with pytest.raises(BundleError, match=match) as raised:
        import_bundles(repo, [path], progress=progress)
    assert "\n" not in str(raised.value) and "Nothing was imported" in str(raised.value)
    assert max(seen) >= BATCH, "the failure came before any batch was written"
    assert dump(repo) == before


def test_the_large_bundle_imports_in_several_batches(coord, tmp_path):
    summary = import_bundles(coord, [write(LARGE, tmp_path / "large.jsonl")])
    assert summary.records > 2 * BATCH
    assert summary.after["sessions"] - summary.before["sessions"] == 100 * 48


@pytest.mark.parametrize("cut", ["trailer", "mid-line", "last-record"])
def test_a_truncated_bundle_changes_nothing(coord, tmp_path, cut):
    data = write(LARGE, tmp_path / "large.jsonl").read_bytes()
    lines = data.splitlines(keepends=True)
    shorter = {
        "trailer": b"".join(lines[:-1]),
        "mid-line": b"".join(lines[:-3]) + lines[-3][: len(lines[-3]) // 2],
        "last-record": b"".join(lines[:-2]) + lines[-1],
    }[cut]
    path = tmp_path / "cut.jsonl"
    path.write_bytes(shorter)
    refused_after_writing(coord, path, "ends before its trailer|damaged|changed after")


def test_a_record_changed_near_the_end_changes_nothing(coord, tmp_path):
    lines = write(LARGE, tmp_path / "large.jsonl").read_bytes().splitlines(keepends=True)
    record = json.loads(lines[-2])
    record["done"] = not record["done"] if "done" in record else record.get("done")
    record["overdue"] = False
    lines[-2] = bundle.dumps(record)
    path = tmp_path / "changed.jsonl"
    path.write_bytes(b"".join(lines))
    refused_after_writing(coord, path, "changed after it was exported")


def test_a_forged_bundle_for_a_pinned_source_changes_nothing(coord, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    forged = write(LARGE, tmp_path / "forged.jsonl", signer=Ed25519PrivateKey.generate())
    refused_after_writing(coord, forged, "signed by another key")


def test_a_mentorship_repeated_far_from_its_first_appearance_is_refused(coord, tmp_path):
    """Duplicates are found through the importer's TEMP table, not a set of every id."""
    records = list(LARGE.records(0))
    first = records[0]
    assert first["type"] == "mentorship"
    path = syn.write_bundle(
        tmp_path / "twice.jsonl",
        syn.header("NW-2025", LARGE.source_id(0), STAMP),
        [*records, {**first, "status": "closed"}],
    )
    refused_after_writing(coord, path, "a mentorship that appears twice")


def test_the_same_bundle_twice_in_one_import_is_not_a_duplicate(coord, tmp_path):
    path = write(OTHER, tmp_path / "again.jsonl")
    summary = import_bundles(coord, [path, path])
    assert summary.files == 2 and summary.new_bundles == 0


def test_a_mentorship_with_more_sessions_than_any_can_have_is_refused(coord, tmp_path, monkeypatch):
    # The real limit is 100,000 sessions; a smaller one keeps the test quick.
    monkeypatch.setattr(bundle, "MAX_SESSIONS_PER_MENTORSHIP", 30)
    before = dump(coord)
    with pytest.raises(BundleError, match="more than 30 sessions in one mentorship"):
        import_bundles(coord, [write(LARGE, tmp_path / "large.jsonl")])
    assert dump(coord) == before
