"""The text in a note editor, and whether it has reached the database.

Kept free of widgets so the autosave rules can be tested without a screen: a draft knows
its note (session, section, author, visibility), the text as typed, the text last saved,
and when the first unsaved keystroke happened. Saving never throws away the text: a
failed save leaves the draft dirty with the error's sentence, and the next save retries.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Note, Visibility

# Save this long after the last keystroke ...
IDLE_SECONDS = 0.5
# ... and never later than this after the first unsaved one.
MAX_UNSAVED_SECONDS = 1.0
# A timer needs some delay (Textual's timers divide by it).
SOONEST = 0.01


@dataclass(frozen=True)
class NoteKey:
    session_id: str
    section_key: str
    author_id: str
    visibility: Visibility


class NoteDraft:
    def __init__(self, repo, key: NoteKey, *, clock=time.monotonic) -> None:
        self.repo = repo
        self.key = key
        self._clock = clock
        self.note: Note | None = repo.note_for(
            key.session_id, key.section_key, key.author_id, key.visibility
        )
        self.saved_text = self.note.body if self.note else ""
        self.text = self.saved_text
        self.first_unsaved: float | None = None
        self.error: str | None = None

    @property
    def dirty(self) -> bool:
        return self.text != self.saved_text

    def edit(self, text: str) -> None:
        self.text = text
        if not self.dirty:
            self.first_unsaved = None
        elif self.first_unsaved is None:
            self.first_unsaved = self._clock()

    def save_delay(self) -> float:
        """Seconds until this draft should be saved, keeping the one-second promise."""
        if not self.dirty or self.first_unsaved is None:
            return IDLE_SECONDS
        waited = self._clock() - self.first_unsaved
        return max(SOONEST, min(IDLE_SECONDS, MAX_UNSAVED_SECONDS - waited))

    def save(self) -> bool:
        """Write the text if it changed; False (with `error` set) when the store refused."""
        if not self.dirty:
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
                self.repo.save_note(note)
                self.note = note
            else:
                self.note.body = text
                self.repo.save_note(self.note)
        except UserError as exc:
            self.error = exc.message
            return False
        self.saved_text = text
        self.first_unsaved = None if not self.dirty else self._clock()
        self.error = None
        return True
