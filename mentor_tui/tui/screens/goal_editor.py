"""Create or edit a goal: the SMART fields, owner, category, status, and a milestone checklist.

It is the goal dialog grown up (a GoalDialog, so "Add goal" works the same everywhere):
enter in a field saves, except in the milestone field, where it adds the milestone.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from mentor_tui.core.models import Goal, GoalStatus, Mentorship, Milestone
from mentor_tui.tui import fmt
from mentor_tui.tui.screens import dialogs
from mentor_tui.tui.screens.dialogs import GoalDialog, example_date
from mentor_tui.tui.widgets.common.due_field import DueField
from mentor_tui.tui.widgets.common.options import CompactOptions
from mentor_tui.tui.widgets.goals.table import STATUS_WORDS

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp


def milestone_prompt(milestone: Milestone) -> Content:
    if milestone.done:
        return Content.assemble(("☑ ", "$text-success"), (milestone.text, "$foreground-muted"))
    return Content.assemble("☐ ", milestone.text)


class MilestoneList(OptionList):
    """The checklist: space or enter ticks, delete removes."""

    BINDINGS = [
        Binding("space", "tick", "Tick", show=False),
        Binding("delete,backspace", "remove", "Remove", show=False),
    ]

    def __init__(self, milestones: list[Milestone], **kwargs: Unpack[CompactOptions]) -> None:
        super().__init__(**kwargs)
        self.milestones = [Milestone(m.text, m.done) for m in milestones]

    def on_mount(self) -> None:
        self.redraw()

    def redraw(self, keep: int | None = None) -> None:
        self.clear_options()
        self.add_options(
            Option(milestone_prompt(m), id=str(n)) for n, m in enumerate(self.milestones)
        )
        if self.milestones:
            self.highlighted = min(keep or 0, len(self.milestones) - 1)
        self.display = bool(self.milestones)

    def add(self, text: str) -> None:
        self.milestones.append(Milestone(text))
        self.redraw(len(self.milestones) - 1)

    def action_tick(self) -> None:
        if self.highlighted is not None and self.milestones:
            milestone = self.milestones[self.highlighted]
            milestone.done = not milestone.done
            self.redraw(self.highlighted)

    def action_remove(self) -> None:
        if self.highlighted is not None and self.milestones:
            index = self.highlighted
            del self.milestones[index]
            self.redraw(index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_tick()


class GoalEditor(GoalDialog):
    """A goal's SMART fields and milestones; `goal=None` makes a new one."""

    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = [
        str(Path(dialogs.__file__).with_name(name)) for name in ("forms.tcss", "dialogs.tcss")
    ]
    DEFAULT_CSS = """
    GoalEditor #goal-fields {
        height: 1fr;
    }
    GoalEditor .goal-editor {
        width: 84;
    }
    GoalEditor #milestones {
        height: auto;
        max-height: 8;
        background: $panel 40%;
    }
    GoalEditor #milestones:focus {
        background: $primary 15%;
    }
    """

    def __init__(
        self,
        mentorship: Mentorship,
        *,
        goal: Goal | None = None,
        owner_id: str | None = None,
        category: str = "other",
    ) -> None:
        super().__init__(mentorship, owner_id=owner_id or (goal.owner_id if goal else None))
        self.goal = goal
        self.category = category

    def compose(self) -> ComposeResult:
        goal = self.goal or Goal(self.mentorship.id, self.owner_id, "", category=self.category)
        today = self.app.today()
        with Vertical(classes="dialog dialog-tall goal-editor"):
            yield Label("Edit goal" if self.goal else "Add goal", classes="dialog-title")
            with VerticalScroll(id="goal-fields"):
                yield from self.title_field(goal.title)
                with Horizontal(classes="field-row"):
                    yield from self.owner_and_category(goal.owner_id, goal.category)
                    with Vertical():
                        yield Label("Status", classes="field-label")
                        yield Select(
                            [(STATUS_WORDS[s], s.value) for s in GoalStatus],
                            compact=True,
                            value=goal.status.value,
                            allow_blank=False,
                            id="goal-status",
                        )
                smart = [
                    ("Specific: the details", goal.specific,
                     "Readmissions in the registry cohort", "goal-specific"),
                    ("Measurable: how will you know it is done?", goal.measurable,
                     "Manuscript submitted", "goal-measure"),
                    ("Achievable: why it is within reach", goal.achievable,
                     "Data access approved; drafts reviewed", "goal-achievable"),
                    ("Relevant: why it matters", goal.relevant,
                     "Needed for the academic track", "goal-relevant"),
                ]  # fmt: skip
                for label, value, example, field_id in smart:
                    yield Label(label, classes="field-label")
                    yield Input(value, placeholder=example, id=field_id, compact=True)
                yield DueField(
                    "Time-bound: by when? (in words)",
                    placeholder=f"end of next month, in 6 weeks, {example_date(today)}",
                    input_id="goal-due",
                    message_id="goal-due-message",
                    kept=goal.due,
                    shown=fmt.day(goal.due) if goal.due else "",
                )
                yield Label("Milestones (space ticks, delete removes)", classes="field-label")
                yield MilestoneList(goal.milestones, id="milestones", compact=True)
                yield Input(
                    placeholder="Add a milestone and press enter",
                    id="milestone-new",
                    compact=True,
                )
            yield from self.buttons("Save goal" if self.goal else "Add goal")

    def on_mount(self) -> None:
        self.query_one("#title-message").display = False
        # Focusing the title centres it, which hides its label above: start at the top.
        fields = self.query_one("#goal-fields", VerticalScroll)
        self.call_after_refresh(fields.scroll_home, animate=False)

    def set_message(self, selector: str, text: str, *, error: bool) -> None:
        super().set_message(selector, text, error=error)
        self.query_one(selector).display = bool(text)

    @on(Input.Changed, "#goal-title")
    def _title_typed(self, event: Input.Changed) -> None:
        if event.value.strip():  # "Give the goal a title." is answered: take it away
            self.set_message("#title-message", "", error=False)

    @on(Input.Submitted, "#milestone-new")
    def _add_milestone(self, event: Input.Submitted) -> None:
        event.prevent_default()  # enter here adds a milestone; it does not save the goal
        event.stop()
        text = " ".join(event.value.split())
        if text:
            self.query_one(MilestoneList).add(text)
            event.input.value = ""

    def submit(self) -> None:
        read = self.text_and_due("#goal-title", "#title-message", "Give the goal a title.")
        if read is None:
            return
        title, due = read
        pending = " ".join(self.query_one("#milestone-new", Input).value.split())
        milestones = self.query_one(MilestoneList)
        if pending:  # typed but not yet added: keep it rather than lose it
            milestones.add(pending)
        base = self.goal or Goal(self.mentorship.id, self.owner_id, title)
        if due is None:
            time_bound = ""
        elif self.goal is not None and due == self.goal.due and self.goal.time_bound:
            time_bound = self.goal.time_bound
        else:
            time_bound = f"By {fmt.day(due)}."
        goal = replace(
            base,
            title=title,
            owner_id=str(self.query_one("#goal-owner", Select).value),
            category=str(self.query_one("#goal-category", Select).value),
            status=GoalStatus(str(self.query_one("#goal-status", Select).value)),
            specific=self.query_one("#goal-specific", Input).value.strip(),
            measurable=self.query_one("#goal-measure", Input).value.strip(),
            achievable=self.query_one("#goal-achievable", Input).value.strip(),
            relevant=self.query_one("#goal-relevant", Input).value.strip(),
            time_bound=time_bound,
            due=due,
            milestones=list(milestones.milestones),
        )
        self.save_and_close(
            lambda: self.app.repo.goals.save_checked(goal),
            lambda saved: f"Goal {'saved' if self.goal else 'added'}: {saved.title}.",
        )
