"""The coordinator's own database: `open_programme(path)` returns a ProgrammeRepo.

Opened with the same care as a pair's database (created 0600, WAL, FULL sync, a newer or
damaged file refused untouched, a backup before migrating), and it refuses to open a
pair's mentoring database: the coordinator's figures never mix with anyone's notes.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from mentor_tui.core.errors import StoreError
from mentor_tui.store import database
from mentor_tui.store.programme import schema
from mentor_tui.store.programme.repo import TOTAL, ImportBatch, ProgrammeRepo

__all__ = ["TOTAL", "ImportBatch", "ProgrammeRepo", "open_programme"]


def _looks_like_pair_db(path: Path) -> bool:
    uri = f"file:{path.as_posix()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    return any(t in names for t in schema.PAIR_TABLES)


def open_programme(path: str | os.PathLike[str], *, create: bool = True) -> ProgrammeRepo:
    path = Path(path).expanduser()
    if path.is_dir():
        raise StoreError(f"{path} is a folder; give the coordinator database file with --db.")
    fresh = not path.exists()
    if fresh:
        if not create:
            raise StoreError(
                f"There is no coordinator database at {path}; import a bundle first with "
                "`mentor-tui coordinator import BUNDLE`."
            )
        database.ensure_parent(path)
        try:
            database.create_private_file(path)
        except FileExistsError:
            fresh = False
    if not fresh and path.stat().st_size:
        if not os.access(path, os.R_OK):
            raise StoreError(f"{path} cannot be read; check its permissions.")
        found = database.peek_user_version(path)
        if _looks_like_pair_db(path):
            raise StoreError(
                f"{path} is a pair's mentoring database, not a coordinator database; give the "
                "coordinator's own file with `mentor-tui coordinator --db FILE`."
            )
        if found > schema.SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a newer mentor-tui (coordinator schema {found}, this "
                f"one knows {schema.SCHEMA_VERSION}); upgrade mentor-tui to open it. "
                "The file was not changed."
            )
    read_only = not fresh and not os.access(path, os.W_OK)
    db = database.connect(path, read_only=read_only)
    repo = ProgrammeRepo(db, path, read_only=read_only)
    try:
        if not fresh and path.stat().st_size:
            database.quick_check(db, path)
        if schema.pending(db.full):
            if read_only:
                raise StoreError(
                    f"{path} is read-only and needs upgrading; open a writable copy with --db."
                )
            if not fresh and path.stat().st_size:
                database.take_backup(db.conn, path, "before-migration")
            with repo.write():
                schema.apply(db.full)
    except BaseException:
        repo.close()
        raise
    return repo
