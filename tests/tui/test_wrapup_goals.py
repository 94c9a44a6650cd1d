"""Goals and check-ins, the wrap-up's review of action items, and the follow-up hand-off."""

from __future__ import annotations

from textual.widgets import Input, Select, SelectionList
from tuikit import from_home, person_named, type_into, wait_for_screen

from mentor_tui import paths
from mentor_tui.core.agendas import load_library
from mentor_tui.core.models import GoalStatus
from mentor_tui.tui.screens.dialogs import CheckInDialog, GoalDialog
from mentor_tui.tui.screens.goals import GoalsScreen
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.screens.resume import ResumeScreen
from mentor_tui.tui.screens.session import SessionScreen
from mentor_tui.tui.screens.wrapup import WrapUpScreen
from mentor_tui.tui.widgets.session.sidebar import time_state


def test_sections_running_over_change_colour():
    assert time_state(0, 5) == ""
    assert time_state(4 * 60, 5) == "near"
    assert time_state(5 * 60 + 1, 5) == "over"


async def test_add_a_goal_then_check_in_during_a_session(demo, make_app):
    lukas = person_named(demo, "Lukas")
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await from_home(pilot, "g", GoalsScreen)
        await pilot.press("a")
        dialog = await wait_for_screen(pilot, GoalDialog)
        await type_into(pilot, "#goal-title", "Submit the abstract")
        dialog.query_one("#goal-category", Select).value = "publications"
        await type_into(pilot, "#goal-due", "end of month")
        assert "Sat 31 May 2025" in str(dialog.query_one("#goal-due-message").render())
        await pilot.press("enter")
        await wait_for_screen(pilot, GoalsScreen)
        (goal,) = [g for g in demo.goals.list() if g.title == "Submit the abstract"]
        assert goal.owner_id == lukas.id and goal.category == "publications"

        mentorship = demo.mentorships.get(goal.mentorship_id)
        session = demo.sessions.start(
            mentorship.id, load_library(paths.prompts_dir() / "agendas", None)["regular-check-in"]
        )
        app.offer_resume()
        await wait_for_screen(pilot, ResumeScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, SessionScreen)
        await pilot.press("f5")
        checkin = await wait_for_screen(pilot, CheckInDialog)
        checkin.query_one("#checkin-goal", Select).value = goal.id
        await pilot.pause()
        progress = checkin.query_one("#checkin-progress", Input)
        progress.value = "150"
        await type_into(pilot, "#checkin-comment", "Drafted")
        await pilot.press("enter")
        assert "0 to 100" in str(checkin.query_one("#progress-message").render())
        progress.value = "40"
        await pilot.press("enter")
        await wait_for_screen(pilot, SessionScreen)
    (done,) = demo.goals.checkins_for_session(session.id)
    assert (done.goal_id, done.progress, done.comment) == (goal.id, 40, "Drafted")
    assert demo.goals.get(goal.id).status == GoalStatus.IN_PROGRESS


async def test_wrapup_ticks_items_done_and_opens_the_follow_up(demo, make_app):
    session = next(s for s in demo.sessions.list() if s.agenda_key == "regular-check-in")
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.push_screen(WrapUpScreen(session.id))
        wrapup = await wait_for_screen(pilot, WrapUpScreen)
        items = wrapup.query_one("#action-items", SelectionList)
        first = items.get_option_at_index(0).value
        items.focus()
        await pilot.press("space")
        await pilot.pause()
        assert demo.actions.get(first).done
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert type(app.screen).__name__ == "FollowUpScreen"


async def test_wrapup_boxes_say_ticked_or_not_in_a_glyph(demo, make_app):
    """The state must survive without colour: the box text itself differs."""
    session = next(s for s in demo.sessions.list() if s.agenda_key == "regular-check-in")
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.push_screen(WrapUpScreen(session.id))
        wrapup = await wait_for_screen(pilot, WrapUpScreen)
        items = wrapup.query_one("#action-items", SelectionList)

        def box(index: int) -> str:  # the box's three cells, as text only
            return items.render_line(index - items.scroll_offset.y).text[:3]

        before = box(0)
        items.focus()
        await pilot.press("space")  # tick the first item
        await pilot.pause()
        after = box(0)
        assert before != after  # not only a colour change
        assert "✓" in after and "✓" not in before
