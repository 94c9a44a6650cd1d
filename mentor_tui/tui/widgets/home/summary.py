"""What Home shows for one mentorship, gathered with a few small queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mentor_tui.core.meetings import Meeting
from mentor_tui.core.models import ActionItem, Goal, GoalStatus, Mentorship, Session, TalkingPoint

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

ITEMS_SHOWN = 4
POINTS_SHOWN = 3
GOALS_SHOWN = 3


@dataclass
class MentorshipSummary:
    """What one card on Home shows of a mentorship."""

    mentorship: Mentorship
    members: list[tuple[str, str]]  # (name, role)
    next_meeting: Meeting | None  # core/meetings.py, in the reader's time zone
    last_session: Session | None
    last_rating: float | None
    open_items: list[ActionItem] = field(default_factory=list)
    overdue: int = 0
    goals: list[Goal] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    points: list[TalkingPoint] = field(default_factory=list)
    zone: str | None = None  # the reader's time zone, for the next meeting


def summarize(app: MentorApp, mentorship: Mentorship) -> MentorshipSummary:
    repo = app.repo
    today = app.today()
    me = app.me
    zone = repo.meetings.person_zone(me.id if me is not None else None)
    names = {m.person_id: app.person_name(m.person_id) for m in mentorship.members}
    last = repo.sessions.list(mentorship_id=mentorship.id, limit=1)
    last_session = last[0] if last else None
    rating = None
    if last_session is not None:
        rating = repo.feedback.average_ratings([last_session.id]).get(last_session.id)
    items = repo.actions.list(mentorship.id, open_only=True)
    goals = [
        g
        for g in repo.goals.list(mentorship.id)
        if g.status in (GoalStatus.OPEN, GoalStatus.IN_PROGRESS)
    ]
    return MentorshipSummary(
        mentorship=mentorship,
        members=[(names[m.person_id], m.role.value) for m in mentorship.members],
        next_meeting=repo.meetings.upcoming(mentorship, now=app.now(), zone=zone),
        last_session=last_session,
        last_rating=rating,
        open_items=items,
        overdue=sum(1 for i in items if i.overdue(today)),
        goals=goals,
        names=names,
        points=repo.points.open(mentorship.id),
        zone=zone,
    )
