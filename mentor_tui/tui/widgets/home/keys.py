"""The keys of the screens Home opens, on a line of their own when Home's footer is narrow.

Home's footer shows every key when the terminal is wide enough. On a narrower one the
footer keeps the core keys and this line lists the others instead (the same keys still
work: a quiet twin of each binding takes over, keymap.HOME_QUIET).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from mentor_tui.tui.keymap import HOME_QUIET


def development_keys() -> Content:
    parts: list[str | tuple[str, str]] = []
    for binding in HOME_QUIET:
        if parts:
            parts.append("  ")
        parts += [(binding.key, "bold $text-accent"), f" {binding.description}"]
    return Content.assemble(*parts)


class DevelopmentKeys(Static):
    """The development screens' keys, on a line of their own when the footer is narrow."""

    def on_mount(self) -> None:
        self.update(development_keys())
