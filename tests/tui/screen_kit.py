"""What the screen tests share: the palette, settling before a snapshot, sizes, typing at
the end of a field and the last toast."""

from __future__ import annotations

import pytest
from tuikit import (
    focus_settled,
    layout_settled,
    palette,  # noqa: F401 (the development screens' tests import it from here)
)

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def settle(pilot) -> None:
    """Let the screen finish drawing, drop toasts, and hold cursors still for a snapshot."""
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await layout_settled(pilot)
    await focus_settled(pilot)
    pilot.app.clear_notifications()
    # The focused field shows its cursor, steadily: with blinking off (the public
    # cursor_blink) Input and TextArea draw their cursor exactly when they have focus; turning
    # it off stops the blink timer and shows the cursor of a focused field. A TextArea caches
    # its lines by a key that leaves focus out when blinking is off, so a line cached before
    # focus came (or in an "off" blink phase) would come back without its cursor:
    # notify_style_update() empties that cache.
    # Every screen in the stack: a dialog's snapshot shows the screen under it too.
    for screen in pilot.app.screen_stack:
        for widget in screen.query("TextArea, Input"):
            widget.cursor_blink = False
            widget.notify_style_update()
            widget.refresh()
    await pilot.pause()
    await pilot.pause()


async def append_into(pilot, selector: str, text: str) -> None:
    """Type at the end of a field (focusing an input selects its text; typing would replace it)."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press("end", *text)
    await pilot.pause()
