"""Goals of one mentorship: progress at a glance, add one, check in on one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

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
            yield OptionList(id="goals")
            yield Static(id="goal-detail")
        yield Footer(compact=True)

    def on_screen_resume(self) -> None:  # the first showing too
        self._load()

    def _load(self) -> None:
        app = self.app
        today = app.today()
        self.goals = app.repo.list_goals(self.mentorship_id)
        options = self.query_one("#goals", OptionList)
        keep = options.highlighted or 0
        options.clear_options()
        for goal in self.goals:
            done = goal.status.value in ("done", "dropped")
            due = fmt.short_day(goal.due, today) if goal.due else "no date"
            options.add_option(
                Option(
                    Content.assemble(
                        (progress_bar(goal.progress, 6), "$text-success"),
                        f" {goal.progress:>3}%  ",
                        (goal.title, "$text-muted" if done else "bold"),
                        "\n",
                        (
                            f"          {fmt.first_name(app.person_name(goal.owner_id))} · "
                            f"{goal.category} · {due} · {goal.status.value}",
                            "$text-muted",
                        ),
                    ),
                    id=goal.id,
                )
            )
        if self.goals:
            options.highlighted = min(keep, len(self.goals) - 1)
        self._detail()

    def _current(self):
        options = self.query_one("#goals", OptionList)
        if not self.goals or options.highlighted is None:
            return None
        return self.goals[min(options.highlighted, len(self.goals) - 1)]

    def _detail(self) -> None:
        detail = self.query_one("#goal-detail", Static)
        goal = self._current()
        if goal is None:
            detail.update("No goals yet: press a to add one (specific, measurable, dated).")
            return
        smart = [
            ("Specific", goal.specific),
            ("Measurable", goal.measurable),
            ("Achievable", goal.achievable),
            ("Relevant", goal.relevant),
            ("Time-bound", goal.time_bound),
        ]
        lines = [f"{label}: {text}" for label, text in smart if text]
        for checkin in self.app.repo.checkins(goal.id)[-3:]:
            when = fmt.local_date(checkin.created_at)
            comment = f": {checkin.comment}" if checkin.comment else ""
            day = fmt.short_day(when, self.app.today()) if when else ""
            lines.append(f"{day} → {checkin.progress}%{comment}")
        detail.update("\n".join(lines) or "No details or check-ins yet: c checks in.")

    def on_option_list_option_highlighted(self) -> None:
        self._detail()

    def _selected_goal_id(self) -> str | None:
        goal = self._current()
        return goal.id if goal else None

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
