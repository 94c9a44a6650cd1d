"""The session's footer: Textual's Footer, leaving out keys that do not fit.

A binding hidden with `check_action` is also switched off, so a key that must keep
working (ctrl+f Follow, the list's space and x) but has no room at 80 columns is left out
here instead, and something else on screen names it (the presence line, the list's border).
`footer_cells` says how wide each key would be, so the screen can choose what to leave out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Unpack

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.screen import Screen
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


def footer_cells(screen: Screen[Any]) -> tuple[dict[str, int], int]:
    """The columns each action's key would take in a compact footer on `screen` (one key an
    action, as Footer.compose draws them), and the columns the command palette's key takes
    at the right edge, which the others must stay clear of."""
    app = screen.app
    active = screen.active_bindings
    palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
    skip = {palette.binding.action} if palette is not None else set()
    keys: dict[str, int] = {}
    for _, binding, _, _ in active.values():
        if binding.show and binding.action not in keys and binding.action not in skip:
            keys[binding.action] = _key_cells(app.get_key_display(binding), binding.description)
    if palette is None:
        return keys, 0
    binding = palette.binding
    # Its border to the left (a column) and its margin, as for every key.
    return keys, 1 + _key_cells(app.get_key_display(binding), binding.description)


def _key_cells(key_display: str, description: str) -> int:
    # "f2 Speaker", then the one-column margin a compact footer leaves after each key.
    label = f"{key_display} {description}" if description else key_display
    return cell_len(label) + 1
