from __future__ import annotations

from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.models import CheckIn, Goal, GoalStatus
from mentor_tui.store.repo.part import RepositoryPart
from mentor_tui.store.rows import from_row, to_row


class GoalsRepo(RepositoryPart):
    def save_goal(self, goal: Goal) -> Goal:
        if not goal.title.strip():
            raise UserError("A goal needs a title.")
        if not 0 <= goal.progress <= 100:
            raise UserError("Progress is a percentage from 0 to 100.")
        with self.write():
            self._upsert("goals", to_row(goal), mentorship_id=goal.mentorship_id)
        return self.get_goal(goal.id)

    add_goal = save_goal

    def get_goal(self, goal_id: str) -> Goal:
        row = self._one("SELECT * FROM goals WHERE id = ?", (goal_id,))
        if row is None:
            raise NotFound(f"No goal with id {goal_id}.")
        return from_row(Goal, row)

    def list_goals(
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
        goal = self.get_goal(checkin.goal_id)
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

    def checkins(self, goal_id: str) -> list[CheckIn]:
        rows = self._read(
            "SELECT * FROM checkins WHERE goal_id = ? ORDER BY created_at, rowid", (goal_id,)
        )
        return [from_row(CheckIn, r) for r in rows]

    def checkins_for_session(self, session_id: str) -> list[CheckIn]:
        rows = self._read(
            "SELECT * FROM checkins WHERE session_id = ? ORDER BY created_at, rowid", (session_id,)
        )
        return [from_row(CheckIn, r) for r in rows]
