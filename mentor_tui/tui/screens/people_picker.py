"""Whose private notes to reveal: on a shared laptop, the author says who they are."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp


class PersonPickerScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#people"

    def __init__(self, people: list[tuple[str, str]], title: str, hint: str = "") -> None:
        super().__init__()
        self.people = people
        self.title_text = title
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small"):
            yield Label(self.title_text, classes="dialog-title")
            if self.hint:
                yield Static(self.hint, classes="field-hint")
            yield OptionList(*[Option(label, id=pid) for pid, label in self.people], id="people")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def reveal_for(app: MentorApp, people: list[tuple[str, str]], then: Callable[[str], None]) -> None:
    """Call `then(person_id)` for the person revealing their own private notes.

    That is always the person typing now: a repository shows private notes to their author
    only (store/scope.py), so revealing for anyone else would show nothing. Sealed notes
    need their key open: the passphrase is asked for first when it is not.
    """
    me = app.me
    if me is None:
        return
    if app.repo.private_key is None and app.accounts.has_passphrase(me.id):
        from mentor_tui.tui.screens.signin import UnlockDialog

        app.push_screen(UnlockDialog(me), lambda ok: then(me.id) if ok else None)
        return
    then(me.id)
