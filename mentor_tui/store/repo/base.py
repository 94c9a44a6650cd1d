"""What every sub-repository reaches through: the Repository's connection, scope and writes.

A sub-repository (repo.notes, repo.goals, ...) holds one concept's reads and writes. It
owns no state: the connection, the viewer scope, the signed-in person's key and the write
transaction are the Repository's (store/base.py), so a write that spans concepts is still
one transaction, checked against one scope. Another concept is reached through `self.repo`
(`self.repo.sessions.get(...)`), typed, never by inheritance.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mentor_tui.store import database
from mentor_tui.store.scope import Scope

if TYPE_CHECKING:
    from mentor_tui.store.repository import Repository


class SubRepository:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        # Reads and writes are the Repository's own bound methods, not wrappers: their
        # signatures live in one place (store/base.py), and a write logs through the
        # Repository's `_log`, which remembers this app's own changes (store/repository.py).
        self.write = repo.write
        self._read = repo._read
        self._one = repo._one
        self._by_prefix = repo._by_prefix
        self._upsert = repo._upsert
        self._delete = repo._delete
        self._check_in_scope = repo._check_in_scope
        self._log = repo._log

    # -- the shared context ------------------------------------------------------------

    @property
    def db(self) -> database.Database:
        return self.repo.db

    @property
    def path(self) -> Path:
        return self.repo.path

    @property
    def read_only(self) -> bool:
        return self.repo.read_only

    @property
    def scope(self) -> Scope | None:
        return self.repo.scope

    @property
    def viewer_id(self) -> str | None:
        return self.repo.viewer_id

    @property
    def actor_id(self) -> str | None:
        return self.repo.actor_id

    @property
    def private_key(self) -> bytes | None:
        """The signed-in person's key for private notes and answers (store/accounts.py)."""
        return self.repo.private_key

    @property
    def _roles(self) -> dict[tuple[str, str], str]:
        return self.repo._roles
