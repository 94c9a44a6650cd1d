"""Goals from inside a session: the palette's "Add goal" is ready to type into, the goals
section shows the goal just added, and the reverse-mentoring goal is the mentor's."""

from __future__ import annotations

from test_development_kit import palette
from textual.widgets import Input
from tuikit import type_text, until, wait_for_screen

from mentor_tui import paths
from mentor_tui.core.agendas import load_library
from mentor_tui.tui.screens.resume import ResumeScreen
from mentor_tui.tui.screens.session import SessionScreen
from mentor_tui.tui.widgets.goals.editor import GoalEditor


def start(repo, agenda_key: str):
    library = load_library(paths.prompts_dir() / "agendas", None)
    mentorship = repo.list_mentorships()[0]
    return repo.start_session(mentorship.id, library[agenda_key])


async def open_session(pilot) -> SessionScreen:
    await wait_for_screen(pilot, ResumeScreen)
    await pilot.press("enter")
    return await wait_for_screen(pilot, SessionScreen)


async def test_add_goal_from_the_palette_takes_the_typing_at_once(demo, make_app):
    start(demo, "regular-check-in")
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot)
        await palette(pilot, "Add goal")
        editor = await wait_for_screen(pilot, GoalEditor)
        await type_text(pilot, "Submit the registry paper")
        title = editor.query_one("#goal-title", Input)
        await until(pilot, lambda: title.value == "Submit the registry paper")
