"""The session's footer: Textual's Footer, leaving out keys that do not fit.

A binding hidden with `check_action` is also switched off, so a key that must keep
working (ctrl+f, Follow) but has no room at 80 columns is left out here instead; the
presence line under the top bar names that key.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.widgets import Footer


class SessionFooter(Footer):
    def __init__(self, *args, hidden: Callable[[], set[str]] = set, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._hidden = hidden

    def compose(self) -> ComposeResult:
        hidden = self._hidden()
        for widget in super().compose():
            if getattr(widget, "action", None) in hidden:
                continue
            yield widget
