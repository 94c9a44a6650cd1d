"""The agenda down the left: each section with planned minutes and time spent.

A section running over its plan turns the error colour; near the end of its time, the
warning colour. The last line is the total against the plan, and whether the clock runs.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from mentor_tui.core.models import SectionRun, Session
from mentor_tui.tui import fmt

NEAR = 0.8  # share of the planned time after which a section shows it is nearly over


def time_state(elapsed: float, planned_minutes: int) -> str:
    """"over", "near" or "" for a section that has run `elapsed` seconds."""
    planned = planned_minutes * 60
    if planned and elapsed > planned:
        return "over"
    if planned and elapsed >= planned * NEAR:
        return "near"
    return ""


class SectionRow(Static):
    DEFAULT_CLASSES = "section-row"

    class Chosen(Message):
        def __init__(self, position: int) -> None:
            super().__init__()
            self.position = position

    def __init__(self, section: SectionRun) -> None:
        super().__init__()
        self.section = section

    def show(self, section: SectionRun, elapsed: float, current: bool) -> None:
        self.section = section
        visited = section.started_at is not None
        marker = "▶" if current else ("✓" if visited and section.ended_at else "·")
        spent = fmt.clock(elapsed) if (visited or current) else "-"
        times = f"{spent}/{section.planned_minutes}m"
        self.update(Content.assemble(f"{marker} ", section.title, "\n", ("  " + times, "")))
        state = time_state(elapsed, section.planned_minutes) if visited else ""
        self.set_class(current, "-current")
        self.set_class(state == "over", "-over")
        self.set_class(state == "near", "-near")
        self.set_class(visited and not current, "-visited")
        self.tooltip = f"{section.title}: {times} ({section.kind})"

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Chosen(self.section.position))


class SectionSidebar(Vertical):
    """Rows for the sections, then the totals."""

    can_focus = True

    def __init__(self, session: Session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="section-rows"):
            for section in self.session.sections:
                yield SectionRow(section)
        yield Static(id="session-total")

    def show(self, session: Session, elapsed: list[float], running: bool) -> None:
        self.session = session
        for row, section, spent in zip(
            self.query(SectionRow), session.sections, elapsed, strict=False
        ):
            row.show(section, spent, section.position == session.current_section)
        total = sum(elapsed)
        planned = session.planned_minutes * 60
        state = "over" if planned and total > planned else ""
        clock = "running" if running else "PAUSED"
        self.query_one("#session-total", Static).update(
            Content.assemble(
                ("Total ", "bold"),
                (f"{fmt.clock(total)} / {session.planned_minutes}m", "$text-error bold" if state else "bold"),
                "\n",
                ("Timer ", "$text-muted"),
                (clock, "$text-warning bold" if not running else "$text-muted"),
            )
        )
        current = list(self.query(SectionRow))[session.current_section]
        current.scroll_visible(animate=False)
