"""Goals and their check-ins: saving, finding, the goals table, sparklines and Home's
overdue count (which counts the action items beside the goals)."""

from __future__ import annotations

# A method here is named `list`, so the type is spelled builtins.list after it.
import builtins
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.models import Goal, GoalStatus
from mentor_tui.store.base import in_marks
from mentor_tui.store.repo.base import SubRepository
from mentor_tui.store.rows import from_row, to_row

if TYPE_CHECKING:
    # Imported where used: Home lists a mentorship's goals only, and the dataclasses of the
    # goals table and sparklines are not worth building for its first frame.
    from mentor_tui.core.goals import CheckIn, GoalRow, OverdueCounts, ProgressPoint

_CHECKIN_COLUMNS = ("id", "goal_id", "session_id", "progress", "comment", "author_id",
                    "created_at", "updated_at")  # fmt: skip
_OPEN_GOAL = f"status NOT IN ('{GoalStatus.DONE.value}', '{GoalStatus.DROPPED.value}')"


class GoalsRepo(SubRepository):
    def save(self, goal: Goal) -> Goal:
        if not goal.title.strip():
            raise UserError("A goal needs a title.")
        if not 0 <= goal.progress <= 100:
            raise UserError("Progress is a percentage from 0 to 100.")
        with self.write():
            self._upsert("goals", to_row(goal), mentorship_id=goal.mentorship_id)
        return self.get(goal.id)

    add = save

    def get(self, goal_id: str) -> Goal:
        row = self._one("SELECT * FROM goals WHERE id = ?", (goal_id,))
        if row is None:
            raise NotFound(f"No goal with id {goal_id}.")
        return from_row(Goal, row)

    def list(
        self,
        mentorship_id: str | None = None,
        *,
        owner_id: str | None = None,
        status: GoalStatus | None = None,
    ) -> list[Goal]:
        where, params = [], []
        for column, value in (
            ("mentorship_id", mentorship_id),
            ("owner_id", owner_id),
            ("status", status.value if status else None),
        ):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        sql = "SELECT * FROM goals"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY due IS NULL, due, created_at, rowid"
        return [from_row(Goal, r) for r in self._read(sql, params)]

    def add_checkin(self, checkin: CheckIn) -> CheckIn:
        """Record progress on a goal; the goal's own progress and status follow it."""
        goal = self.get(checkin.goal_id)
        if not 0 <= checkin.progress <= 100:
            raise UserError("Progress is a percentage from 0 to 100.")
        goal.progress = checkin.progress
        if goal.status in (GoalStatus.OPEN, GoalStatus.IN_PROGRESS):
            goal.status = GoalStatus.DONE if checkin.progress >= 100 else GoalStatus.IN_PROGRESS
        with self.write():
            row = to_row(checkin, skip=("author_id",))
            row["author_id"] = checkin.author_id or self.actor_id
            self._upsert(
                "checkins", row, mentorship_id=goal.mentorship_id, session_id=checkin.session_id
            )
            self._upsert("goals", to_row(goal), mentorship_id=goal.mentorship_id)
        return checkin

    def checkins(self, goal_id: str) -> builtins.list[CheckIn]:
        from mentor_tui.core.goals import CheckIn

        rows = self._read(
            "SELECT * FROM checkins WHERE goal_id = ? ORDER BY created_at, rowid", (goal_id,)
        )
        return [from_row(CheckIn, r) for r in rows]

    def checkins_for_session(self, session_id: str) -> builtins.list[CheckIn]:
        from mentor_tui.core.goals import CheckIn

        rows = self._read(
            "SELECT * FROM checkins WHERE session_id = ? ORDER BY created_at, rowid", (session_id,)
        )
        return [from_row(CheckIn, r) for r in rows]

    def find(self, text: str) -> Goal:
        """By id or an id prefix of 4 or more characters."""
        return from_row(
            Goal, self._by_prefix("goals", text, "goal", "`mentor-tui goals list` shows them")
        )

    def save_checked(self, goal: Goal) -> Goal:
        """save with the rules a person's input needs: a known category, and an owner
        who is a member of the mentorship (either side may own a goal)."""
        from mentor_tui.core import goals as rules

        rules.check_goal(goal)
        mentorship = self.repo.mentorships.get(goal.mentorship_id)
        if mentorship.role_of(goal.owner_id) is None:
            raise UserError("A goal's owner must be a member of the mentorship.")
        return self.save(goal)

    def rows(
        self,
        mentorship_id: str | None = None,
        *,
        owner_id: str | None = None,
        status: GoalStatus | str | None = None,
        category: str | None = None,
        person_id: str | None = None,
    ) -> builtins.list[GoalRow]:
        """The goals table in one query: each goal with owner, mentorship and last check-in.

        `person_id` keeps the goals of every mentorship that person is in.
        """
        from mentor_tui.core.goals import CheckIn, GoalRow

        where, params = [], []
        for clause, value in (
            ("g.mentorship_id = ?", mentorship_id),
            ("g.owner_id = ?", owner_id),
            ("g.status = ?", GoalStatus(status).value if status else None),
            ("g.category = ?", category),
            (
                "g.mentorship_id IN (SELECT mentorship_id FROM members WHERE person_id = ?)",
                person_id,
            ),
        ):
            if value:
                where.append(clause)
                params.append(value)
        last = ", ".join(f"c.[{c}] AS [c_{c}]" for c in _CHECKIN_COLUMNS)
        sql = (
            f"SELECT g.*, p.display_name AS owner_name, m.title AS mentorship_title, {last}, "
            "(SELECT count(*) FROM checkins WHERE goal_id = g.id) AS checkin_count "
            "FROM goals g "
            "LEFT JOIN people p ON p.id = g.owner_id "
            "LEFT JOIN mentorships m ON m.id = g.mentorship_id "
            "LEFT JOIN checkins c ON c.id = (SELECT id FROM checkins WHERE goal_id = g.id "
            "ORDER BY created_at DESC, rowid DESC LIMIT 1)"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY g.due IS NULL, g.due, g.created_at, g.rowid"
        found = []
        for row in self._read(sql, params):
            checkin = None
            if row["c_id"]:
                checkin = from_row(CheckIn, {c: row[f"c_{c}"] for c in _CHECKIN_COLUMNS})
            found.append(
                GoalRow(
                    goal=from_row(Goal, row),
                    owner_name=row["owner_name"] or "someone",
                    mentorship_title=row["mentorship_title"] or "",
                    last_checkin=checkin,
                    checkin_count=row["checkin_count"],
                )
            )
        return found

    def checkin_series(
        self, goal_ids: Iterable[str] | None = None, *, mentorship_id: str | None = None
    ) -> dict[str, builtins.list[int]]:
        """Sparkline numbers for many goals in one query: goal id -> progress, oldest first."""
        from mentor_tui.core import goals as rules
        from mentor_tui.core.goals import CheckIn

        if goal_ids is not None:
            ids = list(goal_ids)
            if not ids:
                return {}
            rows = self._read(
                f"SELECT * FROM checkins WHERE goal_id IN ({in_marks(ids)}) ORDER BY created_at, rowid",
                ids,
            )
        else:
            rows = self._read(
                "SELECT c.* FROM checkins c JOIN goals g ON g.id = c.goal_id "
                "WHERE (? IS NULL OR g.mentorship_id = ?) ORDER BY c.created_at, c.rowid",
                (mentorship_id, mentorship_id),
            )
        grouped: dict[str, list[CheckIn]] = {}
        for row in rows:
            grouped.setdefault(row["goal_id"], []).append(from_row(CheckIn, row))
        return {goal_id: rules.progress_series(items) for goal_id, items in grouped.items()}

    def progress_points(self, goal_id: str) -> builtins.list[ProgressPoint]:
        """One goal's check-in history, one point per session: the detail under a sparkline."""
        from mentor_tui.core import goals as rules

        return rules.progress_points(self.checkins(goal_id))

    def overdue_counts(
        self,
        today: date,
        *,
        owner_id: str | None = None,
        mentorship_id: str | None = None,
        person_id: str | None = None,
    ) -> OverdueCounts:
        """Open goals and action items past their due day; two counts, one query."""
        from mentor_tui.core.goals import OverdueCounts

        where, params = [], []
        for clause, value in (
            ("owner_id = ?", owner_id),
            ("mentorship_id = ?", mentorship_id),
            ("mentorship_id IN (SELECT mentorship_id FROM members WHERE person_id = ?)", person_id),
        ):
            if value:
                where.append(clause)
                params.append(value)
        extra = "".join(f" AND {w}" for w in where)
        day = today.isoformat()
        row = self._one(
            f"SELECT (SELECT count(*) FROM goals WHERE due < ? AND {_OPEN_GOAL}{extra}) AS goals, "
            f"(SELECT count(*) FROM action_items WHERE due < ? AND done_at IS NULL "
            f"AND dropped_at IS NULL{extra}) "
            "AS action_items",
            [day, *params, day, *params],
        )
        assert row is not None
        return OverdueCounts(goals=row["goals"], action_items=row["action_items"])
