"""Goals in the store: due dates stored as plain dates, the goals table with the last check-in
and the series, and the checks on saving; against a real SQLite file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from builders import REVERSE_MENTORING as AGENDA
from builders import column

from mentor_tui.core.dates import parse_due
from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.models import ActionItem, CheckIn, Goal, GoalStatus, Person


@pytest.mark.parametrize(
    ("today", "stored"), [(date(2026, 1, 31), "2026-01-31"), (date(2028, 2, 29), "2028-02-29")]
)
def test_end_of_month_due_dates_are_stored_as_plain_dates(pair, today, stored):
    repo, _, mentee, mentorship = pair
    goal = repo.save_checked_goal(
        Goal(mentorship.id, mentee.id, "Abstract", category="publications",
             due=parse_due("end of month", today))
    )  # fmt: skip
    item = repo.save_action_item(
        ActionItem(mentorship.id, "Send it", mentee.id, due=parse_due("end of month", today))
    )
    assert column(repo, "goals", "due", goal.id) == stored
    assert column(repo, "action_items", "due", item.id) == stored
    assert repo.overdue_counts(today).total == 0
    after = today + timedelta(days=1)
    counts = repo.overdue_counts(after, owner_id=mentee.id)
    assert (counts.goals, counts.action_items) == (1, 1)
    assert repo.overdue_counts(after, owner_id="someone else").total == 0


def test_goal_rows_carry_the_last_check_in_and_the_series(pair):
    repo, mentor, mentee, mentorship = pair
    paper = repo.save_checked_goal(Goal(mentorship.id, mentee.id, "Registry paper",
                                        category="publications", due=date(2026, 6, 1)))  # fmt: skip
    quiet = repo.save_checked_goal(Goal(mentorship.id, mentor.id, "Learn Zotero",
                                        category="digital"))  # fmt: skip
    for progress in (20, 45, 70):
        session = repo.start_session(mentorship.id, AGENDA)
        repo.add_checkin(CheckIn(paper.id, progress, f"at {progress}", session_id=session.id))
        repo.end_session(session.id)
    rows = repo.goal_rows(mentorship.id)
    assert [r.goal.title for r in rows] == ["Registry paper", "Learn Zotero"]
    top = rows[0]
    assert (top.owner_name, top.mentorship_title, top.checkin_count) == (
        "Sam Mentee", "Rosa & Sam", 3,
    )  # fmt: skip
    assert (top.last_checkin.progress, top.last_checkin.comment) == (70, "at 70")
    assert top.goal.status == GoalStatus.IN_PROGRESS and rows[1].last_checkin is None
    assert repo.checkin_series(mentorship_id=mentorship.id) == {paper.id: [20, 45, 70]}
    assert repo.checkin_series([paper.id, quiet.id]) == {paper.id: [20, 45, 70]}
    assert repo.checkin_series([]) == {}
    assert [p.progress for p in repo.progress_points(paper.id)] == [20, 45, 70]
    assert [r.goal.title for r in repo.goal_rows(owner_id=mentor.id)] == ["Learn Zotero"]
    assert repo.goal_rows(status="done") == []
    assert [r.goal.title for r in repo.goal_rows(category="publications", person_id=mentee.id)] == [
        "Registry paper"
    ]
    assert repo.goal_rows(person_id="nobody") == []
    assert repo.find_goal(paper.id[:6]).id == paper.id
    with pytest.raises(NotFound, match="goals list"):
        repo.find_goal("zzzzzz")


def test_save_checked_goal_refuses_strangers_and_unknown_categories(pair):
    repo, _, mentee, mentorship = pair
    stranger = repo.add_person(Person("Not In The Pair"))
    with pytest.raises(UserError, match="member"):
        repo.save_checked_goal(Goal(mentorship.id, stranger.id, "x"))
    with pytest.raises(UserError, match="category"):
        repo.save_checked_goal(Goal(mentorship.id, mentee.id, "x", category="hobbies"))
