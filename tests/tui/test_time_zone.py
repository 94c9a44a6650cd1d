"""One's own time zone, set in the app: the palette's *Set time zone*, a name checked against
the zones this system knows (completed as it is typed), and Home redrawn in it at once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from textual.widgets import Input, Static
from tuikit import Notices, palette, until, wait_for_screen

from mentor_tui.core.clock import parse_iso
from mentor_tui.core.meetings import MeetingPlan
from mentor_tui.tui.screens.dialogs import TimeZoneDialog
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.widgets.home.card import MentorshipCard


def next_meeting_line(app) -> str:
    lines = "\n".join(card.content.plain for card in app.screen.query(MentorshipCard))
    return next(line for line in lines.splitlines() if "Next meeting" in line)


async def open_dialog(pilot) -> TimeZoneDialog:
    await wait_for_screen(pilot, HomeScreen)
    await palette(pilot, "Set time zone")
    return await wait_for_screen(pilot, TimeZoneDialog)


async def test_a_zone_set_in_the_palette_is_kept_and_home_is_drawn_in_it(demo, make_app):
    """The pair's next meeting, chosen at 10:00 in Paris, reads 08:00 in this computer's UTC
    and 17:00 once the reader says they are in Tokyo."""
    app = make_app(demo)
    mentorship = demo.mentorships.list()[0]
    last = demo.sessions.last(mentorship_id=mentorship.id)
    paris = ZoneInfo("Europe/Paris")
    demo.meetings.set_plan(
        mentorship.id,
        MeetingPlan(datetime(2025, 5, 20, 10, 0, tzinfo=paris), 45, "Europe/Paris",
                    after=parse_iso(last.started_at)),  # fmt: skip
    )
    notices = Notices()
    async with app.run_test(size=(100, 34), message_hook=notices) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        assert "08:00" in next_meeting_line(app)
        dialog = await open_dialog(pilot)
        field = dialog.query_one("#time-zone", Input)
        assert field.value == ""  # none set yet: this computer's (UTC here)
        await pilot.press(*"Mars/Olympus", "enter")
        message = dialog.query_one("#time-zone-message", Static)
        await until(pilot, lambda: "not a time zone" in str(message.render()), what="the refusal")
        assert app.screen is dialog and field.value == "Mars/Olympus"  # open, nothing lost
        assert demo.people.get(app.me.id).time_zone is None
        field.value = ""
        await pilot.press(*"Asia/Tokyo", "enter")
        said = await notices.shown(pilot, "Asia/Tokyo")
        await wait_for_screen(pilot, HomeScreen)
        assert demo.people.get(app.me.id).time_zone == "Asia/Tokyo"
        await until(pilot, lambda: "17:00" in next_meeting_line(app), what="Home in Tokyo time")
    assert "from now on" in said


async def test_a_zone_name_is_completed_as_it_is_typed(demo, make_app):
    app = make_app(demo)
    async with app.run_test(size=(100, 34)) as pilot:
        dialog = await open_dialog(pilot)
        field = dialog.query_one("#time-zone", Input)
        await pilot.press(*"europe/berl")
        # The completion is drawn after what was typed, dimmed.
        await until(pilot, lambda: "europe/berlin" in field.render_line(0).text.lower(),
                    what="the suggestion")  # fmt: skip
        await pilot.press("right")  # takes the suggestion, as in any Textual input
        assert field.value == "Europe/Berlin"


async def test_an_empty_zone_goes_back_to_this_computers(demo, make_app):
    app = make_app(demo)
    demo.meetings.set_time_zone(app.me.id, "America/New_York")
    notices = Notices()
    async with app.run_test(size=(100, 34), message_hook=notices) as pilot:
        dialog = await open_dialog(pilot)
        field = dialog.query_one("#time-zone", Input)
        assert field.value == "America/New_York"
        field.value = ""
        await pilot.press("enter")
        said = await notices.shown(pilot, "from now on")
        await wait_for_screen(pilot, HomeScreen)
    assert demo.people.get(app.me.id).time_zone is None
    assert "UTC" in said
