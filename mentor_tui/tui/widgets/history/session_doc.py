"""A past session as a Markdown document, for reading (never editing) in History."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Visibility
from mentor_tui.tui import fmt

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp


def _indent(body: str) -> str:
    """A note's lines kept inside its list item."""
    return "\n  ".join(line.rstrip() for line in body.strip().splitlines())


def session_document(app: MentorApp, session_id: str, viewer_id: str | None, reveal: bool) -> str:
    repo = app.repo
    today = app.today()
    session = repo.sessions.get(session_id)
    mentorship = repo.mentorships.get(session.mentorship_id)
    shut_before = repo.notes.unopened
    notes = repo.notes.for_session(
        session_id, viewer_id=viewer_id, include_private=reveal and viewer_id is not None
    )
    shut = repo.notes.unopened - shut_before if reveal else 0
    started = fmt.local_date(session.started_at)
    at = session.ended_at or fmt.iso_at(app.now())
    spent = [repo.sessions.elapsed(s, at) for s in session.sections]
    out = [
        f"# {session.agenda_name}",
        "",
        f"**{mentorship.title}** · {fmt.day(started) if started else ''} "
        f"{fmt.local_time(session.started_at)} · {fmt.duration(sum(spent))} of "
        f"{fmt.duration(session.planned_minutes * 60)} planned · {session.mode.value}"
        + (" · **still open**" if session.status.value == "active" else ""),
        "",
    ]
    if shut:
        out += [
            f"*{shut} of your private notes could not be opened: changed outside mentor-tui "
            "or sealed with another key. They were left as they are.*",
            "",
        ]
    for section, seconds in zip(session.sections, spent, strict=False):
        planned = fmt.duration(section.planned_minutes * 60)
        out += [f"## {section.title} · {fmt.duration(seconds)} of {planned}", ""]
        here = [n for n in notes if n.section_key == section.key and n.body.strip()]
        if not here:
            out += ["*No notes.*", ""]
        for note in here:
            mark = " (PRIVATE)" if note.visibility == Visibility.PRIVATE else ""
            out.append(f"- **{app.person_name(note.author_id)}{mark}:** {_indent(note.body)}")
        if here:
            out.append("")
    items = repo.actions.list(session_id=session_id)
    out += ["## Action items agreed", ""]
    out += [
        f"- [{'x' if i.done else ' '}] {i.text}: {app.person_name(i.owner_id)}, "
        + ("no longer needed" if i.dropped else fmt.due_words(i.due, today))
        for i in items
    ] or ["None."]
    out.append("")
    checkins = repo.goals.checkins_for_session(session_id)
    if checkins:
        out += ["## Goal check-ins", ""]
        for checkin in checkins:
            try:
                title = repo.goals.get(checkin.goal_id).title
            except UserError:  # a goal removed since; keep the check-in readable
                title = "a goal"
            comment = f": {checkin.comment}" if checkin.comment else ""
            out.append(f"- {title}: {checkin.progress}%{comment}")
        out.append("")
    skills = repo.feedback.skill_ratings(session_id=session_id)
    if skills:
        out += ["## Skill ratings", ""]
        for skill in skills:
            out.append(
                f"- {app.person_name(skill.person_id)}, {skill.topic_title}: "
                f"{skill.before or '?'} → {skill.after or '?'} of 5"
            )
        out.append("")
    ratings = repo.feedback.ratings(session_id)
    out += ["## Ratings", ""]
    for rating in ratings:
        # The pairing answer is shown to its rater only (it is None for everyone else).
        working = {
            "yes": " · pairing working (only you see this)",
            "no": " · pairing NOT working (only you see this)",
            "unsure": " · not sure about the pairing (only you see this)",
        }.get(rating.pairing or "", "")
        word = f" “{rating.word}”" if rating.word else ""
        out.append(f"- {app.person_name(rating.person_id)}: {rating.score}/5{word}{working}")
    if not ratings:
        out.append("No ratings.")
    hidden = not reveal
    if hidden:
        out += ["", "*Private notes are hidden; their author can reveal them with r.*"]
    # Titles, action items and comments are other people's text as much as notes are.
    return fmt.printable("\n".join(out))
