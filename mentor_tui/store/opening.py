"""Opening a database file: the one sequence a pair's database and the coordinator's share.

Created 0600 when missing (in a 0700 folder), a newer or damaged file refused untouched, a
read-only file opened read-only, and pending migrations applied in one write transaction
after a backup of the file as it was. What differs between the two kinds of database (the
schema, the words, what else to refuse) is a DatabaseKind.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar

from mentor_tui import files
from mentor_tui.core.errors import StoreError
from mentor_tui.store import database
from mentor_tui.store.base import StoreBase

if TYPE_CHECKING:
    import sqlite_utils

R = TypeVar("R", bound=StoreBase)


class Schema(Protocol):
    """A migration set as store/schema.py and store/programme/schema.py declare one."""

    @property
    def SCHEMA_VERSION(self) -> int: ...  # the module constant

    def pending(self, db: sqlite_utils.Database) -> list[str]: ...

    def apply(self, db: sqlite_utils.Database) -> None: ...


# A NamedTuple, not a frozen dataclass: defined before Home's first frame, where a frozen
# dataclass costs five times as much (docs/performance.md, "Start-up").
class DatabaseKind(NamedTuple):
    """What makes a file one kind of database: its schema and what to say when it is not."""

    schema: Schema
    folder: str  # said when the path is a folder; {path} is filled in
    missing: Callable[[Path], Exception]  # raised when the file is missing and create=False
    schema_word: str = "schema"  # how the newer-file message names the schema
    # Raises for an existing file of another kind, given the file and its user_version.
    refuse: Callable[[Path, int], None] | None = None


def open_database(
    path: Path, kind: DatabaseKind, repo_class: type[R], *, create: bool, check: bool = True
) -> R:
    """Open (or create) the file at `path` as `repo_class`, migrated to `kind.schema`."""
    schema = kind.schema
    if path.is_dir():
        raise StoreError(kind.folder.format(path=path))
    fresh = not path.exists()
    found = 0
    if fresh:
        if not create:
            raise kind.missing(path)
        try:
            files.create_private(path)  # in a 0700 folder, made if missing
        except FileExistsError:
            fresh = False  # another process won the race; open theirs
    if not fresh:
        if not os.access(path, os.R_OK):
            raise StoreError(f"{path} cannot be read; check its permissions.")
        if path.stat().st_size:
            found = database.peek_user_version(path)
            if kind.refuse is not None:
                kind.refuse(path, found)
            if found > schema.SCHEMA_VERSION:
                raise StoreError(
                    f"{path} was written by a newer mentor-tui ({kind.schema_word} {found}, "
                    f"this one knows {schema.SCHEMA_VERSION}); upgrade mentor-tui to open it. "
                    "The file was not changed."
                )
    read_only = not fresh and not os.access(path, os.W_OK)
    db = database.connect(path, read_only=read_only)
    repo = repo_class(db, path, read_only=read_only)
    try:
        if check and not fresh:
            database.quick_check(db, path)
        # apply() always ends by setting user_version to SCHEMA_VERSION (the number of
        # migrations, only ever appended to), so an equal version means nothing is pending;
        # asking sqlite-utils' Migrations would import sqlite-utils before the first screen.
        if found != schema.SCHEMA_VERSION and schema.pending(db.full):
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
