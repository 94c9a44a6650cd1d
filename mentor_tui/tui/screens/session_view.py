"""One past session, read-only. Private notes stay hidden until their author reveals them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, MarkdownViewer

from mentor_tui.tui import keymap
from mentor_tui.tui.reveal import toggle_reveal
from mentor_tui.tui.widgets.common.topbar import TopBar
from mentor_tui.tui.widgets.history.session_doc import session_document

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp


class SessionViewScreen(Screen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [*keymap.SESSION_VIEW]
    AUTO_FOCUS = "MarkdownViewer"

    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    def __init__(self, session_id: str, viewer_id: str | None = None, reveal: bool = False) -> None:
        super().__init__()
        self.session_id = session_id
        self.viewer_id = viewer_id
        self.reveal = reveal

    def compose(self) -> ComposeResult:
        session = self.app.repo.sessions.get(self.session_id)
        yield TopBar(f"History · {session.agenda_name} (read-only)", self._status())
        yield MarkdownViewer(self._document(), show_table_of_contents=False, id="session-doc")
        yield Footer(compact=True)

    def _status(self) -> str:
        if self.reveal and self.viewer_id:
            return f"Showing {self.app.person_name(self.viewer_id)}'s private notes"
        return "Private notes hidden"

    def _document(self) -> str:
        return session_document(self.app, self.session_id, self.viewer_id, self.reveal)

    def _redraw(self) -> None:
        self.query_one(TopBar).set_status(self._status())
        self.query_one("#session-doc", MarkdownViewer).document.update(self._document())

    def action_toggle_reveal(self) -> None:
        toggle_reveal(self.app, self.reveal, self._revealed)

    def _revealed(self, person_id: str | None) -> None:
        self.reveal = person_id is not None
        self.viewer_id = person_id or self.viewer_id
        self._redraw()

    def action_back(self) -> None:
        self.dismiss()

    def action_followup_email(self) -> None:
        self.app.open_followup(self.session_id)
