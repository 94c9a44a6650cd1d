"""Home's first frame holds only the cards that fill the screen (start-up time); the others
follow a page at a time, and a mentorship picked before stays picked."""

from __future__ import annotations

from tuikit import until, wait_for_screen

from mentor_tui.core.models import Member, Mentorship, Person, Role
from mentor_tui.tui.screens.home import FIRST_PAGE, HomeScreen
from mentor_tui.tui.widgets.home.card import MentorshipCard

PAIRS = 9


def _busy_mentor(store) -> tuple[Person, list[str]]:
    """One mentor in PAIRS mentorships, newest first as Home lists them."""
    mentor = store.people.add(Person("Dr Busy Mentor"))
    ids = []
    for n in range(PAIRS):
        mentee = store.people.add(Person(f"Mentee {n}"))
        ids.append(store.mentorships.add(Mentorship(
            f"Pair {n}", members=[Member(mentor.id, Role.MENTOR), Member(mentee.id, Role.MENTEE)],
        )).id)
    return mentor, ids


async def test_the_first_frame_has_the_cards_that_fill_the_screen_then_all_follow(store, make_app):
    mentor, ids = _busy_mentor(store)
    app = make_app(store, me=mentor)
    async with app.run_test(size=(100, 24)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        first = home._loaded_at_compose
        cards_rows = sum(card.min_rows for card in list(home.query(MentorshipCard))[: first - 1])
        # Fewer than a full first page at 24 rows, yet enough to cover the screen.
        assert 1 <= first < FIRST_PAGE
        assert cards_rows < 24
        await until(pilot, lambda: len(home.query(MentorshipCard)) == PAIRS)
        assert app.current_mentorship_id == home.query(MentorshipCard).first().mentorship_id


async def test_a_mentorship_picked_before_is_on_the_first_page(store, make_app):
    mentor, ids = _busy_mentor(store)
    app = make_app(store, me=mentor)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await until(pilot, lambda: len(app.screen.query(MentorshipCard)) == PAIRS)
        picked = list(app.screen.query(MentorshipCard))[FIRST_PAGE - 1].mentorship_id
        app.current_mentorship_id = picked
        again = HomeScreen()
        await app.push_screen(again)
        await until(pilot, lambda: again.is_current)
        assert again._loaded_at_compose == FIRST_PAGE
        assert app.current_mentorship_id == picked
