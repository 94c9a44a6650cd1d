"""The mentoring agreement's review date (core.agreement), with `today` passed in."""

from __future__ import annotations

from datetime import date

import pytest

from mentor_tui.core.agreement import agreement_review_due, agreement_review_message
from mentor_tui.core.models import Agreement


@pytest.mark.parametrize(
    ("review", "today", "expected"),
    [
        (None, date(2026, 3, 1), None),
        (date(2026, 3, 16), date(2026, 3, 1), None),  # 15 days away: not yet
        (date(2026, 3, 15), date(2026, 3, 1), "in 14 days"),
        (date(2028, 2, 29), date(2028, 2, 28), "tomorrow"),
        (date(2028, 2, 29), date(2028, 2, 29), "today"),
        (date(2028, 2, 29), date(2028, 3, 1), "1 day ago"),
        (date(2026, 1, 31), date(2026, 2, 3), "3 days ago"),
    ],
)
def test_agreement_review_due(review, today, expected):
    agreement = Agreement(review_date=review)
    message = agreement_review_message(agreement, today)
    if expected is None:
        assert message is None and not agreement_review_due(agreement, today)
    else:
        assert expected in message and agreement_review_due(agreement, today)
    assert agreement_review_message(None, today) is None
