"""Who is in a live session right now (core/presence.py): rows written by a heartbeat.

Presence rows are ephemeral: one per running app and person in it, refreshed by a
heartbeat every few seconds, deleted when the app leaves the session. A row whose
heartbeat is older than STALE_SECONDS belongs to an app that died (closed lid, killed
SSH connection) and is ignored, then swept. Presence is deliberately *not* written to
the change log: heartbeats are not history, and the log feeds exports.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from mentor_tui.core.clock import iso, now, now_iso
from mentor_tui.core.presence import STALE_SECONDS, Presence
from mentor_tui.store.repo.base import SubRepository


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


class PresenceRepo(SubRepository):
    # -- presence ----------------------------------------------------------------------

    def join(self, presence: Presence) -> Presence:
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

    def leave(self, instance_id: str, person_id: str | None = None) -> None:
        with self.write():
            if person_id is None:
                self.db.execute("DELETE FROM main.presence WHERE instance_id = ?", (instance_id,))
            else:
                self.db.execute(
                    "DELETE FROM main.presence WHERE instance_id = ? AND person_id = ?",
                    (instance_id, person_id),
                )

    def in_session(self, session_id: str, *, stale_after: float = STALE_SECONDS) -> list[Presence]:
        """Everyone whose heartbeat is fresh in this session, oldest arrival first."""
        cutoff = iso(now() - timedelta(seconds=stale_after))
        rows = self._read(
            "SELECT * FROM presence WHERE session_id = ? AND heartbeat_at >= ? "
            "ORDER BY joined_at, person_id",
            (session_id, cutoff),
        )
        return [_presence(r) for r in rows]

    def sweep(self, *, stale_after: float = STALE_SECONDS * 6) -> int:
        """Delete rows of apps that stopped beating long ago (crashed, killed)."""
        cutoff = iso(now() - timedelta(seconds=stale_after))
        with self.write():
            return self.db.execute(
                "DELETE FROM main.presence WHERE heartbeat_at < ?", (cutoff,)
            ).rowcount
