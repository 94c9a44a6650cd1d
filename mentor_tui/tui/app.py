"""The Textual app: a mentor pair (or group) at one laptop, guided through a session.

The app holds the repository and the clock; screens ask it for both, so tests can freeze
time and point it at a real SQLite file. Screens are imported when first shown, so the
first screen draws without paying for the session editor or the Markdown renderer.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.actions import ActionParseResult
from textual.app import App
from textual.dom import DOMNode
from textual.driver import Driver
from textual.screen import Screen

from mentor_tui.core import clock
from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Mentorship, Mode, Person, Session, SessionStatus
from mentor_tui.core.text import printable
from mentor_tui.tui import keymap, themes
from mentor_tui.tui.commands import MentorCommands

if TYPE_CHECKING:
    from mentor_tui.core.agendas import Agenda, AgendaLibrary
    from mentor_tui.core.changes import Change
    from mentor_tui.live.sync import ChangeWatcher
    from mentor_tui.store import Repository
    from mentor_tui.tui.drafts import NoteDraft

THEME_SETTING = "tui.theme"
NO_PASSPHRASE = (
    "{name} has no passphrase, so anyone at this computer can act as them. "
    "Set one from the palette (ctrl+p, Set passphrase)."
)
# The integrity check of a large database starts this long after the app (see on_mount).
CHECK_AFTER_SECONDS = 0.5


class MentorApp(App[None]):
    TITLE = "mentor-tui"
    # Home's stylesheet is read with the app's: Home is the first screen (get_default_screen),
    # and a screen's own CSS_PATH read later would make Textual parse every rule again.
    CSS_PATH = ["app.tcss", "screens/home.tcss"]
    BINDINGS = [*keymap.APP]
    COMMANDS = App.COMMANDS | {MentorCommands}
    NOTIFICATION_TIMEOUT = 6

    def __init__(
        self,
        repo: Repository,
        *,
        me: Person | None = None,
        signed_in: Sequence[Person] = (),
        alone: bool = False,
        today: Callable[[], date] | None = None,
        now: Callable[[], datetime] | None = None,
        agendas: AgendaLibrary | None = None,
        keymap_file: Path | None = None,
        theme: str | None = None,
        check_later: Path | None = None,
        outbox: Path | None = None,
    ) -> None:
        super().__init__()
        from mentor_tui.store.accounts import Accounts

        # The app reads pair data only through repositories bound to signed-in people
        # (docs/architecture.md, "Trust model"); the unbound store stays behind Accounts.
        self.accounts = Accounts(repo)
        self._repos: dict[str, Repository] = {}
        # Started --as someone, or by `serve` for an SSH key: this app acts for that person alone.
        self.alone = alone
        self.me: Person | None = None
        for person in [*([me] if me else []), *signed_in]:
            if person.id not in self._repos:
                self._repos[person.id] = self.accounts.trusted(person.id)
        if me is not None or signed_in:
            self.me = me or signed_in[0]
        # Under `serve`: files are saved by name into this folder only (mentor_tui.outbox).
        self.outbox = outbox
        self._today = today or clock.today
        self._now = now or clock.now
        self._agendas = agendas
        self._keymap_file = keymap_file
        # The user's keymap.toml, so the palette shows the keys as changed (tui/commands.py).
        self.key_overrides: dict[str, str] = {}
        self._check_later = check_later
        self._people: dict[str, Person] = {}
        self.current_mentorship_id: str | None = None
        # Every note editor's draft, so quitting, signals and crashes can save or rescue them.
        self.drafts: list[NoteDraft] = []
        self.crash_file: Path | None = None
        self._quit_anyway = False
        # Live sync (docs/remote.md): one ChangeWatcher on the database for the whole app.
        self.watcher: ChangeWatcher | None = None
        for candidate in themes.THEMES:
            self.register_theme(candidate)
        # Set as App.__init__ sets Textual's default theme, not through the theme watcher,
        # which would parse every stylesheet a second time once the app runs (about 10 ms
        # before the first frame; docs/performance.md, "Start-up"). Changes later go
        # through the watcher (action_toggle_theme).
        self.set_reactive(App.theme, theme or self._saved_theme())
        dark = self.current_theme.dark
        self.set_class(True, f"-theme-{self.theme}", update=False)
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)  # Textual's private; as _watch_theme
        self.stylesheet.set_variables(self.get_css_variables())  # read by the first parse

    # -- who is at the keyboard --------------------------------------------------------

    @property
    def repo(self) -> Repository:
        """The repository of the person typing now: it reads and writes as them only."""
        if self.me is None:
            raise UserError("Sign in first.")
        return self._repos[self.me.id]

    def is_signed_in(self, person_id: str) -> bool:
        return person_id in self._repos

    def repo_for(self, person_id: str) -> Repository | None:
        """The repository of someone signed in to this app (a rating is saved as its rater)."""
        return self._repos.get(person_id)

    def sign_in(self, person: Person, passphrase: str | None) -> None:
        """Add a person to this app (their passphrase checked); the first becomes `me`."""
        if self.alone and self.me is not None and person.id != self.me.id:
            raise UserError(
                f"This window acts for {printable(self.me.display_name)} alone; "
                "the other person signs in on their own screen."
            )
        if person.id not in self._repos:
            self._repos[person.id] = self.accounts.sign_in(person.id, passphrase)
            if not self.accounts.has_passphrase(person.id):
                self.notify(
                    NO_PASSPHRASE.format(name=printable(person.display_name)), markup=False, timeout=10
                )
        if self.me is None:
            self.me = person

    def with_private_key(self, then: Callable[[], object]) -> None:
        """Run `then` once the person typing can seal and open private notes: asks for
        their passphrase (or offers to set one) when their key is not open yet."""
        me = self.me
        if me is None:
            return
        if self.repo.private_key is not None:
            then()
            return
        from mentor_tui.tui.screens.signin import SetPassphraseDialog, UnlockDialog

        def done(ok: bool | None) -> None:
            if ok and self.repo.private_key is not None:
                then()

        if self.accounts.has_passphrase(me.id):
            self.push_screen(UnlockDialog(me), done)
        else:
            self.push_screen(SetPassphraseDialog(me, offer=True, private=True), done)

    def switch_to(self, person_id: str) -> None:
        """Who types now; only someone signed in to this app."""
        if person_id not in self._repos:
            raise UserError("Sign that person in first.")
        # At one laptop the keys of whoever stops typing are closed: their private notes
        # open again only with their passphrase, never by pressing F2 back to them.
        for other, repo in self._repos.items():
            if other != person_id:
                repo.private_key = None
        self.me = self._repos[person_id].people.get(person_id)

    def action_sign_out(self) -> None:
        """The person typing leaves this app, as at the end of a meeting at one laptop: their
        repository closes with their keys, so nobody at the keyboard acts as them or reads
        their private notes; whoever else is signed in types next, else the app closes."""
        from mentor_tui.tui.screens.session import SessionScreen

        me = self.me
        if me is None:
            self.notify("Nobody is signed in.")
            return
        name = printable(me.display_name)
        if self.alone:
            self.notify(f"This window acts for {name} alone; ctrl+q closes it.", markup=False)
            return
        if any(isinstance(screen, SessionScreen) for screen in self.screen_stack):
            self.notify(
                "Go Home first (the session keeps its place), then sign out.",
                severity="warning",
            )
            return
        # Once the palette that may have asked for it has closed.
        self.call_later(self._sign_out, me)

    async def _sign_out(self, me: Person) -> None:
        from mentor_tui.tui.screens.home import HomeScreen

        name = printable(me.display_name)
        self.action_go_home()
        if self.watcher is not None:  # it reads through the leaving person's repository
            await self.watcher.stop()
            self.watcher = None
        leaving = self._repos.pop(me.id)
        leaving.private_key = None
        leaving.close()
        self.me = None
        self.current_mentorship_id = None
        self._people.clear()
        if not self._repos:
            # Nobody is left at the keyboard: the app closes rather than keep their Home.
            self.exit(message=f"{name} signed out.")
            return
        self.switch_to(next(iter(self._repos)))
        assert self.me is not None
        self.notify(
            f"{name} signed out; {printable(self.me.display_name)} is typing now.", markup=False
        )
        self._start_live_sync()
        if isinstance(self.screen, HomeScreen):
            self.screen.show_person()

    def signed_in_first(self) -> None:
        """The first person has signed in: start what needs a repository, then go Home."""
        if self.watcher is None:
            self._start_live_sync()
        from mentor_tui.tui.screens.home import HomeScreen

        if self.repo.mentorships.any():
            self.switch_screen(HomeScreen())
            if self.interrupted():
                self.call_after_refresh(self.offer_resume)
        else:
            from mentor_tui.tui.screens.onboarding import OnboardingScreen

            self.switch_screen(OnboardingScreen())

    def close_repos(self) -> None:
        for repo in self._repos.values():
            repo.close()

    # -- what screens share ----------------------------------------------------------

    def today(self) -> date:
        return self._today()

    def now(self) -> datetime:
        return self._now()

    @property
    def agendas(self) -> AgendaLibrary:
        if self._agendas is None:
            from mentor_tui import paths
            from mentor_tui.core.agendas import load_library

            self._agendas = load_library(
                paths.prompts_dir() / "agendas", paths.user_prompts_dir() / "agendas"
            )
        return self._agendas

    def person(self, person_id: str) -> Person | None:
        if person_id not in self._people:
            try:
                self._people[person_id] = self.repo.people.get(person_id)
            except UserError:
                return None
        return self._people[person_id]

    def person_name(self, person_id: str | None) -> str:
        person = self.person(person_id) if person_id else None
        return printable(person.display_name) if person else "someone"

    def forget_people(self) -> None:
        self._people.clear()

    def mentorships(self) -> list[Mentorship]:
        return self.repo.mentorships.list(
            person_id=self.me.id if self.me else None, include_closed=False
        )

    def current_mentorship(self) -> Mentorship | None:
        """The mentorship the person is working with: the one picked on Home, or the only one."""
        if self.current_mentorship_id:
            try:
                return self.repo.mentorships.get(self.current_mentorship_id)
            except UserError:
                self.current_mentorship_id = None
        found = self.mentorships()
        if found:
            self.current_mentorship_id = found[0].id
            return found[0]
        return None

    def interrupted(self) -> list[Session]:
        """Open sessions: someone is in them now, or they were quit (paused), or the app
        died in them (interrupted). who_is_in() and paused() tell which."""
        return self.repo.sessions.interrupted(person_id=self.me.id if self.me else None)

    def paused(self) -> set[str]:
        """Ids of the open sessions that were left by quitting, not by a crash."""
        return self.repo.sessions.paused_ids(person_id=self.me.id if self.me else None)

    def who_is_in(self, session_id: str) -> list[str]:
        """Names of whoever is in a session now in another app: a fresh heartbeat from a
        process that is alive (live.sync.present). This app's own session screens are
        not counted; the same person in another window is "you (in another window)"."""
        from mentor_tui.live.sync import present
        from mentor_tui.tui.screens.session import SessionScreen

        mine = {
            screen.live.instance_id
            for screen in self.screen_stack
            if isinstance(screen, SessionScreen) and screen.live is not None
        }
        names: list[str] = []
        for presence in present(self.repo, session_id):
            if presence.instance_id in mine:
                continue
            if self.me is not None and presence.person_id == self.me.id:
                name = "you (in another window)"
            else:
                name = self.person_name(presence.person_id)
            if name not in names:
                names.append(name)
        return names

    def show_error(self, error: UserError | str) -> None:
        message = error.message if isinstance(error, UserError) else error
        self.notify(message, severity="error", timeout=10)

    # -- start-up ----------------------------------------------------------------------

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Other themes (the built-in ones a user may pick) lack the app's own variables.
        defaults = dict(super().get_theme_variable_defaults())
        for name, value in themes.MENTOR_DARK.variables.items():
            defaults.setdefault(name, value)
        return defaults

    def _saved_theme(self) -> str:
        try:
            saved = self.accounts.setting(THEME_SETTING)
        except UserError:
            saved = None
        return saved if saved in (themes.DARK, themes.LIGHT) else themes.DARK

    def get_driver_class(self) -> type[Driver]:
        # SIGHUP, SIGTERM and what a terminal can send are handled by the driver (driver.py).
        driver = super().get_driver_class()
        if driver.__module__ == "textual.drivers.linux_driver":
            from mentor_tui.tui.driver import TerminalDriver

            return TerminalDriver
        return driver

    def get_default_screen(self) -> Screen[Any]:
        """Home itself is the first screen, rather than pushed over an empty one.

        That saves Textual composing, drawing and then covering a blank screen: the first
        frame on the terminal is Home's (about 90 ms sooner on the demo database).
        """
        if self.me is None:  # on_mount asks who is at the keyboard
            return super().get_default_screen()
        if self.repo.mentorships.any():
            from mentor_tui.tui.screens.home import HomeScreen

            return HomeScreen()
        return super().get_default_screen()

    def on_mount(self) -> None:
        # launch.py pauses the garbage collector for start-up; back on after the first frame.
        self.call_after_refresh(gc.enable)
        overrides, problem = keymap.load_user_keymap(self._keymap_file)
        if overrides:
            self.key_overrides = overrides
            self.set_keymap(overrides)
        if problem:
            self.notify(problem, severity="warning", timeout=12)
        if self.me is not None:
            # After Home's first frame, which needs neither the watcher nor its socket.
            self.call_after_refresh(self._start_live_sync)
        if self._check_later is not None:
            # Once Home is on the screen: reading a large file beside the first frame slows
            # the frame by about 50 ms, and nothing is written in the first half second.
            self.set_timer(
                CHECK_AFTER_SECONDS,
                lambda: self.run_worker(self._check_store, thread=True, exit_on_error=False),
            )
        from mentor_tui.tui.screens.home import HomeScreen

        if self.me is None and self.accounts.has_people():
            from mentor_tui.tui.screens.signin import SignInScreen

            self.push_screen(SignInScreen())
            return
        if not isinstance(self.screen, HomeScreen):  # nobody yet: get_default_screen
            from mentor_tui.tui.screens.onboarding import OnboardingScreen

            self.push_screen(OnboardingScreen())
            return
        self.call_after_refresh(self.offer_resume)

    def _check_store(self) -> None:
        """The integrity check of a large database, on its own connection, off the UI thread."""
        from mentor_tui.store import open_store

        if self._check_later is None:  # on_mount starts it only with a file to check
            return
        try:
            open_store(self._check_later, create=False, check=True).close()
        except UserError as exc:
            self.call_from_thread(self._store_damaged, exc.message)

    def _store_damaged(self, message: str) -> None:
        for repo in self._repos.values():
            repo.read_only = True  # nothing more is written to a damaged file
        self.notify(f"{message} Nothing more will be written to it.", severity="error", timeout=60)

    def _start_live_sync(self) -> None:
        """One watcher per app: it polls slowly (1 s) until a session screen goes live."""
        from mentor_tui.live.sync import ChangeWatcher

        try:
            self.watcher = ChangeWatcher(self.repo)
        except UserError as exc:
            self.notify(f"Live sharing is off: {exc.message}", severity="warning")
            return
        self.watcher.subscribe(self._remote_changes)
        self.watcher.start()
        if self.watcher.nudges.refused:
            self.notify(self.watcher.nudges.refused, severity="warning", timeout=20)
        from mentor_tui.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):  # drawn before the watcher started
                screen.follow_watcher()

    def _remote_changes(self, changes: list[Change]) -> None:
        """Other processes' writes; screens in a live session get their own through it."""
        if any(change.table == "people" for change in changes):
            self.forget_people()  # a name changed elsewhere

    async def on_unmount(self) -> None:
        if self.watcher is not None:
            await self.watcher.stop()

    def _on_terminate(self) -> None:
        self.save_all_drafts()
        self.pause_running_sessions()
        self.exit()

    # -- saving on the way out -----------------------------------------------------------

    def save_all_drafts(self) -> bool:
        ok = True
        for draft in list(self.drafts):
            ok = draft.save() and ok
        return ok

    def pause_running_sessions(self, *, quitting: bool = False) -> None:
        """Stop the clock of a session left open when the app closes; resume restarts it.

        quitting: the person chose to quit (not a closed terminal or a kill), so a
        session nobody else is in is recorded as paused; Home then says "paused", not
        "interrupted". A session someone is still in stays theirs, running.
        """
        from mentor_tui.tui.screens.session import SessionScreen

        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.pause_for_exit()
                if not quitting or screen.ended:
                    continue
                try:
                    if not self.who_is_in(screen.session_id):
                        self.repo.sessions.mark_paused(screen.session_id)
                except UserError:
                    pass  # only a word on Home next time; quitting must not fail over it

    async def action_quit(self) -> None:
        if not self.save_all_drafts() and not self._quit_anyway:
            path = self._rescue_unsaved()
            where = f" A copy is in {path}." if path else ""
            self.notify(
                f"Some notes could not be saved; they are still on screen.{where} "
                "Press ctrl+q again to quit anyway.",
                severity="error",
                timeout=15,
            )
            self._quit_anyway = True
            return
        self.pause_running_sessions(quitting=True)
        self.exit()

    def _rescue_unsaved(self, error: BaseException | None = None) -> Path | None:
        from mentor_tui.tui.crash import Rescued, write_rescue

        items: list[Rescued] = []
        for draft in self.drafts:
            key = draft.key
            items.append(
                Rescued(
                    where=(
                        f"note by {self.person_name(key.author_id)} in section {key.section_key!r} "
                        f"({key.visibility.value}) of session {key.session_id}"
                    ),
                    text=draft.text,
                    saved=not draft.dirty,
                )
            )
        with contextlib.suppress(Exception):
            items.extend(self._typed_on_screens())
        context = f"Screen: {type(self.screen).__name__}"
        try:
            path = write_rescue(items, error, context=context)
        except (OSError, UserError):  # a full disk: the one-line error still goes out
            return None
        self.crash_file = path
        return path

    def _typed_on_screens(self) -> Iterable[Any]:
        """Text in inputs of open dialogs (an action item half typed, a rating word)."""
        from textual.widgets import Input

        from mentor_tui.tui.crash import Rescued

        for screen in self.screen_stack:
            for widget in screen.query(Input):
                if widget.value.strip():
                    label = widget.id or widget.placeholder or "a field"
                    yield Rescued(where=f"{type(screen).__name__}: {label}", text=widget.value)

    def _handle_exception(self, error: Exception) -> None:
        # Textual's hook for an unhandled exception: keep what the person typed first.
        # (Saving to the database may be what failed, so the text goes to a file.)
        with contextlib.suppress(Exception):
            for draft in list(self.drafts):
                with contextlib.suppress(Exception):
                    draft.save()
        if self.crash_file is None:
            with contextlib.suppress(Exception):
                self._rescue_unsaved(error)
        super()._handle_exception(error)
        if self.crash_file is not None and isinstance(getattr(self, "_exit_renderables", None), list):
            # The traceback is in the rescue file; the terminal gets one sentence (run_app).
            self._exit_renderables.clear()

    # -- themes ----------------------------------------------------------------------------

    def action_toggle_theme(self) -> None:
        self.theme = themes.other(self.theme)
        with contextlib.suppress(UserError):
            self.repo.set_setting(THEME_SETTING, self.theme)

    # -- help ------------------------------------------------------------------------------

    def action_help(self) -> None:
        from mentor_tui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen())

    def action_support_resources(self) -> None:
        from mentor_tui.tui.screens.support import SupportScreen

        if isinstance(self.screen, SupportScreen):
            self.screen.dismiss()
            return
        self.push_screen(SupportScreen())

    # -- keys and the command palette (tui/commands.py) ------------------------------------

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Every key and palette command comes through here: bad input is one sentence."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except UserError as exc:
            self.show_error(exc)
            return True

    # -- navigation ------------------------------------------------------------------------

    def action_go_home(self) -> None:
        from mentor_tui.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.push_screen(HomeScreen())

    def action_history(self, search: bool = False) -> None:
        from mentor_tui.tui.screens.history import HistoryScreen

        if isinstance(self.screen, HistoryScreen):
            if search:
                self.screen.focus_search()
            return
        self.push_screen(HistoryScreen(focus_search=search))

    def offer_resume(self) -> None:
        found = self.interrupted()
        if found:
            from mentor_tui.tui.screens.resume import ResumeScreen

            self.push_screen(ResumeScreen(found))

    def pick_mentorship_then(self, then: Callable[[Mentorship], object]) -> None:
        mentorship = self.current_mentorship()
        if mentorship is None:
            from mentor_tui.tui.screens.onboarding import OnboardingScreen

            self.notify("First, tell mentor-tui who is in the mentorship.")
            self.push_screen(OnboardingScreen())
            return
        then(mentorship)

    def start_session_with(self, mentorship: Mentorship, agenda: Agenda, mode: Mode) -> None:
        from mentor_tui.tui.screens.session import SessionScreen

        session = self.repo.sessions.start(mentorship.id, agenda, mode=mode)
        self.current_mentorship_id = mentorship.id
        self.push_screen(SessionScreen(session.id))

    def resume(self, session_id: str) -> None:
        """Back into a session: count its clock only up to the last thing written, then run on."""
        from mentor_tui.tui.screens.session import SessionScreen

        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen) and screen.session_id == session_id:
                while self.screen is not screen:
                    self.pop_screen()
                return
        # Joining someone who is in the session now (live sync): their clock runs on as is.
        if not self.who_is_in(session_id):
            last = self.repo.sessions.last_activity(session_id)
            if last:
                self.repo.sessions.settle_timer(session_id, last)
            self.repo.sessions.set_timer_running(session_id, True)
        if session_id in self.paused():
            # Someone is in it again: should this app now die, it is interrupted. Only a
            # word on Home, so a read-only store does not keep anyone out over it.
            with contextlib.suppress(UserError):
                self.repo.sessions.mark_paused(session_id, False)
        session = self.repo.sessions.get(session_id)
        self.current_mentorship_id = session.mentorship_id
        self.push_screen(SessionScreen(session_id))

    def open_followup(self, session_id: str) -> None:
        try:
            from mentor_tui.tui.screens.followup import FollowUpScreen
        except ModuleNotFoundError as exc:
            if exc.name != "mentor_tui.tui.screens.followup":
                raise
            self.notify("Follow-up email arrives with the follow-up issue.")
            return
        self.push_screen(FollowUpScreen(session_id))

    def _already_on(self, screen_type: type[Screen[Any]], **same: Any) -> bool:
        screen = self.screen
        return isinstance(screen, screen_type) and all(
            getattr(screen, name, None) == value for name, value in same.items()
        )

    def _open_for_mentorship(self, make: Callable[[Mentorship], Screen[Any]]) -> None:
        def opened(mentorship: Mentorship) -> None:
            screen = make(mentorship)
            if self._already_on(type(screen), mentorship_id=mentorship.id):
                return
            self.push_screen(screen)

        self.pick_mentorship_then(opened)

    def session_in_progress(self, mentorship_id: str) -> str | None:
        """The session open on screen for this mentorship, else one still marked active."""
        from mentor_tui.tui.screens.session import SessionScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, SessionScreen):
                mentorship = screen.mentorship
                if mentorship is not None and mentorship.id == mentorship_id:
                    return screen.session_id
        active = self.repo.sessions.list(
            mentorship_id=mentorship_id, status=SessionStatus.ACTIVE, limit=1
        )
        return active[0].id if active else None

    # -- actions that work anywhere (keys on Home, and the palette) -----------------------

    def action_start_session(self) -> None:
        from mentor_tui.tui.screens.session import SessionScreen

        if any(isinstance(s, SessionScreen) for s in self.screen_stack):
            self.notify("A session is already open; end it first (End session).")
            return

        def pick(mentorship: Mentorship) -> None:
            from mentor_tui.tui.screens.agenda_picker import AgendaPickerScreen

            def chosen(result: tuple[Agenda, Mode] | None) -> None:
                if result is not None:
                    agenda, mode = result
                    self.start_session_with(mentorship, agenda, mode)

            self.push_screen(AgendaPickerScreen(mentorship), chosen)

        self.pick_mentorship_then(pick)

    def action_resume_session(self) -> None:
        found = self.interrupted()
        if not found:
            self.notify("There is no interrupted session to resume.")
        elif len(found) == 1:
            # One session: straight in. resume() joins it, clock untouched, when someone is
            # in it, so nothing here can end or reset a partner's session.
            self.resume(found[0].id)
        else:
            self.offer_resume()

    def action_add_action_item(self, session_id: str | None = None) -> None:
        from mentor_tui.tui.screens.dialogs import ActionItemDialog

        def open_dialog(mentorship: Mentorship) -> None:
            self.push_screen(ActionItemDialog(mentorship, session_id=session_id))

        self.pick_mentorship_then(open_dialog)

    def action_add_talking_point(self) -> None:
        from mentor_tui.tui.screens.dialogs import TalkingPointDialog

        self.pick_mentorship_then(lambda m: self.push_screen(TalkingPointDialog(m)))

    def action_add_goal(self) -> None:
        from mentor_tui.tui.screens.goal_editor import GoalEditor

        self.pick_mentorship_then(lambda m: self.push_screen(GoalEditor(m)))

    def action_set_passphrase(self) -> None:
        from mentor_tui.tui.screens.signin import SetPassphraseDialog

        if self.me is None:
            self.notify("Sign in first.")
            return
        self.push_screen(SetPassphraseDialog(self.me))

    def action_set_time_zone(self) -> None:
        from mentor_tui.core.meetings import local_zone_name
        from mentor_tui.tui.screens.dialogs import TimeZoneDialog
        from mentor_tui.tui.screens.home import HomeScreen

        if self.me is None:
            self.notify("Sign in first.")
            return
        me = self.repo.people.get(self.me.id)

        def changed(zone: str | None) -> None:
            if zone is not None and isinstance(self.screen, HomeScreen):
                self.screen.refresh_data()  # its next-meeting lines, in the new zone

        self.push_screen(TimeZoneDialog(me.id, me.time_zone, local_zone_name()), changed)

    def action_export_anonymized(self) -> None:
        from mentor_tui.tui.screens.export import ExportScreen

        if not isinstance(self.screen, ExportScreen):
            self.push_screen(ExportScreen())

    def action_followup_email(self) -> None:
        mentorship = self.current_mentorship()
        try:
            session = self.repo.sessions.last(
                mentorship_id=mentorship.id if mentorship else None
            )
        except UserError as exc:
            self.show_error(exc)
            return
        self.open_followup(session.id)

    def action_calendar_invite(self) -> None:
        mentorship = self.current_mentorship()
        if mentorship is None:
            self.notify("Pick a mentorship on Home first.", severity="warning")
            return
        from mentor_tui.tui.invite import save_invite

        save_invite(self.screen, mentorship)

    # The screens of goals, promises and development, for the current mentorship.

    def action_goals(self) -> None:
        from mentor_tui.tui.screens.goals import GoalsScreen

        self._open_for_mentorship(lambda m: GoalsScreen(m.id))

    def action_owed(self) -> None:
        from mentor_tui.tui.screens.actions import ActionsScreen

        if not isinstance(self.screen, ActionsScreen):
            self.push_screen(ActionsScreen())

    def action_reverse_mentoring(self) -> None:
        from mentor_tui.tui.screens.reverse import ReverseScreen

        self._open_for_mentorship(
            lambda m: ReverseScreen(m.id, session_id=self.session_in_progress(m.id))
        )

    def action_development_plan(self) -> None:
        from mentor_tui.tui.screens.development import DevelopmentScreen

        self._open_for_mentorship(lambda m: DevelopmentScreen(m.id))

    def action_agreement(self) -> None:
        from mentor_tui.tui.screens.agreement import AgreementScreen

        self._open_for_mentorship(lambda m: AgreementScreen(m.id))

    def action_competencies(self) -> None:
        from mentor_tui.tui.screens.competencies import CompetenciesScreen

        self._open_for_mentorship(lambda m: CompetenciesScreen(m.id))

    def action_mentor_roles(self) -> None:
        from mentor_tui.tui.screens.roles import RolesScreen

        self._open_for_mentorship(lambda m: RolesScreen(m.id))
