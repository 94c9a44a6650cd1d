"""Reads and writes the Textual app needs beyond the other repository parts.

Each is small and bounded (by key or LIMIT), so screens can call them while drawing.
"""

from __future__ import annotations

from mentor_tui.core.clock import now_iso, parse_iso
from mentor_tui.core.models import Note, Visibility
from mentor_tui.store.repo.part import RepositoryPart


class TuiQueriesRepo(RepositoryPart):
    def note_for(
        self, session_id: str, section_key: str, author_id: str, visibility: Visibility
    ) -> Note | None:
        """The one note a person keeps per section and visibility (the editor's text)."""
        row = self._one(
            "SELECT * FROM notes WHERE session_id = ? AND section_key = ? AND author_id = ? "
            "AND visibility = ? ORDER BY created_at, rowid LIMIT 1",
            (session_id, section_key, author_id, visibility.value),
        )
        return self._note(row) if row else None

    def last_author(self, session_id: str) -> str | None:
        """Who wrote the note touched last in a session: the speaker to resume with."""
        row = self._one(
            "SELECT author_id FROM notes WHERE session_id = ? ORDER BY updated_at DESC, rowid DESC "
            "LIMIT 1",
            (session_id,),
        )
        return row["author_id"] if row else None

    def last_activity(self, session_id: str) -> str | None:
        """When anything in this session was last written (UTC ISO), from the change log."""
        row = self._one(
            "SELECT max(at) AS at FROM changes WHERE session_id = ?", (session_id,)
        )
        return row["at"] if row else None

    def settle_timer(self, session_id: str, stopped_at: str) -> None:
        """After a crash: count the running section only up to `stopped_at`, then run on now.

        A session whose app died keeps `running_since` set, which would count the time the
        app was closed. Banking up to the last thing written keeps the timer honest.
        """
        session = self.get_session(session_id)
        if not session.sections:
            return
        section = session.sections[session.current_section]
        if not section.running_since:
            return
        start = parse_iso(section.running_since)
        stop = max(start, parse_iso(stopped_at))
        section.elapsed_seconds += (stop - start).total_seconds()
        section.running_since = now_iso()
        with self.write():
            self._save_section(session, section)

    def average_ratings(self, session_ids: list[str]) -> dict[str, float]:
        """Mean rating per session, for the sessions given (a page of history)."""
        if not session_ids:
            return {}
        marks = ",".join("?" for _ in session_ids)
        rows = self._read(
            f"SELECT session_id, avg(score) AS score FROM ratings "
            f"WHERE session_id IN ({marks}) GROUP BY session_id",
            session_ids,
        )
        return {r["session_id"]: r["score"] for r in rows}

    def mentorship_titles(self) -> dict[str, str]:
        return {r["id"]: r["title"] for r in self._read("SELECT id, title FROM mentorships")}

    def has_mentorships(self) -> bool:
        return self._one("SELECT 1 AS one FROM mentorships LIMIT 1") is not None

    def mentorship_ids(
        self, *, person_id: str | None = None, limit: int = 20, offset: int = 0
    ) -> tuple[list[str], int]:
        """One page of active mentorship ids (oldest first, as Home lists them), and the total."""
        where = "status != 'closed'"
        params: list[str] = []
        if person_id:
            where += " AND id IN (SELECT mentorship_id FROM members WHERE person_id = ?)"
            params.append(person_id)
        total = self._one(f"SELECT count(*) AS n FROM mentorships WHERE {where}", params)
        rows = self._read(
            f"SELECT id FROM mentorships WHERE {where} ORDER BY created_at, id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [r["id"] for r in rows], (total["n"] if total else 0)
