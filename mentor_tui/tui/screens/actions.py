"""What do I owe, and to whom: action items across every mentorship, grouped by person.

Space ticks an item done (or back), x drops one no longer needed (kept in history), o hands
it to another member, t changes its due day. An item ticked or dropped here stays on the
list, struck through, until you leave, so nothing vanishes under the cursor. Overdue items
are red.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Select, Static
from textual.widgets.option_list import Option

from mentor_tui.core.actions import Owed, OwedGroup
from mentor_tui.core.errors import UserError
from mentor_tui.core.models import ActionItem
from mentor_tui.tui import fmt, keymap
from mentor_tui.tui.commands import Command
from mentor_tui.tui.widgets.common.topbar import TopBar

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp


def item_prompt(item: ActionItem, today: date) -> Content:
    overdue = item.overdue(today)
    if item.done:
        tick, text_style = ("☑ ", "$text-success"), "strike $foreground-muted"
    elif item.dropped:
        tick, text_style = ("✗ ", "$foreground-muted"), "strike $foreground-muted"
    else:
        tick, text_style = ("☐ ", ""), "$text-error" if overdue else ""
    parts: list[fmt.Piece] = [tick]
    if overdue:
        parts.append(("! ", "bold $text-error"))
    parts.append((item.text, text_style))
    when = "done" if item.done else "no longer needed" if item.dropped else fmt.due_words(item.due, today)
    parts.append((f"  · {when}", "$text-error bold" if overdue else "$foreground-muted"))
    return Content.assemble(*parts)


def group_heading(group: OwedGroup, mine: bool, several: bool) -> Content:
    """ "You owe Dr Amara Okafor", with the mentorship when you have more than one."""
    who = group.label
    words = f"You owe {who}" if mine else f"{who} owes you"
    parts: list[fmt.Piece] = [(words, "bold $text-primary")]
    if several:
        parts.append((f" · {', '.join(group.mentorship_titles)}", "$foreground-muted"))
    if group.overdue:
        parts.append((f"  {group.overdue} overdue", "bold $text-error"))
    return Content.assemble(*parts)


class ActionsScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = "actions.tcss"
    BINDINGS = [*keymap.ACTIONS]
    AUTO_FOCUS = "#owed"
    # The screen's own commands for the palette (tui/commands.py): each screen's list is
    # alike in shape only, as its bindings in keymap.py are.
    PALETTE = [
        Command(
            "Action item done", "Tick the highlighted item done, or back to open", "toggle_done"
        ),
        Command("Drop action item", "No longer needed; kept in history, or open again", "drop"),
        Command("Reassign action item", "Hand the highlighted item to another member", "reassign"),
        Command("Change due date", "A new due day for the highlighted item", "change_due"),
        Command("Show done action items", "Show or hide items already done", "toggle_show_done"),
        Command("Whose action items", "See the list of someone else", "whose"),
        Command("Add action item", "Something to do, with an owner and a date", "add_item"),
    ]

    def __init__(self, person_id: str | None = None) -> None:
        super().__init__()
        self.person_id = person_id
        self.show_done = False
        self.ticked: set[str] = set()
        self.items: dict[str, ActionItem] = {}

    def compose(self) -> ComposeResult:
        people = self._people()
        if self.person_id is None:
            self.person_id = people[0][1] if people else None
        yield TopBar("What I owe")
        with Vertical(id="actions-body"):
            with Horizontal(id="actions-head"):
                yield Select(
                    [(f"Whose list: {name}", pid) for name, pid in people],
                    value=self.person_id if people else Select.NULL,
                    allow_blank=not people,
                    compact=True,
                    id="whose",
                )
                yield Static("space done · x drop · o owner · t due", id="actions-hint",
                             classes="muted")  # fmt: skip
            yield OptionList(id="owed")
        yield Footer(compact=True)

    def _people(self) -> list[tuple[str, str]]:
        """Me first (when the app knows who I am), then the current mentorship, then others."""
        app = self.app
        order: list[str] = []
        if app.me is not None:
            order.append(app.me.id)
        current = app.current_mentorship()
        if current is not None:
            order += [m.person_id for m in current.members]
        for mentorship in app.mentorships():
            order += [m.person_id for m in mentorship.members]
        unique = list(dict.fromkeys(order))
        return [(app.person_name(pid), pid) for pid in unique]

    def on_screen_resume(self) -> None:  # the first showing too
        self.refresh_items()

    def refresh_items(self) -> None:
        options = self.query_one("#owed", OptionList)
        if self.person_id is None:
            options.clear_options()
            options.add_option(Option("Nobody to show yet: add a mentorship first.", disabled=True))
            return
        today = self.app.today()
        owed = self.app.repo.actions.owed(self.person_id, today, open_only=False)
        keep = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        self.items = {}
        several = len({t for g in [*owed.i_owe, *owed.owed_to_me] for t in g.mentorship_titles}) > 1
        shown = self._add_groups(options, owed, today, several)
        if not shown:
            options.add_option(
                Option(
                    Content.styled(
                        "Nothing owed either way. a adds an action item; d shows those done.",
                        "$foreground-muted",
                    ),
                    disabled=True,
                )
            )
        ids = [o.id for o in options.options]
        if keep is not None and keep in ids:
            options.highlighted = ids.index(keep)
        else:
            options.highlighted = next(
                (n for n, o in enumerate(options.options) if not o.disabled), None
            )
        self._show_status(owed, today)

    def _add_groups(self, options: OptionList, owed: Owed, today: date, several: bool) -> int:
        shown = 0
        for mine, groups in ((True, owed.i_owe), (False, owed.owed_to_me)):
            for group in groups:
                items = [
                    i for i in group.items if i.is_open or self.show_done or i.id in self.ticked
                ]
                if not items:
                    continue
                if options.option_count:
                    options.add_option(None)
                options.add_option(Option(group_heading(group, mine, several), disabled=True))
                for item in items:
                    self.items[item.id] = item
                    options.add_option(Option(item_prompt(item, today), id=item.id))
                    shown += 1
        return shown

    def _show_status(self, owed: Owed, today: date) -> None:
        mine = [i for g in owed.i_owe for i in g.items if i.is_open]
        overdue = sum(1 for i in mine if i.overdue(today))
        name = fmt.first_name(self.app.person_name(self.person_id))
        words = f"{name} owes {len(mine)}"
        if overdue:
            words += f" · {overdue} overdue"
        self.query_one(TopBar).set_status(words)

    @on(Select.Changed, "#whose")
    def _whose_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.person_id:
            self.person_id = event.value
            self.ticked.clear()
            self.refresh_items()
            self.query_one("#owed", OptionList).focus()

    @on(OptionList.OptionSelected, "#owed")
    def _selected(self) -> None:
        self.action_toggle_done()

    # -- actions -------------------------------------------------------------------------

    def _current(self) -> ActionItem | None:
        option = self.query_one("#owed", OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        return self.items.get(option.id)

    def _change(
        self, change: Callable[[ActionItem], ActionItem], said: Callable[[ActionItem], str]
    ) -> None:
        """Change the highlighted item, say so and redraw; the sentence holds the item's text
        as typed, so it is never read as markup."""
        item = self._current()
        if item is None:
            return
        try:
            saved = change(item)
        except UserError as exc:
            self.app.show_error(exc)
            return
        self.ticked.add(item.id)
        self.notify(said(saved), markup=False)
        self.refresh_items()

    def action_toggle_done(self) -> None:
        self._change(
            lambda item: self.app.repo.actions.set_done(item.id, not item.done),
            lambda saved: f"{'Done' if saved.done else 'Open again'}: {saved.text}",
        )

    def action_drop(self) -> None:
        self._change(
            lambda item: self.app.repo.actions.set_dropped(item.id, not item.dropped),
            lambda saved: f"{'No longer needed' if saved.dropped else 'Open again'}: {saved.text}",
        )

    def action_reassign(self) -> None:
        from mentor_tui.tui.screens.dialogs import OwnerDialog

        item = self._current()
        if item is None:
            return
        try:
            mentorship = self.app.repo.mentorships.get(item.mentorship_id)
        except UserError as exc:
            self.app.show_error(exc)
            return
        self.app.push_screen(OwnerDialog(item, mentorship), lambda _: self.refresh_items())

    def action_change_due(self) -> None:
        from mentor_tui.tui.screens.dialogs import DueDialog

        item = self._current()
        if item is not None:
            self.app.push_screen(DueDialog(item), lambda _: self.refresh_items())

    def action_toggle_show_done(self) -> None:
        self.show_done = not self.show_done
        self.refresh_items()

    def action_whose(self) -> None:
        whose = self.query_one("#whose", Select)
        whose.focus()
        whose.action_show_overlay()

    def action_add_item(self) -> None:
        from mentor_tui.tui.screens.dialogs import ActionItemDialog

        mentorship = self.app.current_mentorship()
        if mentorship is None:
            self.notify("Add a mentorship first.")
            return
        owner = self.person_id if mentorship.role_of(self.person_id or "") else None
        self.app.push_screen(
            ActionItemDialog(mentorship, owner_id=owner), lambda _: self.refresh_items()
        )

    def action_back(self) -> None:
        if self.focused is self.query_one("#whose"):
            self.query_one("#owed", OptionList).focus()
            return
        self.dismiss()
