"""The text in a note editor, and whether it has reached the database.

Kept free of widgets so the autosave rules can be tested without a screen: a draft knows
its note (session, section, author, visibility), the text as typed, the text last saved,
and when the first unsaved keystroke happened. Saving never throws away the text: a
failed save leaves the draft dirty with the error's sentence, and the next save retries.

Live sync: when another process changed this draft's note row (the same person in a
second window), `take_stored` applies docs/remote.md's rule (resolve_note_change: last
writer wins per row, the loser's text kept in a rescue file by `keep_replaced_text`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mentor_tui import files, paths
from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Visibility
from mentor_tui.core.notes import Note
from mentor_tui.live.sync import NoteResolution, resolve_note_change

if TYPE_CHECKING:
    from mentor_tui.store.repository import Repository

# Save this long after the last keystroke ...
IDLE_SECONDS = 0.5
# ... and never later than this after the first unsaved one.
MAX_UNSAVED_SECONDS = 1.0
# While someone else is in the session they see a word once it is saved, so it is saved
# sooner. Only then: at five saves a second, twenty people typing alone under `serve`
# doubled every keystroke's echo (bench.remote), for nobody's benefit.
WATCHED_IDLE_SECONDS = 0.1
WATCHED_MAX_UNSAVED_SECONDS = 0.2
# A timer needs some delay (Textual's timers divide by it).
SOONEST = 0.01
# Text replaced by a save from another window is appended here, in the data directory.
REPLACED_FILE = "replaced-notes.txt"


@dataclass(frozen=True)
class NoteKey:
    session_id: str
    section_key: str
    author_id: str
    visibility: Visibility


class NoteDraft:
    def __init__(
        self, repo: Repository, key: NoteKey, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.repo = repo
        self.key = key
        self._clock = clock
        self.note: Note | None = repo.notes.for_section(
            key.session_id, key.section_key, key.author_id, key.visibility
        )
        self.saved_text = self.note.body if self.note else ""
        self.text = self.saved_text
        self.first_unsaved: float | None = None
        self.error: str | None = None
        # A second row for this key that this window created before it saw the other
        # window's: merged into the first row, then deleted after the next save.
        self.duplicate: Note | None = None

    @property
    def dirty(self) -> bool:
        return self.text != self.saved_text

    def edit(self, text: str) -> None:
        self.text = text
        if not self.dirty:
            self.first_unsaved = None
        elif self.first_unsaved is None:
            self.first_unsaved = self._clock()

    def save_delay(self, *, watched: bool = False) -> float:
        """Seconds until this draft should be saved, keeping the one-second promise; sooner
        while someone else in the session is `watched` for the words."""
        idle = WATCHED_IDLE_SECONDS if watched else IDLE_SECONDS
        most = WATCHED_MAX_UNSAVED_SECONDS if watched else MAX_UNSAVED_SECONDS
        if not self.dirty or self.first_unsaved is None:
            return idle
        waited = self._clock() - self.first_unsaved
        return max(SOONEST, min(idle, most - waited))

    def save(self) -> bool:
        """Write the text if it changed; False (with `error` set) when the store refused."""
        if not self.dirty:
            self._drop_duplicate()
            return True
        text = self.text
        try:
            if self.note is None:
                note = Note(
                    session_id=self.key.session_id,
                    section_key=self.key.section_key,
                    author_id=self.key.author_id,
                    body=text,
                    visibility=self.key.visibility,
                )
                self.repo.notes.save(note)
                self.note = note
            else:
                self.note.body = text
                self.repo.notes.save(self.note)
        except UserError as exc:
            self.error = exc.message
            return False
        self.saved_text = text
        self.first_unsaved = None if not self.dirty else self._clock()
        self.error = None
        self._drop_duplicate()
        return True

    def _drop_duplicate(self) -> None:
        if self.duplicate is None:
            return
        try:
            self.repo.notes.delete(self.duplicate.id)
        except UserError:
            return  # tried again after the next save
        self.duplicate = None

    def take_stored(self) -> NoteResolution:
        """Another process changed this draft's note: apply what is stored now.

        Call `edit()` with the editor's text first. Afterwards `text` is what the editor
        should show (unchanged unless the action is RELOAD) and `saved_text` what is stored;
        on CONFLICT the draft stays dirty, so its next save wins, and `replaced` is the
        other window's text, for `keep_replaced_text`.
        """
        key = self.key
        stored = self.repo.notes.for_section(key.session_id, key.section_key, key.author_id, key.visibility)
        saved = self.saved_text
        if self.note is not None and stored is not None and stored.id != self.note.id:
            # Both windows created this note before either saw the other's row: the first
            # row is the note. This window never saved to it, so its text counts as unsaved.
            self.duplicate = self.note
            saved = ""
        result = resolve_note_change(saved, self.text, stored.body if stored else None)
        self.note = stored
        self.saved_text = result.saved_text
        self.edit(result.text)
        return result


def keep_replaced_text(
    key: NoteKey, text: str, *, author: str, directory: Path | None = None
) -> Path:
    """Append text that another window's save replaced to a 0600 file; return its path."""
    folder = paths.ensure_private_dir(directory or paths.data_dir())
    path = folder / REPLACED_FILE
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %z")
    entry = (
        f"== {stamp}: {author}'s {key.visibility.value} note, section {key.section_key!r}, "
        f"session {key.session_id}: this text was replaced by a save from another window ==\n"
        f"{text.rstrip()}\n\n"
    )
    with os.fdopen(files.open_private_append(path), "a", encoding="utf-8") as handle:
        handle.write(entry)
    return path
