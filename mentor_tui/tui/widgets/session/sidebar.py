"""The agenda down the left: each section with planned minutes and time spent.

A section running over its plan turns the error colour; near the end of its time, the
warning colour. The last line is the total against the plan, and whether the clock runs.

The session screen calls `show` once a second while the clock runs, so it is cheap: a row
or the total is redrawn only when its text changed (in practice the running section's
time and the total), without a layout pass (their size never depends on the text), and
tooltips, classes and scrolling are touched only when they change.

The ▶ marks the section the session is in (where the clock runs); the highlighted row is
the one this screen shows. They differ only when this screen does not follow the others.
"""

from __future__ import annotations

from typing import Unpack

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from mentor_tui.core.models import SectionRun, Session, SessionStatus
from mentor_tui.tui import fmt
from mentor_tui.tui.widgets.common.options import WidgetOptions

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
        self._drawn: tuple[str, str, str] | None = None  # marker, title, times

    def show(
        self, section: SectionRun, elapsed: float, current: bool, viewing: bool | None = None
    ) -> None:
        self.section = section
        viewing = current if viewing is None else viewing
        visited = section.started_at is not None
        marker = "▶" if current else ("✓" if visited and section.ended_at else "·")
        spent = fmt.duration(elapsed) if (visited or current) else "-"
        times = f"{spent} / {fmt.duration(section.planned_minutes * 60)}"
        state = time_state(elapsed, section.planned_minutes) if visited else ""
        drawn = (marker, section.title, times)
        if drawn != self._drawn:
            self._drawn = drawn
            self.update(
                Content.assemble(f"{marker} ", section.title, "\n", ("  " + times, "")),
                layout=False,
            )
        self.set_class(viewing, "-current")
        self.set_class(state == "over", "-over")
        self.set_class(state == "near", "-near")
        self.set_class(visited and not viewing, "-visited")
        # The tooltip names the plan, not the time spent (that changes every second).
        tooltip = f"{section.title}: {section.planned_minutes} min planned ({section.kind})"
        if self.tooltip != tooltip:
            self.tooltip = tooltip

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Chosen(self.section.position))


class SectionSidebar(Vertical):
    """Rows for the sections, then the totals."""

    can_focus = True

    def __init__(self, session: Session, **kwargs: Unpack[WidgetOptions]) -> None:
        super().__init__(**kwargs)
        self.session = session
        # total, planned minutes, over, clock words, running
        self._drawn: tuple[str, int, bool, str, bool] | None = None
        self._scrolled_to: int | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="section-rows"):
            for section in self.session.sections:
                yield SectionRow(section)
        yield Static(id="session-total")

    def show(
        self,
        session: Session,
        elapsed: list[float],
        running: bool,
        viewing: int | None = None,
    ) -> None:
        """Draw the rows and the total; `viewing` is the section the screen shows (default:
        the session's)."""
        self.session = session
        viewing = session.current_section if viewing is None else viewing
        rows = list(self.query(SectionRow))
        for row, section, spent in zip(rows, session.sections, elapsed, strict=False):
            row.show(
                section, spent, section.position == session.current_section,
                section.position == viewing,
            )
        total = sum(elapsed)
        planned = session.planned_minutes * 60
        state = "over" if planned and total > planned else ""
        if session.status == SessionStatus.ENDED:
            clock = "ended"
        else:
            clock = "running" if running else "PAUSED"
        drawn = (fmt.duration(total), session.planned_minutes, bool(state), clock, running)
        if drawn != self._drawn:
            self._drawn = drawn
            self.query_one("#session-total", Static).update(
                Content.assemble(
                    ("Total ", "bold"),
                    (
                        f"{fmt.duration(total)} / {fmt.duration(planned)}",
                        "$text-error bold" if state else "bold",
                    ),
                    "\n",
                    ("Timer ", "$text-muted"),
                    (clock, "$text-warning bold" if not running else "$text-muted"),
                ),
                layout=False,
            )
        if viewing != self._scrolled_to and 0 <= viewing < len(rows):
            self._scrolled_to = viewing
            rows[viewing].scroll_visible(animate=False)
