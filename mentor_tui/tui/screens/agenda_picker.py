"""Pick an agenda: the list on the left, its sections and minutes on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.core.agendas import Agenda, suggested_agenda
from mentor_tui.core.agreement import AGREEMENT_REVIEW_WARNING_DAYS
from mentor_tui.core.models import Mentorship, Mode
from mentor_tui.core.text import as_sentences
from mentor_tui.tui import keymap
from mentor_tui.tui.commands import Command
from mentor_tui.tui.fmt import Piece
from mentor_tui.tui.widgets.common.topbar import TopBar

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

MODE_LABELS = {Mode.IN_PERSON: "in person", Mode.REMOTE: "remote"}


def preview(agenda: Agenda) -> Content:
    parts: list[Piece] = [(agenda.name, "bold $text-primary"), "\n"]
    meta = f"{agenda.total_minutes} minutes · suits {agenda.style}"
    parts += [(meta, "$text-muted"), "\n\n", agenda.purpose, "\n\n"]
    points = agenda.points_section
    for section in agenda.sections:
        parts += [(f"{section.minutes:>3}m  ", "$text-accent"), section.title]
        parts += [(f"  {section.kind}", "$text-muted")]
        if section is points:  # where the pair's talking points come up
            parts += [(" · talking points", "$text-accent")]
        parts += ["\n"]
    if agenda.prepare:
        parts += ["\n", ("Prepare: ", "bold"), as_sentences(agenda.prepare), "\n"]
    if agenda.source:
        parts += ["\n", (f"Source: {agenda.source}", "$text-muted italic")]
    if not agenda.builtin:
        parts += ["\n", (f"Your own agenda: {agenda.path}", "$text-muted")]
    return Content.assemble(*parts)


class AgendaPickerScreen(Screen[tuple[Agenda, Mode] | None]):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = "agenda_picker.tcss"
    BINDINGS = [*keymap.AGENDA_PICKER]
    PALETTE = [Command("In person or remote", "How the pair meets this time", "toggle_mode")]
    AUTO_FOCUS = "#agenda-list"

    def __init__(self, mentorship: Mentorship) -> None:
        super().__init__()
        self.mentorship = mentorship
        self.mode = Mode.REMOTE if mentorship.style.value == "virtual" else Mode.IN_PERSON

    def _ordered(self) -> list[Agenda]:
        library = self.app.agendas
        agendas = list(library.agendas)
        has_history = bool(self.app.repo.sessions.list(mentorship_id=self.mentorship.id, limit=1))
        agreement = self.mentorship.agreement
        suggested = suggested_agenda(
            has_history=has_history,
            review_date=agreement.review_date if agreement else None,
            today=self.app.today(),
            warning_days=AGREEMENT_REVIEW_WARNING_DAYS,
        )
        agendas.sort(key=lambda a: (a.key != suggested, a.style != self.mentorship.style.value))
        return agendas

    def compose(self) -> ComposeResult:
        self.agendas = self._ordered()
        yield TopBar(f"Start a session · {self.mentorship.title}")
        with Horizontal(id="picker-body"):
            yield OptionList(
                *[
                    Option(a.name, id=a.key)
                    for a in self.agendas
                ],
                id="agenda-list",
            )
            with Vertical(id="agenda-side"):
                with VerticalScroll(id="agenda-preview-scroll"):
                    yield Static(id="agenda-preview")
                with Horizontal(id="picker-actions"):
                    yield Static(id="picker-mode")
                    yield Button("Start", id="start", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        errors = self.app.agendas.errors
        if errors:
            self.notify(
                f"{len(errors)} agenda file(s) could not be loaded; "
                "`mentor-tui agendas check` says why.",
                severity="warning",
            )
        self._show_mode()
        if self.agendas:
            self._show(self.agendas[0])

    def _show(self, agenda: Agenda) -> None:
        self.query_one("#agenda-preview", Static).update(preview(agenda))

    def _show_mode(self) -> None:
        self.query_one("#picker-mode", Static).update(
            Content.assemble(
                (MODE_LABELS[self.mode].capitalize(), "bold"), (" · m changes", "$text-muted")
            )
        )

    def _agenda(self, option: Option) -> Agenda:
        """The agenda an option stands for: compose gives each option its agenda's key."""
        assert option.id is not None
        return self.app.agendas[option.id]

    @on(OptionList.OptionHighlighted, "#agenda-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(self._agenda(event.option))

    @on(OptionList.OptionSelected, "#agenda-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss((self._agenda(event.option), self.mode))

    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        option_list = self.query_one("#agenda-list", OptionList)
        if option_list.highlighted is None:
            return
        option = option_list.get_option_at_index(option_list.highlighted)
        self.dismiss((self._agenda(option), self.mode))

    def action_toggle_mode(self) -> None:
        self.mode = Mode.REMOTE if self.mode == Mode.IN_PERSON else Mode.IN_PERSON
        self._show_mode()

    def action_cancel(self) -> None:
        self.dismiss(None)
