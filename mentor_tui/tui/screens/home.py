"""Home: each mentorship at a glance, and the way into a session, history and goals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, ListView, Static

from mentor_tui.core.errors import UserError
from mentor_tui.tui import fmt, keymap
from mentor_tui.tui.commands import Command
from mentor_tui.tui.widgets.common.topbar import TopBar
from mentor_tui.tui.widgets.home.agreement import AgreementNotice
from mentor_tui.tui.widgets.home.card import MentorshipCard
from mentor_tui.tui.widgets.home.keys import DevelopmentKeys
from mentor_tui.tui.widgets.home.summary import summarize

if TYPE_CHECKING:
    from mentor_tui.core.changes import Change
    from mentor_tui.core.models import TalkingPoint
    from mentor_tui.tui.app import MentorApp

# Cards drawn before Home first appears (at most FIRST_PAGE, fewer once they fill the
# screen), then added a page at a time (a programme's database can hold hundreds of
# mentorships; a pair's holds one).
FIRST_PAGE = 4
PAGE = 6
FOOTER_FITS = 120  # columns Home's footer needs to show every key


class HomeScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = "home.tcss"
    BINDINGS = [*keymap.HOME, *keymap.HOME_QUIET]
    AUTO_FOCUS = "#mentorships"
    PALETTE = [Command("New mentorship", "Add another pair or group", "new_mentorship")]
    _unwatch = None  # stops the banner's listener on the app's ChangeWatcher
    _unwatch_points = None  # and the cards' listener for talking points

    def compose(self) -> ComposeResult:
        me = self.app.me
        self._generation = 1
        self._loaded = 0
        self._total = 0
        self._fresh = True
        # The card picked before (a new mentorship, say) must be on the first page.
        fill = None if self.app.current_mentorship_id else self.app.size.height
        cards = self._next_cards(FIRST_PAGE, fill=fill)
        self._loaded_at_compose = len(cards)  # for tests
        yield TopBar("Home", f"You: {fmt.printable(me.display_name)}" if me else "")
        # Straight on the screen, without a container around them: the top bar and footer
        # are docked, so the screen lays these out as a body would, and a container is one
        # more widget to style twice before the first frame (docs/performance.md, "Start-up").
        # The resume and privacy banners above the notice are mounted when they first have
        # something to say (_banner).
        yield AgreementNotice(id="agreement-banner")
        # The first page is built here, so Home's first frame already shows it.
        yield ListView(*cards, id="mentorships", initial_index=self._pick(cards))
        yield DevelopmentKeys(id="home-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._show_banner()
        self._more_later(self._generation)

    def on_screen_resume(self) -> None:
        self.follow_watcher()
        if self._fresh:  # just composed: nothing to reload
            self._fresh = False
            return
        self.refresh_data()

    def follow_watcher(self) -> None:
        """Redraw the session banner when another app commits (a partner starts, joins or
        leaves a session, or ends it), so "join" is offered only while someone is in it.
        The app's watcher starts after Home's first frame and then calls this; once."""
        watcher = getattr(self.app, "watcher", None)
        if watcher is None or self._unwatch is not None:
            return
        self._unwatch = watcher.on_commit(self._others_committed)
        self._unwatch_points = watcher.subscribe(self._points_changed)

    def _others_committed(self) -> None:
        if self.is_current:  # under a dialog or another screen: redrawn on return
            self._show_resume_banner()

    def _points_changed(self, changes: list[Change]) -> None:
        """The partner added or ticked a talking point: the cards show it at once."""
        if self.is_current and any(c.table == "talking_points" for c in changes):
            self.refresh_data()

    def on_unmount(self) -> None:
        if self._unwatch is not None:
            self._unwatch()
            self._unwatch = None
        if self._unwatch_points is not None:
            self._unwatch_points()
            self._unwatch_points = None

    def _next_cards(self, size: int, fill: int | None = None) -> list[MentorshipCard]:
        """Up to `size` more cards; with `fill`, no more than it takes to cover that many
        rows (the rest follow a page at a time)."""
        app = self.app
        today = app.today()
        ids, self._total = app.repo.mentorships.page_ids(
            person_id=app.me.id if app.me else None, limit=size, offset=self._loaded
        )
        cards: list[MentorshipCard] = []
        for mentorship_id in ids:
            if fill is not None and sum(card.min_rows for card in cards) >= fill:
                break
            cards.append(MentorshipCard(summarize(app, app.repo.mentorships.get(mentorship_id)), today))
        self._loaded += len(cards)
        return cards

    def _pick(self, cards: list[MentorshipCard]) -> int | None:
        """Keep the mentorship picked before; else the first. It becomes the current one."""
        if not cards:
            return None
        keep = self.app.current_mentorship_id
        index = next((n for n, c in enumerate(cards) if c.mentorship_id == keep), 0)
        self.app.current_mentorship_id = cards[index].mentorship_id
        return index

    def _more_later(self, generation: int) -> None:
        if self._loaded < self._total:
            self.set_timer(0.02, lambda: self._add_page(generation))

    def show_person(self) -> None:
        """Someone else types now (the other signed out): their name and their mentorships."""
        me = self.app.me
        self.query_one(TopBar).set_status(f"You: {fmt.printable(me.display_name)}" if me else "")
        self.refresh_data()

    def refresh_data(self) -> None:
        """Reload: the first page now, the rest a page at a time."""
        self._generation += 1
        self._loaded = 0
        view = self.query_one("#mentorships", ListView)
        view.clear()
        cards = self._next_cards(FIRST_PAGE)
        view.extend(cards)
        index = self._pick(cards)
        if index is not None:
            view.index = index
        self._show_banner()
        self._more_later(self._generation)

    def _add_page(self, generation: int) -> None:
        if generation != self._generation:
            return  # Home was reloaded since this page was asked for
        self.query_one("#mentorships", ListView).extend(self._next_cards(PAGE))
        self._more_later(generation)

    def footer_fits(self) -> bool:
        return self.size.width >= FOOTER_FITS

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_screen":
            return self.footer_fits()  # when False, the quiet twin handles the key
        if action == "open_screen_quietly":
            return not self.footer_fits()
        return True

    def on_resize(self) -> None:
        self.refresh_bindings()
        self._show_screen_keys()

    def _show_screen_keys(self) -> None:
        for keys in self.query(DevelopmentKeys):
            keys.display = not self.footer_fits()

    def _show_banner(self) -> None:
        for notice in self.query(AgreementNotice):
            notice.refresh_notice()
        self._show_screen_keys()
        self._show_resume_banner()
        self._show_privacy_banner()

    def _show_privacy_banner(self) -> None:
        """Private notes written before sealing existed stay plain until a passphrase is set."""
        app = self.app
        try:
            plain = app.repo.notes.count_plain_private() if app.me else 0  # the person's own
        except UserError:
            plain = 0
        banner = self._banner("privacy-banner", bool(plain))
        if banner is not None and plain:
            banner.update(
                f"{plain} of your private notes {'is' if plain == 1 else 'are'} not encrypted "
                "yet: set a passphrase (ctrl+p, Set passphrase) and they will be, for you alone."
            )

    def _show_resume_banner(self) -> None:
        """An open session: someone is in it now (join), or it was quit (paused), or the
        app died in it (interrupted)."""
        app = self.app
        try:
            interrupted = app.interrupted()
            live = next(((s, who) for s in interrupted if (who := app.who_is_in(s.id))), None)
            paused = app.paused() if interrupted and live is None else set()
        except UserError:
            return  # a busy or damaged file: keep what the banner showed
        if not interrupted:
            self._banner("resume-banner", False)
            return
        more = f" (and {len(interrupted) - 1} more)" if len(interrupted) > 1 else ""
        if live is not None:
            session, who = live
            verb = "are" if len(who) > 1 else "is"
            text = f"{' and '.join(who)} {verb} in {session.agenda_name} now{more}. Press r to join."
        elif interrupted[0].id in paused:
            text = f"Paused: {interrupted[0].agenda_name}{more}. Press r to resume it."
        else:
            text = f"Interrupted: {interrupted[0].agenda_name}{more}. Press r to resume it."
        banner = self._banner("resume-banner", True)
        if banner is not None:
            banner.update(text)

    def _banner(self, name: str, show: bool) -> Static | None:
        """The resume or privacy banner, shown or hidden; mounted the first time it is shown
        (above the agreement notice, resume first). Both are hidden on most launches, and
        composed hidden they cost Home's first frame about 2 ms of styling
        (docs/performance.md, "Start-up")."""
        found = self.query(f"#{name}").results(Static)
        banner = next(found, None)
        if banner is None:
            if not show:
                return None
            privacy = next(self.query("#privacy-banner").results(Static), None)
            below = privacy if name == "resume-banner" and privacy else self.query_one(AgreementNotice)
            banner = Static(id=name, classes="banner")
            self.mount(banner, before=below)
        banner.display = show
        return banner

    def on_list_view_highlighted(self, event: ListView.Highlighted) -> None:
        if isinstance(event.item, MentorshipCard):
            self.app.current_mentorship_id = event.item.mentorship_id

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        self.app.action_start_session()

    # -- actions (Home's other keys run the app's: keymap.HOME) --------------------------

    async def action_open_screen(self, name: str) -> None:
        """o, p, v, c, m: the screens of goals, promises and development (the app opens them)."""
        await self.app.run_action(name)

    # The same keys while the footer is too narrow to show them (check_action picks one).
    action_open_screen_quietly = action_open_screen

    def action_add_talking_point(self) -> None:
        def added(point: TalkingPoint | None) -> None:
            if point is not None:
                self.refresh_data()

        from mentor_tui.tui.screens.dialogs import TalkingPointDialog

        mentorship = self.app.current_mentorship()
        if mentorship is None:
            self.app.action_add_talking_point()
            return
        self.app.push_screen(TalkingPointDialog(mentorship), added)

    def action_new_mentorship(self) -> None:
        from mentor_tui.tui.screens.onboarding import OnboardingScreen

        self.app.push_screen(OnboardingScreen(adding=True))
