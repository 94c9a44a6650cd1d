"""What the screen tests share: the palette, settling before a snapshot, sizes, typing at
the end of a field, the last toast and whether a footer fits."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets._footer import FooterKey  # not exported; its region is what is checked
from tuikit import (
    focus_settled,
    layout_settled,
    palette,  # noqa: F401 (the development screens' tests import it from here)
    until,
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


async def to_the_checklist(pilot, screen: Screen):
    """Move the session on (f8) to the first section that lists talking points or action
    items; returns that list."""
    from mentor_tui.tui.widgets.session.checklist import Checklist

    checklist = screen.query_one(Checklist)
    for _ in screen.session.sections:
        if checklist.display:
            break
        await pilot.press("f8")
        await pilot.pause()
    await until(pilot, lambda: checklist.display, what="the list of talking points")
    return checklist


def footer_keys(screen: Screen) -> dict[str, Region]:
    """Where each key the footer draws sits, by action; the palette's key under "palette"."""
    return {
        "palette" if key.has_class("-command-palette") else key.action: key.region
        for key in screen.query(FooterKey)
    }


def assert_footer_fits(screen: Screen, state: str, keeps: set[str]) -> None:
    """Every key the footer draws ends left of the palette's key (docked at the right edge,
    it hides what runs under it), and the actions in `keeps` are among them."""
    keys = footer_keys(screen)
    palette_key = keys.pop("palette")
    assert palette_key.right <= screen.size.width, state
    cut = [action for action, region in keys.items() if region.right > palette_key.x]
    assert not cut, f"{state}: {cut} run under the palette key or off the right edge"
    assert keeps <= keys.keys(), f"{state}: {keeps - keys.keys()} left out"
