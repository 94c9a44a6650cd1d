from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from mentor_tui.core.errors import NotAllowed, NotFound, StoreError
from mentor_tui.core.models import Visibility
from mentor_tui.store import database, vault
from mentor_tui.store.repo.base import SubRepository
from mentor_tui.store.rows import from_row, to_row
from mentor_tui.store.schema import NOTES_TOKENIZER

if TYPE_CHECKING:
    # Imported where a note or a hit is made: Home only counts private notes, and these
    # dataclasses are not worth building for its first frame.
    from mentor_tui.core.notes import Note
    from mentor_tui.core.search import NoteHit, NoteHits, Snippet

# How many of the newest matches a search ranks (see NotesRepo.search).
RANK_WINDOW = 2000

# How FTS5 is asked to mark matched words in a snippet; taken out again (_unmarked) before
# a hit leaves the store, as offsets a renderer can show as it likes (core/search.py).
_MATCH_START = "\x02"
_MATCH_END = "\x03"


def fts_query(text: str) -> str:
    """Each word quoted (so punctuation is never FTS syntax); the last one as a prefix once it
    has PREFIX_FROM letters: "a*" would merge the posting lists of every word starting with a
    (160 ms over 200,000 notes) to find what the person has not finished typing."""
    words = [w.replace('"', '""') for w in text.split()]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    if len(words[-1]) >= PREFIX_FROM:
        quoted[-1] += "*"
    return " ".join(quoted)


PREFIX_FROM = 3


NEEDS_PASSPHRASE = (
    "Private notes are kept encrypted for their author alone, so they need a passphrase: "
    "set one (ctrl+p, Set passphrase) and try again."
)


class NotesRepo(SubRepository):
    def save(self, note: Note) -> Note:
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

    def delete(self, note_id: str) -> None:
        row = self._one("SELECT session_id FROM notes WHERE id = ?", (note_id,))
        if row is None:
            return
        with self.write():
            self._delete("notes", note_id, session_id=row["session_id"])

    def get(self, note_id: str) -> Note:
        row = self._one("SELECT * FROM notes WHERE id = ?", (note_id,))
        note = self._note(row) if row is not None else None
        if note is None:
            raise NotFound(f"No note with id {note_id}.")
        return note

    def _note(self, row: dict[str, Any]) -> Note | None:
        """A note as its reader may see it: a sealed body opened for its author, or None.

        A sealed note nobody here can open (no key, another key, changed on disk) is left
        out and counted, never shown garbled nor overwritten.
        """
        from mentor_tui.core.notes import Note

        if not vault.is_sealed(row.get("body")):
            return from_row(Note, row)
        if self.private_key is None or row["author_id"] != self.viewer_id:
            self.unopened += 1
            return None
        try:
            body = vault.open_sealed(
                self.private_key, row["body"], vault.note_context(row["id"], row["author_id"])
            )
        except vault.VaultError:
            self.unopened += 1
            return None
        return from_row(Note, {**row, "body": body})

    unopened = 0

    def _notes(self, rows: Iterable[dict[str, Any]]) -> list[Note]:
        return [n for n in (self._note(r) for r in rows) if n is not None]

    def for_session(
        self, session_id: str, *, viewer_id: str | None = None, include_private: bool = False
    ) -> list[Note]:
        """Shared notes, plus the viewer's own private ones only when asked for.

        Nobody else's private note is ever returned: not to the partner, not to an export.
        """
        sql = "SELECT * FROM notes WHERE session_id = ? AND (visibility = 'shared'"
        params: list[str] = [session_id]
        if include_private and viewer_id:
            sql += " OR (visibility = 'private' AND author_id = ?)"
            params.append(viewer_id)
        sql += ") ORDER BY created_at, rowid"
        return self._notes(self._read(sql, params))

    def count(self, session_id: str) -> int:
        row = self._one("SELECT count(*) AS n FROM notes WHERE session_id = ?", (session_id,))
        return row["n"] if row else 0

    def search(
        self,
        text: str,
        *,
        viewer_id: str | None = None,
        include_private: bool = False,
        limit: int = 50,
    ) -> NoteHits:
        from mentor_tui.core.notes import Note
        from mentor_tui.core.search import NoteHit, NoteHits

        query = fts_query(text)
        if not query:
            return NoteHits()
        # bm25 over every match costs ~1.5 us a match: a word in a third of 200,000 notes took
        # 100 ms. Only the newest RANK_WINDOW matches are ranked (the index walks rowids newest
        # first and stops), and snippets are cut for the page alone, not the whole window.
        if self.scope is not None and self.scope.person_id:
            # A person's view: checking every match against their mentorships through the
            # notes view cost 70 ms on a server of 500 pairs; their shared notes' rowids,
            # gathered once into a small table, are checked in 10.
            self._gather_search_scope()
            matches = (
                "main.notes_fts CROSS JOIN temp.search_scope AS mine "
                "ON mine.note_rowid = notes_fts.rowid WHERE notes_fts MATCH ?"
            )
            params: list[str | int] = [query]
        else:
            visibility = "n.visibility = 'shared'"
            params = [query]
            if include_private and viewer_id:
                visibility = f"({visibility} OR (n.visibility = 'private' AND n.author_id = ?))"
                params.append(viewer_id)
            matches = (
                "main.notes_fts JOIN notes n ON n.rowid = notes_fts.rowid "
                f"WHERE notes_fts MATCH ? AND {visibility}"
            )
        params.append(limit)
        rows = self._read(
            f"""
            WITH hit AS MATERIALIZED (
                SELECT notes_fts.rowid AS hit_rowid, rank AS hit_rank
                FROM {matches}
                ORDER BY notes_fts.rowid DESC
                LIMIT {RANK_WINDOW}
            )
            SELECT n.*, s.started_at AS session_started_at, s.agenda_name AS agenda_name,
                   hit.hit_rowid, (SELECT count(*) FROM hit) AS window_size
            FROM hit
            JOIN notes n ON n.rowid = hit.hit_rowid
            JOIN sessions s ON s.id = n.session_id
            ORDER BY hit.hit_rank
            LIMIT ?
            """,
            params,
        )
        snippets = _matched(query, [(r["hit_rowid"], r["body"] or "") for r in rows])
        hits = [
            NoteHit(
                note=from_row(Note, r),
                snippet=_unmarked(snippets.get(r["hit_rowid"], "")),
                session_started_at=r["session_started_at"],
                agenda_name=r["agenda_name"],
            )
            for r in rows
        ]
        if include_private and viewer_id and (self.scope is None or viewer_id == self.viewer_id):
            hits = self._own_private_hits(text, viewer_id, limit) + hits
        found = NoteHits(hits[:limit])
        found.newest_only = bool(rows) and rows[0]["window_size"] >= RANK_WINDOW
        return found

    def _gather_search_scope(self) -> None:
        """The rowids of the shared notes this person may see, into a table of this connection
        alone (temp), committed at once so no read snapshot is held open."""
        conn = self.db.conn
        if conn.in_transaction:  # never inside a write: the rows there are not committed
            raise StoreError("A search cannot run inside a write.")
        try:
            conn.execute(
                "CREATE TEMP TABLE IF NOT EXISTS search_scope (note_rowid INTEGER PRIMARY KEY)"
            )
            with conn:
                conn.execute("DELETE FROM temp.search_scope")
                conn.execute(
                    "INSERT INTO temp.search_scope "
                    "SELECT rowid FROM notes WHERE visibility = 'shared'"
                )
        except sqlite3.Error as exc:
            raise database.translate(exc, self.path) from exc

    def _own_private_hits(self, text: str, viewer_id: str, limit: int) -> list[NoteHit]:
        """Your private notes are not in the index: they are opened and matched in memory by
        the index's own rules (_matched), newest first."""
        from mentor_tui.core.search import NoteHit

        rows = self._read(
            "SELECT n.*, s.started_at AS session_started_at, s.agenda_name AS agenda_name "
            "FROM notes n JOIN sessions s ON s.id = n.session_id "
            "WHERE n.visibility = 'private' AND n.author_id = ? "
            "ORDER BY n.updated_at DESC, n.rowid DESC",
            (viewer_id,),
        )
        opened = [(row, note) for row in rows if (note := self._note(row)) is not None]
        snippets = _matched(fts_query(text), [(i, n.body) for i, (_, n) in enumerate(opened)])
        return [
            NoteHit(
                note=note,
                snippet=_unmarked(snippets[i]),
                session_started_at=row["session_started_at"],
                agenda_name=row["agenda_name"],
            )
            for i, (row, note) in enumerate(opened)
            if i in snippets
        ][:limit]

    def seal_own_private(self) -> int:
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

    def count_plain_private(self) -> int:
        """How many of the signed-in person's private notes are still in plain text."""
        if self.viewer_id is None:
            return 0
        # Counted in SQL as vault.is_sealed counts (not text, or text without the prefix):
        # Home asks on every launch, and reading every body took milliseconds. The prefix
        # is compared as bytes, since SQLite's text functions stop at its NUL.
        prefix = vault.SEALED.encode()
        row = self._one(
            "SELECT count(*) AS n FROM notes WHERE visibility = 'private' AND author_id = ? "
            "AND (typeof(body) != 'text' OR substr(CAST(body AS BLOB), 1, ?) != ?)",
            (self.viewer_id, len(prefix), prefix),
        )
        return int(row["n"]) if row else 0

    def for_section(
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


def _matched(query: str, notes: list[tuple[int, str]]) -> dict[int, str]:
    """Which of these notes the query matches, each with its snippet (matches marked).

    They are put in a throwaway FTS5 index in memory with the search index's tokenizer, so a
    note outside the index (a private one) matches as an indexed one would, and a snippet is
    cut for a page of hits alone: asking the big index for snippets walks every match between
    the page's oldest and newest note, 33 ms for a very common word over 200,000 notes.
    """
    if not query or not notes:
        return {}
    index = sqlite3.connect(":memory:")
    try:
        index.execute(f"CREATE VIRTUAL TABLE page USING fts5(body, tokenize='{NOTES_TOKENIZER}')")
        index.executemany("INSERT INTO main.page (rowid, body) VALUES (?, ?)", notes)
        rows = index.execute(
            f"SELECT rowid, snippet(page, 0, '{_MATCH_START}', '{_MATCH_END}', '…', 12) "
            "FROM page WHERE page MATCH ?",
            (query,),
        )
        return dict(rows.fetchall())
    finally:
        index.close()


def _unmarked(marked: str) -> Snippet:
    """The snippet's text without the markers, and where each marked match was."""
    from mentor_tui.core.search import Snippet

    text: list[str] = []
    matches: list[tuple[int, int]] = []
    at = 0
    rest = marked
    while _MATCH_START in rest:
        before, _, after = rest.partition(_MATCH_START)
        match, _, rest = after.partition(_MATCH_END)
        text += [before, match]
        at += len(before)
        matches.append((at, at + len(match)))
        at += len(match)
    text.append(rest)
    return Snippet("".join(text), tuple(matches))
