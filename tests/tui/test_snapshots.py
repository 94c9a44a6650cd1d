"""Every screen at 80x24 and 120x40, on the demo data with the clock frozen.

Regenerate with `pytest tests/tui --snapshot-update` and look at the report before committing.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from screen_kit import SIZES, settle
from textual.widgets import Input, OptionList
from tuikit import NOW, from_home, person_named, set_passphrase_when_offered, wait_for_screen

from mentor_tui import paths
from mentor_tui.core.agendas import load_library
from mentor_tui.core.clock import iso
from mentor_tui.core.models import SectionRun, Session, SessionStatus
from mentor_tui.core.notes import Note
from mentor_tui.tui.screens.agenda_picker import AgendaPickerScreen
from mentor_tui.tui.screens.dialogs import ActionItemDialog
from mentor_tui.tui.screens.goals import GoalsScreen
from mentor_tui.tui.screens.help import HelpScreen
from mentor_tui.tui.screens.history import HistoryScreen
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.screens.onboarding import OnboardingScreen
from mentor_tui.tui.screens.resume import ResumeScreen
from mentor_tui.tui.screens.session import SessionScreen
from mentor_tui.tui.screens.session_view import SessionViewScreen
from mentor_tui.tui.screens.wrapup import WrapUpScreen
from mentor_tui.tui.themes import LIGHT


def library():
    return load_library(paths.prompts_dir() / "agendas", None)


def interrupted_session(repo) -> Session:
    """A check-in left open twenty minutes ago, its timestamps fixed so it draws the same."""
    agenda = library()["regular-check-in"]
    mentorship = repo.mentorships.list()[0]
    started = NOW - timedelta(minutes=20)
    session = Session(
        mentorship.id, agenda.key, agenda.name, started_at=iso(started), current_section=1
    )
    for position, section in enumerate(agenda.sections):
        session.sections.append(
            SectionRun(
                section.key, section.title, section.kind, section.minutes, position,
                list(section.prompts),
                started_at=iso(started) if position < 2 else None,
                ended_at=iso(started + timedelta(minutes=6)) if position == 0 else None,
                elapsed_seconds=360.0 if position == 0 else 0.0,
            )
        )
    session.created_at = session.updated_at = session.started_at
    repo.sessions.save(session)
    amara, lukas = person_named(repo, "Amara"), person_named(repo, "Lukas")
    repo.notes.save(Note(session.id, "wins", amara.id, "The poster went well; two questions from the chair."))
    repo.notes.save(Note(session.id, "topic", lukas.id, "Analysis plan: half done, stuck on the outcome definition."))
    return session


def started_session(repo) -> Session:
    """A check-in started now, with a note from each of the pair in the first section."""
    mentorship = repo.mentorships.list()[0]
    session = repo.sessions.start(mentorship.id, library()["regular-check-in"])
    amara, lukas = person_named(repo, "Amara"), person_named(repo, "Lukas")
    repo.notes.save(Note(session.id, "wins", amara.id, "Lukas chaired his first journal club."))
    repo.notes.save(Note(session.id, "wins", lukas.id, "Abstract accepted as a poster."))
    return session


def settled_from_home(screen_type, *, key: str | None = None, push=None):
    """A snapshot's run_before: from Home, press `key` (or push the screen `push()` makes),
    then let that screen settle."""

    async def run(pilot) -> None:
        await from_home(pilot, push() if push is not None else key, screen_type)
        await settle(pilot)

    return run


def past_session(repo, agenda_key: str) -> Session:
    return next(s for s in repo.sessions.list() if s.agenda_key == agenda_key)


# One test a screen, alike in shape by design: the test's name is its snapshot file's name
# (__snapshots__/), so a failure names the screen and a regenerated screen touches one file.
@pytest.mark.parametrize("size", SIZES)
def test_onboarding(snap_compare, store, make_app, size):
    async def fill(pilot):
        await wait_for_screen(pilot, OnboardingScreen)
        screen = pilot.app.screen
        screen.query_one("#me-name", Input).value = "Dr Amara Okafor"
        screen.query_one("#partner-names", Input).value = "Dr Lukas Berg"
        screen.query_one("#cadence", Input).value = "every 2 weeks on tuesday"
        await settle(pilot)

    assert snap_compare(make_app(store), terminal_size=size, run_before=fill)


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, demo, make_app, size):
    async def home(pilot):
        await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=home)


@pytest.mark.parametrize("size", SIZES)
def test_home_light_theme(snap_compare, demo, make_app, size):
    async def home(pilot):
        await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)

    assert snap_compare(make_app(demo, theme=LIGHT), terminal_size=size, run_before=home)


@pytest.mark.parametrize("size", SIZES)
def test_agenda_picker(snap_compare, demo, make_app, size):
    async def picker(pilot):
        await from_home(pilot, "s", AgendaPickerScreen)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=picker)


@pytest.mark.parametrize("size", SIZES)
def test_resume_prompt(snap_compare, demo, make_app, size):
    interrupted_session(demo)

    async def prompt(pilot):
        await wait_for_screen(pilot, ResumeScreen)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=prompt)


async def _into_session(pilot) -> SessionScreen:
    await wait_for_screen(pilot, ResumeScreen)
    await pilot.press("enter")
    screen = await wait_for_screen(pilot, SessionScreen)
    await settle(pilot)
    return screen


@pytest.mark.parametrize("size", SIZES)
def test_session(snap_compare, demo, make_app, size):
    started_session(demo)
    assert snap_compare(make_app(demo), terminal_size=size, run_before=_into_session)


@pytest.mark.parametrize("size", SIZES)
def test_session_private_note(snap_compare, demo, make_app, size):
    started_session(demo)

    async def private(pilot):
        await _into_session(pilot)
        await pilot.press("f2", "f3")
        await set_passphrase_when_offered(pilot)  # a private note needs the author's key
        await wait_for_screen(pilot, SessionScreen)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=private)


@pytest.mark.parametrize("size", SIZES)
def test_action_item_dialog(snap_compare, demo, make_app, size):
    started_session(demo)

    async def dialog(pilot):
        await _into_session(pilot)
        await pilot.press("f4")
        screen = await wait_for_screen(pilot, ActionItemDialog)
        screen.query_one("#action-text", Input).value = "Send the analysis plan to Amara"
        due = screen.query_one("#action-due", Input)
        due.value = "next friday"
        due.focus()
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=dialog)


# The tests below look alike: one test per screen, since a snapshot file is named after its
# test, and one parametrized test would rename (and so regenerate) them all.
@pytest.mark.parametrize("size", SIZES)
def test_wrapup(snap_compare, demo, make_app, size):
    session = past_session(demo, "regular-check-in")
    wrapup = settled_from_home(WrapUpScreen, push=lambda: WrapUpScreen(session.id))
    assert snap_compare(make_app(demo), terminal_size=size, run_before=wrapup)


@pytest.mark.parametrize("size", SIZES)
def test_history(snap_compare, demo, make_app, size):
    history = settled_from_home(HistoryScreen, key="h")
    assert snap_compare(make_app(demo), terminal_size=size, run_before=history)


@pytest.mark.parametrize("size", SIZES)
def test_history_search(snap_compare, demo, make_app, size):
    async def search(pilot):
        screen = await from_home(pilot, "h", HistoryScreen)
        screen.query_one("#search", Input).value = "poster"
        screen.run_search()
        screen.query_one("#hits", OptionList).focus()
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=search)


@pytest.mark.parametrize("size", SIZES)
def test_session_read_only(snap_compare, demo, make_app, size):
    session = past_session(demo, "regular-check-in")
    view = settled_from_home(SessionViewScreen, push=lambda: SessionViewScreen(session.id))
    assert snap_compare(make_app(demo), terminal_size=size, run_before=view)


@pytest.mark.parametrize("size", SIZES)
def test_goals(snap_compare, demo, make_app, size):
    goals = settled_from_home(GoalsScreen, key="g")
    assert snap_compare(make_app(demo), terminal_size=size, run_before=goals)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, demo, make_app, size, monkeypatch):
    # Help names the keymap file's path: a temporary folder's name is longer under xdist
    # (popen-gw0) and grows with pytest's run number, and one more wrapped line moves the
    # scrollbar. A fixed folder, never created (help only names it), keeps the page still.
    monkeypatch.setenv("XDG_CONFIG_HOME", "/home/amara/.config")
    help_screen = settled_from_home(HelpScreen, key="f1")
    assert snap_compare(make_app(demo), terminal_size=size, run_before=help_screen)


def test_an_ended_session_is_not_interrupted(demo):
    assert all(s.status == SessionStatus.ENDED for s in demo.sessions.list())


@pytest.mark.parametrize("size", SIZES)
def test_session_over_time(snap_compare, demo, make_app, size):
    """Resumed in the action-items section; the first ran six minutes of five (error colour).

    (Sections are never changed by a key here: that would bank real seconds into the clock.)
    """
    interrupted_session(demo)
    assert snap_compare(make_app(demo), terminal_size=size, run_before=_into_session)


@pytest.mark.parametrize("size", SIZES)
def test_sign_in(snap_compare, demo, make_app, size):
    from mentor_tui.store.accounts import Accounts
    from mentor_tui.tui.screens.signin import SignInScreen

    accounts = Accounts(demo)
    accounts.set_passphrase(person_named(demo, "Amara").id, "a long passphrase")

    async def signin(pilot):
        await wait_for_screen(pilot, SignInScreen)
        await pilot.press("enter")  # Amara: she has a passphrase, so it is asked for
        await settle(pilot)

    assert snap_compare(make_app(demo, signed_in=False), terminal_size=size, run_before=signin)


@pytest.mark.parametrize("size", SIZES)
def test_partner_passphrase_dialog(snap_compare, demo, make_app, size):
    from mentor_tui.store.accounts import Accounts
    from mentor_tui.tui.screens.signin import PassphraseDialog

    amara = person_named(demo, "Amara")
    Accounts(demo).set_passphrase(amara.id, "a long passphrase")
    started_session(demo)

    async def dialog(pilot):
        await wait_for_screen(pilot, ResumeScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, SessionScreen)
        await pilot.press("f2")
        await wait_for_screen(pilot, PassphraseDialog)
        await settle(pilot)

    lukas = person_named(demo, "Lukas")
    assert snap_compare(make_app(demo, me=lukas), terminal_size=size, run_before=dialog)


@pytest.mark.parametrize("size", SIZES)
def test_set_passphrase_dialog(snap_compare, demo, make_app, size):
    from mentor_tui.tui.screens.signin import SetPassphraseDialog

    async def dialog(pilot):
        await wait_for_screen(pilot, HomeScreen)
        pilot.app.push_screen(SetPassphraseDialog(pilot.app.me, offer=True))
        await wait_for_screen(pilot, SetPassphraseDialog)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=dialog)


@pytest.mark.parametrize("size", SIZES)
def test_time_zone_dialog(snap_compare, demo, make_app, size):
    from mentor_tui.tui.screens.dialogs import TimeZoneDialog

    async def dialog(pilot):
        await wait_for_screen(pilot, HomeScreen)
        pilot.app.action_set_time_zone()
        await wait_for_screen(pilot, TimeZoneDialog)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=dialog)
