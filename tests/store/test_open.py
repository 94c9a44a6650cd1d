"""Opening databases: permissions, pragmas, refusal of newer and damaged files, backups."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import time

import pytest

from mentor_tui.core.errors import StoreError
from mentor_tui.core.models import Person
from mentor_tui.store import database, open_store, restore_backup, schema


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_private_and_in_wal(tmp_path):
    path = tmp_path / "new" / "deeper" / "mentor.db"
    old = os.umask(0o022)
    try:
        repo = open_store(path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert repo.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert repo.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert repo.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert repo.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert repo.db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    repo.people.add(Person("Someone"))
    wal = path.with_name(path.name + "-wal")
    assert stat.S_IMODE(wal.stat().st_mode) == 0o600
    repo.close()


def test_newer_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert "newer mentor-tui" in caught.value.message
    assert "\n" not in caught.value.message
    assert digest(path) == before
    assert not path.with_name("future.db-wal").exists()


def test_garbage_file_gives_clear_message_and_is_not_changed(tmp_path):
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database at all" * 200)
    before = digest(path)
    with pytest.raises(StoreError) as caught:
        open_store(path)
    # Never ours and nothing to restore: `data restore` would only say there is no backup.
    assert "is not a mentor-tui database" in caught.value.message
    assert "data restore" not in caught.value.message
    assert digest(path) == before


def test_corrupted_pages_fail_the_integrity_check(tmp_path):
    path = tmp_path / "mentor.db"
    repo = open_store(path)
    for i in range(300):
        repo.people.add(Person(f"Person {i}", email=f"p{i}@example.org"))
    root = repo.db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'people'").fetchone()[0]
    size = repo.db.execute("PRAGMA page_size").fetchone()[0]
    repo.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    repo.close()
    data = bytearray(path.read_bytes())
    # Scribble over the people table's root page, past its header.
    start = (root - 1) * size
    data[start + 12 : start + size] = b"\xff" * (size - 12)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert "damaged" in caught.value.message


OLD_MIGRATIONS_TABLE = (
    "CREATE TABLE _sqlite_migrations "
    "(id INTEGER PRIMARY KEY, migration_set TEXT, name TEXT, applied_at TEXT)"
)


def test_migration_takes_a_private_backup_first(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    # Ours, from before any migration ran (a file with only someone else's tables is refused).
    conn.execute(OLD_MIGRATIONS_TABLE)
    conn.execute("CREATE TABLE leftovers (x)")
    conn.execute("INSERT INTO leftovers VALUES (42)")
    conn.commit()
    conn.close()
    repo = open_store(path)
    backups = database.list_backups(path)
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT x FROM leftovers").fetchone() == (42,)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 0
    copy.close()
    assert repo.db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    repo.close()


def test_restore_brings_back_the_backup_and_keeps_the_damaged_file(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    # Ours, from before any migration ran (a file with only someone else's tables is refused).
    conn.execute(OLD_MIGRATIONS_TABLE)
    conn.execute("CREATE TABLE leftovers (x)")
    conn.commit()
    conn.close()
    open_store(path).close()
    path.write_bytes(b"garbage" * 1000)
    restored_from = restore_backup(path)
    assert restored_from in database.list_backups(path)
    assert list(tmp_path.glob("old.db.damaged-*"))
    repo = open_store(path)  # the backup is the pre-migration copy: it migrates again
    assert "leftovers" in repo.db.full.table_names()
    repo.close()


def test_read_only_database_opens_for_reading_and_refuses_writes(tmp_path):
    path = tmp_path / "ro.db"
    repo = open_store(path)
    repo.people.add(Person("Keeper"))
    repo.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    repo.close()
    os.chmod(path, 0o400)
    if os.access(path, os.W_OK):
        pytest.skip("running as a user who can write to read-only files")
    repo = open_store(path)
    assert [p.display_name for p in repo.people.list()] == ["Keeper"]
    with pytest.raises(StoreError) as caught:
        repo.people.add(Person("Lost"))
    assert "read-only" in caught.value.message
    repo.close()


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(StoreError):
        open_store(tmp_path)


def test_daily_backup_is_taken_once_a_day_and_keeps_a_week(tmp_path):
    path = tmp_path / "mentor.db"
    repo = open_store(path)
    repo.people.add(Person("Kept"))
    first = database.backup_if_due(repo.db.conn, path)
    assert first is not None and stat.S_IMODE(first.stat().st_mode) == 0o600
    assert database.backup_if_due(repo.db.conn, path) is None  # not a day old yet
    for day in range(10):
        old = time.time() - (10 - day) * 86400
        for backup in database.list_backups(path):
            os.utime(backup, (old, old))
        assert database.backup_if_due(repo.db.conn, path) is not None
    assert len(database.list_backups(path)) == database.DAILY_KEEP
    copy = sqlite3.connect(database.list_backups(path)[-1])
    assert copy.execute("SELECT display_name FROM people").fetchall() == [("Kept",)]
    copy.close()
    repo.close()
