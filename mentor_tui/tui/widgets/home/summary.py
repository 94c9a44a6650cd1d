"""What Home shows for one mentorship, gathered with a few small queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from mentor_tui.core.models import ActionItem, Goal, GoalStatus, Mentorship, Session, TalkingPoint
from mentor_tui.tui import fmt
from mentor_tui.tui.schedule import next_meeting

ITEMS_SHOWN = 4
POINTS_SHOWN = 3
GOALS_SHOWN = 3


@dataclass
class MentorshipSummary:
    mentorship: Mentorship
    members: list[tuple[str, str]]  # (name, role)
    next_meeting: date | None
    last_session: Session | None
    last_rating: float | None
    open_items: list[ActionItem] = field(default_factory=list)
    overdue: int = 0
    goals: list[Goal] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    points: list[TalkingPoint] = field(default_factory=list)


def summarize(app, mentorship: Mentorship) -> MentorshipSummary:
    repo = app.repo
    today = app.today()
    names = {m.person_id: app.person_name(m.person_id) for m in mentorship.members}
    last = repo.list_sessions(mentorship_id=mentorship.id, limit=1)
    last_session = last[0] if last else None
    rating = None
    if last_session is not None:
        rating = repo.average_ratings([last_session.id]).get(last_session.id)
    items = repo.list_action_items(mentorship.id, open_only=True)
    goals = [
        g
        for g in repo.list_goals(mentorship.id)
        if g.status in (GoalStatus.OPEN, GoalStatus.IN_PROGRESS)
    ]
    last_met = fmt.local_date(last_session.started_at) if last_session else None
    return MentorshipSummary(
        mentorship=mentorship,
        members=[(names[m.person_id], m.role.value) for m in mentorship.members],
        next_meeting=next_meeting(mentorship, today, last_met),
        last_session=last_session,
        last_rating=rating,
        open_items=items,
        overdue=sum(1 for i in items if i.overdue(today)),
        goals=goals,
        names=names,
        points=repo.open_points(mentorship.id),
    )
