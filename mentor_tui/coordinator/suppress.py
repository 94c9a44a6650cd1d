"""Small-cell suppression, with complementary suppression.

Primary: a row drawn from fewer than k mentorships (but more than none) is suppressed:
its values and its mentorship count are removed, not just hidden.

Complementary: when a figure shows a total and exactly one row is suppressed, the total
minus the rows still shown would give that row back. A second row is then suppressed (the
smallest one still shown, preferring one that is not empty), or the total itself when no
other row is left. A total from fewer than k mentorships withholds the whole figure.

Rows with no mentorships behind them say nothing about anyone and stay visible (a zero).
Figures are checked one by one: combining several published figures to undo a suppression
is not guarded against, so keep k at 5 or more (docs/coordinator.md says so too).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

SMALL = "small"
COMPLEMENTARY = "complementary"


class RowLike(Protocol):
    label: str
    mentorships: int | None
    suppressed: str | None

    def clear(self) -> None: ...


def small(row: RowLike, k: int) -> bool:
    return row.mentorships is not None and 0 < row.mentorships < k


def apply(rows: Iterable[RowLike], total: RowLike | None, k: int) -> None:
    """Mark (and clear) the rows to suppress; `total` may be None for non-additive figures."""
    rows = list(rows)
    if total is not None and small(total, k):
        for row in [*rows, total]:
            row.suppressed = SMALL
            row.clear()
        return
    for row in rows:
        if small(row, k):
            row.suppressed = SMALL
    if total is not None:
        hidden = [r for r in rows if r.suppressed]
        if len(hidden) == 1:
            shown = [(i, r) for i, r in enumerate(rows) if not r.suppressed]
            if shown:
                _, pick = min(
                    shown, key=lambda item: (item[1].mentorships == 0, item[1].mentorships, item[0])
                )
                pick.suppressed = COMPLEMENTARY
            else:
                total.suppressed = COMPLEMENTARY
    for row in [*rows, *([total] if total is not None else [])]:
        if row.suppressed:
            row.clear()
