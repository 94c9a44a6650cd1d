"""The line at the top of every screen: where you are on the left, who is typing on the right."""

from __future__ import annotations

from typing import Unpack

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from mentor_tui.tui.widgets.common.options import WidgetOptions


class TopBar(Horizontal):
    DEFAULT_CLASSES = "topbar"

    def __init__(
        self, title: str, status: str | Content = "", **kwargs: Unpack[WidgetOptions]
    ) -> None:
        super().__init__(**kwargs)
        self._title = title
        self._status = status

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("mentor-tui", "bold"), "  ", self._title), classes="title")
        yield Static(self._status, classes="status")

    def set_title(self, title: str) -> None:
        self._title = title
        self.query_one(".title", Static).update(
            Content.assemble(("mentor-tui", "bold"), "  ", title)
        )

    def set_status(self, status: str | Content) -> None:
        self._status = status
        self.query_one(".status", Static).update(status)
