"""Support resources: ctrl+g or the palette from anywhere, the protocol and the contacts, the
programme's own country; mentor-only notes and contacts in the wellness agenda."""

from __future__ import annotations

import pytest
from screen_kit import SIZES, settle
from textual.widgets import MarkdownViewer
from tuikit import from_home, palette, until, wait_for_screen

from mentor_tui import paths
from mentor_tui.core.agendas import load_library
from mentor_tui.core.resources import RESOURCES_FILE
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.screens.resume import ResumeScreen
from mentor_tui.tui.screens.session import SessionScreen
from mentor_tui.tui.screens.support import SupportScreen


def support_text(app) -> str:
    return app.screen.query_one("#support-text").document.source


@pytest.fixture
def wellness(demo):
    library = load_library(paths.prompts_dir() / "agendas", None)
    mentorship = demo.mentorships.list()[0]
    return demo, demo.sessions.start(mentorship.id, library["wellness"])


async def test_ctrl_g_opens_the_protocol_and_every_countrys_contacts(demo, make_app):
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await from_home(pilot, "ctrl+g", SupportScreen)
        text = support_text(app)
        assert "pause the agenda" in text and "exception to the confidentiality" in text
        for contact in ("988", "116 123", "1-888-409-0141", "0300 0303 300", "50808"):
            assert contact in text
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)


async def test_a_programme_file_sets_the_country_and_adds_its_own_line(demo, make_app):
    config = paths.user_prompts_dir()
    config.mkdir(parents=True, exist_ok=True)
    (config / RESOURCES_FILE).write_text(
        'format = 1\ncountry = "GB"\n\n[[resources]]\nkey = "oh"\nkind = "support"\n'
        'country = "GB"\nname = "St Elsewhere occupational health"\ncontact = "ext. 4321"\n',
        encoding="utf-8",
    )
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await from_home(pilot, "ctrl+g", SupportScreen)
        text = support_text(app)
        assert "the United Kingdom" in text and "St Elsewhere occupational health" in text
        assert "Samaritans" in text and "Shout" in text
        # The US line by its name: a bare "988" can be part of the temporary folder's path.
        assert "988 Suicide & Crisis Lifeline" not in text and "Pieta" not in text


async def test_a_broken_programme_file_is_named_and_the_builtin_list_still_shows(demo, make_app):
    config = paths.user_prompts_dir()
    config.mkdir(parents=True, exist_ok=True)
    (config / RESOURCES_FILE).write_text('country = "England"\n', encoding="utf-8")
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await from_home(pilot, "ctrl+g", SupportScreen)
        text = support_text(app)
        assert "line 1" in text and "two-letter code" in text
        assert "Samaritans" in text


async def test_in_a_wellness_session_the_mentor_sees_the_protocol_and_the_mentee_does_not(
    wellness, make_app
):
    repo, session = wellness
    app = make_app(repo)
    async with app.run_test(size=(110, 40)) as pilot:
        await wait_for_screen(pilot, ResumeScreen)
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, SessionScreen)
        prompts = screen.query_one("#prompts-text")
        assert screen.speaker_role.value == "mentor"
        assert "For the mentor only" in prompts.source and "988" in prompts.source
        await pilot.press("f2")
        await until(pilot, lambda: screen.speaker_role.value == "mentee")
        assert "For the mentor only" not in prompts.source
        # The palette reaches the same screen mid-session.
        await palette(pilot, "support res")
        await wait_for_screen(pilot, SupportScreen)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot(snap_compare, demo, make_app, size):
    async def open_support(pilot):
        screen = await from_home(pilot, "ctrl+g", SupportScreen)
        await until(pilot, lambda: screen.query_one(MarkdownViewer).document.children)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=open_support)
