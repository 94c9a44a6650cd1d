"""A real database with a mentor pair, an outsider and a live session (live, serve, security tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builders import CHECK_IN, add_pair

from mentor_tui.core.models import Person
from mentor_tui.store import open_store

AGENDA = CHECK_IN


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
        mentor, mentee, mentorship = add_pair(repo)
        outsider = repo.people.add(Person("Olga Outsider"))
        repo.act_as(mentor.id)
        session = repo.sessions.start(mentorship.id, AGENDA)
    finally:
        repo.close()
    return Shared(path, mentor.id, mentee.id, outsider.id, mentorship.id, session.id)
