"""Development plans (IDPs): one per mentee and mentorship, its linked goals checked."""

from __future__ import annotations

# A method here is named `list`, so the type is spelled builtins.list after it.
import builtins
from datetime import date

from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.idp import DevelopmentPlan, check_plan
from mentor_tui.core.models import Goal, Role
from mentor_tui.store.base import in_marks
from mentor_tui.store.repo.base import SubRepository
from mentor_tui.store.rows import from_row, to_row


class DevelopmentPlanRepo(SubRepository):
    def save(self, plan: DevelopmentPlan) -> DevelopmentPlan:
        """Insert or replace the plan of one mentee in one mentorship (there is one per pair)."""
        check_plan(plan)
        mentorship = self.repo.mentorships.get(plan.mentorship_id)
        if mentorship.role_of(plan.person_id) != Role.MENTEE:
            raise UserError("A development plan belongs to a mentee of the mentorship.")
        linked = plan.goal_ids
        if linked:
            found = {
                r["id"]
                for r in self._read(
                    f"SELECT id FROM goals WHERE mentorship_id = ? AND id IN ({in_marks(linked)})",
                    [plan.mentorship_id, *linked],
                )
            }
            missing = [g for g in linked if g not in found]
            if missing:
                raise UserError(
                    f"The plan links goal {missing[0][:8]}, which is not a goal of this "
                    "mentorship; link goals from its goal list."
                )
        existing = self._one(
            "SELECT id, created_at FROM development_plans WHERE mentorship_id = ? AND person_id = ?",
            (plan.mentorship_id, plan.person_id),
        )
        if existing:
            plan.id, plan.created_at = existing["id"], existing["created_at"]
        with self.write():
            self._upsert("development_plans", to_row(plan), mentorship_id=plan.mentorship_id)
        found_plan = self.get(plan.mentorship_id, plan.person_id)
        assert found_plan is not None
        return found_plan

    def get(self, mentorship_id: str, person_id: str | None = None) -> DevelopmentPlan | None:
        """The plan of `person_id` (default: the mentorship's first mentee), or None."""
        if person_id is None:
            mentees = self.repo.mentorships.get(mentorship_id).people_in(Role.MENTEE)
            if not mentees:
                return None
            person_id = mentees[0]
        row = self._one(
            "SELECT * FROM development_plans WHERE mentorship_id = ? AND person_id = ?",
            (mentorship_id, person_id),
        )
        return from_row(DevelopmentPlan, row) if row else None

    def list(
        self, *, mentorship_id: str | None = None, person_id: str | None = None
    ) -> list[DevelopmentPlan]:
        where, params = [], []
        if mentorship_id:
            where.append("mentorship_id = ?")
            params.append(mentorship_id)
        if person_id:
            where.append("person_id = ?")
            params.append(person_id)
        sql = "SELECT * FROM development_plans"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [
            from_row(DevelopmentPlan, r) for r in self._read(sql + " ORDER BY created_at, rowid", params)
        ]

    def mark_reviewed(
        self, mentorship_id: str, on: date, person_id: str | None = None
    ) -> DevelopmentPlan:
        """Record that the mentee went through the plan with the mentor on `on`."""
        plan = self.get(mentorship_id, person_id)
        if plan is None:
            raise NotFound("There is no development plan to review yet; write one first.")
        plan.reviewed_on = on
        return self.save(plan)

    def goals(self, plan: DevelopmentPlan) -> builtins.list[Goal]:
        """The goals a plan links, in the plan's order (six-month ones first)."""
        ids = plan.goal_ids
        if not ids:
            return []
        rows = self._read(f"SELECT * FROM goals WHERE id IN ({in_marks(ids)})", ids)
        by_id = {r["id"]: from_row(Goal, r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]
