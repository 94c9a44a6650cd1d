"""What the screen tests share: the palette, settling before a snapshot, sizes, typing at
the end of a field and the last toast."""

from __future__ import annotations

import pytest
from tuikit import (
    focus_settled,
    palette,  # noqa: F401 (the development screens' tests import it from here)
)

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def settle(pilot) -> None:
    """Let the screen finish drawing, drop toasts, and hold cursors still for a snapshot."""
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await focus_settled(pilot)
    pilot.app.clear_notifications()
    for widget in pilot.app.screen.query("TextArea, Input"):
        widget.cursor_blink = False
        widget._pause_blink(visible=widget.has_focus)
        widget.refresh()
    await pilot.pause()
    await pilot.pause()


async def append_into(pilot, selector: str, text: str) -> None:
    """Type at the end of a field (focusing an input selects its text; typing would replace it)."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press("end", *text)
    await pilot.pause()
