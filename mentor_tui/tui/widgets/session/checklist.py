"""A session's talking points and action items, each to tick, drop, move or hand on.

The list lives beside the note editor: ctrl+l comes here, escape goes back to typing. It
shows what the store says (nothing is kept here but the ids): a point ticked or dropped in
this session stays in the list, marked, so nothing vanishes under the cursor; a point moved
to next time says so. The screen does the writing; this widget only says what was asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Unpack

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from mentor_tui.core.models import ActionItem, PointStatus, TalkingPoint
from mentor_tui.tui import fmt, keymap
from mentor_tui.tui.widgets.common.options import WidgetOptions

POINT, ITEM = "point", "item"


@dataclass(frozen=True)
class Entry:
    kind: str  # POINT or ITEM
    id: str


def point_prompt(point: TalkingPoint, session_id: str, names: dict[str, str]) -> Content:
    who = fmt.first_name(names.get(point.raised_by, "?"))
    text = fmt.printable(point.text)
    if point.status == PointStatus.DONE:
        return Content.assemble(("☑ ", "$text-success"), (text, "strike $foreground-muted"))
    if point.status == PointStatus.DROPPED:
        return Content.assemble(("✗ ", "$foreground-muted"), (text, "strike $foreground-muted"),
                                ("  · dropped", "$foreground-muted"))  # fmt: skip
    if point.moved_from == session_id:
        return Content.assemble(("→ ", "$text-accent"), (text, "$foreground-muted"),
                                ("  · next time", "$text-accent"))  # fmt: skip
    return Content.assemble("☐ ", text, (f"  · {who}", "$foreground-muted"))


def item_prompt(item: ActionItem, names: dict[str, str], today: date) -> Content:
    owner = fmt.first_name(names.get(item.owner_id, "?"))
    text = fmt.printable(item.text)
    if item.done:
        return Content.assemble(("☑ ", "$text-success"), (text, "strike $foreground-muted"),
                                (f"  · {owner}", "$foreground-muted"))  # fmt: skip
    if item.dropped:
        return Content.assemble(("✗ ", "$foreground-muted"), (text, "strike $foreground-muted"),
                                ("  · no longer needed", "$foreground-muted"))  # fmt: skip
    due = fmt.due_words(item.due, today)
    if item.overdue(today):
        return Content.assemble("☐ ", ("! ", "bold $text-error"), (text, "$text-error"),
                                (f"  · {owner}, {due}", "bold $text-error"))  # fmt: skip
    return Content.assemble("☐ ", text, (f"  · {owner}, {due}", "$foreground-muted"))


class Checklist(OptionList):
    """Points first, then items; the highlighted entry is what the keys and palette act on."""

    BINDINGS = [*keymap.CHECKLIST]  # a list of its own: Textual's also takes tuples

    class Act(Message):
        """Do `verb` (tick, drop, later, owner, due) to the highlighted entry."""

        def __init__(self, verb: str, entry: Entry) -> None:
            super().__init__()
            self.verb = verb
            self.entry = entry

    class Leave(Message):
        """Back to the note editor."""

    def __init__(self, **kwargs: Unpack[WidgetOptions]) -> None:
        super().__init__(**kwargs)
        self.entries: dict[str, Entry] = {}

    def show(
        self,
        points: list[TalkingPoint],
        items: list[ActionItem],
        *,
        session_id: str,
        names: dict[str, str],
        today: date,
    ) -> None:
        keep = self.highlighted_option.id if self.highlighted_option else None
        self.clear_options()
        self.entries = {}
        options: list[Option] = []
        for point in points:
            key = f"{POINT}-{point.id}"
            self.entries[key] = Entry(POINT, point.id)
            options.append(Option(point_prompt(point, session_id, names), id=key))
        for item in items:
            key = f"{ITEM}-{item.id}"
            self.entries[key] = Entry(ITEM, item.id)
            options.append(Option(item_prompt(item, names, today), id=key))
        self.add_options(options)
        ids = [o.id for o in options]
        self.highlighted = ids.index(keep) if keep in ids else (0 if ids else None)
        self.border_title = _title(points, items)
        self.border_subtitle = _keys(points, items)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Only what the highlighted entry can take: a point has no owner, an item no "later".
        entry = self.current
        if action == "later":
            return entry is not None and entry.kind == POINT
        if action in ("owner", "due"):
            return entry is not None and entry.kind == ITEM
        return True

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self.refresh_bindings()

    @property
    def current(self) -> Entry | None:
        option = self.highlighted_option
        return self.entries.get(option.id or "") if option is not None else None

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Enter ticks too, as on "What I owe".
        event.stop()
        self._act("tick")

    def _act(self, verb: str) -> None:
        entry = self.current
        if entry is not None:
            self.post_message(self.Act(verb, entry))

    def action_tick(self) -> None:
        self._act("tick")

    def action_drop(self) -> None:
        self._act("drop")

    def action_later(self) -> None:
        self._act("later")

    def action_owner(self) -> None:
        self._act("owner")

    def action_due(self) -> None:
        self._act("due")

    def action_leave(self) -> None:
        self.post_message(self.Leave())


def _title(points: list[TalkingPoint], items: list[ActionItem]) -> str:
    parts = []
    if points:
        parts.append(f"Talking points {sum(p.is_open for p in points)}/{len(points)} open")
    if items:
        parts.append(f"Action items {sum(i.is_open for i in items)}/{len(items)} open")
    return " · ".join(parts)


def _keys(points: list[TalkingPoint], items: list[ActionItem]) -> str:
    keys = ["ctrl+l", "space tick", "x drop"]
    if points:
        keys.append("n next time")
    if items:
        keys += ["o owner", "t due"]
    return " · ".join(keys)
