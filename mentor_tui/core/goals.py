"""Goals that move: filters, sorts, checks, and progress over the sessions' check-ins.

Rules take goals, or GoalRows that carry one. Nothing here reads the clock: rules that depend
on the day take `today` from the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mentor_tui.core.clock import new_id, now_iso
from mentor_tui.core.errors import UserError
from mentor_tui.core.models import GOAL_CATEGORIES, Goal, GoalStatus

CLOSED_GOAL_STATUSES = (GoalStatus.DONE, GoalStatus.DROPPED)


# Here rather than in core/models.py: Home shows a goal's progress, never its check-ins, and
# its first frame should not build this dataclass (docs/performance.md, "Start-up").
@dataclass
class CheckIn:
    """Progress on a goal as reported at one moment, with what was said about it."""

    goal_id: str
    progress: int
    comment: str = ""
    session_id: str | None = None
    author_id: str | None = None
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)


def _goal(item: Any) -> Goal:
    """Rules take goals, or rows that carry one as `.goal` (see GoalRow)."""
    return item if isinstance(item, Goal) else item.goal


def goal_overdue(goal: Goal, today: date) -> bool:
    """Past its due day and neither done nor dropped. Due today is not overdue yet."""
    return goal.status not in CLOSED_GOAL_STATUSES and goal.due is not None and goal.due < today


def filter_goals(
    goals: Iterable[Any],
    *,
    owner_id: str | None = None,
    status: GoalStatus | str | Iterable[GoalStatus | str] | None = None,
    category: str | None = None,
    overdue_on: date | None = None,
) -> list[Any]:
    """Goals (or GoalRows) matching every filter given; `overdue_on` keeps overdue ones."""
    if isinstance(status, str | GoalStatus):
        statuses = {GoalStatus(status)}
    elif status is not None:
        statuses = {GoalStatus(s) for s in status}
    else:
        statuses = None
    kept = []
    for item in goals:
        goal = _goal(item)
        if owner_id and goal.owner_id != owner_id:
            continue
        if statuses is not None and goal.status not in statuses:
            continue
        if category and goal.category != category:
            continue
        if overdue_on is not None and not goal_overdue(goal, overdue_on):
            continue
        kept.append(item)
    return kept


_STATUS_ORDER = {s: i for i, s in enumerate(GoalStatus)}
_GOAL_SORTS: dict[str, Callable[[Goal], tuple[object, ...]]] = {
    # No due date sorts after every dated goal, whichever way the column is sorted.
    "due": lambda g: (g.due is None, g.due or date.max, g.title.casefold()),
    "progress": lambda g: (g.progress, g.title.casefold()),
    "title": lambda g: (g.title.casefold(),),
    "status": lambda g: (_STATUS_ORDER[g.status], g.due or date.max, g.title.casefold()),
    "category": lambda g: (g.category, g.title.casefold()),
    "created": lambda g: (g.created_at,),
}
GOAL_SORT_KEYS = tuple(_GOAL_SORTS)


def sort_goals(goals: Iterable[Any], by: str = "due", *, reverse: bool = False) -> list[Any]:
    """Goals (or GoalRows) by "due", "progress", "title", "status", "category" or "created"."""
    if by not in _GOAL_SORTS:
        raise UserError(f'Goals sort by {", ".join(GOAL_SORT_KEYS)}, not "{by}".')
    key = _GOAL_SORTS[by]
    items = list(goals)
    if by == "due" and reverse:
        dated = [i for i in items if _goal(i).due is not None]
        undated = [i for i in items if _goal(i).due is None]
        return sorted(dated, key=lambda i: key(_goal(i)), reverse=True) + sorted(
            undated, key=lambda i: key(_goal(i))
        )
    return sorted(items, key=lambda i: key(_goal(i)), reverse=reverse)


def check_goal(goal: Goal) -> None:
    if not goal.title.strip():
        raise UserError("A goal needs a title.")
    if goal.category not in GOAL_CATEGORIES:
        raise UserError(
            f'"{goal.category}" is not a goal category; use one of {", ".join(GOAL_CATEGORIES)}.'
        )
    if not 0 <= goal.progress <= 100:
        raise UserError("Progress is a percentage from 0 to 100.")


def milestone_progress(goal: Goal) -> int | None:
    """Percent of the goal's milestones ticked off, or None when it has none."""
    if not goal.milestones:
        return None
    done = sum(1 for m in goal.milestones if m.done)
    return round(100 * done / len(goal.milestones))


@dataclass
class ProgressPoint:
    at: str  # UTC ISO instant of the check-in
    progress: int
    session_id: str | None = None
    comment: str = ""


def progress_points(checkins: Iterable[CheckIn]) -> list[ProgressPoint]:
    """A goal's check-ins in time order, one per session (the session's last word counts)."""
    ordered = sorted(checkins, key=lambda c: c.created_at)
    points: list[ProgressPoint] = []
    index_of_session: dict[str, int] = {}
    for c in ordered:
        point = ProgressPoint(c.created_at, c.progress, c.session_id, c.comment)
        if c.session_id and c.session_id in index_of_session:
            points[index_of_session[c.session_id]] = point
            continue
        if c.session_id:
            index_of_session[c.session_id] = len(points)
        points.append(point)
    return points


def progress_series(checkins: Iterable[CheckIn]) -> list[int]:
    """The numbers a sparkline draws: progress at each session's check-in, oldest first."""
    return [p.progress for p in progress_points(checkins)]


@dataclass
class GoalRow:
    """A goal as the goals table shows it: names resolved, the last check-in attached."""

    goal: Goal
    owner_name: str
    mentorship_title: str
    last_checkin: CheckIn | None = None
    checkin_count: int = 0

    def overdue(self, today: date) -> bool:
        return goal_overdue(self.goal, today)


@dataclass
class OverdueCounts:
    """Home's overdue figure: open goals and action items past their due day."""

    goals: int = 0
    action_items: int = 0

    @property
    def total(self) -> int:
        return self.goals + self.action_items
