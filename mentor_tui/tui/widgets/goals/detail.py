"""Under the goals table: the highlighted goal's SMART fields, milestones and check-ins."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Sparkline, Static

from mentor_tui.core.goals import GoalRow, ProgressPoint, milestone_progress
from mentor_tui.tui import fmt
from mentor_tui.tui.widgets.goals.table import STATUS_WORDS, short_date

SMART = (
    ("S", "specific"),
    ("M", "measurable"),
    ("A", "achievable"),
    ("R", "relevant"),
    ("T", "time_bound"),
)


def smart_content(row: GoalRow, today: date) -> Content:
    goal = row.goal
    label = "$foreground-muted"
    due = f"due {short_date(goal.due, today)}" if goal.due else "no due date"
    parts: list[fmt.Piece] = [
        (goal.title, "bold $text-error" if row.overdue(today) else "bold"),
        "\n",
        (
            f"{fmt.first_name(row.owner_name)} · {goal.category} · {due} · {STATUS_WORDS[goal.status]} "
            f"· {goal.progress}%",
            label,
        ),
    ]
    if row.overdue(today):
        parts += [("  overdue", "bold $text-error")]
    for letter, name in SMART:
        text = getattr(goal, name).strip()
        parts += ["\n", (f"{letter} ", "bold $text-primary"), text or ("not written yet", label)]
    share = milestone_progress(goal)
    if share is None:
        parts += ["\n", ("Milestones: none yet (e adds them)", label)]
    else:
        done = sum(1 for m in goal.milestones if m.done)
        parts += ["\n", (f"Milestones {done}/{len(goal.milestones)}", "bold")]
        for milestone in goal.milestones:
            tick = ("☑ ", "$text-success") if milestone.done else ("☐ ", label)
            parts += ["\n", tick, milestone.text]
    return Content.assemble(*parts)


def history_content(points: list[ProgressPoint], today: date) -> Content:
    if not points:
        return Content.styled("No check-ins yet: c records progress.", "$foreground-muted")
    parts: list[fmt.Piece] = []
    for point in reversed(points):
        when = fmt.local_date(point.at)
        day = short_date(when, today) if when else "?"
        parts += [(f"{day:>10} ", "$foreground-muted"), (f"{point.progress:>3}%", "bold")]
        if point.comment:
            parts += ["  ", point.comment]
        parts.append("\n")
    return Content.assemble(*parts[:-1])


class GoalDetail(Horizontal):
    """SMART and milestones on the left; the check-in sparkline and history on the right."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="goal-smart-scroll"):
            yield Static(id="goal-smart")
        with Vertical(id="goal-history"):
            yield Label("Check-ins", id="goal-history-title")
            yield Sparkline([], id="goal-spark")
            yield Static("", id="goal-spark-range", classes="muted")
            with VerticalScroll(id="goal-checkins-scroll"):
                yield Static(id="goal-checkins")

    def show(self, row: GoalRow | None, points: list[ProgressPoint], today: date) -> None:
        smart = self.query_one("#goal-smart", Static)
        spark = self.query_one("#goal-spark", Sparkline)
        spark_range = self.query_one("#goal-spark-range", Static)
        checkins = self.query_one("#goal-checkins", Static)
        if row is None:
            smart.update("No goal matches: a adds one; f changes the filters.")
            spark.data = []
            spark_range.update("")
            checkins.update("")
            return
        smart.update(smart_content(row, today))
        series = [p.progress for p in points]
        # Every goal starts at 0%, so the line rises from the floor.
        spark.data = [0, *series] if series else []
        spark.display = bool(series)
        spark_range.update(" → ".join(f"{p}%" for p in series[-6:]) if series else "")
        title = f"Check-ins ({len(points)})" if points else "Check-ins"
        self.query_one("#goal-history-title", Label).update(title)
        checkins.update(history_content(points, today))
