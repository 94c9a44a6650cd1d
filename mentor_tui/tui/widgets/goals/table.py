"""The cells of the goals table: what each column shows, and which columns fit the width."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.style import Style
from rich.text import Text

from mentor_tui.core.goals import CLOSED_GOAL_STATUSES, GoalRow
from mentor_tui.core.models import GoalStatus
from mentor_tui.tui import fmt
from mentor_tui.tui.widgets.home.card import progress_bar

SPARK_BARS = "▁▂▃▄▅▆▇█"
SPARK_POINTS = 6
TITLE_MIN = 16
CELL_PADDING = 1  # each side of each cell

STATUS_WORDS = {
    GoalStatus.OPEN: "open",
    GoalStatus.IN_PROGRESS: "in progress",
    GoalStatus.DONE: "done",
    GoalStatus.DROPPED: "dropped",
}


def spark_text(series: list[int], points: int = SPARK_POINTS) -> str:
    """One bar per check-in on a fixed 0-100 scale (so 20% always looks like 20%)."""
    return "".join(
        SPARK_BARS[min(len(SPARK_BARS) - 1, round(max(0, min(100, p)) * 7 / 100))]
        for p in series[-points:]
    )


def short_date(day: date, today: date) -> str:
    """6 May, or 9 Jan 2026 when it is not this year."""
    text = f"{day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int | None  # None: the title, which takes what is left
    drop: int | None = None  # narrow screens drop these first (1 first); None: always shown
    sort: str | None = None  # the sort key a click on the header picks


COLUMNS = (
    Column("title", "Goal", None, sort="title"),
    Column("owner", "Owner", 7, drop=3, sort="owner"),
    Column("category", "Category", 12, drop=1, sort="category"),
    Column("due", "Due", 12, sort="due"),
    Column("progress", "Progress", 10, sort="progress"),
    Column("status", "Status", 11, sort="status"),
    Column("last", "Last check-in", 15, drop=2, sort="last"),
    Column("history", "History", 7),
)


def columns_for(width: int) -> tuple[list[Column], int]:
    """The columns that fit `width` cells, and the width left for the title."""

    def fixed(columns: list[Column]) -> int:
        return sum((c.width or 0) + 2 * CELL_PADDING for c in columns)

    shown = list(COLUMNS)
    for level in (1, 2, 3):
        if width - fixed(shown) >= TITLE_MIN:
            break
        shown = [c for c in shown if c.drop != level]
    return shown, max(TITLE_MIN, width - fixed(shown))


def cells(
    row: GoalRow, series: list[int], today: date, columns: list[Column], styles: dict[str, Style]
) -> list[Text]:
    goal = row.goal
    closed = goal.status in CLOSED_GOAL_STATUSES
    overdue = row.overdue(today)
    muted, error = styles["muted"], styles["error"]
    values: dict[str, Text] = {}
    title_style = error if overdue else (muted if closed else Style())
    values["title"] = Text(goal.title, style=title_style)
    values["owner"] = Text(fmt.first_name(row.owner_name))
    values["category"] = Text(goal.category, style=muted)
    if goal.due is None:
        values["due"] = Text("no date", style=muted)
    elif overdue:
        values["due"] = Text("! " + short_date(goal.due, today), style=error + Style(bold=True))
    else:
        values["due"] = Text(short_date(goal.due, today), style=muted if closed else Style())
    values["progress"] = Text.assemble(
        (progress_bar(goal.progress, 5), styles["success"]), f" {goal.progress:>3}%"
    )
    status_style = {
        GoalStatus.DONE: styles["success"],
        GoalStatus.DROPPED: muted,
        GoalStatus.IN_PROGRESS: styles["primary"],
    }.get(goal.status, Style())
    values["status"] = Text(STATUS_WORDS[goal.status], style=status_style)
    if row.last_checkin is not None:
        when = fmt.local_date(row.last_checkin.created_at)
        values["last"] = Text(short_date(when, today) if when else "?")
    else:
        values["last"] = Text("never", style=muted)
    values["history"] = (
        Text(spark_text(series), style=styles["success"]) if series else Text("–", style=muted)
    )
    out = []
    for column in columns:
        text = values[column.key]
        text.no_wrap = True
        text.overflow = "ellipsis"
        out.append(text)
    return out
