"""The mentoring-competency check-in: answers saved a round at a time, read side by side."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from mentor_tui.core.competencies import (
    CompetencyAnswer,
    CompetencySeries,
    check_answer,
    competency_side_by_side,
)
from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Mentorship, Role
from mentor_tui.store.repo.base import SubRepository
from mentor_tui.store.rows import from_row, to_row


class CompetenciesRepo(SubRepository):
    def save_answers(
        self, answers: Iterable[CompetencyAnswer], *, scale: range = range(1, 8)
    ) -> list[CompetencyAnswer]:
        """Save one round of answers in one transaction; answering again on the same day
        replaces that person's earlier answer. `scale` is CompetencyCheck.scale."""
        answers = list(answers)
        members: dict[str, Mentorship] = {}
        for answer in answers:
            check_answer(answer, scale)
            if answer.mentorship_id not in members:
                members[answer.mentorship_id] = self.repo.mentorships.get(answer.mentorship_id)
            mentorship = members[answer.mentorship_id]
            if mentorship.role_of(answer.subject_id) != Role.MENTOR:
                raise UserError("The competency check-in is about a mentor of the mentorship.")
            if mentorship.role_of(answer.respondent_id) != answer.respondent_role:
                raise UserError(
                    f"The person answering is not a {answer.respondent_role.value} "
                    "of this mentorship."
                )
        with self.write():
            for answer in answers:
                existing = self.db.execute(
                    "SELECT id, created_at FROM competency_answers WHERE mentorship_id = ? "
                    "AND subject_id = ? AND respondent_id = ? AND competency_key = ? "
                    "AND taken_on = ?",
                    (
                        answer.mentorship_id,
                        answer.subject_id,
                        answer.respondent_id,
                        answer.competency_key,
                        answer.taken_on.isoformat(),
                    ),
                ).fetchone()
                if existing:
                    answer.id, answer.created_at = existing[0], existing[1]
                self._upsert(
                    "competency_answers",
                    to_row(answer),
                    mentorship_id=answer.mentorship_id,
                    session_id=answer.session_id,
                )
        return answers

    def answers(
        self, mentorship_id: str, *, subject_id: str | None = None
    ) -> list[CompetencyAnswer]:
        sql = "SELECT * FROM competency_answers WHERE mentorship_id = ?"
        params: list[Any] = [mentorship_id]
        if subject_id:
            sql += " AND subject_id = ?"
            params.append(subject_id)
        rows = self._read(sql + " ORDER BY taken_on, created_at, rowid", params)
        return [from_row(CompetencyAnswer, r) for r in rows]

    def series(
        self,
        mentorship_id: str,
        competencies: Sequence[Any] = (),
        *,
        subject_id: str | None = None
    ) -> list[CompetencySeries]:
        """The side-by-side view: per competency, per date, mentor's self-view and mentee's view."""
        return competency_side_by_side(
            self.answers(mentorship_id, subject_id=subject_id),
            competencies,
            subject_id=subject_id,
        )
