"""The session screen in a live session, at 80x24 and 120x40: a partner present over SSH,
and this window not following while the session has moved on.

The partner is a presence row written through a second connection (as their app would),
its heartbeat renewed just before the capture so it is never stale.
"""

from __future__ import annotations

import pytest
from screen_kit import SIZES, assert_footer_fits, footer_keys, settle, to_the_checklist
from tuikit import person_named, until, wait_for_screen

from mentor_tui import paths
from mentor_tui.core.agendas import load_library
from mentor_tui.core.notes import Note
from mentor_tui.core.presence import Presence
from mentor_tui.store import open_store
from mentor_tui.tui.screens.resume import ResumeScreen
from mentor_tui.tui.screens.session import SessionScreen

PARTNER = "partner-window"


@pytest.fixture
def live_pair(demo, db_path):
    """Amara's app to be; Lukas already in the session over SSH, with a note typed."""
    library = load_library(paths.prompts_dir() / "agendas", None)
    mentorship = demo.mentorships.list()[0]
    session = demo.sessions.start(mentorship.id, library["regular-check-in"])
    amara, lukas = person_named(demo, "Amara"), person_named(demo, "Lukas")
    partner = open_store(db_path)
    partner.act_as(lukas.id)
    partner.notes.save(Note(session.id, "wins", lukas.id, "Abstract accepted as a poster."))
    partner.presence.join(
        Presence(PARTNER, lukas.id, session.id, host="mentor-host", pid=1, via="ssh")
    )
    demo.act_as(amara.id)
    yield demo, partner, session, amara
    partner.close()


async def _joined(pilot) -> SessionScreen:
    await wait_for_screen(pilot, ResumeScreen)
    await pilot.press("enter")
    screen = await wait_for_screen(pilot, SessionScreen)
    await until(pilot, lambda: screen.live is not None and screen.live.others)
    return screen


@pytest.mark.parametrize("size", SIZES)
def test_session_with_partner(snap_compare, live_pair, make_app, size):
    repo, partner, session, amara = live_pair

    async def joined(pilot):
        await _joined(pilot)
        partner.presence.heartbeat(PARTNER)
        await settle(pilot)

    assert snap_compare(make_app(repo, me=amara), terminal_size=size, run_before=joined)


@pytest.mark.parametrize("size", SIZES)
def test_session_not_following(snap_compare, live_pair, make_app, size):
    repo, partner, session, amara = live_pair
    # Paused at once, so the move banks no whole second into the first section.
    repo.sessions.set_timer_running(session.id, False)

    async def moved(pilot):
        screen = await _joined(pilot)
        await pilot.press("ctrl+f")
        await until(pilot, lambda: not screen.live.following)
        partner.sessions.go_to_section(session.id, 3)
        partner.presence.heartbeat(PARTNER)
        await until(pilot, lambda: screen.session.current_section == 3)
        await settle(pilot)

    assert snap_compare(make_app(repo, me=amara), terminal_size=size, run_before=moved)


@pytest.mark.parametrize("size", SIZES)
def test_join_prompt(snap_compare, demo, db_path, make_app, size):
    """Lukas is in a session (over SSH): Amara's app offers to join him; no "End it"."""
    from test_snapshots import interrupted_session  # fixed timestamps: the same every run

    session = interrupted_session(demo)
    amara, lukas = person_named(demo, "Amara"), person_named(demo, "Lukas")
    demo.presence.join(Presence(PARTNER, lukas.id, session.id, host="mentor-host", pid=1, via="ssh"))

    async def prompt(pilot):
        await wait_for_screen(pilot, ResumeScreen)
        await settle(pilot)

    assert snap_compare(make_app(demo, me=amara), terminal_size=size, run_before=prompt)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_footer_fits_with_the_partner_here(live_pair, make_app, size):
    """With someone to follow, the footer has one key more (ctrl+f Follow): too narrow for
    it, Follow is left out first (the presence line names it), and with the list focused
    the list's own keys next; End and Help stay in view either way."""
    repo, partner, session, amara = live_pair
    async with make_app(repo, me=amara).run_test(size=size) as pilot:
        screen = await _joined(pilot)
        await to_the_checklist(pilot, screen)
        await settle(pilot)
        assert_footer_fits(screen, "notes", {"end_session", "app.help"})
        if size[0] >= 100:  # room for it beside the session's keys
            assert "toggle_follow" in footer_keys(screen)
        await pilot.press("ctrl+l")
        await until(pilot, lambda: "leave" in footer_keys(screen), what="the list's keys")
        await settle(pilot)
        assert_footer_fits(screen, "list", {"end_session", "app.help", "leave"})
