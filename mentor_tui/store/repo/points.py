"""Talking points: what either member wants to raise at the next meeting.

A point is shared by the two members of its mentorship (the viewer scope, store/scope.py,
shows it to them only). Whoever writes a point is stamped as its `author_id` (the scope
refuses a row naming someone else), and `raised_by` is always the person adding it.
"""

from __future__ import annotations

# A method here is named `list`, so the type is spelled builtins.list after it.
import builtins

from mentor_tui.core.clock import now_iso
from mentor_tui.core.errors import NotAllowed, NotFound, UserError
from mentor_tui.core.models import MAX_POINT_CHARS, PointStatus, TalkingPoint
from mentor_tui.core.text import printable
from mentor_tui.store.repo.base import SubRepository
from mentor_tui.store.rows import from_row, to_row


class PointsRepo(SubRepository):
    def add(self, mentorship_id: str, text: str) -> TalkingPoint:
        """A new open point, raised by the person this repository acts for."""
        point = TalkingPoint(mentorship_id=mentorship_id, text=text, raised_by=self._member())
        return self._save_point(point)

    def find(self, text: str) -> TalkingPoint:
        """By id or an id prefix of 4 or more characters."""
        row = self._by_prefix(
            "talking_points", text, "talking point", "`mentor-tui points list` shows them"
        )
        return from_row(TalkingPoint, row)

    def get(self, point_id: str) -> TalkingPoint:
        row = self._one("SELECT * FROM talking_points WHERE id = ?", (point_id,))
        if row is None:
            raise NotFound(f"No talking point with id {point_id}.")
        return from_row(TalkingPoint, row)

    def open(self, mentorship_id: str) -> list[TalkingPoint]:
        """What is still to raise, oldest first: the next meeting's talking points."""
        return self.list(mentorship_id, status=PointStatus.OPEN)

    def list(
        self, mentorship_id: str | None = None, *, status: PointStatus | None = None
    ) -> list[TalkingPoint]:
        where, params = [], []
        if mentorship_id:
            where.append("mentorship_id = ?")
            params.append(mentorship_id)
        if status is not None:
            where.append("status = ?")
            params.append(status.value)
        sql = "SELECT * FROM talking_points"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY status != 'open', created_at, rowid"
        return [from_row(TalkingPoint, r) for r in self._read(sql, params)]

    def for_session(self, session_id: str, mentorship_id: str) -> builtins.list[TalkingPoint]:
        """What a session lists: the open points, and those closed in this session (so a
        ticked point does not vanish under the pair's eyes), in the order they were added."""
        rows = self._read(
            "SELECT * FROM talking_points WHERE mentorship_id = ? "
            "AND (status = 'open' OR closed_in = ?) ORDER BY created_at, rowid",
            (mentorship_id, session_id),
        )
        return [from_row(TalkingPoint, r) for r in rows]

    def tick(self, point_id: str, session_id: str | None = None) -> TalkingPoint:
        """Raised and dealt with."""
        return self._close(point_id, PointStatus.DONE, session_id)

    def drop(self, point_id: str, session_id: str | None = None) -> TalkingPoint:
        """No longer needed; kept in history."""
        return self._close(point_id, PointStatus.DROPPED, session_id)

    def move(self, point_id: str, session_id: str) -> TalkingPoint:
        """Not this time: the point stays open for the next meeting."""
        point = self.get(point_id)
        point.status = PointStatus.OPEN
        point.closed_in = point.closed_at = point.closed_by = None
        point.moved_from = session_id
        return self._save_point(point, session_id=session_id)

    def reopen(self, point_id: str, session_id: str | None = None) -> TalkingPoint:
        """Undo a tick, drop or move."""
        point = self.get(point_id)
        point.status = PointStatus.OPEN
        point.closed_in = point.closed_at = point.closed_by = None
        if session_id and point.moved_from == session_id:
            point.moved_from = None
        return self._save_point(point, session_id=session_id)

    def _close(self, point_id: str, status: PointStatus, session_id: str | None) -> TalkingPoint:
        point = self.get(point_id)
        point.status = status
        point.closed_in = session_id
        point.closed_at = now_iso()
        point.closed_by = self.actor_id
        if session_id and point.moved_from == session_id:
            point.moved_from = None
        return self._save_point(point, session_id=session_id)

    def _member(self) -> str:
        """Who is writing: a member. The database owner reads the list but writes nobody's."""
        if not self.actor_id:
            raise NotAllowed(
                "Talking points are written by a member of the mentorship; "
                "say who you are with --as NAME."
            )
        return self.actor_id

    def _save_point(self, point: TalkingPoint, *, session_id: str | None = None) -> TalkingPoint:
        self._member()
        # One line on an agenda: runs of spaces, tabs and line breaks become one space.
        point.text = " ".join(printable(point.text).split())
        if not point.text:
            raise UserError("A talking point needs some text.")
        if len(point.text) > MAX_POINT_CHARS:
            raise UserError(
                f"A talking point is at most {MAX_POINT_CHARS} characters; "
                "put the details in the session's notes."
            )
        with self.write():
            # author_id is left to the stamp: the person writing now, whoever raised it.
            self._upsert(
                "talking_points",
                to_row(point),
                mentorship_id=point.mentorship_id,
                session_id=session_id,
            )
        return self.get(point.id)
