"""Goals of one mentorship: progress at a glance, add one, check in on one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from mentor_tui.tui import fmt, keymap
from mentor_tui.tui.widgets.common.topbar import TopBar
from mentor_tui.tui.widgets.home.card import progress_bar


class GoalsScreen(Screen):
    CSS_PATH = "goals.tcss"
    BINDINGS = keymap.GOALS
    AUTO_FOCUS = "#goals"

    def __init__(self, mentorship_id: str) -> None:
        super().__init__()
        self.mentorship_id = mentorship_id

    def compose(self) -> ComposeResult:
        self.mentorship = self.app.repo.get_mentorship(self.mentorship_id)
        yield TopBar(f"Goals · {self.mentorship.title}")
        with Vertical(id="goals-body"):
            yield DataTable(id="goals", cursor_type="row", zebra_stripes=True)
            yield Static(id="goal-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._load()

    def on_screen_resume(self) -> None:
        self._load()

    def _load(self) -> None:
        app = self.app
        today = app.today()
        self.goals = app.repo.list_goals(self.mentorship_id)
        table = self.query_one("#goals", DataTable)
        table.clear(columns=True)
        table.add_columns("Progress", "Goal", "Whose", "Due", "Status")
        for goal in self.goals:
            table.add_row(
                f"{progress_bar(goal.progress, 6)} {goal.progress:>3}%",
                goal.title,
                app.person_name(goal.owner_id).split()[-1],
                fmt.short_day(goal.due, today) if goal.due else "-",
                goal.status.value,
                key=goal.id,
            )
        self._detail()

    def _detail(self) -> None:
        table = self.query_one("#goals", DataTable)
        detail = self.query_one("#goal-detail", Static)
        if not self.goals:
            detail.update("No goals yet: press a to add one (specific, measurable, dated).")
            return
        goal = self.goals[min(table.cursor_row, len(self.goals) - 1)]
        smart = [
            ("Specific", goal.specific),
            ("Measurable", goal.measurable),
            ("Achievable", goal.achievable),
            ("Relevant", goal.relevant),
            ("Time-bound", goal.time_bound),
        ]
        lines = [f"{goal.title} ({goal.category})"]
        lines += [f"  {label}: {text}" for label, text in smart if text]
        checkins = self.app.repo.checkins(goal.id)[-3:]
        for checkin in checkins:
            when = fmt.local_date(checkin.created_at)
            comment = f": {checkin.comment}" if checkin.comment else ""
            lines.append(f"  {fmt.short_day(when, self.app.today()) if when else ''} {checkin.progress}%{comment}")
        detail.update("\n".join(lines))

    def on_data_table_row_highlighted(self) -> None:
        self._detail()

    def _selected_goal_id(self) -> str | None:
        table = self.query_one("#goals", DataTable)
        if not self.goals:
            return None
        return self.goals[min(table.cursor_row, len(self.goals) - 1)].id

    def action_add_goal(self) -> None:
        from mentor_tui.tui.screens.dialogs import GoalDialog

        self.app.push_screen(GoalDialog(self.mentorship), lambda _: self._load())

    def action_checkin(self) -> None:
        from mentor_tui.tui.screens.dialogs import CheckInDialog

        self.app.push_screen(
            CheckInDialog(self.mentorship, goal_id=self._selected_goal_id()),
            lambda _: self._load(),
        )

    def action_back(self) -> None:
        self.dismiss()

    def command_add_goal(self) -> None:
        self.action_add_goal()

    def command_goal_checkin(self) -> None:
        self.action_checkin()
