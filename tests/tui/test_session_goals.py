"""Goals from inside a session: the palette's "Add goal" is ready to type into, the goals
section shows the goal just added, and the reverse-mentoring goal is the mentor's."""

from __future__ import annotations

from screen_kit import palette
from textual.widgets import Input
from tuikit import type_text, until, wait_for_screen

from mentor_tui import paths
from mentor_tui.core.agendas import load_library
from mentor_tui.tui.screens.goal_editor import GoalEditor
from mentor_tui.tui.screens.resume import ResumeScreen
from mentor_tui.tui.screens.session import SessionScreen


def start(repo, agenda_key: str):
    library = load_library(paths.prompts_dir() / "agendas", None)
    mentorship = repo.mentorships.list()[0]
    return repo.sessions.start(mentorship.id, library[agenda_key])


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
        await pilot.press("escape")
        await wait_for_screen(pilot, SessionScreen)
        await pilot.press("ctrl+o")  # the session's own key for it: the same dialog
        editor = await wait_for_screen(pilot, GoalEditor)
        assert app.focused is editor.query_one("#goal-title", Input)


async def go_to_kind(pilot, screen: SessionScreen, kind: str) -> None:
    for _ in range(len(screen.session.sections)):
        if screen.current_section.kind == kind:
            return
        await pilot.press("f8")
        await pilot.pause()
    raise AssertionError(f"no {kind} section")


def prompts_shown(screen: SessionScreen) -> str:
    from textual.widgets import Markdown

    return screen.query_one("#prompts-text", Markdown).source


async def test_a_goal_added_in_the_session_shows_in_its_goals_section(demo, make_app):
    from dataclasses import replace

    from mentor_tui.core.models import GoalStatus

    mentorship = demo.mentorships.list()[0]
    for goal in demo.goals.list(mentorship.id):  # "none open yet", as for a new pair
        demo.goals.save(replace(goal, status=GoalStatus.DONE))
    start(demo, "regular-check-in")
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        await go_to_kind(pilot, screen, "goals-review")
        assert "none open yet" in prompts_shown(screen)
        await palette(pilot, "Add goal")
        editor = await wait_for_screen(pilot, GoalEditor)
        await pilot.press("enter")  # no title yet
        message = editor.query_one("#title-message")
        await until(pilot, lambda: message.display)
        assert "Give the goal a title." in str(message.render())
        await type_text(pilot, "Write the ethics application")
        await until(pilot, lambda: not message.display)  # answered: the error goes
        await pilot.press("enter")
        await wait_for_screen(pilot, SessionScreen)
        await until(pilot, lambda: "Write the ethics application" in prompts_shown(screen))
        assert "none open yet" not in prompts_shown(screen)


async def test_the_reverse_mentoring_goal_is_the_mentors_and_digital(demo, make_app):
    from textual.widgets import Select

    from mentor_tui.core.models import Role

    start(demo, "reverse-mentoring")
    mentor_id = demo.mentorships.list()[0].people_in(Role.MENTOR)[0]
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        await go_to_kind(pilot, screen, "goals-review")  # "The mentor's goal"
        await palette(pilot, "Add goal")
        editor = await wait_for_screen(pilot, GoalEditor)
        assert editor.query_one("#goal-owner", Select).value == mentor_id
        assert editor.query_one("#goal-category", Select).value == "digital"
        await type_text(pilot, "Set up an ORCID record")
        await pilot.press("enter")
        await wait_for_screen(pilot, SessionScreen)
    (goal,) = [g for g in demo.goals.list(demo.mentorships.list()[0].id) if "ORCID" in g.title]
    assert (goal.owner_id, goal.category) == (mentor_id, "digital")


async def test_the_reverse_mentoring_topic_is_picked_and_shown_in_the_section(demo, make_app):
    """Section 1 says "pick a topic from the catalogue": the picker opens from there, and the
    choice and the mentor's skill before and after stay in view through the lesson."""
    from textual.widgets import Select

    from mentor_tui.tui.screens.dialogs import SkillRatingDialog

    start(demo, "reverse-mentoring")
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        assert screen.current_section.key == "choose-topic"
        assert "none chosen yet" in prompts_shown(screen)
        await pilot.press("ctrl+b")
        dialog = await wait_for_screen(pilot, SkillRatingDialog)
        topic = dialog.topics[1]
        await pilot.press("down")  # the topic list has the focus
        dialog.query_one("#skill-before", Select).value = 2
        await pilot.pause()
        dialog.submit()
        await wait_for_screen(pilot, SessionScreen)
        await until(pilot, lambda: topic.title in prompts_shown(screen))
        assert "before 2 of 5" in prompts_shown(screen)
        await go_to_kind(pilot, screen, "reverse-mentoring")  # the lesson
        await until(pilot, lambda: topic.title in prompts_shown(screen))
        await pilot.press("ctrl+b")
        dialog = await wait_for_screen(pilot, SkillRatingDialog)
        dialog.query_one("#skill-after", Select).value = 4
        await pilot.pause()
        dialog.submit()
        await wait_for_screen(pilot, SessionScreen)
        await until(pilot, lambda: "after 4 of 5" in prompts_shown(screen))


async def test_the_skill_rating_topics_stay_inside_their_dialog(demo, make_app):
    from mentor_tui.tui.screens.dialogs import SkillRatingDialog

    start(demo, "reverse-mentoring")
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot)
        await palette(pilot, "Skill rating")
        dialog = await wait_for_screen(pilot, SkillRatingDialog)
        topics = dialog.query_one("#skill-topic")
        topics.focus()
        await pilot.press("enter")  # where a drop-down would open its list
        await pilot.pause()
        box = dialog.query_one(".dialog").region
        drawn = [w for w in dialog.query("*") if w.display and w.region.area]
        outside = [w for w in drawn if not box.contains_region(w.region)]
        assert not outside, outside
