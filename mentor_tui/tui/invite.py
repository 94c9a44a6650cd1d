"""The "Calendar invite" action of the wrap-up, the follow-up screen and the palette.

One helper so the three write the same file: the meeting comes from the repository's
`repo.meetings.upcoming` (core/meetings.py), the .ics from render/ics.py, and the file goes where
every other file goes (tui/saving.py: a path here, or a name in the outbox under `serve`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from mentor_tui.core.agendas import prepare_for_next_meeting
from mentor_tui.core.agreement import AGREEMENT_REVIEW_WARNING_DAYS
from mentor_tui.core.errors import UserError
from mentor_tui.core.meetings import Meeting
from mentor_tui.core.models import Mentorship
from mentor_tui.files import write_private
from mentor_tui.render.ics import invitation, invite_file_name
from mentor_tui.tui import saving

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp


def _calendar(app: MentorApp, mentorship: Mentorship, meeting: Meeting) -> tuple[bytes, list[str]]:
    people = {m.person_id: app.repo.people.get(m.person_id) for m in mentorship.members}
    me = app.me
    agreement = mentorship.agreement
    prepare = prepare_for_next_meeting(
        app.agendas,
        review_date=agreement.review_date if agreement else None,
        day=meeting.start.date(),
        warning_days=AGREEMENT_REVIEW_WARNING_DAYS,
    )
    cal, without = invitation(
        meeting, mentorship, people, me.id if me else None, stamp=app.now(), prepare=prepare
    )
    return cal.to_ical(), without


def _meeting(app: MentorApp, mentorship: Mentorship) -> Meeting | None:
    meeting = app.repo.meetings.upcoming(mentorship, now=app.now())
    if meeting is None:
        app.notify(
            f'"{mentorship.title}" has no next meeting yet: agree a rhythm (e on Home) or set '
            "the date in the wrap-up.",
            severity="warning",
            timeout=8,
        )
    return meeting


def _invite(app: MentorApp, mentorship: Mentorship) -> tuple[Meeting, bytes, list[str]] | None:
    """The next meeting, its .ics and who has no address; None once the reason is shown."""
    meeting = _meeting(app, mentorship)
    if meeting is None:
        return None
    try:
        data, without = _calendar(app, mentorship, meeting)
    except UserError as exc:
        app.show_error(exc)
        return None
    return meeting, data, without


def save_invite(screen: Screen[Any], mentorship: Mentorship, raw: str | None = None) -> None:
    """Write the next meeting's invite (.ics, 0600) next to the follow-up, or to the outbox."""
    app = saving.mentor_app(screen)
    found = _invite(app, mentorship)
    if found is None:
        return
    meeting, data, without = found
    name = raw or saving.field_value(app, f"~/{invite_file_name(meeting)}")

    def done(_path: Path, where: str, replaced: bool) -> None:
        missing = f" No email address for {', '.join(without)}: not invited." if without else ""
        verb = "Replaced" if replaced else "Saved"
        app.notify(
            f"{verb} the invite {where} (readable by you only); open it or attach it to the "
            f"follow-up.{missing}",
            timeout=15,
        )

    saving.save_as(
        screen, name, render=lambda: data, write_local=lambda t: write_private(t, data), done=done
    )


def copy_invite(screen: Screen[Any], mentorship: Mentorship) -> None:
    """Copy the .ics text to the clipboard (OSC 52), to paste into a calendar or a message."""
    app = saving.mentor_app(screen)
    found = _invite(app, mentorship)
    if found is None:
        return
    _, data, _ = found
    app.copy_to_clipboard(data.decode("utf-8"))
    app.notify("Copied the calendar invite (.ics text) to the clipboard.")
