"""The variables a follow-up template sees, built from already-loaded dataclasses.

Callers (the CLI and the follow-up screen) read the repository into a `SessionRecord`;
`build_context` turns it into plain dicts, lists and strings, the only things a sandboxed
template is given. docs/templates.md documents every variable; keep the two in step.

Private notes never reach a template: the loader asks the repository for shared notes only,
and `build_context` drops anything that is not shared all the same.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any

from mentor_tui.core.agendas import AgendaLibrary, prepare_for_next_meeting
from mentor_tui.core.agreement import AGREEMENT_REVIEW_WARNING_DAYS
from mentor_tui.core.clock import parse_iso
from mentor_tui.core.durations import duration
from mentor_tui.core.meetings import Meeting
from mentor_tui.core.models import (
    ActionItem,
    Goal,
    Mentorship,
    Person,
    Role,
    Visibility,
)
from mentor_tui.core.records import SessionRecord

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
TITLES = {
    "dr",
    "dr.",
    "prof",
    "prof.",
    "professor",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "mx",
    "mx.",
}
REVERSE_KIND = "reverse-mentoring"
# Agendas whose notes should not travel by email by default, whatever a user's copy of the
# agenda says (the built-in files mark them `sensitive = true` as well).
SENSITIVE_AGENDAS = frozenset({"wellness", "ethics-case-debrief"})


def short_date(day: date) -> str:
    """Tuesday 3 March: for a subject line, where the year is noise."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def long_date(day: date) -> str:
    """Tuesday 3 March 2026: the same in every locale, unambiguous in every country."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def first_name(display_name: str) -> str:
    words = display_name.split()
    while len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    return words[0] if words else display_name


def person_vars(person: Person | None, role: Role | None) -> dict[str, Any]:
    if person is None:
        return {
            "id": "", "name": "someone", "first_name": "someone", "email": "", "role": "",
            "pronouns": "", "specialty": "", "career_stage": "",
        }  # fmt: skip
    return {
        "id": person.id,
        "name": person.display_name,
        "first_name": first_name(person.display_name),
        "email": person.email or "",
        "role": role.value if role else "",
        "pronouns": person.pronouns or "",
        "specialty": person.specialty or "",
        "career_stage": person.career_stage or "",
    }


def _local(instant: str | None, tz: tzinfo) -> datetime | None:
    return parse_iso(instant).astimezone(tz) if instant else None


def _due_vars(due: date | None, today: date) -> dict[str, Any]:
    return {
        "due": due.isoformat() if due else "",
        "due_long": long_date(due) if due else "",
        "overdue": bool(due and due < today),
    }


def choose_sender(
    mentorship: Mentorship, people: dict[str, Person], sender_id: str | None = None
) -> str | None:
    """Who the email is from: the given member, else the first mentor with an email."""
    members = mentorship.members
    if sender_id and any(m.person_id == sender_id for m in members):
        return sender_id
    ordered = [m for m in members if m.role == Role.MENTOR] + [
        m for m in members if m.role != Role.MENTOR
    ]
    with_email = [m for m in ordered if (p := people.get(m.person_id)) and p.email]
    chosen = with_email[0] if with_email else (ordered[0] if ordered else None)
    return chosen.person_id if chosen else None


def build_context(
    record: SessionRecord,
    *,
    tz: tzinfo,
    today: date,
    next_meeting: Meeting | None = None,
    sender_id: str | None = None,
    agendas: AgendaLibrary | None = None,
    opening: str = "",
) -> dict[str, Any]:
    """The documented template variables (docs/templates.md) for one session.

    `agendas` tells whether the session's agenda is sensitive and what to prepare for the
    next meeting; `opening` is the line the sender writes themself.
    """
    session, mentorship = record.session, record.mentorship
    roles = {m.person_id: m.role for m in mentorship.members}

    def person(person_id: str | None) -> dict[str, Any]:
        p = record.people.get(person_id) if person_id else None
        return person_vars(p, roles.get(person_id) if person_id else None)

    people = [person(m.person_id) for m in mentorship.members]
    sender_id = choose_sender(mentorship, record.people, sender_id)
    sender = person(sender_id)
    sender_role = roles.get(sender_id) if sender_id else None
    recipients = [p for p in people if p["id"] != sender_id]
    to = [p for p in recipients if p["role"] != (sender_role.value if sender_role else None)]
    cc = [p for p in recipients if p not in to]
    if not to:
        to, cc = cc, []

    started = _local(session.started_at, tz)
    ended = _local(session.ended_at, tz)
    seconds = (ended - started).total_seconds() if started and ended else 0.0
    minutes = round(seconds / 60)
    sections = {s.key: s for s in session.sections}

    notes = []
    for note in record.notes:
        if note.visibility != Visibility.SHARED:
            continue  # never, whatever the caller loaded
        section = sections.get(note.section_key)
        author = person(note.author_id)
        notes.append(
            {
                "section": note.section_key,
                "section_title": section.title if section else note.section_key,
                "section_kind": section.kind if section else "",
                "author": author["name"],
                "author_role": author["role"],
                "body": note.body.strip(),
            }
        )
    notes = [n for n in notes if n["body"]]
    by_section = []
    for section in session.sections:
        these = [n for n in notes if n["section"] == section.key]
        if these:
            by_section.append(
                {"key": section.key, "title": section.title, "kind": section.kind, "notes": these}
            )
    known = {s.key for s in session.sections}
    strays = [n for n in notes if n["section"] not in known]
    if strays:
        by_section.append({"key": "", "title": "Other notes", "kind": "notes", "notes": strays})

    agenda = agendas.get(session.agenda_key) if agendas is not None else None
    sensitive = session.agenda_key in SENSITIVE_AGENDAS or bool(agenda and agenda.sensitive)
    agreement = mentorship.agreement
    prepare = (
        list(
            prepare_for_next_meeting(
                agendas,
                review_date=agreement.review_date if agreement else None,
                day=next_meeting.start.date() if next_meeting else today,
                warning_days=AGREEMENT_REVIEW_WARNING_DAYS,
            )
        )
        if agendas is not None
        else []
    )

    def action(item: ActionItem, carried: bool) -> dict[str, Any]:
        owner = person(item.owner_id)
        return {
            "text": item.text.strip(),
            "owner_id": item.owner_id,
            "owner": owner["name"],
            "owner_first_name": owner["first_name"],
            "owner_role": owner["role"],
            "done": item.done,
            "carried": carried,
            **_due_vars(item.due, today),
        }

    this_session = {a.id for a in record.actions}
    # An item dropped as no longer needed is history, not something to do: not in the email.
    actions = [action(a, False) for a in record.actions if not a.dropped] + [
        action(a, True) for a in record.open_actions if a.id not in this_session
    ]
    actions_by_owner = []
    # The sender's own items first: an email that leads with what I will do reads as a
    # promise, one that leads with the other person's reads as a list of orders.
    ordered = sorted(people, key=lambda p: p["id"] != sender["id"])
    for member in ordered:
        items = [a for a in actions if a["owner_id"] == member["id"]]
        if items:
            actions_by_owner.append({"owner": member, "items": items})
    member_ids = {p["id"] for p in people}
    others = [a for a in actions if a["owner_id"] not in member_ids]
    if others:
        actions_by_owner.append({"owner": person(None), "items": others})

    goals_by_id = {g.id: g for g in record.goals}

    def goal_vars(goal: Goal) -> dict[str, Any]:
        owner = person(goal.owner_id)
        return {
            "title": goal.title,
            "category": goal.category,
            "owner": owner["name"],
            "owner_role": owner["role"],
            "status": goal.status.value,
            "progress": goal.progress,
            "reverse": bool(goal.topic_key) or owner["role"] == Role.MENTOR.value,
            **_due_vars(goal.due, today),
        }

    goals_moved = []
    seen: set[str] = set()
    for checkin in record.checkins:
        goal = goals_by_id.get(checkin.goal_id)
        if goal is None or goal.id in seen:
            continue
        seen.add(goal.id)
        mine = [c for c in record.checkins if c.goal_id == goal.id]
        earlier = [
            c
            for c in record.earlier_checkins.get(goal.id, [])
            if c.session_id != session.id and c.created_at <= mine[0].created_at
        ]
        before = earlier[-1].progress if earlier else 0
        after = mine[-1].progress
        comments = [c.comment.strip() for c in mine if c.comment.strip()]
        goals_moved.append(
            {
                **goal_vars(goal),
                "from_progress": before,
                "to_progress": after,
                "change": after - before,
                "comment": comments[-1] if comments else "",
            }
        )
    window_end = session.ended_at or "9999"
    goals_new = [
        goal_vars(g)
        for g in record.goals
        if session.started_at <= g.created_at <= window_end and g.id not in seen
    ]
    goals_open = [goal_vars(g) for g in record.goals if g.status.value in ("open", "in-progress")]

    skills = [
        {
            "topic": s.topic_title,
            "topic_key": s.topic_key,
            "person": person(s.person_id)["name"],
            "person_id": s.person_id,
            "person_first_name": person(s.person_id)["first_name"],
            "before": s.before,
            "after": s.after,
            "change": (s.after - s.before)
            if s.before is not None and s.after is not None
            else None,
        }
        for s in record.skills
    ]
    reverse_notes = [n for n in notes if n["section_kind"] == REVERSE_KIND]

    meeting = None
    if next_meeting is not None:
        start = next_meeting.start
        meeting = {
            "date": start.date().isoformat(),
            "date_long": long_date(start.date()),
            "weekday": WEEKDAYS[start.weekday()],
            "time": start.strftime("%H:%M"),
            "end_time": next_meeting.end.strftime("%H:%M"),
            "minutes": next_meeting.minutes,
            "zone": next_meeting.zone,
            "iso": start.isoformat(timespec="minutes"),
            "cadence": next_meeting.cadence,
            "place": next_meeting.place,
            "chosen": next_meeting.chosen,
        }

    day = started.date() if started else today
    return {
        "session": {
            "id": session.id,
            "date": day.isoformat(),
            "date_long": long_date(day),
            "date_short": short_date(day),
            "sensitive": sensitive,
            "start_time": started.strftime("%H:%M") if started else "",
            "end_time": ended.strftime("%H:%M") if ended else "",
            "minutes": minutes,
            "duration": duration(seconds) if started and ended else "",
            "planned_minutes": session.planned_minutes,
            "agenda": session.agenda_name,
            "agenda_key": session.agenda_key,
            "mode": session.mode.value,
            "ended": session.ended_at is not None,
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "kind": s.kind,
                    "planned_minutes": s.planned_minutes,
                    "minutes": round(s.elapsed_seconds / 60),
                    "duration": duration(s.elapsed_seconds),
                }
                for s in session.sections
            ],
        },
        "mentorship": {
            "id": mentorship.id,
            "title": mentorship.title,
            "style": mentorship.style.value,
            "cadence": mentorship.cadence,
            "rrule": mentorship.rrule,
            "start_date": mentorship.start_date.isoformat() if mentorship.start_date else "",
        },
        "people": people,
        "mentors": [p for p in people if p["role"] == Role.MENTOR.value],
        "mentees": [p for p in people if p["role"] == Role.MENTEE.value],
        "sender": sender,
        "recipients": recipients,
        "to": to,
        "cc": cc,
        "notes": notes,
        "notes_by_section": by_section,
        "actions": actions,
        "actions_by_owner": actions_by_owner,
        "goals_moved": goals_moved,
        "goals_new": goals_new,
        "goals_open": goals_open,
        "skills": skills,
        "reverse_notes": reverse_notes,
        "next_meeting": meeting,
        "opening": " ".join(opening.split()),
        "prepare": prepare,
        "today": today.isoformat(),
        "today_long": long_date(today),
    }
