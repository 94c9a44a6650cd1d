"""Coordinator bundle import of anything: every bundle goes in, or one clear UserError and
the coordinator's database is unchanged to the last row."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor_tui.core.errors import UserError

syn = pytest.importorskip("bench.synthetic")
importer = pytest.importorskip("mentor_tui.coordinator.importer")
programme_store = pytest.importorskip("mentor_tui.store.programme")
bundle = pytest.importorskip("mentor_tui.share.bundle")

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_FOLDER = tempfile.TemporaryDirectory(prefix="hostile-bundles-")
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**64), 2**64), st.floats(), st.text(max_size=20),
    st.sampled_from(["2024-W10", "2024-W53", "2024-W00", "mentor", "active", "", "NW-2025"]),
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def base_lines() -> list[bytes]:
    programme = syn.Programme(programme="NW-2025", mentorships=3, sessions=8, sources=1, seed=3)
    path = Path(_FOLDER.name) / "base.jsonl"
    syn.write_bundle(
        path, syn.header("NW-2025", programme.source_id(0), "2025-01-06T09:00:00+00:00"),
        programme.records(0),
    )
    return path.read_bytes().splitlines(keepends=True)


BASE = base_lines()


@pytest.fixture(scope="module")
def coord(tmp_path_factory):
    repo = programme_store.open_programme(tmp_path_factory.mktemp("coord") / "coordinator.db")
    yield repo
    repo.close()


def snapshot(repo) -> list[str]:
    return list(repo.db.conn.iterdump())


def check_import(repo, data: bytes) -> bool:
    """The property: imported (and a second time changes nothing), or refused, unchanged."""
    path = Path(_FOLDER.name) / "hostile.jsonl"
    path.write_bytes(data)
    before = snapshot(repo)
    try:
        importer.import_bundles(repo, [path])
    except UserError as exc:
        assert str(exc) and "\n" not in str(exc), str(exc)
        assert snapshot(repo) == before, "a refused bundle changed the coordinator database"
        return False
    after = snapshot(repo)
    again = importer.import_bundles(repo, [path])
    assert again.new_bundles == 0
    assert snapshot(repo) == after, "importing the same bundle twice changed something"
    return True


def rewrite(records: list[dict]) -> bytes:
    """Header and records signed again with a correct trailer, so checks past the checksum run."""
    path = Path(_FOLDER.name) / "resigned.jsonl"
    with path.open("wb") as out:
        # The genuine pair's key: checks past the signature run too.
        writer = bundle.BundleWriter(out, syn.source_key(json.loads(BASE[0])["source"]))
        for record in records:
            writer.write(record)
        writer.close()
    return path.read_bytes()


def test_the_unchanged_bundle_imports(coord) -> None:
    assert check_import(coord, b"".join(BASE))


@SETTINGS
@given(st.binary(max_size=600))
def test_arbitrary_bytes(coord, data: bytes) -> None:
    check_import(coord, data)


@st.composite
def damaged_lines(draw) -> bytes:
    """The bundle as a disk, a mail client or an editor might leave it."""
    lines = list(BASE)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "dup", "swap", "cut", "garbage", "crlf"]))
        if action == "drop" and len(lines) > 1:
            del lines[at]
        elif action == "dup":
            lines.insert(at, lines[at])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "cut":
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
        elif action == "garbage":
            lines.insert(at, draw(st.binary(max_size=40)))
        else:
            lines[at] = lines[at].replace(b"\n", b"\r\n")
    return b"".join(lines)


@SETTINGS
@given(damaged_lines())
def test_damaged_lines(coord, data: bytes) -> None:
    check_import(coord, data)


@st.composite
def edited_records(draw) -> bytes:
    """Records edited by hand or by a script, then signed again so the checksum holds."""
    records = [json.loads(line) for line in BASE[:-1]]
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(records) - 1))
        record = records[index]
        if not isinstance(record, dict) or not record:
            continue
        key = draw(st.sampled_from(sorted(record)))
        action = draw(st.sampled_from(["value", "drop", "add", "nested"]))
        if action == "value":
            record[key] = draw(_JSON)
        elif action == "drop":
            del record[key]
        elif action == "add":
            record[draw(st.text(max_size=8))] = draw(_JSON)
        else:
            value = record.get(key)
            if isinstance(value, list) and value and isinstance(value[0], dict):
                inner = value[draw(st.integers(0, len(value) - 1))]
                if inner:
                    inner[draw(st.sampled_from(sorted(inner)))] = draw(_JSON)
    return rewrite(records)


@SETTINGS
@given(edited_records())
def test_edited_and_resigned_records(coord, data: bytes) -> None:
    check_import(coord, data)


@pytest.mark.parametrize(("field", "value"), [("ratings", "role"), ("sections", "kind")])
def test_a_list_where_a_word_belongs_is_a_bundle_error(tmp_path, field, value) -> None:
    records = [json.loads(line) for line in BASE[:-1]]
    session = next(r for r in records if r.get("type") == "session" and r.get(field))
    session[field][0][value] = ["mentor"]
    path = tmp_path / "listy.jsonl"
    path.write_bytes(rewrite(records))
    repo = programme_store.open_programme(tmp_path / "coordinator.db")
    try:
        with pytest.raises(UserError):
            importer.import_bundles(repo, [path])
    finally:
        repo.close()
