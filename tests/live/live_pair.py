"""A real database with a mentor pair, an outsider and a live session (live, serve, security tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace as NS

from mentor_tui.core.models import Member, Mentorship, Person, Role
from mentor_tui.store import open_store

AGENDA = NS(
    key="check-in",
    name="Check-in",
    sections=[
        NS(key="wins", title="Wins", minutes=5, kind="notes", prompts=["What went well?"]),
        NS(key="items", title="Items", minutes=10, kind="action-items", prompts=["Open items"]),
        NS(key="wrap-up", title="Wrap-up", minutes=5, kind="wrap-up", prompts=["Next?"]),
    ],
)


@dataclass
class Shared:
    path: Path
    mentor_id: str
    mentee_id: str
    outsider_id: str
    mentorship_id: str
    session_id: str


def make_shared(path: Path) -> Shared:
    repo = open_store(path)
    try:
        mentor = repo.add_person(Person("Dr Rosa Mentor", email="rosa@example.org"))
        mentee = repo.add_person(Person("Sam Mentee"))
        outsider = repo.add_person(Person("Olga Outsider"))
        mentorship = repo.add_mentorship(
            Mentorship(
                "Rosa & Sam",
                members=[Member(mentor.id, Role.MENTOR), Member(mentee.id, Role.MENTEE)],
            )
        )
        repo.act_as(mentor.id)
        session = repo.start_session(mentorship.id, AGENDA)
    finally:
        repo.close()
    return Shared(path, mentor.id, mentee.id, outsider.id, mentorship.id, session.id)
