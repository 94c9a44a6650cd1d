"""Goals in the store: due dates stored as plain dates, the goals table with the last check-in
and the series, and the checks on saving; against a real SQLite file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from builders import REVERSE_MENTORING as AGENDA
from builders import column

from mentor_tui.core.dates import parse_due
from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.goals import CheckIn
from mentor_tui.core.models import ActionItem, Goal, GoalStatus, Person


@pytest.mark.parametrize(
    ("today", "stored"), [(date(2026, 1, 31), "2026-01-31"), (date(2028, 2, 29), "2028-02-29")]
)
def test_end_of_month_due_dates_are_stored_as_plain_dates(pair, today, stored):
    repo, _, mentee, mentorship = pair
    goal = repo.goals.save_checked(
        Goal(mentorship.id, mentee.id, "Abstract", category="publications",
             due=parse_due("end of month", today))
    )  # fmt: skip
    item = repo.actions.save(
        ActionItem(mentorship.id, "Send it", mentee.id, due=parse_due("end of month", today))
    )
    assert column(repo, "goals", "due", goal.id) == stored
    assert column(repo, "action_items", "due", item.id) == stored
    assert repo.goals.overdue_counts(today).total == 0
    after = today + timedelta(days=1)
    counts = repo.goals.overdue_counts(after, owner_id=mentee.id)
    assert (counts.goals, counts.action_items) == (1, 1)
    assert repo.goals.overdue_counts(after, owner_id="someone else").total == 0


def test_goal_rows_carry_the_last_check_in_and_the_series(pair):
    repo, mentor, mentee, mentorship = pair
    paper = repo.goals.save_checked(Goal(mentorship.id, mentee.id, "Registry paper",
                                        category="publications", due=date(2026, 6, 1)))  # fmt: skip
    quiet = repo.goals.save_checked(Goal(mentorship.id, mentor.id, "Learn Zotero",
                                        category="digital"))  # fmt: skip
    for progress in (20, 45, 70):
        session = repo.sessions.start(mentorship.id, AGENDA)
        repo.goals.add_checkin(CheckIn(paper.id, progress, f"at {progress}", session_id=session.id))
        repo.sessions.end(session.id)
    rows = repo.goals.rows(mentorship.id)
    assert [r.goal.title for r in rows] == ["Registry paper", "Learn Zotero"]
    top = rows[0]
    assert (top.owner_name, top.mentorship_title, top.checkin_count) == (
        "Sam Mentee", "Rosa & Sam", 3,
    )  # fmt: skip
    assert (top.last_checkin.progress, top.last_checkin.comment) == (70, "at 70")
    assert top.goal.status == GoalStatus.IN_PROGRESS and rows[1].last_checkin is None
    assert repo.goals.checkin_series(mentorship_id=mentorship.id) == {paper.id: [20, 45, 70]}
    assert repo.goals.checkin_series([paper.id, quiet.id]) == {paper.id: [20, 45, 70]}
    assert repo.goals.checkin_series([]) == {}
    assert [p.progress for p in repo.goals.progress_points(paper.id)] == [20, 45, 70]
    assert [r.goal.title for r in repo.goals.rows(owner_id=mentor.id)] == ["Learn Zotero"]
    assert repo.goals.rows(status="done") == []
    assert [r.goal.title for r in repo.goals.rows(category="publications", person_id=mentee.id)] == [
        "Registry paper"
    ]
    assert repo.goals.rows(person_id="nobody") == []
    assert repo.goals.find(paper.id[:6]).id == paper.id
    with pytest.raises(NotFound, match="goals list"):
        repo.goals.find("zzzzzz")


def test_save_checked_goal_refuses_strangers_and_unknown_categories(pair):
    repo, _, mentee, mentorship = pair
    stranger = repo.people.add(Person("Not In The Pair"))
    with pytest.raises(UserError, match="member"):
        repo.goals.save_checked(Goal(mentorship.id, stranger.id, "x"))
    with pytest.raises(UserError, match="category"):
        repo.goals.save_checked(Goal(mentorship.id, mentee.id, "x", category="hobbies"))
