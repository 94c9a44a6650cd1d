"""Agreements due for review: what Home lists across the open mentorships."""

from __future__ import annotations

from datetime import date
from typing import Any

from mentor_tui.core.agreement import (
    AGREEMENT_REVIEW_WARNING_DAYS,
    AgreementReview,
    agreement_review_message,
)
from mentor_tui.core.models import Agreement
from mentor_tui.store.repo.base import SubRepository
from mentor_tui.store.rows import from_row


class AgreementRepo(SubRepository):
    def reviews(
        self,
        today: date,
        *,
        person_id: str | None = None,
        within_days: int = AGREEMENT_REVIEW_WARNING_DAYS,
    ) -> list[AgreementReview]:
        """Open mentorships whose agreement is due for review within `within_days` (or past)."""
        horizon = date.fromordinal(today.toordinal() + within_days).isoformat()
        sql = (
            "SELECT m.id, m.title, a.* FROM agreements a JOIN mentorships m ON m.id = a.mentorship_id "
            "WHERE a.review_date IS NOT NULL AND a.review_date <= ? AND m.status != 'closed'"
        )
        params: list[Any] = [horizon]
        if person_id:
            sql += " AND m.id IN (SELECT mentorship_id FROM members WHERE person_id = ?)"
            params.append(person_id)
        found = []
        for row in self._read(sql + " ORDER BY a.review_date, m.title", params):
            agreement = from_row(Agreement, row)
            message = agreement_review_message(agreement, today, within_days)
            if message and agreement.review_date:
                found.append(
                    AgreementReview(
                        row["mentorship_id"], row["title"], agreement.review_date, message
                    )
                )
        return found
