"""The next meeting in the wrap-up: date, time, length and place, proposed and editable.

The proposal is core.meetings.next_meeting through the repository (`repo.meetings.upcoming`),
the one rule Home, the email and the invite use too. What the pair changes here is stored
as their plan (`repo.meetings.set_plan`): it is the next meeting from then on, and its time of
day, length and place are the usual ones for the proposals after it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Unpack

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Static

from mentor_tui.core.clock import parse_iso
from mentor_tui.core.dates import parse_due
from mentor_tui.core.errors import UserError
from mentor_tui.core.meetings import (
    MAX_MINUTES,
    MIN_MINUTES,
    Meeting,
    MeetingPlan,
    meeting_minutes,
    parse_time,
    usual_time,
    zone_named,
)
from mentor_tui.core.models import Mentorship, Session
from mentor_tui.tui import fmt, invite
from mentor_tui.tui.widgets.common.options import WidgetOptions

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

_FIELDS = ("date", "time", "minutes", "place")


def meeting_fields(meeting: Meeting) -> tuple[str, str, str, str]:
    """What the wrap-up's fields show for a meeting: date, time, minutes, place."""
    start = meeting.start
    return fmt.day(start.date()), f"{start:%H:%M}", str(meeting.minutes), meeting.place


def plan_from_fields(
    values: tuple[str, ...], *, zone: str, now: datetime, after: datetime
) -> MeetingPlan | None:
    """The plan the fields describe (None with no date); one sentence when they do not read."""
    date_text, time_text, minutes_text, place = (v.strip() for v in values)
    if not date_text:
        return None
    tz = zone_named(zone)
    day = parse_due(date_text, now.astimezone(tz).date())
    at = parse_time(time_text)
    if not minutes_text.isdigit() or not MIN_MINUTES <= int(minutes_text) <= MAX_MINUTES:
        raise UserError(
            f"Type the meeting's length in minutes, from {MIN_MINUTES} to {MAX_MINUTES}."
        )
    start = datetime.combine(day, at, tzinfo=tz)
    if start <= now:
        raise UserError(
            f"{fmt.day(day)} {at:%H:%M} has already passed; the next meeting must be later."
        )
    return MeetingPlan(start=start, minutes=int(minutes_text), zone=zone, place=place,
                       after=after)  # fmt: skip


class NextMeetingForm(Vertical):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    def __init__(
        self, mentorship: Mentorship, session: Session, **kwargs: Unpack[WidgetOptions]
    ) -> None:
        super().__init__(**kwargs)
        self.mentorship = mentorship
        self.session = session
        self.meeting: Meeting | None = None
        self.zone = "UTC"
        self._filled: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(
            "Date (or: next tuesday, 3 Apr) · time · minutes · place or video link",
            id="meeting-help",
            classes="muted",
        )
        with Horizontal(id="meeting-fields"):
            yield Input(compact=True, placeholder="date", id="meeting-date")
            yield Input(compact=True, placeholder="HH:MM", id="meeting-time", max_length=5)
            yield Input(
                compact=True, placeholder="min", id="meeting-minutes", max_length=3, type="integer"
            )
            yield Input(
                compact=True, placeholder="place or video link", id="meeting-place",
                max_length=300,
            )  # fmt: skip
        yield Static("", id="meeting-line")
        with Horizontal(id="meeting-buttons"):
            yield Button("Calendar invite (F6)", id="meeting-invite", compact=True)
            yield Button("Copy invite (F7)", id="meeting-copy", compact=True)

    def on_mount(self) -> None:
        self.refresh_meeting()

    # -- showing --------------------------------------------------------------------------

    def refresh_meeting(self) -> None:
        app = self.app
        self.meeting = app.repo.meetings.upcoming(self.mentorship, now=app.now())
        me = app.me
        self.zone = self.meeting.zone if self.meeting else app.repo.meetings.person_zone(me.id if me else None)
        plan = app.repo.meetings.plan(self.mentorship.id)
        if self.meeting is not None:
            values = meeting_fields(self.meeting)
        else:
            values = ("", f"{usual_time(self.mentorship, plan):%H:%M}",
                      str(plan.minutes if plan else meeting_minutes(self.mentorship)),
                      plan.place if plan else "")  # fmt: skip
        for name, value in zip(_FIELDS, values, strict=True):
            self.query_one(f"#meeting-{name}", Input).value = value
        self._filled = values
        self.query_one("#meeting-line", Static).update(self._line())

    def _line(self) -> Content:
        meeting = self.meeting
        muted = "$text-muted"
        if meeting is None:
            return Content.assemble(
                ("No rhythm agreed yet: ", muted),
                "type a date above, or set a rhythm in the agreement (e on Home).",
            )
        start = meeting.start
        how = "agreed here" if meeting.chosen else f"proposed from {meeting.cadence}"
        return Content.assemble(
            (f"{fmt.day(start.date())}, {start:%H:%M}–{meeting.end:%H:%M}", "bold"),
            (f" ({meeting.zone})", muted),
            (f" · {meeting.place}" if meeting.place else "", ""),
            (f" · {how}", muted),
        )

    def _values(self) -> tuple[str, ...]:
        return tuple(self.query_one(f"#meeting-{name}", Input).value for name in _FIELDS)

    @property
    def edited(self) -> bool:
        """Typed into since the fields were last filled (a Changed event cannot tell: it
        also arrives, later, for the values the form put there itself)."""
        return self._values() != self._filled

    @on(Input.Submitted, "#meeting-fields Input")
    @on(Input.Blurred, "#meeting-fields Input")
    def _leave_field(self) -> None:
        if self.edited:
            self.save()

    # -- saving ---------------------------------------------------------------------------

    def _plan(self) -> MeetingPlan | None:
        return plan_from_fields(self._values(), zone=self.zone, now=self.app.now(),
                                after=self._last_met())  # fmt: skip

    def _last_met(self) -> datetime:
        # The meeting after the latest session, even in the wrap-up of an older one (from
        # History): a plan made "after" an older session would be spent already.
        latest = self.app.repo.sessions.list(mentorship_id=self.mentorship.id, limit=1)
        return parse_iso(latest[0].started_at if latest else self.session.started_at)

    def save(self, *, force: bool = False) -> bool:
        """Store the fields as the pair's plan when they were changed (or `force`: on Finish,
        the proposal they accepted). False, with one sentence shown, when they do not read."""
        edited = self.edited
        if not (edited or force):
            return True
        try:
            plan = self._plan()
            if plan is None:
                return True
            if not edited and self.meeting is not None and self.meeting.chosen:
                return True
            self.app.repo.meetings.set_plan(self.mentorship.id, plan)
        except UserError as exc:
            self.app.show_error(exc)
            return False
        self.refresh_meeting()
        return True

    # -- the invite -----------------------------------------------------------------------

    @on(Button.Pressed, "#meeting-invite")
    def write_invite(self) -> None:
        if self.save(force=True):
            invite.save_invite(self.screen, self.mentorship)

    @on(Button.Pressed, "#meeting-copy")
    def copy_invite(self) -> None:
        if self.save(force=True):
            invite.copy_invite(self.screen, self.mentorship)
