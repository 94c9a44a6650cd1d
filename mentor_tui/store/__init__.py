"""The only package that speaks SQL. `open_store` returns a Repository."""

from __future__ import annotations

import os
from pathlib import Path

from mentor_tui.core.errors import NotFound, StoreError
from mentor_tui.store import database, schema
from mentor_tui.store.repository import Repository

__all__ = ["Repository", "open_store", "restore_backup"]


def open_store(path: str | os.PathLike[str], *, create: bool = True, check: bool = True) -> Repository:
    """Open (or create, mode 0600) a database, refusing newer or damaged files untouched."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder; give a database file with --db.")
    fresh = not path.exists()
    found = 0
    if fresh:
        if not create:
            raise NotFound(f"There is no database at {path}.")
        database.ensure_parent(path)
        try:
            database.create_private_file(path)
        except FileExistsError:
            fresh = False  # another process won the race; open theirs
    if not fresh:
        if not os.access(path, os.R_OK):
            raise StoreError(f"{path} cannot be read; check its permissions.")
        if path.stat().st_size:
            found = database.peek_user_version(path)
            if found == 0:
                database.refuse_other_apps_database(path)
            if found > schema.SCHEMA_VERSION:
                raise StoreError(
                    f"{path} was written by a newer mentor-tui (schema {found}, this one "
                    f"knows {schema.SCHEMA_VERSION}); upgrade mentor-tui to open it. "
                    "The file was not changed."
                )
    read_only = not fresh and not os.access(path, os.W_OK)
    db = database.connect(path, read_only=read_only)
    repo = Repository(db, path, read_only=read_only)
    try:
        if check and not fresh:
            database.quick_check(db, path)
        # schema.apply always ends by setting user_version to SCHEMA_VERSION (the number of
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


def restore_backup(path: str | os.PathLike[str]) -> Path:
    return database.restore_latest_backup(Path(path))
