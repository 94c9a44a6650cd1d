"""Offered at start-up when a session is open: someone is in it now, or it was left.

Someone else's app is in it (a fresh heartbeat from a live process): the choice is to join
them, and "End it" is not offered: ending a session from here would end it under them
(issue 12). Nobody is in it: resume it, paused by a quit or interrupted by a crash, or end
it. Who is in it is read afresh when End is pressed, since they may have arrived since.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Session
from mentor_tui.tui import fmt
from mentor_tui.tui.commands import Command

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp


class ResumeScreen(ModalScreen[None]):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = ["forms.tcss", "resume.tcss"]
    BINDINGS = [Binding("escape", "later", "Later")]
    PALETTE = [Command("Later", "Leave the open sessions for now", "later")]
    AUTO_FOCUS = "#interrupted"

    def __init__(self, sessions: list[Session]) -> None:
        super().__init__()
        self.sessions = sessions
        self.others: dict[str, list[str]] = {}  # session id -> names of who is in it now
        self.paused: set[str] = set()

    def _who(self, session_id: str) -> str:
        return " and ".join(self.others.get(session_id, []))

    def _describe(self, session: Session) -> Content:
        app = self.app
        titles = app.repo.mentorships.titles()
        full = app.repo.sessions.get(session.id)
        section = full.sections[full.current_section] if full.sections else None
        started = fmt.local_date(session.started_at)
        when = f"{fmt.short_day(started, app.today())} {fmt.local_time(session.started_at)}" if started else ""
        notes = app.repo.notes.count(session.id)
        where = (
            f"section {full.current_section + 1}/{len(full.sections)}: {section.title}"
            if section
            else ""
        )
        if self.others.get(session.id):
            verb = "are" if len(self.others[session.id]) > 1 else "is"
            state = (f"{self._who(session.id)} {verb} in it now · ", "$text-success")
        elif session.id in self.paused:
            state = ("paused · ", "$text-muted")
        else:
            state = ("", "")
        return Content.assemble(
            (session.agenda_name, "bold"),
            f" · {titles.get(session.mentorship_id, '')}\n",
            state,
            (f"started {when} · {where} · {notes} note{'s' if notes != 1 else ''}", "$text-muted"),
        )

    def compose(self) -> ComposeResult:
        app = self.app
        self.others = {s.id: app.who_is_in(s.id) for s in self.sessions}
        self.paused = app.paused()
        with Vertical(classes="dialog"):
            yield Label("Resume session?", id="resume-title", classes="dialog-title")
            yield Static(id="resume-hint", classes="field-hint")
            yield OptionList(
                *[Option(self._describe(s), id=s.id) for s in self.sessions], id="interrupted"
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Later", id="later", compact=True)
                yield Button("End it", id="end", compact=True)
                yield Button("Resume", id="resume", variant="primary", compact=True)

    def on_mount(self) -> None:
        self._show_choice()

    @on(OptionList.OptionHighlighted)
    def _show_choice(self) -> None:
        """Title, hint and buttons for the session highlighted: join, or resume."""
        session_id = self._chosen()
        who = self._who(session_id) if session_id else ""
        title = self.query_one("#resume-title", Label)
        hint = self.query_one("#resume-hint", Static)
        if who and session_id:
            title.update(f"Join the session with {who}?")
            hint.update(
                f"{who} {'are' if len(self.others[session_id]) > 1 else 'is'} in this "
                "session now. Join to take notes together; its clock runs on as it is."
            )
        elif session_id in self.paused:
            title.update("Resume session?")
            hint.update(
                "This session was paused when mentor-tui was quit. Pick it up where you "
                "left off:"
            )
        else:
            title.update("Resume session?")
            hint.update(
                "mentor-tui closed during a session. Everything typed up to a second before "
                "that was saved. Pick it up where you left off:"
            )
        # Nobody ends a session from here while someone else is in it.
        self.query_one("#end", Button).display = not who
        self.query_one("#resume", Button).label = "Join" if who else "Resume"

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
        if session_id:
            # Read afresh: someone may have come in since the dialog opened.
            others = self.app.who_is_in(session_id)
            if others:
                self.others[session_id] = others
                self._show_choice()
                self.query_one("#resume", Button).focus()  # End is gone
                self.app.notify(
                    f"{' and '.join(others)} {'are' if len(others) > 1 else 'is'} in this "
                    "session now, so it is not ended from here; join it instead.",
                    severity="warning",
                )
                return
        self.dismiss()
        if session_id:
            from mentor_tui.tui.screens.wrapup import WrapUpScreen

            last = self.app.repo.sessions.last_activity(session_id)
            if last:
                self.app.repo.sessions.settle_timer(session_id, last)
            self.app.repo.sessions.end(session_id)
            self.app.push_screen(WrapUpScreen(session_id))

    @on(Button.Pressed, "#later")
    def action_later(self) -> None:
        self.dismiss()
