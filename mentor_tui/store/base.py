"""The connection, the write transaction and the change log that every repository part shares."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentor_tui.core.clock import now_iso
from mentor_tui.core.errors import StoreError
from mentor_tui.core.models import Change
from mentor_tui.store import database

if TYPE_CHECKING:
    import sqlite_utils


class StoreBase:
    def __init__(self, db: sqlite_utils.Database, path: Path, *, read_only: bool = False):
        self.db = db
        self.path = path
        self.read_only = read_only
        # Who is acting: stamped on rows and on the change log.
        self.actor_id: str | None = None
        self._roles: dict[tuple[str, str], str] = {}

    # -- lifecycle -------------------------------------------------------------------

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def act_as(self, person_id: str | None) -> None:
        self.actor_id = person_id

    # -- transactions ----------------------------------------------------------------

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        """One BEGIN IMMEDIATE transaction; SQLite failures come out as one-line StoreErrors."""
        if self.read_only:
            raise StoreError(
                f"{self.path} is read-only, so nothing can be saved; open a writable copy with --db."
            )
        try:
            with database.immediate(self.db, self.path):
                yield
        except sqlite3.Error as exc:
            raise database.translate(exc, self.path) from exc

    def _read(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        try:
            return list(self.db.query(sql, params))
        except sqlite3.Error as exc:
            raise database.translate(exc, self.path) from exc

    def _one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        rows = self._read(sql, params)
        return rows[0] if rows else None

    # -- row helpers (call inside write()) -------------------------------------------

    def _stamp(self, row: dict[str, Any], mentorship_id: str | None) -> dict[str, Any]:
        row = dict(row)
        row["updated_at"] = now_iso()
        row.setdefault("created_at", row["updated_at"])
        if self.actor_id:
            row.setdefault("author_id", self.actor_id)
            if mentorship_id:
                row.setdefault("author_role", self._role(mentorship_id, self.actor_id))
        return row

    def _role(self, mentorship_id: str, person_id: str) -> str | None:
        key = (mentorship_id, person_id)
        if key not in self._roles:
            found = self.db.execute(
                "SELECT role FROM members WHERE mentorship_id = ? AND person_id = ?", key
            ).fetchone()
            if not found:
                return None
            self._roles[key] = found[0]
        return self._roles[key]

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
        """Insert or update one row by id, and log it.

        stamp=False keeps the row's own timestamps and author: imports must reproduce
        the exported rows exactly.
        """
        existing = self.db.execute(
            f"SELECT 1 FROM [{table}] WHERE [{pk}] = ?", (row[pk],)
        ).fetchone()
        stamped = self._stamp(row, mentorship_id) if stamp else row
        if existing:
            self.db[table].update(row[pk], stamped)
        else:
            self.db[table].insert(stamped, pk=pk)
        self._log(table, row[pk], "update" if existing else "insert", session_id)

    def _delete(self, table: str, row_id: str, *, session_id: str | None = None) -> None:
        self.db.execute(f"DELETE FROM [{table}] WHERE id = ?", (row_id,))
        self._log(table, row_id, "delete", session_id)

    def _log(self, table: str, row_id: str, op: str, session_id: str | None = None) -> None:
        self.db.execute(
            "INSERT INTO changes (at, table_name, row_id, op, actor_id, session_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (now_iso(), table, row_id, op, self.actor_id, session_id),
        )

    # -- change feed -----------------------------------------------------------------

    def data_version(self) -> int:
        """Changes whenever another connection commits; cheap enough to poll."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def last_change(self) -> int:
        row = self.db.execute("SELECT max(seq) FROM changes").fetchone()
        return row[0] or 0

    def changes_since(self, seq: int, limit: int = 1000) -> list[Change]:
        rows = self._read(
            "SELECT seq, at, table_name, row_id, op, actor_id, session_id FROM changes "
            "WHERE seq > ? ORDER BY seq LIMIT ?",
            (seq, limit),
        )
        return [
            Change(
                seq=r["seq"],
                at=r["at"],
                table=r["table_name"],
                row_id=r["row_id"],
                op=r["op"],
                actor_id=r["actor_id"],
                session_id=r["session_id"],
            )
            for r in rows
        ]

    # -- settings --------------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self._one("SELECT value FROM settings WHERE key = ?", (key,))
        return row["value"] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.write():
            self.db["settings"].upsert({"key": key, "value": value}, pk="key")
