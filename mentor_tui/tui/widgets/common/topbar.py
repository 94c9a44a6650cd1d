"""The line at the top of every screen: where you are on the left, who is typing on the right."""

from __future__ import annotations

from fractions import Fraction
from typing import Unpack

from rich.style import Style as RichStyle
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget

from mentor_tui.tui.widgets.common.options import WidgetOptions

# The status is as wide as its text, up to this share of the bar; the title gets the rest.
STATUS_SHARE = Fraction(3, 5)
PAD = 1  # cells of padding on either side of each half


class TopBar(Widget):
    """One widget drawing the line cell for cell as a row of two text widgets (title and
    status) did: three widgets cost every screen's first frame their styling
    (docs/performance.md, "Start-up"). Setting the title or the status only redraws it."""

    DEFAULT_CLASSES = "topbar"

    def __init__(
        self, title: str, status: str | Content = "", **kwargs: Unpack[WidgetOptions]
    ) -> None:
        super().__init__(**kwargs)
        self._title = title
        self._status = Content(status) if isinstance(status, str) else status

    @property
    def title(self) -> str:
        """Where you are, as drawn after the app's name (before any ellipsis)."""
        return self._title

    @property
    def status(self) -> str:
        """The status as drawn on the right (before any ellipsis)."""
        return self._status.plain

    def set_title(self, title: str) -> None:
        self._title = title
        self.refresh()

    def set_status(self, status: str | Content) -> None:
        self._status = Content(status) if isinstance(status, str) else status
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        # Padding and empty cells in the style Textual pads a widget's lines with.
        base, background = self.background_colors
        blank = Style(background=base + background).rich_style
        if y:
            return Strip.blank(width, blank)
        # Sized as Textual lays out a row of a 1fr title and an auto-width status capped at
        # STATUS_SHARE: the status's whole cells first, the title the rest.
        wanted = self._status.get_optimal_width(self.styles.get_rules(), width) + 2 * PAD
        status_width = int(min(Fraction(wanted), STATUS_SHARE * width))
        title = Content.assemble(("mentor-tui", "bold"), "  ", self._title)
        return Strip.join(
            [
                self._half(title, width - status_width, blank),
                self._half(self._status, status_width, blank),
            ]
        )

    def _half(self, content: Content, width: int, blank: RichStyle) -> Strip:
        """One half: its first line in the bar's text-wrap and text-overflow, padded."""
        inner = width - 2 * PAD
        if inner <= 0:  # no room for text: the bar's background, as an empty half showed
            return Strip.blank(max(0, width), blank)
        strips = Visual.to_strips(self, content, inner, 1, self.visual_style)
        line = strips[0] if strips else Strip.blank(inner, blank)
        pad = Strip.blank(PAD, blank)
        return Strip.join([pad, line.adjust_cell_length(inner, blank), pad])
