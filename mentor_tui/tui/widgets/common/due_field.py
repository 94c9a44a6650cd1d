"""A due date typed in words ("next friday", "in 2 weeks"), read back under the field."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from mentor_tui.core.errors import DateError
from mentor_tui.tui import fmt

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp


def parse_due_or_none(text: str, today: date) -> date | None:
    """Empty means no due date; anything else must read as a date (DateError otherwise)."""
    if not text.strip():
        return None
    from mentor_tui.core.dates import parse_due

    return parse_due(text, today)


def due_read_back(due: date | None, today: date) -> str:
    return "No due date." if due is None else fmt.read_back(due, today)


class DueField(Vertical):
    """Label, field and the line under it: the date read back as it is typed, or in one
    sentence why the words cannot be read (the field is then marked). Empty is no date.

    `kept`, a date already stored, stands while its words are left as they were shown,
    whatever reading those words against today would give (the stored date is the fact).
    """

    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    DEFAULT_CSS = """
    DueField {
        height: auto;
    }
    """

    def __init__(
        self,
        label: str,
        *,
        placeholder: str,
        input_id: str,
        message_id: str,
        kept: date | None = None,
        shown: str = "",
    ) -> None:
        super().__init__()
        self.label = label
        self.placeholder = placeholder
        self.input_id = input_id
        self.message_id = message_id
        self.kept = kept
        self.shown = shown if kept else ""

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="field-label")
        yield Input(self.shown, placeholder=self.placeholder, id=self.input_id, compact=True)
        yield Static(
            due_read_back(self.kept, self.app.today()), id=self.message_id, classes="field-message"
        )

    @property
    def input(self) -> Input:
        return self.query_one(f"#{self.input_id}", Input)

    def say(self, text: str, *, error: bool) -> None:
        message = self.query_one(f"#{self.message_id}", Static)
        message.update(text)
        message.set_class(error, "-error")

    @on(Input.Changed)
    def _typed(self) -> None:
        self.read()

    def read(self) -> tuple[bool, date | None]:
        """The date typed (None: none), with True; or False once the reason is shown."""
        today = self.app.today()
        typed = self.input
        try:
            if self.kept is not None and typed.value.strip() == self.shown:
                due: date | None = self.kept  # unchanged, even if it is past by now
            else:
                due = parse_due_or_none(typed.value, today)
        except DateError as exc:
            self.say(exc.message, error=True)
            typed.add_class("-invalid")
            return False, None
        typed.remove_class("-invalid")
        self.say(due_read_back(due, today), error=False)
        return True, due
