"""Reverse mentoring: a topic from the catalogue (or a new one), the mentor's skill before
and after, the change shown, and a mentor-owned goal made from the topic in one step."""

from __future__ import annotations

import pytest
from screen_kit import SIZES, palette, settle
from textual.widgets import OptionList, Select
from tuikit import TODAY, Notices, from_home, person_named, type_text, wait_for_screen

from mentor_tui import paths
from mentor_tui.core.agendas import load_library
from mentor_tui.core.models import GoalStatus, SessionStatus
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.screens.resume import ResumeScreen
from mentor_tui.tui.screens.reverse import ReverseScreen, TopicDialog
from mentor_tui.tui.screens.session import SessionScreen


def reverse_agenda():
    return load_library(paths.prompts_dir() / "agendas", None)["reverse-mentoring"]


async def highlight(pilot, screen: ReverseScreen, key: str) -> None:
    options = screen.query_one("#topics", OptionList)
    options.focus()
    await pilot.press("home")
    while options.highlighted_option.id != key:
        await pilot.press("down")


async def pick(pilot, key: str, steps: int) -> None:
    """Open a rating with its key and move `steps` down from "not rated"."""
    await pilot.press(key)
    await pilot.pause()
    await pilot.press(*["down"] * steps, "enter")
    await pilot.pause()


async def test_a_skill_change_and_a_goal_from_the_topic(demo, make_app):
    mentorship = demo.mentorships.list()[0]
    amara = person_named(demo, "Amara")
    app = make_app(demo)
    notices = Notices()
    async with app.run_test(size=(100, 32), message_hook=notices) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        session = demo.sessions.start(mentorship.id, reverse_agenda())
        await pilot.press("v")
        screen = await wait_for_screen(pilot, ReverseScreen)
        assert screen.session_id == session.id  # the session in progress
        await highlight(pilot, screen, "telehealth")
        await pick(pilot, "b", 2)  # before: 2 of 5
        await pick(pilot, "a", 4)  # after: 4 of 5
        (rating,) = demo.feedback.skill_ratings(session_id=session.id)
        assert (rating.person_id, rating.topic_key, rating.before, rating.after) == (
            amara.id, "telehealth", 2, 4,
        )  # fmt: skip
        change = str(screen.query_one("#skill-change").render())
        assert "2/5 → 4/5" in change and "(+2)" in change
        assert "2/5 → 4/5  (+2)  Telehealth platforms" in str(
            screen.query_one("#all-changes").render()
        )

        # Change the mind about "after" (the menu opens on 4): the same rating is updated.
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("up", "enter")
        await pilot.pause()
        (rating,) = demo.feedback.skill_ratings(session_id=session.id)
        assert rating.after == 3

        screen.query_one("#topics").focus()
        await pilot.press("g")
        goals = [g for g in demo.goals.list(mentorship.id) if g.topic_key == "telehealth"]
        assert len(goals) == 1
        goal = goals[0]
        assert goal.owner_id == amara.id and goal.category == "digital"
        assert goal.title == "Learn: Telehealth platforms" and goal.status == GoalStatus.OPEN
        assert "3/5 to 4/5" in goal.measurable and goal.due > TODAY
        await notices.shown(pilot, "Goal made for Amara")
        assert "Learn: Telehealth platforms" in str(screen.query_one("#topic-goal").render())
        await pilot.press("g")  # once is enough
        await notices.shown(pilot, "already")
        assert len([g for g in demo.goals.list(mentorship.id) if g.topic_key == "telehealth"]) == 1


async def test_a_new_topic_beside_the_catalogue(demo, make_app):
    app = make_app(demo)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await from_home(pilot, "v", ReverseScreen)
        await pilot.press("n")
        await wait_for_screen(pilot, TopicDialog)
        await type_text(pilot, "Structured prompts for literature searches")
        await pilot.press("enter")
        await wait_for_screen(pilot, ReverseScreen)
        (topic,) = demo.topics.list()
        assert topic.title == "Structured prompts for literature searches"
        assert screen.current().topic.key == topic.key
        assert screen.current().source == "pair"
        # The demo's last session is the reverse-mentoring one: ratings go there.
        assert demo.sessions.get(screen.session_id).status == SessionStatus.ENDED


async def test_the_palette_opens_it_from_a_session(demo, make_app):
    mentorship = demo.mentorships.list()[0]
    session = demo.sessions.start(mentorship.id, reverse_agenda())
    app = make_app(demo)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, ResumeScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, SessionScreen)
        await palette(pilot, "Reverse-mentoring topic")
        screen = await wait_for_screen(pilot, ReverseScreen)
        assert screen.session_id == session.id
        await pilot.press("escape")
        await wait_for_screen(pilot, SessionScreen)


async def test_ratings_wait_for_a_first_session(store, make_app):
    from mentor_tui.core.models import Member, Mentorship, Person, Role

    mentor = store.people.add(Person("Dr Amara Okafor"))
    mentee = store.people.add(Person("Dr Lukas Berg"))
    store.mentorships.add(
        Mentorship(
            "A & L", members=[Member(mentor.id, Role.MENTOR), Member(mentee.id, Role.MENTEE)]
        )
    )
    app = make_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await from_home(pilot, "v", ReverseScreen)
        assert screen.query_one("#skill-before", Select).disabled
        assert "start one" in str(screen.query_one("#skill-message").render())
        await pilot.press("g")  # a goal needs no session
        assert [g.topic_key for g in store.goals.list()] == ["social-media-presence"]


@pytest.mark.parametrize("size", SIZES)
def test_reverse_snapshot(snap_compare, demo, make_app, size):
    async def reverse(pilot):
        await from_home(pilot, "v", ReverseScreen)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=reverse)
