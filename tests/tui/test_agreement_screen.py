"""The mentoring agreement: every field editable, a review date in words, and Home saying
so when the review date comes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from screen_kit import SIZES, palette, settle
from textual.widgets import Input, Static, TextArea
from tuikit import TODAY, from_home, type_into, until, wait_for_screen

from mentor_tui.tui.screens.agreement import AGREEMENT_FIELDS, AgreementScreen
from mentor_tui.tui.screens.home import HomeScreen


def review_on(repo, day: date | None) -> None:
    mentorship = repo.mentorships.list()[0]
    repo.mentorships.set_agreement(mentorship.id, replace(mentorship.agreement, review_date=day))


def notice(screen) -> Static:
    return screen.query_one("#agreement-banner", Static)


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (5, "due for review in 5 days"),
        (-3, "was due for review 3 days ago"),
        (40, None),
    ],
)
async def test_home_says_when_the_review_date_comes(demo, make_app, days, words):
    review_on(demo, TODAY + timedelta(days=days))
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        if words is None:
            assert not notice(home).display
        else:
            assert notice(home).display
            shown = str(notice(home).render())
            assert words in shown and "Amara & Lukas" in shown and "Press e" in shown


async def test_edit_every_field_and_the_review_date_in_words(demo, make_app):
    review_on(demo, TODAY + timedelta(days=5))
    mentorship = demo.mentorships.list()[0]
    app = make_app(demo)
    async with app.run_test(size=(100, 32)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await pilot.press("e")
        screen = await wait_for_screen(pilot, AgreementScreen)
        assert len(screen.query(".agreement-text")) == len(AGREEMENT_FIELDS) == 7
        assert "in 5 days" in str(screen.query_one("#agreement-notice").render())
        feedback = screen.query_one("#agreement-feedback", TextArea)
        feedback.text = ""
        await type_into(pilot, "#agreement-feedback", "Two things that worked, one to change.")
        review = screen.query_one("#agreement-review", Input)
        review.value = ""
        await type_into(pilot, "#agreement-review", "blah")
        assert "Could not read" in str(screen.query_one("#review-message").render())
        review.value = ""
        await type_into(pilot, "#agreement-review", "in 3 months")
        shown = str(screen.query_one("#review-message").render())
        assert shown.count("13 Aug") == 1, shown  # the date once, never "... (Wed 13 Aug)"
        assert "Wed 13 Aug 2025" in shown
        await pilot.press("escape")  # saves on the way out
        await wait_for_screen(pilot, HomeScreen)
        assert not notice(home).display  # the review is months away now
    saved = demo.mentorships.get(mentorship.id).agreement
    assert saved.feedback == "Two things that worked, one to change."
    assert saved.review_date == date(2025, 8, 13)
    assert saved.meeting_length == "45 minutes"  # the rest untouched


async def test_reviewed_today_sets_the_next_review(demo, make_app):
    review_on(demo, TODAY - timedelta(days=2))
    mentorship = demo.mentorships.list()[0]
    app = make_app(demo)
    async with app.run_test(size=(100, 32)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        assert notice(home).display
        await palette(pilot, "Mentoring agreement")
        screen = await wait_for_screen(pilot, AgreementScreen)
        await pilot.press("f5")
        assert screen.query_one("#agreement-review", Input).value == "Thu 13 Nov 2025"
        assert demo.mentorships.get(mentorship.id).agreement.review_date == date(2025, 11, 13)
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        assert not notice(home).display


async def test_typing_is_saved_before_leaving(demo, make_app):
    mentorship = demo.mentorships.list()[0]
    app = make_app(demo)
    async with app.run_test(size=(100, 32)) as pilot:
        await from_home(pilot, "e", AgreementScreen)
        await type_into(pilot, "#agreement-ending", "Or by email. ")
        # Saved while still on the screen, after a pause in typing.
        await until(pilot, lambda: "Or by email." in demo.mentorships.get(mentorship.id).agreement.ending)


@pytest.mark.parametrize("size", SIZES)
def test_agreement_snapshot(snap_compare, demo, make_app, size):
    review_on(demo, TODAY + timedelta(days=5))

    async def agreement(pilot):
        await from_home(pilot, "e", AgreementScreen)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=agreement)


@pytest.mark.parametrize("size", SIZES)
def test_home_review_notice_snapshot(snap_compare, demo, make_app, size):
    review_on(demo, TODAY + timedelta(days=5))

    async def home(pilot):
        await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=home)


@pytest.mark.parametrize(("days", "offered"), [(-3, "agreement-review"), (40, "regular-check-in")])
async def test_when_the_review_date_comes_s_offers_the_agreement_review(
    demo, make_app, days, offered
):
    from textual.widgets import OptionList

    from mentor_tui.tui.screens.agenda_picker import AgendaPickerScreen

    review_on(demo, TODAY + timedelta(days=days))
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        if days < 0:
            assert "s offers the agreement-review agenda" in str(notice(home).render())
        await pilot.press("s")
        picker = await wait_for_screen(pilot, AgendaPickerScreen)
        options = picker.query_one("#agenda-list", OptionList)
        assert options.get_option_at_index(0).id == offered
