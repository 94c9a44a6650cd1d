"""A mentorship with non-ASCII names, one finished session and everything a follow-up shows.

Shared by tests/render, tests/cli/test_followup_cli.py and tests/tui/test_followup_screen.py
(tests/ is on sys.path through tests/conftest.py: `from render.followup_pair import ...`).
Every timestamp is fixed, so renders and snapshots are the same on every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from mentor_tui.core.clock import iso
from mentor_tui.core.goals import CheckIn
from mentor_tui.core.models import (
    ActionItem,
    Agreement,
    Goal,
    GoalStatus,
    Member,
    Mentorship,
    Mode,
    Person,
    Role,
    SectionRun,
    Session,
    SessionStatus,
    Visibility,
)
from mentor_tui.core.notes import Note
from mentor_tui.core.reverse import SkillRating

TODAY = date(2026, 3, 20)  # a Friday, three days after the session
SESSION_START = datetime(2026, 3, 17, 16, 30, tzinfo=UTC)  # Tuesday, 17:30 in Paris
EARLIER_START = datetime(2026, 3, 3, 16, 30, tzinfo=UTC)
ZONE = "Europe/Paris"
PRIVATE_TEXTS = ("PRIVATE-ZOE: worried about burnout", "PRIVATE-LUKASZ: thinking of leaving")

SECTIONS = [
    ("check-in", "Check-in", "notes", 10),
    ("goals", "Goals review", "goals-review", 10),
    ("lesson", "The mentee teaches", "reverse-mentoring", 15),
    ("actions", "Action items", "action-items", 10),
]


@dataclass
class Pair:
    mentorship_id: str
    session_id: str
    earlier_session_id: str
    mentor_id: str
    comentor_id: str
    mentee_id: str


def _session(mentorship_id: str, start: datetime, agenda: str = "Regular check-in") -> Session:
    session = Session(
        mentorship_id=mentorship_id,
        agenda_key="regular-check-in",
        agenda_name=agenda,
        mode=Mode.IN_PERSON,
        status=SessionStatus.ENDED,
        started_at=iso(start),
        current_section=len(SECTIONS) - 1,
    )
    clock = start
    for position, (key, title, kind, minutes) in enumerate(SECTIONS):
        session.sections.append(
            SectionRun(
                key=key,
                title=title,
                kind=kind,
                planned_minutes=minutes,
                position=position,
                started_at=iso(clock),
                ended_at=iso(clock + timedelta(minutes=minutes)),
                elapsed_seconds=minutes * 60.0,
            )
        )
        clock += timedelta(minutes=minutes)
    session.ended_at = iso(clock)
    session.created_at = session.updated_at = session.started_at
    return session


def build_pair(repo, *, cadence: bool = True, comentor: bool = True) -> Pair:
    zoe = repo.people.add(Person("Zoë Ñúñez", email="zoe.nunez@example.org", pronouns="she/her"))
    ana = repo.people.add(Person("Ana Brandão", email="ana.brandao@example.org"))
    lukasz = repo.people.add(
        Person("Dr Łukasz Öztürk", email="lukasz.ozturk@example.org", career_stage="fellow")
    )
    members = [Member(zoe.id, Role.MENTOR), Member(lukasz.id, Role.MENTEE)]
    if comentor:
        members.insert(1, Member(ana.id, Role.MENTOR))
    mentorship = repo.mentorships.add(
        Mentorship(
            "Zoë & Łukasz",
            members=members,
            cadence="every 2 weeks on Tuesday" if cadence else "",
            rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" if cadence else "",
            start_date=date(2026, 1, 6),
            agreement=Agreement(meeting_length="45 minutes", meeting_frequency="every other Tuesday, 17:30"),
        )
    )
    earlier = repo.sessions.save(_session(mentorship.id, EARLIER_START))
    session = repo.sessions.save(_session(mentorship.id, SESSION_START, "Reverse mentoring"))

    def at(minutes: int) -> str:
        return iso(SESSION_START + timedelta(minutes=minutes))

    notes = [
        (session.id, "check-in", zoe.id, "Grant: aim for the spring call — «aims page» first.", Visibility.SHARED, 2),
        (session.id, "check-in", zoe.id, PRIVATE_TEXTS[0], Visibility.PRIVATE, 3),
        (session.id, "lesson", lukasz.id, "Showed Zotero groups & shared\nlibraries, step by step.", Visibility.SHARED, 22),
        (session.id, "lesson", lukasz.id, PRIVATE_TEXTS[1], Visibility.PRIVATE, 23),
        (earlier.id, "check-in", zoe.id, "EARLIER-SESSION note", Visibility.SHARED, -20000),
    ]  # fmt: skip
    for session_id, section, author, body, visibility, minute in notes:
        repo.notes.save(
            Note(
                session_id,
                section,
                author,
                body,
                visibility,
                created_at=at(minute),
                updated_at=at(minute),
            )
        )

    repo.actions.save(
        ActionItem(mentorship.id, "Read the grants primer", lukasz.id, due=date(2026, 3, 10),
                   session_id=earlier.id, created_at=iso(EARLIER_START))
    )  # fmt: skip
    repo.actions.save(
        ActionItem(mentorship.id, "Send the old protocol", zoe.id, due=date(2026, 3, 6),
                   session_id=earlier.id, created_at=iso(EARLIER_START),
                   done_at=iso(EARLIER_START + timedelta(days=2)))
    )  # fmt: skip
    repo.actions.save(
        ActionItem(mentorship.id, "Draft the specific aims page", lukasz.id, due=date(2026, 3, 31),
                   session_id=session.id, created_at=at(40))
    )  # fmt: skip
    repo.actions.save(
        ActionItem(mentorship.id, "Introduce Łukasz to the grants office", zoe.id,
                   due=date(2026, 3, 24), session_id=session.id, created_at=at(41))
    )  # fmt: skip

    grant = repo.goals.save(
        Goal(mentorship.id, lukasz.id, "Submit a first grant", category="grants",
             due=date(2026, 9, 30), status=GoalStatus.IN_PROGRESS, created_at=iso(EARLIER_START))
    )  # fmt: skip
    repo.goals.add_checkin(
        CheckIn(grant.id, 20, "Call chosen.", session_id=earlier.id, created_at=iso(EARLIER_START),
                updated_at=iso(EARLIER_START))
    )  # fmt: skip
    repo.goals.add_checkin(
        CheckIn(grant.id, 45, "Aims drafted.", session_id=session.id, created_at=at(12), updated_at=at(12))
    )  # fmt: skip
    repo.goals.save(
        Goal(mentorship.id, zoe.id, "Use Zotero groups for the lab", category="digital",
             due=date(2026, 5, 1), topic_key="reference-managers", created_at=at(30))
    )  # fmt: skip
    repo.feedback.save_skill_rating(
        SkillRating(
            session.id, zoe.id, "reference-managers", "Reference managers", before=2, after=4
        )
    )
    return Pair(mentorship.id, session.id, earlier.id, zoe.id, ana.id, lukasz.id)
