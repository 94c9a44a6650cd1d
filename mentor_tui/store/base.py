"""The connection, the write transaction and the change log that every repository part shares."""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from mentor_tui.core.clock import now_iso
from mentor_tui.core.errors import NotAllowed, NotFound, StoreError, UserError
from mentor_tui.store import database
from mentor_tui.store.scope import (
    AUTHOR_COLUMNS,
    INDEX_TABLES,
    SCOPED_TABLES,
    UNCHECKED_WRITES,
    Scope,
    empty_view_sql,
    scoped_tables,
    view_sql,
)

if TYPE_CHECKING:
    from mentor_tui.core.changes import Change

log = logging.getLogger("mentor_tui.store")


def in_marks(values: Sequence[object]) -> str:
    """The "?, ?, ?" of an `IN (...)` with one parameter per value."""
    return ",".join("?" for _ in values)

# Called after each outermost write of this process commits: live sync nudges the partner's
# app to read it now (live/nudge.py). Process-wide, because an app writes through more
# than one repository (one per person signed in) and every commit counts.
_commit_listeners: list[Callable[[], None]] = []


def after_commit(listener: Callable[[], None]) -> Callable[[], None]:
    """Call `listener()` after every commit this process makes; returns the unsubscribe."""
    _commit_listeners.append(listener)

    def unsubscribe() -> None:
        with contextlib.suppress(ValueError):
            _commit_listeners.remove(listener)

    return unsubscribe


def _committed() -> None:
    for listener in list(_commit_listeners):
        try:
            listener()
        except Exception:  # a nudge that fails must never fail the save it follows
            log.exception("commit listener %r failed", listener)


class StoreBase:
    def __init__(
        self,
        db: database.Database,
        path: Path,
        *,
        read_only: bool = False,
        scope: Scope | None = None,
    ):
        self.db = db
        self.path = path
        self.read_only = read_only
        # None: the unbound repository of the owner's maintenance commands (store/scope.py).
        self.scope = scope
        # Who is acting: stamped on rows and on the change log.
        self.actor_id: str | None = scope.person_id if scope else None
        self._roles: dict[tuple[str, str], str] = {}
        self._unchecked: list[tuple[str, str, Any]] = []

    # -- lifecycle -------------------------------------------------------------------

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def act_as(self, person_id: str | None) -> None:
        bound = self.scope is not None and self.scope.person_id is not None
        if bound and person_id != self.viewer_id:
            raise NotAllowed("You can act only as the person who signed in.")
        self.actor_id = person_id

    # -- scope -------------------------------------------------------------------------

    @property
    def viewer_id(self) -> str | None:
        return self.scope.person_id if self.scope else None

    def as_viewer(self, person_id: str) -> Self:
        """A repository on its own connection that reads and writes as this person only."""
        return self._bound(Scope(person_id))

    def as_owner(self) -> Self:
        """The database owner's view: every mentorship, nobody's private content."""
        return self._bound(Scope(None))

    def _bound(self, scope: Scope) -> Self:
        db = database.connect(self.path, read_only=self.read_only)
        # The views go straight to sqlite3: DDL opens no transaction there.
        try:
            for table in scoped_tables(scope):
                columns = [r[1] for r in db.execute(f"PRAGMA main.table_info([{table}])")]
                if columns:  # an older schema may lack a table; migrations run first
                    db.conn.execute(view_sql(scope, table, columns))
            for table in INDEX_TABLES:
                columns = [r[1] for r in db.execute(f"PRAGMA main.table_info([{table}])")]
                db.conn.execute(empty_view_sql(table, columns))
        except sqlite3.Error as exc:
            db.close()
            raise database.translate(exc, self.path) from exc
        return type(self)(db, self.path, read_only=self.read_only, scope=scope)

    # -- transactions ----------------------------------------------------------------

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        """One BEGIN IMMEDIATE transaction; SQLite failures come out as one-line StoreErrors."""
        if self.read_only:
            raise StoreError(
                f"{self.path} is read-only, so nothing can be saved; open a writable copy with --db."
            )
        outermost = not self.db.conn.in_transaction
        if outermost:
            self._unchecked = []
        try:
            with database.immediate(self.db, self.path):
                yield
                if outermost:
                    # A mentorship is visible only once its members are written, so scope
                    # checks of what was written run at the end, still inside the transaction.
                    for table, pk, key in self._unchecked:
                        self._check_in_scope(table, pk, key, written=True, now=True)
        except sqlite3.Error as exc:
            raise database.translate(exc, self.path) from exc
        finally:
            if outermost:
                self._unchecked = []
        if outermost:
            _committed()

    def _read(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        try:
            return list(self.db.query(sql, params))
        except sqlite3.Error as exc:
            raise database.translate(exc, self.path) from exc

    def _one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        rows = self._read(sql, params)
        return rows[0] if rows else None

    def _by_prefix(self, table: str, text: str, what: str, hint: str) -> dict[str, Any]:
        """The row whose id is `text`, or starts with it (4+ characters, one match only)."""
        text = text.strip()
        row = self._one(f"SELECT * FROM [{table}] WHERE id = ?", (text,))
        if row is None and len(text) >= 4:
            rows = self._read(f"SELECT * FROM [{table}] WHERE id LIKE ? LIMIT 2", (text + "%",))
            if len(rows) > 1:
                raise UserError(f"More than one {what} starts with {text}; give more of the id.")
            row = rows[0] if rows else None
        if row is None:
            raise NotFound(f"No {what} with id {text}; {hint}.")
        return row

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
            f"SELECT 1 FROM main.[{table}] WHERE [{pk}] = ?", (row[pk],)
        ).fetchone()
        if existing:
            self._check_in_scope(table, pk, row[pk])
        stamped = self._stamp(row, mentorship_id) if stamp else row
        columns = list(stamped)
        values = [_sql_value(stamped[c]) for c in columns]
        names = ", ".join(f"[{c}]" for c in columns)
        if existing:
            assignments = ", ".join(f"[{c}] = ?" for c in columns)
            self.db.execute(
                f"UPDATE main.[{table}] SET {assignments} WHERE [{pk}] = ?", [*values, row[pk]]
            )
        else:
            marks = ", ".join("?" for _ in columns)
            self.db.execute(f"INSERT INTO main.[{table}] ({names}) VALUES ({marks})", values)
        self._check_in_scope(table, pk, row[pk], written=True)
        self._log(table, row[pk], "update" if existing else "insert", session_id)

    def _delete(self, table: str, row_id: str, *, session_id: str | None = None) -> None:
        self._check_in_scope(table, "id", row_id)
        self.db.execute(f"DELETE FROM main.[{table}] WHERE id = ?", (row_id,))
        self._log(table, row_id, "delete", session_id)

    def _check_in_scope(
        self, table: str, pk: str, key: Any, *, written: bool = False, now: bool = False
    ) -> None:
        """Refuse a write to a row the viewer cannot see, or one they could not see after it.

        Runs inside the write's transaction, so a refusal rolls the write back.
        """
        if self.scope is None or table in UNCHECKED_WRITES:
            return
        if table not in SCOPED_TABLES:
            return
        if written and not now and self.db.conn.in_transaction:
            self._unchecked.append((table, pk, key))
            return
        author = AUTHOR_COLUMNS.get(table)
        found = self.db.execute(
            f"SELECT {f'[{author}]' if author else '1'} FROM temp.[{table}] WHERE [{pk}] = ?",
            (key,),
        ).fetchone()
        if found is None:
            raise NotAllowed(f"That is outside what {self._who()} can see; nothing was changed.")
        if written and author and self.scope.person_id and found[0] != self.scope.person_id:
            raise NotAllowed(f"{self._who().capitalize()} can write only as themselves; nothing was changed.")

    def _who(self) -> str:
        return "you" if self.scope and self.scope.person_id else "the database owner"

    def _log(self, table: str, row_id: str, op: str, session_id: str | None = None) -> None:
        self.db.execute(
            "INSERT INTO main.changes (at, table_name, row_id, op, actor_id, session_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (now_iso(), table, row_id, op, self.actor_id, session_id),
        )

    # -- change feed -----------------------------------------------------------------

    def data_version(self) -> int:
        """Changes whenever another connection commits; cheap enough to poll."""
        version: int = self.db.execute("PRAGMA data_version").fetchone()[0]
        return version

    def last_change(self) -> int:
        row = self.db.execute("SELECT max(seq) FROM changes").fetchone()
        return row[0] or 0

    def changes_since(self, seq: int, limit: int = 1000) -> list[Change]:
        from mentor_tui.core.changes import Change

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
            self.db.execute(
                "INSERT INTO main.settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def _sql_value(value: Any) -> Any:
    """What sqlite-utils stored for these types, so rows read back the same."""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, default=str)
    return value
