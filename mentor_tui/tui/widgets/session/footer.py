"""The session's footer: Textual's Footer, leaving out keys that do not fit.

A binding hidden with `check_action` is also switched off, so a key that must keep
working (ctrl+f, Follow) but has no room at 80 columns is left out here instead; the
presence line under the top bar names that key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Unpack

from textual.app import ComposeResult
from textual.widgets import Footer

from mentor_tui.tui.widgets.common.options import CompactOptions


class SessionFooter(Footer):
    def __init__(
        self, *, hidden: Callable[[], set[str]] = set, **kwargs: Unpack[CompactOptions]
    ) -> None:
        super().__init__(**kwargs)
        self._hidden = hidden

    def compose(self) -> ComposeResult:
        hidden = self._hidden()
        for widget in super().compose():
            if getattr(widget, "action", None) in hidden:
                continue
            yield widget
