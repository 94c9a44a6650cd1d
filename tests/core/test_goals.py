"""The rules of goals (core.goals): due dates at month ends, overdue, filters, sorting,
milestones and the check-in series; pure, with `today` always passed in."""

from __future__ import annotations

from datetime import date

import pytest
from cast import ROSA, SAM, at

from mentor_tui.core.dates import describe_due, parse_due
from mentor_tui.core.errors import UserError
from mentor_tui.core.goals import (
    CheckIn,
    GoalRow,
    filter_goals,
    goal_overdue,
    milestone_progress,
    progress_points,
    progress_series,
    sort_goals,
)
from mentor_tui.core.models import Goal, GoalStatus, Milestone


@pytest.mark.parametrize(
    ("today", "words", "due"),
    [
        (date(2026, 1, 31), "end of month", date(2026, 1, 31)),
        (date(2026, 1, 31), "end of next month", date(2026, 2, 28)),
        (date(2026, 1, 31), "in a month", date(2026, 2, 28)),
        (date(2028, 2, 29), "end of month", date(2028, 2, 29)),
        (date(2028, 2, 29), "in 1 year", date(2029, 2, 28)),
        (date(2028, 2, 29), "end of next month", date(2028, 3, 31)),
    ],
)
def test_a_goal_due_at_the_end_of_a_short_or_leap_month(today, words, due):
    goal = Goal("pair", SAM, "Submit the abstract", due=parse_due(words, today))
    assert goal.due == due
    assert not goal_overdue(goal, due)  # due today is not overdue yet
    assert goal_overdue(goal, date.fromordinal(due.toordinal() + 1))
    if due == today:
        assert describe_due(goal.due, today) == "today"


def test_finished_and_undated_goals_are_never_overdue():
    today = date(2026, 3, 1)
    late = date(2026, 2, 1)
    assert goal_overdue(Goal("pair", SAM, "a", due=late, status=GoalStatus.IN_PROGRESS), today)
    assert not goal_overdue(Goal("pair", SAM, "b", due=late, status=GoalStatus.DONE), today)
    assert not goal_overdue(Goal("pair", SAM, "c", due=late, status=GoalStatus.DROPPED), today)
    assert not goal_overdue(Goal("pair", SAM, "d"), today)


@pytest.fixture
def goals() -> list[Goal]:
    return [
        Goal("pair", SAM, "paper", category="publications", due=date(2026, 6, 1), progress=40,
             status=GoalStatus.IN_PROGRESS),
        Goal("pair", ROSA, "Learn Zotero", category="digital", progress=80,
             status=GoalStatus.IN_PROGRESS),
        Goal("pair", SAM, "Grant", category="grants", due=date(2026, 4, 1), progress=0),
        Goal("pair", SAM, "Abstract", category="publications", due=date(2026, 2, 1),
             progress=100, status=GoalStatus.DONE),
    ]  # fmt: skip


def test_filter_goals_by_owner_status_category_and_overdue(goals):
    titles = lambda found: [g.title for g in found]  # noqa: E731
    assert titles(filter_goals(goals, owner_id=ROSA)) == ["Learn Zotero"]
    assert titles(filter_goals(goals, status="in-progress")) == ["paper", "Learn Zotero"]
    assert titles(filter_goals(goals, status=[GoalStatus.OPEN, GoalStatus.DONE])) == [
        "Grant", "Abstract",
    ]  # fmt: skip
    assert titles(filter_goals(goals, owner_id=SAM, category="publications")) == [
        "paper", "Abstract",
    ]  # fmt: skip
    assert titles(filter_goals(goals, overdue_on=date(2026, 5, 1))) == ["Grant"]


def test_sort_goals_keeps_undated_goals_last_either_way(goals):
    by_due = [g.title for g in sort_goals(goals, "due")]
    assert by_due == ["Abstract", "Grant", "paper", "Learn Zotero"]
    assert [g.title for g in sort_goals(goals, "due", reverse=True)] == [
        "paper", "Grant", "Abstract", "Learn Zotero",
    ]  # fmt: skip
    assert [g.progress for g in sort_goals(goals, "progress")] == [0, 40, 80, 100]
    assert [g.title for g in sort_goals(goals, "title")] == [
        "Abstract", "Grant", "Learn Zotero", "paper",
    ]  # fmt: skip
    rows = [GoalRow(g, "x", "Rosa & Sam") for g in goals]
    assert [r.goal.title for r in sort_goals(rows, "progress", reverse=True)][0] == "Abstract"
    with pytest.raises(UserError, match="sort by"):
        sort_goals(goals, "colour")


def test_milestones_give_a_share_done():
    goal = Goal("pair", SAM, "Paper", milestones=[Milestone("outline", True), Milestone("draft")])
    assert milestone_progress(goal) == 50
    assert milestone_progress(Goal("pair", SAM, "No steps")) is None


def test_check_ins_over_several_sessions_make_the_sparkline_series():
    checkins = [
        CheckIn("g", 10, "started", session_id="s1", created_at=at(3)),
        CheckIn("g", 25, "outline", session_id="s2", created_at=at(17)),
        CheckIn("g", 30, "typo: meant 35", session_id="s2", created_at=at(17, 11)),
        CheckIn("g", 35, "outline done", session_id="s2", created_at=at(17, 12)),
        CheckIn("g", 50, "between sessions", created_at=at(24)),
        CheckIn("g", 80, "draft", session_id="s3", created_at=at(31)),
    ]
    # Given out of order, as a merge might hand them over.
    shuffled = [checkins[i] for i in (4, 0, 5, 2, 1, 3)]
    assert progress_series(shuffled) == [10, 35, 50, 80]
    points = progress_points(shuffled)
    assert [(p.session_id, p.comment) for p in points] == [
        ("s1", "started"), ("s2", "outline done"), (None, "between sessions"), ("s3", "draft"),
    ]  # fmt: skip
    assert progress_series([]) == []
