from __future__ import annotations

from dataclasses import dataclass

from mentor_tui.core.errors import NotFound
from mentor_tui.core.models import Note, Visibility
from mentor_tui.store.base import StoreBase
from mentor_tui.store.rows import from_row, to_row

# Markers around matched words in search snippets; the UI turns them into highlights.
MATCH_START = "\x02"
MATCH_END = "\x03"


@dataclass
class NoteHit:
    note: Note
    snippet: str  # with MATCH_START/MATCH_END around each match
    session_started_at: str
    agenda_name: str


def fts_query(text: str) -> str:
    """Each word quoted (so punctuation is never FTS syntax); the last one as a prefix."""
    words = [w.replace('"', '""') for w in text.split()]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class NotesRepo(StoreBase):
    def save_note(self, note: Note) -> Note:
        """Insert or update a note; the autosave path calls this as the person types."""
        session = self._one("SELECT mentorship_id FROM sessions WHERE id = ?", (note.session_id,))
        if session is None:
            raise NotFound(f"No session with id {note.session_id}.")
        with self.write():
            row = to_row(note, skip=("author_id",))
            row["author_id"] = note.author_id
            self._upsert(
                "notes", row, mentorship_id=session["mentorship_id"], session_id=note.session_id
            )
        return note

    def delete_note(self, note_id: str) -> None:
        row = self._one("SELECT session_id FROM notes WHERE id = ?", (note_id,))
        if row is None:
            return
        with self.write():
            self._delete("notes", note_id, session_id=row["session_id"])

    def get_note(self, note_id: str) -> Note:
        row = self._one("SELECT * FROM notes WHERE id = ?", (note_id,))
        if row is None:
            raise NotFound(f"No note with id {note_id}.")
        return from_row(Note, row)

    def notes_for_session(
        self, session_id: str, *, viewer_id: str | None = None, include_private: bool = False
    ) -> list[Note]:
        """Shared notes, plus the viewer's own private ones only when asked for.

        Nobody else's private note is ever returned: not to the partner, not to an export.
        """
        sql = "SELECT * FROM notes WHERE session_id = ? AND (visibility = 'shared'"
        params: list = [session_id]
        if include_private and viewer_id:
            sql += " OR (visibility = 'private' AND author_id = ?)"
            params.append(viewer_id)
        sql += ") ORDER BY created_at, rowid"
        return [from_row(Note, r) for r in self._read(sql, params)]

    def count_notes(self, session_id: str) -> int:
        row = self._one("SELECT count(*) AS n FROM notes WHERE session_id = ?", (session_id,))
        return row["n"] if row else 0

    def search_notes(
        self,
        text: str,
        *,
        viewer_id: str | None = None,
        include_private: bool = False,
        limit: int = 50,
    ) -> list[NoteHit]:
        query = fts_query(text)
        if not query:
            return []
        visibility = "n.visibility = 'shared'"
        params: list = [query]
        if include_private and viewer_id:
            visibility = f"({visibility} OR (n.visibility = 'private' AND n.author_id = ?))"
            params.append(viewer_id)
        params.append(limit)
        rows = self._read(
            f"""
            SELECT n.*, s.started_at AS session_started_at, s.agenda_name AS agenda_name,
                   snippet(notes_fts, 0, '{MATCH_START}', '{MATCH_END}', '…', 12) AS snippet
            FROM notes_fts
            JOIN notes n ON n.rowid = notes_fts.rowid
            JOIN sessions s ON s.id = n.session_id
            WHERE notes_fts MATCH ? AND {visibility}
            ORDER BY rank
            LIMIT ?
            """,
            params,
        )
        return [
            NoteHit(
                note=from_row(Note, r),
                snippet=r["snippet"],
                session_started_at=r["session_started_at"],
                agenda_name=r["agenda_name"],
            )
            for r in rows
        ]

    def set_visibility(self, note_id: str, visibility: Visibility) -> Note:
        note = self.get_note(note_id)
        note.visibility = visibility
        return self.save_note(note)
