"""One mentorship on Home: who, when next, what is open, how the goals stand."""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.widgets import ListItem

from mentor_tui.tui import fmt
from mentor_tui.tui.widgets.home.summary import (
    GOALS_SHOWN,
    ITEMS_SHOWN,
    POINTS_SHOWN,
    MentorshipSummary,
)

BAR_WIDTH = 8


def progress_bar(percent: int, width: int = BAR_WIDTH) -> str:
    filled = round(max(0, min(100, percent)) * width / 100)
    return "█" * filled + "░" * (width - filled)


def card_content(summary: MentorshipSummary, today: date) -> Content:
    m = summary.mentorship
    label = "$text-muted"
    parts: list[fmt.Piece] = []

    def line(*pieces: fmt.Piece) -> None:
        parts.extend(pieces)
        parts.append("\n")

    who = " · ".join(f"{name} ({role})" for name, role in summary.members)
    rhythm = m.cadence or "no rhythm set"
    line((who, "bold"))
    line((f"{m.style.value} · {rhythm}", label))
    nxt = fmt.meeting_when(summary.next_meeting, today, summary.zone) if summary.next_meeting else "not planned"
    line(("Next meeting  ", label), nxt)
    if summary.last_session is not None:
        s = summary.last_session
        when = fmt.local_date(s.started_at)
        text = f"{fmt.short_day(when, today) if when else '?'} · {s.agenda_name}"
        if s.status.value == "active":
            text += " · interrupted, press r to resume"
        elif summary.last_rating is not None:
            text += f" · rated {summary.last_rating:.1f}/5"
        line(("Last session  ", label), text)
    else:
        line(("Last session  ", label), "none yet: press s to start one")

    if summary.points:
        line((f"Talking points for next time: {len(summary.points)}", "bold"))
        for point in summary.points[:POINTS_SHOWN]:
            who = fmt.first_name(summary.names.get(point.raised_by, "?"))
            line("  · ", fmt.printable(point.text), (f"  {who}", label))
        if len(summary.points) > POINTS_SHOWN:
            line((f"  … and {len(summary.points) - POINTS_SHOWN} more", label))

    count = len(summary.open_items)
    heading = f"Open action items: {count}"
    if summary.overdue:
        line((heading, "bold"), (f"  ({summary.overdue} overdue)", "$text-error bold"))
    else:
        line((heading, "bold"))
    for item in summary.open_items[:ITEMS_SHOWN]:
        owner = fmt.first_name(summary.names.get(item.owner_id, "?"))
        due = fmt.due_words(item.due, today)
        if item.overdue(today):
            line(("  ! ", "$text-error bold"), (item.text, "$text-error"), (f"  {owner}, {due}", "$text-error"))
        else:
            line("  · ", item.text, (f"  {owner}, {due}", label))
    if count > ITEMS_SHOWN:
        line((f"  … and {count - ITEMS_SHOWN} more", label))

    line((f"Goals in progress: {len(summary.goals)}", "bold"))
    for goal in summary.goals[:GOALS_SHOWN]:
        line(
            ("  " + progress_bar(goal.progress), "$text-success"),
            f" {goal.progress:>3}%  ",
            goal.title,
        )
    if len(summary.goals) > GOALS_SHOWN:
        line((f"  … and {len(summary.goals) - GOALS_SHOWN} more (g: Goals)", label))
    if parts and parts[-1] == "\n":
        parts.pop()
    return Content.assemble(*parts)


class MentorshipCard(ListItem):
    """Draws its lines itself, as a text widget inside it would (home.tcss styles the
    card): a child widget per card costs Home's first frame its styling
    (docs/performance.md, "Start-up")."""

    DEFAULT_CLASSES = "mentorship-card"

    def __init__(self, summary: MentorshipSummary, today: date) -> None:
        content = card_content(summary, today)
        super().__init__()
        self._content = content
        self.summary = summary
        self.border_title = summary.mentorship.title
        # At least this many rows on screen: its lines, the border and the gap below
        # (home.tcss); a line that wraps only makes it taller.
        self.min_rows = content.plain.count("\n") + 1 + 3

    @property
    def mentorship_id(self) -> str:
        return self.summary.mentorship.id

    @property
    def content(self) -> Content:
        """The card's lines, as drawn."""
        return self._content

    def render(self) -> Content:
        return self._content
