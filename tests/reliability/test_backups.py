"""Automatic backups and `data restore`: only this database's backups, never a half-written
one, and a restore that fails or runs twice loses nothing (real files, real SQLite)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from mentor_tui.core.models import Person
from mentor_tui.store import database, open_store, restore_backup

ROOT = Path(__file__).resolve().parents[2]


def people(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT display_name FROM people"))
    finally:
        conn.close()


def backup_of(path: Path, name: str, *, padding: int = 0, age: float = 0) -> Path:
    """A database at `path` holding `name`, and one backup of it `age` seconds old."""
    with open_store(path) as repo:
        repo.people.add(Person(name))
        if padding:
            repo.set_setting("padding", "x" * padding)
        taken = database.take_backup(repo.db.conn, path, "daily")
    if age:
        old = time.time() - age
        os.utime(taken, (old, old))
    return taken


def test_restore_and_pruning_see_only_this_databases_backups(tmp_path):
    """Switched off: list_backups' glob `{stem}.*.db`, which for pair.db also matched
    pair.old.db's backups (pair.old.<stamp>.daily.db): restore brought back the other
    database, and pruning or --replace-plain removed its backups."""
    mine, other = tmp_path / "pair.db", tmp_path / "pair.old.db"
    my_backup = backup_of(mine, "Mine", age=3600)
    other_backup = backup_of(other, "Other")  # newer than mine
    assert database.list_backups(mine) == [my_backup]
    assert database.list_backups(other) == [other_backup]
    mine.write_bytes(b"damaged " * 1000)
    assert restore_backup(mine) == my_backup
    assert people(mine) == ["Mine"]


FULL_DISK_CHILD = textwrap.dedent(
    """
    import json, resource, signal, sqlite3, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[3])
    from mentor_tui.core.errors import UserError
    from mentor_tui.store import database, restore_backup
    path = Path(sys.argv[2])
    # Past the limit a write fails with EFBIG (as on a full disk), not with SIGXFSZ.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
    try:
        if sys.argv[1] == "backup":
            conn = sqlite3.connect(path)
            database.take_backup(conn, path, "daily")
        else:
            restore_backup(path)
        print(json.dumps({"done": "yes"}))
    except UserError as exc:
        print(json.dumps({"error": str(exc)}))
    except Exception as exc:
        print(json.dumps({"crash": repr(exc)}))
    """
)


def on_a_full_disk(step: str, path: Path) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK_CHILD, step, str(path), str(ROOT)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    said: dict[str, str] = json.loads(done.stdout)
    return said


def test_a_backup_cut_short_leaves_nothing_restore_could_pick(tmp_path):
    """Switched off: take_backup writing straight into its final name; a backup cut short
    (here a full disk, RLIMIT_FSIZE) stayed as the newest backup, a truncated file that
    `data restore` then put in place of the database, and that counted as today's backup."""
    path = tmp_path / "pair.db"
    good = backup_of(path, "Kept", age=3 * 86400)
    with open_store(path) as repo:
        repo.set_setting("padding", "x" * 400_000)  # the next backup outgrows the limit
    said = on_a_full_disk("backup", path)
    folder = database.backups_dir(path)
    assert said["error"].startswith(f"Writing to {folder} failed: the disk may be full"), said
    assert sorted(p.name for p in folder.iterdir()) == [good.name]
    path.write_bytes(b"damaged " * 1000)
    assert restore_backup(path) == good
    assert people(path) == ["Kept"]


def test_a_restore_on_a_full_disk_leaves_the_database_where_it_was(tmp_path):
    """Switched off: restore renaming the damaged file away before writing the copy; when
    the copy failed (a full disk) there was no database at the path at all, and the next
    start made an empty one there."""
    path = tmp_path / "pair.db"
    backup_of(path, "Kept", padding=400_000)
    path.write_bytes(b"damaged " * 1000)
    said = on_a_full_disk("restore", path)
    assert said["error"].startswith(f"The disk holding {tmp_path} is full"), said
    assert path.read_bytes() == b"damaged " * 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "pair.db"]


CRASHED_WRITER = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, sys.argv[3])
    from mentor_tui.core.models import Person
    from mentor_tui.store import open_store
    repo = open_store(sys.argv[1])
    repo.db.execute("PRAGMA wal_autocheckpoint = 0")
    repo.people.add(Person(sys.argv[2]))
    os._exit(0)  # a crash: the newest commit is in the -wal file only
    """
)


def test_each_kept_copy_keeps_its_own_newest_commits(tmp_path):
    """Switched off: restore renaming the -wal file to `pair.db-wal.damaged`, apart from the
    kept copy (so opening the copy lost its newest commits) and overwritten by the next
    restore."""
    path = tmp_path / "pair.db"
    backup_of(path, "Kept")
    for newest in ("First", "Second"):
        subprocess.run(
            [sys.executable, "-c", CRASHED_WRITER, str(path), newest, str(ROOT)],
            check=True, timeout=120,
        )
        assert path.with_name("pair.db-wal").stat().st_size > 0
        restore_backup(path)
        assert people(path) == ["Kept"]
    kept = sorted(p for p in tmp_path.glob("pair.db.damaged-*") if not p.name.endswith(("-wal", "-shm")))
    assert [people(copy) for copy in kept] == [["First", "Kept"], ["Kept", "Second"]]
