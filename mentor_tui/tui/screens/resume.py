"""Offered at start-up when a session was left open: the app died, or the lid closed."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Session
from mentor_tui.tui import fmt


class ResumeScreen(ModalScreen):
    CSS_PATH = "resume.tcss"
    BINDINGS = [("escape", "later", "Later")]
    AUTO_FOCUS = "#interrupted"

    def __init__(self, sessions: list[Session]) -> None:
        super().__init__()
        self.sessions = sessions

    def _describe(self, session: Session) -> Content:
        app = self.app
        titles = app.repo.mentorship_titles()
        full = app.repo.get_session(session.id)
        section = full.sections[full.current_section] if full.sections else None
        started = fmt.local_date(session.started_at)
        when = f"{fmt.short_day(started, app.today())} {fmt.local_time(session.started_at)}" if started else ""
        notes = app.repo.count_notes(session.id)
        where = (
            f"section {full.current_section + 1}/{len(full.sections)}: {section.title}"
            if section
            else ""
        )
        return Content.assemble(
            (session.agenda_name, "bold"),
            f" · {titles.get(session.mentorship_id, '')}\n",
            (f"started {when} · {where} · {notes} note{'s' if notes != 1 else ''}", "$text-muted"),
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Resume session?", classes="dialog-title")
            yield Static(
                "mentor-tui closed during a session. Everything typed up to a second before "
                "that was saved. Pick it up where you left off:",
                classes="field-hint",
            )
            yield OptionList(
                *[Option(self._describe(s), id=s.id) for s in self.sessions], id="interrupted"
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Later", id="later", compact=True)
                yield Button("End it", id="end", compact=True)
                yield Button("Resume", id="resume", variant="primary", compact=True)

    def _chosen(self) -> str | None:
        options = self.query_one("#interrupted", OptionList)
        index = options.highlighted if options.highlighted is not None else 0
        return options.get_option_at_index(index).id if options.option_count else None

    @on(OptionList.OptionSelected)
    @on(Button.Pressed, "#resume")
    def resume(self) -> None:
        session_id = self._chosen()
        self.dismiss()
        if session_id:
            try:
                self.app.resume(session_id)
            except UserError as exc:
                self.app.show_error(exc)

    @on(Button.Pressed, "#end")
    def end(self) -> None:
        session_id = self._chosen()
        self.dismiss()
        if session_id:
            from mentor_tui.tui.screens.wrapup import WrapUpScreen

            last = self.app.repo.last_activity(session_id)
            if last:
                self.app.repo.settle_timer(session_id, last)
            self.app.repo.end_session(session_id)
            self.app.push_screen(WrapUpScreen(session_id))

    @on(Button.Pressed, "#later")
    def action_later(self) -> None:
        self.dismiss()
