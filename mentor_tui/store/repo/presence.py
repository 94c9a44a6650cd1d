"""Who is in a live session right now, and which change-log entries this connection wrote.

Presence rows are ephemeral: one per running app and person in it, refreshed by a
heartbeat every few seconds, deleted when the app leaves the session. A row whose
heartbeat is older than STALE_SECONDS belongs to an app that died (closed lid, killed
SSH connection) and is ignored, then swept. Presence is deliberately *not* written to
the change log: heartbeats are not history, and the log feeds exports.

Own writes: live sync (mentor_tui.live.sync) wants only the changes other processes
made. When tracking is switched on (`track_own_changes`), every change-log seq this
connection commits is remembered, so the watcher can skip its own echoes. Seqs are
recorded only once the outermost write transaction has committed: a rolled-back seq can
be handed out again by SQLite to someone else's commit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from mentor_tui.core.clock import iso, now, now_iso
from mentor_tui.store.repo.part import RepositoryPart

# A heartbeat every HEARTBEAT_SECONDS; silent for STALE_SECONDS means gone.
HEARTBEAT_SECONDS = 3.0
STALE_SECONDS = 10.0


@dataclass
class Presence:
    instance_id: str  # one per running app (uuid), so one person in two windows shows twice
    person_id: str
    session_id: str | None = None
    role: str | None = None  # mentor / mentee in this mentorship
    host: str | None = None
    pid: int | None = None
    via: str | None = None  # "local" or "ssh"
    joined_at: str = ""
    heartbeat_at: str = ""
    following: bool = True


def _presence(row: dict[str, Any]) -> Presence:
    return Presence(
        instance_id=row["instance_id"],
        person_id=row["person_id"],
        session_id=row["session_id"],
        role=row["role"],
        host=row["host"],
        pid=row["pid"],
        via=row["via"],
        joined_at=row["joined_at"],
        heartbeat_at=row["heartbeat_at"],
        following=bool(row["following"]),
    )


class PresenceRepo(RepositoryPart):
    _own_seqs: set[int] | None = None
    _own_pending: list[int] | None = None

    # -- presence ----------------------------------------------------------------------

    def join_presence(self, presence: Presence) -> Presence:
        stamp = now_iso()
        presence.joined_at = presence.joined_at or stamp
        presence.heartbeat_at = stamp
        if presence.role is None and presence.session_id:
            found = self._one(
                "SELECT m.role FROM sessions s JOIN members m ON m.mentorship_id = s.mentorship_id "
                "WHERE s.id = ? AND m.person_id = ?",
                (presence.session_id, presence.person_id),
            )
            presence.role = found["role"] if found else None
        with self.write():
            self.db.execute(
                "INSERT OR REPLACE INTO main.presence (instance_id, person_id, session_id, role, host, "
                "pid, via, joined_at, heartbeat_at, following) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    presence.instance_id,
                    presence.person_id,
                    presence.session_id,
                    presence.role,
                    presence.host,
                    presence.pid,
                    presence.via,
                    presence.joined_at,
                    presence.heartbeat_at,
                    int(presence.following),
                ),
            )
        return presence

    def heartbeat(self, instance_id: str, *, following: bool | None = None) -> int:
        """Refresh every presence row of one app; returns how many rows it has."""
        with self.write():
            if following is None:
                cur = self.db.execute(
                    "UPDATE main.presence SET heartbeat_at = ? WHERE instance_id = ?",
                    (now_iso(), instance_id),
                )
            else:
                cur = self.db.execute(
                    "UPDATE main.presence SET heartbeat_at = ?, following = ? WHERE instance_id = ?",
                    (now_iso(), int(following), instance_id),
                )
            return cur.rowcount

    def leave_presence(self, instance_id: str, person_id: str | None = None) -> None:
        with self.write():
            if person_id is None:
                self.db.execute("DELETE FROM main.presence WHERE instance_id = ?", (instance_id,))
            else:
                self.db.execute(
                    "DELETE FROM main.presence WHERE instance_id = ? AND person_id = ?",
                    (instance_id, person_id),
                )

    def presence_in(self, session_id: str, *, stale_after: float = STALE_SECONDS) -> list[Presence]:
        """Everyone whose heartbeat is fresh in this session, oldest arrival first."""
        cutoff = iso(now() - timedelta(seconds=stale_after))
        rows = self._read(
            "SELECT * FROM presence WHERE session_id = ? AND heartbeat_at >= ? "
            "ORDER BY joined_at, person_id",
            (session_id, cutoff),
        )
        return [_presence(r) for r in rows]

    def sweep_presence(self, *, stale_after: float = STALE_SECONDS * 6) -> int:
        """Delete rows of apps that stopped beating long ago (crashed, killed)."""
        cutoff = iso(now() - timedelta(seconds=stale_after))
        with self.write():
            return self.db.execute(
                "DELETE FROM main.presence WHERE heartbeat_at < ?", (cutoff,)
            ).rowcount

    # -- own writes (for live sync) ----------------------------------------------------

    def track_own_changes(self) -> None:
        if self._own_seqs is None:
            self._own_seqs = set()

    def is_own_change(self, seq: int) -> bool:
        return self._own_seqs is not None and seq in self._own_seqs

    def forget_own_changes(self, up_to: int) -> None:
        if self._own_seqs:
            self._own_seqs = {s for s in self._own_seqs if s > up_to}

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        if self._own_seqs is None or self.db.conn.in_transaction:
            with super().write():
                yield
            return
        self._own_pending = []
        try:
            with super().write():
                yield
            committed = self._own_pending or []
        finally:
            self._own_pending = None
        self._own_seqs.update(committed)

    def _log(self, table: str, row_id: str, op: str, session_id: str | None = None) -> None:
        super()._log(table, row_id, op, session_id)
        if self._own_pending is not None:
            seq = self.db.conn.execute("SELECT last_insert_rowid()").fetchone()[0]
            self._own_pending.append(seq)
