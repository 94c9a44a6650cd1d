"""A fresh database shows examples, never the demo pair's names, and example dates ahead."""

from __future__ import annotations

import re
from datetime import date, datetime

from screen_kit import palette
from textual.widgets import Input
from tuikit import wait_for_screen

from mentor_tui.core.models import Member, Mentorship, Person, Role
from mentor_tui.tui.screens.dialogs import ActionItemDialog
from mentor_tui.tui.screens.goal_editor import GoalEditor
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.screens.onboarding import OnboardingScreen

DEMO_NAMES = re.compile(r"amara|okafor|lukas|berg\b", re.I)
LATER = date(2031, 3, 4)
A_DATE = re.compile(r"\b(\d{1,2} [A-Z][a-z]{2} \d{4})\b")


def placeholders(screen) -> list[str]:
    return [str(field.placeholder) for field in screen.query(Input)]


async def test_onboarding_shows_no_demo_names(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, OnboardingScreen)
        shown = placeholders(screen)
        assert shown and not [p for p in shown if DEMO_NAMES.search(p)], shown


async def test_a_new_pairs_dialogs_show_no_demo_names_and_dates_ahead(store, make_app):
    ada, ben = store.people.add(Person("Dr Ada Lind")), store.people.add(Person("Dr Ben Ek"))
    store.mentorships.add(
        Mentorship("Ada & Ben", members=[Member(ada.id, Role.MENTOR), Member(ben.id, Role.MENTEE)])
    )
    app = make_app(store)
    app._today = lambda: LATER  # an example date fixed in the code would be past by then
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await palette(pilot, "Add goal")
        goal = await wait_for_screen(pilot, GoalEditor)
        goal_texts = placeholders(goal)
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        await palette(pilot, "Add action item")
        action = await wait_for_screen(pilot, ActionItemDialog)
        shown = goal_texts + placeholders(action)
    assert not [p for p in shown if DEMO_NAMES.search(p)], shown
    dates = [datetime.strptime(d, "%d %b %Y").date() for p in shown for d in A_DATE.findall(p)]
    assert dates and all(d > LATER for d in dates), dates
