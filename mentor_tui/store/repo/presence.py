"""Who is in a live session right now (core/presence.py): rows written by a heartbeat.

Presence rows are ephemeral: one per running app and person in it, refreshed by a
heartbeat every few seconds, deleted when the app leaves the session. A row whose
heartbeat is older than STALE_SECONDS belongs to an app that died (closed lid, killed
SSH connection) and is ignored, then swept. Presence is deliberately *not* written to
the change log: heartbeats are not history, and the log feeds exports.

Partner apps trust these rows: live drafts go to the pid of a partner's row, and a draft is
taken only from the pid whose row names its author (live/sync.py). So a person's repository
writes only that person's rows, in sessions they can see (docs/architecture.md, "Trust
model"): join is checked like any written row (store/scope.py AUTHOR_COLUMNS), heartbeat and
leave touch the viewer's own rows of the instance and no one else's. At one laptop each
signed-in person's row is written through their own repository (LiveSession.add_person).
The owner's view and the unbound store are no one, so they are not limited to one person.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from mentor_tui.core.clock import iso, now, now_iso
from mentor_tui.core.errors import NotAllowed
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
            written = self.db.execute(
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
            # A session outside the viewer's mentorships, or someone else's name: NotAllowed,
            # and the row (or the one it replaced) is rolled back.
            self._check_in_scope("presence", "rowid", written.lastrowid, written=True)
        return presence

    def _own(self) -> tuple[str, tuple[str, ...]]:
        """The filter that keeps a person's heartbeat or leave to their own rows."""
        viewer = self.viewer_id
        return (" AND person_id = ?", (viewer,)) if viewer else ("", ())

    def heartbeat(self, instance_id: str, *, following: bool | None = None) -> int:
        """Refresh one app's presence rows; returns how many it refreshed.

        A person's repository refreshes only that person's row: each signed-in person's
        repository beats for them, and the rows of an app someone else runs stay as they are.
        """
        own, mine = self._own()
        with self.write():
            if following is None:
                cur = self.db.execute(
                    f"UPDATE main.presence SET heartbeat_at = ? WHERE instance_id = ?{own}",
                    (now_iso(), instance_id, *mine),
                )
            else:
                cur = self.db.execute(
                    "UPDATE main.presence SET heartbeat_at = ?, following = ? "
                    f"WHERE instance_id = ?{own}",
                    (now_iso(), int(following), instance_id, *mine),
                )
            return cur.rowcount

    def leave(self, instance_id: str, person_id: str | None = None) -> None:
        """Take one app's rows (or one person's row in it) out of the session.

        A person's repository takes out only that person's row; naming someone else is refused.
        """
        viewer = self.viewer_id
        if viewer and person_id not in (None, viewer):
            raise NotAllowed("You can leave a session only for yourself; nothing was changed.")
        own, mine = self._own()
        with self.write():
            if person_id is None:
                self.db.execute(
                    f"DELETE FROM main.presence WHERE instance_id = ?{own}", (instance_id, *mine)
                )
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
        """Delete rows of apps that stopped beating long ago (crashed, killed).

        Anyone's rows, as a dead app cannot take out its own, but only in sessions the viewer
        can see: the unqualified name is the viewer's view of presence (store/scope.py).
        """
        cutoff = iso(now() - timedelta(seconds=stale_after))
        with self.write():
            return self.db.execute(
                "DELETE FROM main.presence WHERE heartbeat_at < ? "
                "AND rowid IN (SELECT rowid FROM presence)",
                (cutoff,),
            ).rowcount
