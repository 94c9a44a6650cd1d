"""Goals of one mentorship: a table to filter and sort, SMART details, milestones, check-ins.

Either side can own a goal (the mentor's come from reverse mentoring). Overdue goals are
red; the history column draws each session's check-in on a 0-100 scale, and the panel
below draws the highlighted goal's check-ins with a sparkline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Select

from mentor_tui.core.goals import GOAL_SORT_KEYS, GoalRow, filter_goals, sort_goals
from mentor_tui.core.models import GOAL_CATEGORIES, Goal, GoalStatus
from mentor_tui.tui import keymap
from mentor_tui.tui.commands import COMMANDS, Command
from mentor_tui.tui.themes import styles
from mentor_tui.tui.widgets.common.topbar import TopBar
from mentor_tui.tui.widgets.goals.detail import GoalDetail
from mentor_tui.tui.widgets.goals.table import (
    CELL_PADDING,
    COLUMNS,
    STATUS_WORDS,
    cells,
    columns_for,
)

if TYPE_CHECKING:
    from rich.text import Text

    from mentor_tui.tui.app import MentorApp

ANY = "*"
ACTIVE = "active"  # open or in progress
SORTS = ("due", "progress", "status", "title", "category", "owner", "last")
SORT_WORDS = {
    "due": "due date",
    "progress": "progress",
    "status": "status",
    "title": "title",
    "category": "category",
    "owner": "owner",
    "last": "last check-in",
}


def sort_rows(rows: list[GoalRow], by: str, reverse: bool) -> list[GoalRow]:
    """The core sorts, plus owner and last check-in, which only the table offers."""
    if by in GOAL_SORT_KEYS:
        return sort_goals(rows, by, reverse=reverse)
    if by == "owner":
        return sorted(
            rows, key=lambda r: (r.owner_name.casefold(), r.goal.title.casefold()), reverse=reverse
        )
    dated = [(r.last_checkin.created_at, r) for r in rows if r.last_checkin is not None]
    dated.sort(key=lambda pair: pair[0], reverse=not reverse)
    never = [r for r in rows if r.last_checkin is None]
    return [r for _, r in dated] + never


class GoalsScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = "goals.tcss"
    BINDINGS = [*keymap.GOALS]
    AUTO_FOCUS = "#goals-table"
    PALETTE = [
        Command("Add goal", "A new SMART goal with milestones", "add_goal"),
        Command("Edit goal", "SMART fields, status and milestones of the highlighted goal", "edit"),
        COMMANDS["goal_checkin"].here("checkin"),
        Command("Sort goals", "Next sort order: due, progress, status, title...", "sort"),
        Command("Reverse goal order", "Flip the sort direction", "reverse"),
        Command("Filter goals", "Owner, status and category filters", "filter"),
        Command("Clear goal filters", "Show every goal again", "clear_filters"),
    ]

    def __init__(self, mentorship_id: str) -> None:
        super().__init__()
        self.mentorship_id = mentorship_id
        self.sort_by = "due"
        self.reverse = False
        self.rows: list[GoalRow] = []
        self.shown: list[GoalRow] = []
        self.series: dict[str, list[int]] = {}
        self._layout: tuple[tuple[str, ...], int] | None = None

    def compose(self) -> ComposeResult:
        self.mentorship = self.app.repo.mentorships.get(self.mentorship_id)
        owners = [
            (f"Owner: {self.app.person_name(m.person_id)}", m.person_id)
            for m in self.mentorship.members
        ]
        statuses = [(f"Status: {STATUS_WORDS[s]}", s.value) for s in GoalStatus]
        yield TopBar(f"Goals · {self.mentorship.title}")
        with Vertical(id="goals-body"):
            with Horizontal(id="goal-filters"):
                yield Select(
                    [("Owner: anyone", ANY), *owners],
                    value=ANY, allow_blank=False, compact=True, id="filter-owner",
                )  # fmt: skip
                yield Select(
                    [("Status: any", ANY), ("Status: open or in progress", ACTIVE), *statuses],
                    value=ANY, allow_blank=False, compact=True, id="filter-status",
                )  # fmt: skip
                yield Select(
                    [("Category: any", ANY), *((f"Category: {c}", c) for c in GOAL_CATEGORIES)],
                    value=ANY, allow_blank=False, compact=True, id="filter-category",
                )  # fmt: skip
            table: DataTable[Text] = DataTable(
                id="goals-table", cursor_type="row", zebra_stripes=True, cell_padding=CELL_PADDING
            )
            yield table
            yield GoalDetail(id="goal-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self.refresh_goals())

    def on_screen_resume(self) -> None:  # the first showing too
        self.refresh_goals()

    def on_resize(self) -> None:
        if self.rows or self._layout is not None:
            self._fill_table()

    # -- data ----------------------------------------------------------------------------

    def refresh_goals(self) -> None:
        repo = self.app.repo
        self.rows = repo.goals.rows(self.mentorship_id)
        self.series = repo.goals.checkin_series([r.goal.id for r in self.rows])
        self._fill_table()

    def _filtered(self) -> list[GoalRow]:
        owner = self.query_one("#filter-owner", Select).value
        status = self.query_one("#filter-status", Select).value
        category = self.query_one("#filter-category", Select).value
        statuses = None
        if status == ACTIVE:
            statuses = [GoalStatus.OPEN, GoalStatus.IN_PROGRESS]
        elif status != ANY:
            statuses = [GoalStatus(str(status))]
        rows = filter_goals(
            self.rows,
            owner_id=None if owner == ANY else str(owner),
            status=statuses,
            category=None if category == ANY else str(category),
        )
        return sort_rows(rows, self.sort_by, self.reverse)

    def _fill_table(self) -> None:
        table = self.query_one("#goals-table", DataTable)
        keep = self.current_goal_id()
        today = self.app.today()
        # Room for the columns: the table less a scrollbar, should the rows overflow.
        width = max(40, (table.size.width or self.size.width or 80) - 2)
        columns, title_width = columns_for(width)
        self._layout = (tuple(c.key for c in columns), title_width)
        self.shown = self._filtered()
        palette = styles(self.app)
        table.clear(columns=True)
        for column in columns:
            label = column.label
            if column.sort == self.sort_by:
                label += " ▼" if self.reverse else " ▲"
            table.add_column(label, key=column.key, width=column.width or title_width)
        for row in self.shown:
            table.add_row(
                *cells(row, self.series.get(row.goal.id, []), today, columns, palette),
                key=row.goal.id,
            )
        if self.shown:
            ids = [r.goal.id for r in self.shown]
            table.move_cursor(row=ids.index(keep) if keep in ids else 0, animate=False)
        self._show_status()
        self._show_detail()

    def _show_status(self) -> None:
        today = self.app.today()
        total = len(self.rows)
        overdue = sum(1 for r in self.rows if r.overdue(today))
        shown = len(self.shown)
        words = f"{total} goal{'s' if total != 1 else ''}"
        if shown != total:
            words = f"{shown} of {total} goals"
        if overdue:
            words += f" · {overdue} overdue"
        words += f" · by {SORT_WORDS[self.sort_by]}{' ↓' if self.reverse else ''}"
        self.query_one(TopBar).set_status(words)

    def current_row(self) -> GoalRow | None:
        table = self.query_one("#goals-table", DataTable)
        if not self.shown or table.cursor_row is None or table.cursor_row < 0:
            return None
        return self.shown[min(table.cursor_row, len(self.shown) - 1)]

    def current_goal_id(self) -> str | None:
        row = self.current_row()
        return row.goal.id if row else None

    def _show_detail(self) -> None:
        row = self.current_row()
        points = self.app.repo.goals.progress_points(row.goal.id) if row else []
        self.query_one(GoalDetail).show(row, points, self.app.today())

    # -- events --------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#goals-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#goals-table")
    def _selected(self) -> None:
        self.action_edit()

    @on(DataTable.HeaderSelected, "#goals-table")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        column = next((c for c in COLUMNS if c.key == event.column_key.value), None)
        if column is None or column.sort is None:
            return
        if column.sort == self.sort_by:
            self.reverse = not self.reverse
        else:
            self.sort_by, self.reverse = column.sort, False
        self._fill_table()

    @on(Select.Changed, "#goal-filters Select")
    def _filter_changed(self) -> None:
        if self.is_mounted and self._layout is not None:
            self._fill_table()

    # -- actions -------------------------------------------------------------------------

    def action_add_goal(self) -> None:
        from mentor_tui.tui.screens.goal_editor import GoalEditor

        self.app.push_screen(GoalEditor(self.mentorship), self._after_edit)

    def action_edit(self) -> None:
        from mentor_tui.tui.screens.goal_editor import GoalEditor

        row = self.current_row()
        if row is None:
            self.action_add_goal()
            return
        self.app.push_screen(GoalEditor(self.mentorship, goal=row.goal), self._after_edit)

    def _after_edit(self, saved: Goal | None) -> None:
        self.refresh_goals()
        if saved is not None:
            self._move_to(saved.id)

    def _move_to(self, goal_id: str) -> None:
        ids = [r.goal.id for r in self.shown]
        if goal_id in ids:
            self.query_one("#goals-table", DataTable).move_cursor(row=ids.index(goal_id))
            self._show_detail()

    def action_checkin(self) -> None:
        from mentor_tui.tui.screens.dialogs import CheckInDialog

        row = self.current_row()
        if row is not None and row.goal.status in (GoalStatus.DONE, GoalStatus.DROPPED):
            self.notify(
                f"“{row.goal.title}” is {row.goal.status.value}; "
                "set it back to open (e) to check in on it."
            )
            return
        session_id = self.app.session_in_progress(self.mentorship_id)
        me = self.app.me
        self.app.push_screen(
            CheckInDialog(
                self.mentorship,
                session_id=session_id,
                author_id=me.id if me else None,
                goal_id=row.goal.id if row else None,
            ),
            lambda _: self.refresh_goals(),
        )

    def action_sort(self) -> None:
        self.sort_by = SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)]
        self.reverse = False
        self._fill_table()

    def action_reverse(self) -> None:
        self.reverse = not self.reverse
        self._fill_table()

    def action_filter(self) -> None:
        self.query_one("#filter-owner", Select).focus()

    def action_clear_filters(self) -> None:
        with self.prevent(Select.Changed):
            for select in self.query("#goal-filters Select").results(Select):
                select.value = ANY
        self._fill_table()

    def action_back(self) -> None:
        if self.focused is not None and self.focused.parent is self.query_one("#goal-filters"):
            self.query_one("#goals-table", DataTable).focus()
            return
        self.dismiss()
