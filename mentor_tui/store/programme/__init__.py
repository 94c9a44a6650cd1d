"""The coordinator's own database: `open_programme(path)` returns a ProgrammeRepo.

Opened by the same sequence as a pair's database (store/opening.py: created 0600, WAL, FULL
sync, a newer or damaged file refused untouched, a backup before migrating), and it refuses to
open a pair's mentoring database: the coordinator's figures never mix with anyone's notes.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from mentor_tui.core.errors import StoreError
from mentor_tui.store.opening import DatabaseKind, open_database
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


def _refuse_pair_db(path: Path, user_version: int) -> None:
    if _looks_like_pair_db(path):
        raise StoreError(
            f"{path} is a pair's mentoring database, not a coordinator database; give the "
            "coordinator's own file with `mentor-tui coordinator --db FILE`."
        )


_PROGRAMME = DatabaseKind(
    schema=schema,
    folder="{path} is a folder; give the coordinator database file with --db.",
    missing=lambda path: StoreError(
        f"There is no coordinator database at {path}; import a bundle first with "
        "`mentor-tui coordinator import BUNDLE`."
    ),
    schema_word="coordinator schema",
    refuse=_refuse_pair_db,
)


def open_programme(path: str | os.PathLike[str], *, create: bool = True) -> ProgrammeRepo:
    return open_database(Path(path).expanduser(), _PROGRAMME, ProgrammeRepo, create=create)
