"""The mentoring agreement's review date, and what Home says as it nears or passes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mentor_tui.core.models import Agreement

AGREEMENT_REVIEW_WARNING_DAYS = 14


def agreement_review_message(
    agreement: Agreement | None, today: date, within_days: int = AGREEMENT_REVIEW_WARNING_DAYS
) -> str | None:
    """One sentence for Home when the agreement's review date is near or past; else None."""
    if agreement is None or agreement.review_date is None:
        return None
    days = (agreement.review_date - today).days
    if days > within_days:
        return None
    if days > 1:
        return f"The mentoring agreement is due for review in {days} days."
    if days == 1:
        return "The mentoring agreement is due for review tomorrow."
    if days == 0:
        return "The mentoring agreement is due for review today."
    late = -days
    return (
        f"The mentoring agreement was due for review {late} day{'s' if late != 1 else ''} ago; "
        "look at it together at your next session."
    )


def agreement_review_due(
    agreement: Agreement | None, today: date, within_days: int = AGREEMENT_REVIEW_WARNING_DAYS
) -> bool:
    return agreement_review_message(agreement, today, within_days) is not None


@dataclass
class AgreementReview:
    """A mentorship whose agreement is due (or overdue) for review: what Home says."""

    mentorship_id: str
    mentorship_title: str
    review_date: date
    message: str
