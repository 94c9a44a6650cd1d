"""The note editor: a text area that leaves the session's function keys to the session."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TextArea

# A plain text area selects the line on f6 and everything on f7; the session uses those
# keys to pause the timer and to go back a section, so the note editor gives them up
# (shift+arrows and the mouse still select).
SESSION_KEYS = {"f6", "f7"}


def _keeps(binding) -> bool:
    key = binding.key if isinstance(binding, Binding) else binding[0]
    return not set(key.split(",")) & SESSION_KEYS


class NoteEditor(TextArea, inherit_bindings=False):
    BINDINGS = [binding for binding in TextArea.BINDINGS if _keeps(binding)]
