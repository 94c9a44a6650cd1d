"""A SelectionList whose boxes say their state in a glyph, not in colour alone.

Textual draws every box with the same "X" and tells ticked from not by colour, which a
colour-blind reader, a monochrome terminal or NO_COLOR cannot see: here a ticked box shows
"✓" and an open one a blank.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

TICKED = "✓"
OPEN = " "

T = TypeVar("T")


class TickList(SelectionList[T], Generic[T]):
    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if len(segments) < 2 or segments[1].text != ToggleButton.BUTTON_INNER:
            return line  # not a box line (Textual changed its drawing): leave it
        glyph = TICKED if selection.value in self._selected else OPEN
        segments[1] = Segment(glyph, segments[1].style, segments[1].control)
        return Strip(segments, line.cell_length)
