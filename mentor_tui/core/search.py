"""What a search of notes finds: the note, and a piece of it with where the words matched.

The matches are offsets into the snippet's text, so whoever shows a hit decides how a
match looks (tui/widgets/history/hits.py highlights it); no marker travels in the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mentor_tui.core.notes import Note


@dataclass(frozen=True)
class Snippet:
    text: str
    # (start, end) of each matched word in `text`, in order, not overlapping.
    matches: tuple[tuple[int, int], ...] = ()

    def parts(self) -> Iterator[tuple[str, bool]]:
        """The text in pieces, each with whether it is a match; empty pieces left out."""
        at = 0
        for start, end in self.matches:
            if start > at:
                yield self.text[at:start], False
            yield self.text[start:end], True
            at = end
        if at < len(self.text):
            yield self.text[at:], False

    def matched(self) -> list[str]:
        return [self.text[start:end] for start, end in self.matches]


@dataclass
class NoteHit:
    note: Note
    snippet: Snippet
    session_started_at: str
    agenda_name: str


class NoteHits(list[NoteHit]):
    """Search results, best first; `newest_only` when more notes matched than a search ranks,
    so the ranking covered the newest of them only (the screen says so)."""

    newest_only: bool = False
