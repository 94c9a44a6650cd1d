"""The note editor: a text area that leaves the session's function keys to the session.

Its cursor blinks while someone is using it and rests, shown steadily, after
BLINK_REST_SECONDS without a keystroke, a click or a cursor move (as GTK's
gtk-cursor-blink-timeout does): a blinking cursor redraws the editor twice a second,
which was most of what an idle session cost in CPU (bench/remote.py, idle CPU part).
"""

from __future__ import annotations

import time
from typing import Unpack

from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import TextArea

from mentor_tui.tui.widgets.common.options import EditorOptions

# A plain text area selects the line on f6 and everything on f7; the session uses those
# keys to pause the timer and to go back a section, so the note editor gives them up
# (shift+arrows and the mouse still select).
SESSION_KEYS = {"f6", "f7"}
BLINK_REST_SECONDS = 10.0


def _keeps(binding: BindingType) -> bool:
    key = binding.key if isinstance(binding, Binding) else binding[0]
    return not set(key.split(",")) & SESSION_KEYS


class NoteEditor(TextArea, inherit_bindings=False):
    BINDINGS = [binding for binding in TextArea.BINDINGS if _keeps(binding)]

    def __init__(
        self,
        text: str = "",
        *,
        blink_rest: float = BLINK_REST_SECONDS,
        **kwargs: Unpack[EditorOptions],
    ) -> None:
        super().__init__(text, **kwargs)
        self.blink_rest = blink_rest
        self._last_use = time.monotonic()
        self._rest_timer: Timer | None = None
        # True while this editor stopped the blinking itself; a cursor_blink turned off from
        # outside (a setting, a snapshot test) is left off.
        self.resting = False

    def on_mount(self) -> None:
        self._used()

    def _used(self) -> None:
        self._last_use = time.monotonic()
        if self.resting:
            self.resting = False
            self.cursor_blink = True
        if self._rest_timer is None and self.cursor_blink:
            self._rest_timer = self.set_timer(self.blink_rest, self._maybe_rest)

    def _maybe_rest(self) -> None:
        self._rest_timer = None
        if not self.cursor_blink:
            return
        idle = time.monotonic() - self._last_use
        if idle >= self.blink_rest:
            self.resting = True
            self.cursor_blink = False  # shown steadily: no more redraws until the next key
        else:
            self._rest_timer = self.set_timer(self.blink_rest - idle, self._maybe_rest)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._used()

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        self._used()

    def on_focus(self) -> None:
        self._used()
