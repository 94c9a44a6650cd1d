"""Home: each mentorship at a glance, and the way into a session, history and goals."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, ListView, Static

from mentor_tui.tui import keymap
from mentor_tui.tui.widgets.common.topbar import TopBar
from mentor_tui.tui.widgets.home.card import MentorshipCard
from mentor_tui.tui.widgets.home.summary import summarize


class HomeScreen(Screen):
    CSS_PATH = "home.tcss"
    BINDINGS = keymap.HOME
    AUTO_FOCUS = "#mentorships"

    def compose(self) -> ComposeResult:
        me = self.app.me
        yield TopBar("Home", f"You: {me.display_name}" if me else "")
        with Vertical(id="home-body"):
            yield Static(id="resume-banner", classes="banner")
            yield ListView(id="mentorships")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        app = self.app
        today = app.today()
        view = self.query_one("#mentorships", ListView)
        keep = app.current_mentorship_id
        view.clear()
        cards = [MentorshipCard(summarize(app, m), today) for m in app.mentorships()]
        view.extend(cards)
        if cards:
            index = next((i for i, c in enumerate(cards) if c.mentorship_id == keep), 0)
            view.index = index
            app.current_mentorship_id = cards[index].mentorship_id
        banner = self.query_one("#resume-banner", Static)
        interrupted = app.interrupted()
        if interrupted:
            session = interrupted[0]
            more = f" (and {len(interrupted) - 1} more)" if len(interrupted) > 1 else ""
            banner.update(
                f"Interrupted: {session.agenda_name}{more}. Press r to resume it."
            )
            banner.display = True
        else:
            banner.display = False

    def on_list_view_highlighted(self, event: ListView.Highlighted) -> None:
        if isinstance(event.item, MentorshipCard):
            self.app.current_mentorship_id = event.item.mentorship_id

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        self.action_start_session()

    # -- actions -----------------------------------------------------------------------

    def action_start_session(self) -> None:
        self.app.run_command("start_session")

    def action_resume_session(self) -> None:
        self.app.run_command("resume_session")

    def action_history(self) -> None:
        self.app.open_history()

    def action_goals(self) -> None:
        from mentor_tui.tui.screens.goals import GoalsScreen

        mentorship = self.app.current_mentorship()
        if mentorship is not None:
            self.app.push_screen(GoalsScreen(mentorship.id))

    def action_add_action_item(self) -> None:
        self.app.run_command("add_action_item")

    def action_agreement(self) -> None:
        from mentor_tui.tui.screens.dialogs import AgreementDialog

        mentorship = self.app.current_mentorship()
        if mentorship is not None:
            self.app.push_screen(AgreementDialog(mentorship), lambda _: self.refresh_data())

    def action_new_mentorship(self) -> None:
        from mentor_tui.tui.screens.onboarding import OnboardingScreen

        self.app.push_screen(OnboardingScreen(adding=True))
