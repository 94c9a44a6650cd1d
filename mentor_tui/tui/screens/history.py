"""History: past sessions newest first, and full-text search over the notes.

The list is one LIMITed page; search runs in SQLite's FTS index as you type (after a
short pause), so neither reads a whole table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, getters, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, DataTable, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.core.errors import UserError
from mentor_tui.store.repo.notes import RANK_WINDOW
from mentor_tui.tui import fmt, keymap
from mentor_tui.tui.commands import COMMANDS
from mentor_tui.tui.reveal import toggle_reveal
from mentor_tui.tui.widgets.common.topbar import TopBar
from mentor_tui.tui.widgets.history.hits import hit_prompt

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

PAGE = 200
SEARCH_DELAY = 0.25


class HistoryScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = "history.tcss"
    BINDINGS = [*keymap.HISTORY]
    PALETTE = [COMMANDS["history(True)"].here("focus_search")]

    def __init__(self, *, focus_search: bool = False) -> None:
        super().__init__()
        self.start_in_search = focus_search
        self.viewer_id: str | None = None
        self.reveal = False
        self._search_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TopBar("History", "Private notes hidden")
        with Vertical(id="history-body"):
            yield Input(
                placeholder="Search notes (type words; / to come back here)",
                id="search",
                select_on_focus=False,  # typing on the list goes on here, never replaces
            )
            yield Static("", id="search-info", classes="muted")
            with ContentSwitcher(initial="sessions", id="history-switcher"):
                yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
                yield OptionList(id="hits")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.start_in_search:
            self.focus_search()
        else:
            self.query_one("#sessions", DataTable).focus()

    def on_screen_resume(self) -> None:  # the first showing too
        self._load_sessions()

    def _load_sessions(self) -> None:
        app = self.app
        repo = app.repo
        me = app.me
        sessions = repo.sessions.list(limit=PAGE, person_id=me.id if me else None)
        ratings = repo.feedback.average_ratings([s.id for s in sessions])
        titles = repo.mentorships.titles()
        table = self.query_one("#sessions", DataTable)
        table.clear(columns=True)
        table.add_column("Date", key="date")
        table.add_column("Pair", key="pair")
        table.add_column("Agenda", key="agenda")
        table.add_column("Length", key="length")
        table.add_column("Rating", key="rating")
        today = app.today()
        for session in sessions:
            started = fmt.local_date(session.started_at)
            length = "open"
            if session.ended_at:
                seconds = (
                    fmt_seconds(session.started_at, session.ended_at)
                )
                length = fmt.duration(seconds)
            rating = ratings.get(session.id)
            table.add_row(
                fmt.short_day(started, today) if started else "?",
                titles.get(session.mentorship_id, "?"),
                session.agenda_name,
                length,
                f"{rating:.1f}" if rating is not None else "-",
                key=session.id,
            )
        info = self.query_one("#search-info", Static)
        if not self.query_one("#search", Input).value.strip():
            count = len(sessions)
            info.update(
                f"{count} session{'s' if count != 1 else ''}"
                + (f" (the newest {PAGE})" if count == PAGE else "")
                + " · enter opens one · ctrl+r reveals your private notes"
            )

    def focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """Typing a word anywhere on the screen searches: the letter goes to the search box
        (help.md promises "type to search"; `/` only comes back to it)."""
        search = self.query_one("#search", Input)
        if self.focused is search or not event.is_printable or not event.character:
            return
        if event.character in ("/", "?"):  # keys of their own: search, help
            return
        event.stop()
        event.prevent_default()
        search.focus()
        search.insert_text_at_cursor(event.character)

    def action_focus_search(self) -> None:
        self.focus_search()

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
            return
        self.dismiss()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self.run_search)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        """Enter opens the first result: the best match, or with no words the newest session."""
        self.run_search()
        hits = self.query_one("#hits", OptionList)
        if self.query_one("#search", Input).value.strip():
            if hits.option_count:
                hits.focus()
                self._open(self.hits[0].note.session_id)
            return
        table = self.query_one("#sessions", DataTable)
        if table.row_count:
            self._open(str(table.coordinate_to_cell_key(Coordinate(0, 0)).row_key.value))

    def run_search(self) -> None:
        self._search_timer = None
        text = self.query_one("#search", Input).value.strip()
        switcher = self.query_one("#history-switcher", ContentSwitcher)
        info = self.query_one("#search-info", Static)
        if not text:
            switcher.current = "sessions"
            self._load_sessions()
            return
        switcher.current = "hits"
        try:
            found = self.app.repo.notes.search(
                text, viewer_id=self.viewer_id, include_private=self.reveal
            )
        except UserError as exc:
            info.update(exc.message)
            return
        today = self.app.today()
        hits = self.query_one("#hits", OptionList)
        hits.clear_options()
        for index, hit in enumerate(found):
            hits.add_option(
                Option(hit_prompt(hit, self.app.person_name(hit.note.author_id), today), id=f"{index}:{hit.note.session_id}")
            )
        self.hits = found
        if found:
            hits.highlighted = 0
        count = len(found)
        info.update(
            Content.assemble(
                (f"{count} note{'s' if count != 1 else ''} match", "bold"),
                (f" among the newest {RANK_WINDOW:,} matches" if found.newest_only else "", "$text-muted"),
                (" · enter opens the session" if count else " · try fewer or other words", "$text-muted"),
            )
        )

    @on(DataTable.RowSelected, "#sessions")
    def _open_row(self, event: DataTable.RowSelected) -> None:
        self._open(str(event.row_key.value))

    @on(OptionList.OptionSelected, "#hits")
    def _open_hit(self, event: OptionList.OptionSelected) -> None:
        # Each hit's id is "<index>:<session id>" (run_search).
        self._open((event.option.id or "").split(":", 1)[-1])

    def _open(self, session_id: str) -> None:
        from mentor_tui.tui.screens.session_view import SessionViewScreen

        self.app.push_screen(SessionViewScreen(session_id, self.viewer_id, self.reveal))

    def action_toggle_reveal(self) -> None:
        toggle_reveal(self.app, self.reveal, self._after_reveal)

    def _after_reveal(self, person_id: str | None) -> None:
        self.reveal = person_id is not None
        self.viewer_id = person_id or self.viewer_id
        status = (
            f"Showing {self.app.person_name(self.viewer_id)}'s private notes"
            if self.reveal
            else "Private notes hidden"
        )
        self.query_one(TopBar).set_status(status)
        self.run_search()


def fmt_seconds(start: str, end: str) -> float:
    from mentor_tui.core.clock import parse_iso

    return (parse_iso(end) - parse_iso(start)).total_seconds()
