"""The only package that speaks SQL. `open_store` returns a Repository."""

from __future__ import annotations

import os
from pathlib import Path

from mentor_tui.core.errors import NotFound
from mentor_tui.store import database, schema
from mentor_tui.store.opening import DatabaseKind, open_database
from mentor_tui.store.repository import Repository

__all__ = ["Repository", "open_store", "restore_backup"]


def _refuse_other_apps(path: Path, user_version: int) -> None:
    if user_version == 0:  # every migration of ours sets it; at 0, look whether it is ours
        database.refuse_other_apps_database(path)


_PAIR = DatabaseKind(
    schema=schema,
    folder="{path} is a folder; give a database file with --db.",
    missing=lambda path: NotFound(f"There is no database at {path}."),
    refuse=_refuse_other_apps,
)


def open_store(path: str | os.PathLike[str], *, create: bool = True, check: bool = True) -> Repository:
    """Open (or create, mode 0600) a database, refusing newer or damaged files untouched."""
    return open_database(Path(path), _PAIR, Repository, create=create, check=check)


def restore_backup(path: str | os.PathLike[str]) -> Path:
    return database.restore_latest_backup(Path(path))
