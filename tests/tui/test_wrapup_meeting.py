"""The next meeting in the wrap-up, driven from the keyboard on the real app and a real
database: proposed from the rhythm and the agreement, edited, stored as the pair's plan, and
then the same on the follow-up screen, in the invite and on Home."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import icalendar
import pytest
from render.followup_pair import build_pair
from screen_kit import SIZES, palette, settle
from textual.widgets import Input, Static, TextArea
from tuikit import Notices, time_zone, until

from mentor_tui.tui.app import MentorApp
from mentor_tui.tui.screens.followup import FollowUpScreen
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.screens.wrapup import WrapUpScreen
from mentor_tui.tui.widgets.home.card import MentorshipCard

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def paris():
    with time_zone("Europe/Paris"):
        yield


@pytest.fixture
def repo(store):
    return store  # tests/tui/conftest.py's real database, under the name these tests use


async def open_wrapup(pilot, session_id: str) -> WrapUpScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen), what="Home")
    pilot.app.push_screen(WrapUpScreen(session_id))
    await until(pilot, lambda: isinstance(pilot.app.screen, WrapUpScreen), what="the wrap-up")
    screen = pilot.app.screen
    await until(pilot, lambda: screen.query_one("#meeting-date", Input).value, what="a proposal")
    return screen


async def type_into(pilot, field: Input, text: str) -> None:
    field.focus()
    field.value = ""
    await pilot.press(*text) if len(text) > 1 else await pilot.press(text)


def read_invite(path) -> icalendar.Event:
    [event] = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    return event


async def test_edit_the_next_meeting_then_invite_email_and_home_agree(repo, db_path, tmp_path):
    pair = build_pair(repo)
    box = tmp_path / "outbox"
    box.mkdir(mode=0o700)
    app = MentorApp(repo, me=repo.people.get(pair.mentor_id), today=lambda: NOW.date(),
                    now=lambda: NOW, outbox=box)  # fmt: skip
    notices = Notices()
    async with app.run_test(size=(100, 34), message_hook=notices) as pilot:
        screen = await open_wrapup(pilot, pair.session_id)
        field = {n: screen.query_one(f"#meeting-{n}", Input)
                 for n in ("date", "time", "minutes", "place")}  # fmt: skip
        # Proposed: the rhythm's next Tuesday, at the agreement's 17:30 (not the session's time).
        assert [f.value for f in field.values()] == ["Tue 31 Mar 2026", "17:30", "45", ""]
        assert repo.meetings.plan(pair.mentorship_id) is None

        await type_into(pilot, field["time"], "25:00")
        field["place"].focus()
        await notices.shown(pilot, "HH:MM")  # the time refused
        assert repo.meetings.plan(pair.mentorship_id) is None

        await type_into(pilot, field["time"], "08:15")
        await type_into(pilot, field["place"], "Room 4")
        field["date"].focus()
        def plan_place():
            found = repo.meetings.plan(pair.mentorship_id)
            return found.place if found else None

        # Each field saves as it is left: the time first, then the place.
        await until(pilot, lambda: plan_place() == "Room 4", what="a plan with the place")
        plan = repo.meetings.plan(pair.mentorship_id)
        assert plan.start == datetime(2026, 3, 31, 8, 15, tzinfo=PARIS)
        assert (plan.place, plan.minutes, plan.zone) == ("Room 4", 45, "Europe/Paris")
        line = screen.query_one("#meeting-line", Static).render()
        assert "08:15–09:00" in str(line) and "agreed here" in str(line)

        await pilot.press("f6")
        first = box / "mentoring-2026-03-31.ics"
        await until(pilot, first.exists, what="the invite in the outbox")
        assert stat.S_IMODE(first.stat().st_mode) == 0o600
        one = read_invite(first)
        assert one.decoded("DTSTART") == datetime(2026, 3, 31, 8, 15, tzinfo=PARIS)
        assert str(one["LOCATION"]) == "Room 4" and int(one["SEQUENCE"]) == plan.sequence

        # Moved to Thursday: the same UID, a higher SEQUENCE, so calendars move the event.
        await type_into(pilot, field["date"], "2 Apr 2026")
        await pilot.press("enter")
        moved = plan.sequence + 1
        await until(pilot, lambda: repo.meetings.plan(pair.mentorship_id).sequence == moved, what="moved")
        await pilot.press("f6")
        second = box / "mentoring-2026-04-02.ics"
        await until(pilot, second.exists, what="the second invite")
        two = read_invite(second)
        assert str(two["UID"]) == str(one["UID"]) and int(two["SEQUENCE"]) == moved
        assert two.decoded("DTSTART") == datetime(2026, 4, 2, 8, 15, tzinfo=PARIS)

        # The email says the same, not the session's own time.
        app.open_followup(pair.session_id)
        await until(pilot, lambda: isinstance(app.screen, FollowUpScreen), what="the follow-up")
        await until(pilot, lambda: "NEXT TIME" in email_text(app), what="the email")
        editor = app.screen.query_one("#followup-editor", TextArea)
        assert "Thursday 2 April 2026 at 08:15 (Europe/Paris time), 45 minutes, Room 4" in editor.text
        for name in [p.name for p in box.iterdir()]:
            (box / name).unlink()
        await pilot.press("f6")
        await until(pilot, second.exists, what="the invite from the follow-up screen")
        assert str(read_invite(second)["UID"]) == str(one["UID"])

        # And Home.
        app.action_go_home()
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), what="Home")
        await until(pilot, lambda: "Thu 2 Apr · 08:15" in _home_text(app), what="Home's line")


def email_text(app) -> str:
    return app.screen.query_one("#followup-editor", TextArea).text


def _home_text(app) -> str:
    """Home's cards as drawn (each card draws its own lines)."""
    return " ".join(card.content.plain for card in app.screen.query(MentorshipCard))


async def test_finish_keeps_the_proposal_as_the_plan_and_its_time_for_later(repo):
    pair = build_pair(repo)
    app = MentorApp(repo, me=repo.people.get(pair.mentor_id), today=lambda: NOW.date(),
                    now=lambda: NOW)  # fmt: skip
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await open_wrapup(pilot, pair.session_id)
        await type_into(pilot, screen.query_one("#meeting-time", Input), "07:45")
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), what="Home")
    plan = repo.meetings.plan(pair.mentorship_id)
    assert plan.start.astimezone(PARIS).time() == time(7, 45)
    # After the next session, the rhythm proposes again, at the time the pair chose.
    mentorship = repo.mentorships.get(pair.mentorship_id)
    later = datetime(2026, 4, 1, 6, tzinfo=UTC)
    from mentor_tui.core.meetings import next_meeting

    proposal = next_meeting(mentorship, now=later, zone="UTC", last_met=later, plan=plan)
    assert proposal.start == datetime(2026, 4, 14, 7, 45, tzinfo=PARIS) and not proposal.chosen



async def test_the_palette_writes_the_invite_from_home_into_the_outbox(repo, tmp_path):
    """"Calendar invite" in the palette and `i` on Home: the proposal, as a file in the outbox."""
    pair = build_pair(repo)
    box = tmp_path / "outbox"
    box.mkdir(mode=0o700)
    app = MentorApp(repo, me=repo.people.get(pair.mentor_id), today=lambda: NOW.date(),
                    now=lambda: NOW, outbox=box)  # fmt: skip
    async with app.run_test(size=(100, 34)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), what="Home")
        app.current_mentorship_id = pair.mentorship_id
        await palette(pilot, "Calendar invite")
        path = box / "mentoring-2026-03-31.ics"
        await until(pilot, path.exists, what="the invite")
        event = read_invite(path)
        assert event.decoded("DTSTART") == datetime(2026, 3, 31, 17, 30, tzinfo=PARIS)
        assert str(event["ORGANIZER"]) == "mailto:zoe.nunez@example.org"
        path.unlink()
        await pilot.press("i")  # the same from Home's key
        await until(pilot, path.exists, what="the invite from the key")
    assert repo.meetings.plan(pair.mentorship_id) is None  # an invite is not a decision

# -- snapshots -------------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
def test_snapshot_next_meeting_section(snap_compare, demo, make_app, size):
    """The wrap-up scrolled to its next-meeting fields, with a place typed in."""
    from tuikit import wait_for_screen

    session = demo.sessions.list()[0]

    async def run_before(pilot):
        await wait_for_screen(pilot, HomeScreen)
        pilot.app.push_screen(WrapUpScreen(session.id))
        screen = await wait_for_screen(pilot, WrapUpScreen)
        await until(pilot, lambda: screen.query_one("#meeting-date", Input).value, what="a proposal")
        place = screen.query_one("#meeting-place", Input)
        place.value = "https://meet.example.org/amara-lukas"
        screen.query_one("#meeting-invite").focus(scroll_visible=False)
        # Scroll once the form has its full height, then let the scrolled screen settle.
        await settle(pilot)
        wrapup = screen.query_one("#wrapup")
        wrapup.scroll_end(animate=False, immediate=True)
        await until(pilot, lambda: wrapup.scroll_y == wrapup.max_scroll_y, what="the end")
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=run_before)
