"""Statistical disclosure control for the coordinator's figures.

Four steps, in this order (docs/coordinator.md names the method and its parameters):
1. primary suppression (threshold rule, below),
2. complementary (secondary) suppression (below),
3. rounding: every published count to a multiple of `Protection.base`, and means and
   percentages to a fixed precision, percentages of counts computed from the rounded counts,
4. linked suppression: a statistic that is a function of another figure's cells (the mean
   rating of the rating distribution) is suppressed wherever that figure has a suppressed cell.

Steps 1 and 2 live here as `apply`; 3 and 4 as `Protection` and its helpers, applied by
aggregate.py once every figure is built.

Small-cell suppression, with complementary suppression.

Primary: a row drawn from fewer than k mentorships (but more than none) is suppressed:
its values and its mentorship count are removed, not just hidden.

Complementary: when a figure shows a total and exactly one row is suppressed, the total
minus the rows still shown would give that row back. A second row is then suppressed (the
smallest one still shown, preferring one that is not empty), or the total itself when no
other row is left. A total from fewer than k mentorships withholds the whole figure.

Rows with no mentorships behind them say nothing about anyone and stay visible (a zero).
Suppression alone is checked figure by figure; what survives arithmetic across figures and
across reports (a mean times a total, two reports one import apart) is the rounding and the
linked suppression.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

SMALL = "small"
COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class Protection:
    """How published figures are coarsened after suppression.

    base: every published count is rounded to the nearest multiple of it (5: 0, 5, 10...;
    a published 10 means 8 to 12), so two reports one import apart differ by a rounded
    amount and no exact count can be taken from either.
    decimals: means are published to this many decimals, percentages to one fewer (a mean
    to 2 decimals times a known count of under 100 gives the exact sum back).
    linked: suppress a statistic that summarises another figure whose cells are suppressed.
    """

    base: int = 5
    decimals: int = 1
    linked: bool = True

    def count(self, value: float | int | None) -> int | None:
        if value is None:
            return None
        return round_to_base(int(round(value)), self.base)

    def mean(self, value: float | None) -> float | None:
        return None if value is None else round(float(value), self.decimals)

    def percent(self, value: float | None) -> float | None:
        return None if value is None else round(float(value), max(self.decimals - 1, 0))


DEFAULT_PROTECTION = Protection()
# Only for tests that show an attack succeeds without the protection (their docstrings say
# so): exact counts, means to 2 decimals, no linked suppression. Primary and complementary
# suppression still apply.
UNPROTECTED = Protection(base=1, decimals=2, linked=False)


def round_to_base(value: int, base: int) -> int:
    """Conventional rounding to the nearest multiple of `base` (halves go up)."""
    if base <= 1:
        return value
    return base * math.floor(value / base + 0.5)


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
