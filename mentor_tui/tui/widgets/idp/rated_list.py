"""A list of named things with a 1-5 score: the IDP's skills and its career options.

The highlighted line takes 1-5 as its score (0 clears it where a score is optional) and
delete removes it; each change posts `RatedList.Changed` so the screen saves at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Unpack

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from mentor_tui.tui.fmt import Piece
from mentor_tui.tui.widgets.common.options import CompactOptions

SCALE = range(1, 6)


@dataclass
class Rated:
    name: str
    score: int | None
    note: str = ""


def dots(score: int | None) -> str:
    if score is None:
        return "·····"
    return "●" * score + "○" * (5 - score)


class RatedList(OptionList):
    BINDINGS = [Binding("delete,backspace", "remove", "Remove", show=False)]

    class Changed(Message):
        def __init__(self, rated_list: RatedList) -> None:
            super().__init__()
            self.rated_list = rated_list

        @property
        def control(self) -> RatedList:
            return self.rated_list

    def __init__(
        self,
        items: list[Rated],
        *,
        optional: bool = False,
        empty: str = "",
        **kwargs: Unpack[CompactOptions],
    ) -> None:
        super().__init__(**kwargs)
        self.items = list(items)
        self.optional = optional
        self.empty = empty

    def on_mount(self) -> None:
        self.redraw()

    def redraw(self, keep: int | None = None) -> None:
        keep = self.highlighted if keep is None else keep
        self.clear_options()
        if not self.items:
            self.add_option(Option(Content.styled(self.empty, "$foreground-muted"), disabled=True))
            return
        for n, item in enumerate(self.items):
            parts: list[Piece] = [
                (dots(item.score), "$text-success"),
                (f" {item.score if item.score is not None else '-'}  ", "bold"),
                item.name,
            ]
            if item.note:
                parts.append((f" · {item.note}", "$foreground-muted"))
            self.add_option(Option(Content.assemble(*parts), id=str(n)))
        self.highlighted = min(keep or 0, len(self.items) - 1)

    def add(self, item: Rated) -> bool:
        if any(i.name.casefold() == item.name.casefold() for i in self.items):
            return False
        self.items.append(item)
        self.redraw(len(self.items) - 1)
        self.post_message(self.Changed(self))
        return True

    def _current(self) -> Rated | None:
        if not self.items or self.highlighted is None:
            return None
        return self.items[min(self.highlighted, len(self.items) - 1)]

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            score = int(event.character)
            item = self._current()
            if item is None or not (score in SCALE or (score == 0 and self.optional)):
                return
            event.stop()
            event.prevent_default()
            item.score = score or None
            self.redraw()
            self.post_message(self.Changed(self))

    def action_remove(self) -> None:
        item = self._current()
        if item is None:
            return
        index = self.items.index(item)
        self.items.remove(item)
        self.redraw(max(0, index - 1) if index >= len(self.items) else index)
        self.post_message(self.Changed(self))
