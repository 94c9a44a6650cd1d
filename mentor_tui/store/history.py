"""A programme's past built as dataclasses and written in one go: the demo, bench.seed, tests.

Whoever invents history fills a `History` (the demo by hand, bench.seed from word lists at any
size) and writes it either through the repository (`save`: the app's own path, one
transaction per row, right for the demo's few dozen rows) or in bulk (`write`:
store/bulk.py, the same rows in large transactions, for 200,000 notes). `ended_session`
runs a meeting through an agenda's sections back to back, as every maker of past meetings
needs. The words and the amounts stay with each caller; bench's word lists never ship.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import TypeVar

from mentor_tui.core.clock import iso
from mentor_tui.core.feedback import Rating
from mentor_tui.core.goals import CheckIn
from mentor_tui.core.models import (
    ActionItem,
    Goal,
    Mentorship,
    Mode,
    Person,
    SectionRun,
    Session,
    SessionStatus,
)
from mentor_tui.core.notes import Note
from mentor_tui.core.reverse import SkillRating, Topic
from mentor_tui.store.bulk import bulk_write
from mentor_tui.store.repo.sessions import AgendaLike
from mentor_tui.store.repository import Repository


def ended_session(
    mentorship_id: str,
    agenda: AgendaLike,
    started: datetime,
    seconds: Iterable[float],
    *,
    mode: Mode = Mode.IN_PERSON,
    id: str | None = None,
) -> Session:
    """A session that ran every section of `agenda` in turn, section i taking seconds[i].

    Stamped as written when it started (created and updated), as a session saved at its
    start would be; a caller that wants otherwise sets `updated_at` itself.
    """
    session = Session(
        mentorship_id=mentorship_id,
        agenda_key=agenda.key,
        agenda_name=agenda.name,
        mode=mode,
        status=SessionStatus.ENDED,
        started_at=iso(started),
        current_section=len(agenda.sections) - 1,
    )
    if id is not None:
        session.id = id
    clock = started
    for position, (section, spent) in enumerate(zip(agenda.sections, seconds, strict=True)):
        session.sections.append(
            SectionRun(
                key=section.key,
                title=section.title,
                kind=section.kind,
                planned_minutes=section.minutes,
                position=position,
                prompts=list(section.prompts),
                started_at=iso(clock),
                ended_at=iso(clock + timedelta(seconds=spent)),
                elapsed_seconds=spent,
            )
        )
        clock += timedelta(seconds=spent)
    session.ended_at = iso(clock)
    session.created_at = session.updated_at = session.started_at
    return session


R = TypeVar(
    "R", Person, Topic, Mentorship, Session, Note, Rating, Goal, CheckIn, ActionItem, SkillRating
)

_LIST_OF: dict[type, str] = {
    Person: "people",
    Topic: "topics",
    Mentorship: "mentorships",
    Session: "sessions",
    Note: "notes",
    Rating: "ratings",
    Goal: "goals",
    CheckIn: "checkins",
    ActionItem: "action_items",
    SkillRating: "skill_ratings",
}


@dataclass
class History:
    """Rows to write, parents before children (store/tables.py's order)."""

    people: list[Person] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    mentorships: list[Mentorship] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    skill_ratings: list[SkillRating] = field(default_factory=list)

    def add(self, row: R) -> R:
        """Keep `row` for writing, in the list its type belongs to; returns it, ids and all."""
        getattr(self, _LIST_OF[type(row)]).append(row)
        return row

    def write(self, repo: Repository) -> dict[str, int]:
        """All of it in bulk (store/bulk.py): each row as given, timestamps included."""
        return bulk_write(repo, **{f.name: getattr(self, f.name) for f in fields(self)})

    def save(self, repo: Repository) -> None:
        """All of it through the repository, one call per row, as the app writes.

        A check-in moves its goal's progress and status (repo.goals.add_checkin), so a goal
        given with its final state is written again by a caller that wants that state kept.
        """
        for person in self.people:
            repo.people.add(person)
        for topic in self.topics:
            repo.topics.save(topic)
        for mentorship in self.mentorships:
            repo.mentorships.add(mentorship)
        for session in self.sessions:
            repo.sessions.save(session)
        for note in self.notes:
            repo.notes.save(note)
        for rating in self.ratings:
            repo.feedback.save_rating(rating)
        for goal in self.goals:
            repo.goals.save(goal)
        for checkin in self.checkins:
            repo.goals.add_checkin(checkin)
        for item in self.action_items:
            repo.actions.save(item)
        for skill in self.skill_ratings:
            repo.feedback.save_skill_rating(skill)
