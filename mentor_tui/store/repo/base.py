"""What every sub-repository reaches through: the Repository's connection, scope and writes.

A sub-repository (repo.notes, repo.goals, ...) holds one concept's reads and writes. It
owns no state: the connection, the viewer scope, the signed-in person's key and the write
transaction are the Repository's (store/base.py), so a write that spans concepts is still
one transaction, checked against one scope. Another concept is reached through `self.repo`
(`self.repo.sessions.get(...)`), typed, never by inheritance.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentor_tui.store import database
from mentor_tui.store.scope import Scope

if TYPE_CHECKING:
    from mentor_tui.store.repository import Repository


class SubRepository:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo

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

    # -- reads and writes, as store/base.py does them ----------------------------------

    def write(self) -> AbstractContextManager[None]:
        return self.repo.write()

    def _read(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        return self.repo._read(sql, params)

    def _one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        return self.repo._one(sql, params)

    def _by_prefix(self, table: str, text: str, what: str, hint: str) -> dict[str, Any]:
        return self.repo._by_prefix(table, text, what, hint)

    def _upsert(
        self,
        table: str,
        row: dict[str, Any],
        *,
        mentorship_id: str | None = None,
        session_id: str | None = None,
        pk: str = "id",
        stamp: bool = True,
    ) -> None:
        self.repo._upsert(
            table, row, mentorship_id=mentorship_id, session_id=session_id, pk=pk, stamp=stamp
        )

    def _delete(self, table: str, row_id: str, *, session_id: str | None = None) -> None:
        self.repo._delete(table, row_id, session_id=session_id)

    def _check_in_scope(
        self, table: str, pk: str, key: Any, *, written: bool = False, now: bool = False
    ) -> None:
        self.repo._check_in_scope(table, pk, key, written=written, now=now)

    def _log(self, table: str, row_id: str, op: str, session_id: str | None = None) -> None:
        self.repo._log(table, row_id, op, session_id)
