from __future__ import annotations

from dataclasses import dataclass

from mentor_tui.core.errors import NotAllowed, NotFound
from mentor_tui.core.models import Note, Visibility
from mentor_tui.store import vault
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


NEEDS_PASSPHRASE = (
    "Private notes are kept encrypted for their author alone, so they need a passphrase: "
    "set one (ctrl+p, Set passphrase) and try again."
)


class NotesRepo(StoreBase):
    # The signed-in person's data key (store/repo/credentials.py); None until unlocked.
    private_key: bytes | None = None

    def save_note(self, note: Note) -> Note:
        """Insert or update a note; the autosave path calls this as the person types.

        Through a person's repository a private note is sealed for its author before it is
        written (store/vault.py); the search index never sees it (schema.FTS_SHARED_ONLY).
        """
        session = self._one("SELECT mentorship_id FROM sessions WHERE id = ?", (note.session_id,))
        if session is None:
            raise NotFound(f"No session with id {note.session_id}.")
        with self.write():
            row = to_row(note, skip=("author_id",))
            row["author_id"] = note.author_id
            if note.visibility == Visibility.PRIVATE and self.scope is not None:
                if self.private_key is None:
                    raise NotAllowed(NEEDS_PASSPHRASE)
                row["body"] = vault.seal(
                    self.private_key, note.body, vault.note_context(note.id, note.author_id)
                )
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
        note = self._note(row) if row is not None else None
        if note is None:
            raise NotFound(f"No note with id {note_id}.")
        return note

    def _note(self, row: dict) -> Note | None:
        """A note as its reader may see it: a sealed body opened for its author, or None.

        A sealed note nobody here can open (no key, another key, changed on disk) is left
        out and counted, never shown garbled nor overwritten.
        """
        if not vault.is_sealed(row.get("body")):
            return from_row(Note, row)
        if self.private_key is None or row["author_id"] != self.viewer_id:
            self.unopened_notes += 1
            return None
        try:
            body = vault.open_sealed(
                self.private_key, row["body"], vault.note_context(row["id"], row["author_id"])
            )
        except vault.VaultError:
            self.unopened_notes += 1
            return None
        return from_row(Note, {**row, "body": body})

    unopened_notes = 0

    def _notes(self, rows) -> list[Note]:
        return [n for n in (self._note(r) for r in rows) if n is not None]

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
        return self._notes(self._read(sql, params))

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
            FROM main.notes_fts
            JOIN notes n ON n.rowid = notes_fts.rowid
            JOIN sessions s ON s.id = n.session_id
            WHERE notes_fts MATCH ? AND {visibility}
            ORDER BY rank
            LIMIT ?
            """,
            params,
        )
        hits = [
            NoteHit(
                note=from_row(Note, r),
                snippet=r["snippet"],
                session_started_at=r["session_started_at"],
                agenda_name=r["agenda_name"],
            )
            for r in rows
        ]
        if include_private and viewer_id and (self.scope is None or viewer_id == self.viewer_id):
            hits = self._own_private_hits(text, viewer_id, limit) + hits
        return hits[:limit]

    def _own_private_hits(self, text: str, viewer_id: str, limit: int) -> list[NoteHit]:
        """Your private notes are not in the index: they are opened and matched in memory,
        bounded by your own notes (the same words rule as the index: the last one a prefix)."""
        words = [w.casefold() for w in text.split()]
        rows = self._read(
            "SELECT n.*, s.started_at AS session_started_at, s.agenda_name AS agenda_name "
            "FROM notes n JOIN sessions s ON s.id = n.session_id "
            "WHERE n.visibility = 'private' AND n.author_id = ? "
            "ORDER BY n.updated_at DESC, n.rowid DESC",
            (viewer_id,),
        )
        found: list[NoteHit] = []
        for row in rows:
            note = self._note(row)
            if note is None or not _matches(note.body, words):
                continue
            found.append(
                NoteHit(
                    note=note,
                    snippet=_snippet(note.body, words),
                    session_started_at=row["session_started_at"],
                    agenda_name=row["agenda_name"],
                )
            )
            if len(found) >= limit:
                break
        return found

    def seal_own_private_notes(self) -> int:
        """Seal the signed-in person's private notes written before they had a key."""
        if self.private_key is None or self.viewer_id is None:
            return 0
        rows = self._read(
            "SELECT id, author_id, body FROM notes WHERE visibility = 'private' AND author_id = ?",
            (self.viewer_id,),
        )
        plain = [r for r in rows if not vault.is_sealed(r["body"])]
        if not plain:
            return 0
        with self.write():
            for r in plain:
                self.db.execute(
                    "UPDATE main.notes SET body = ? WHERE id = ?",
                    (
                        vault.seal(
                            self.private_key, r["body"] or "",
                            vault.note_context(r["id"], r["author_id"]),
                        ),
                        r["id"],
                    ),
                )
        return len(plain)

    def plain_private_notes(self) -> int:
        """How many of the signed-in person's private notes are still in plain text."""
        if self.viewer_id is None:
            return 0
        rows = self._read(
            "SELECT body FROM notes WHERE visibility = 'private' AND author_id = ?",
            (self.viewer_id,),
        )
        return sum(1 for r in rows if not vault.is_sealed(r["body"]))

    def set_visibility(self, note_id: str, visibility: Visibility) -> Note:
        note = self.get_note(note_id)
        note.visibility = visibility
        return self.save_note(note)


def _matches(body: str, words: list[str]) -> bool:
    folded = body.casefold()
    tokens = folded.split()
    *whole, last = words or [""]
    return all(w in folded for w in whole) and any(t.startswith(last) or last in t for t in tokens)


def _snippet(body: str, words: list[str], room: int = 60) -> str:
    """A piece of the note around the first match, with the match marked as the index marks it."""
    folded = body.casefold()
    at = min((folded.find(w) for w in words if folded.find(w) >= 0), default=0)
    word = next((w for w in words if folded.find(w) == at), "")
    start = max(0, at - room // 2)
    end = min(len(body), at + len(word) + room // 2)
    piece = body[start:at] + MATCH_START + body[at : at + len(word)] + MATCH_END + body[at + len(word) : end]
    return ("…" if start else "") + piece + ("…" if end < len(body) else "")
