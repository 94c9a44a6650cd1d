"""The mentee's individual development plan (IDP), kept with the mentor.

Self-assessment (skills rated 1-5, interests, values), career options (fit 1-5), and
goals for the next 6 and 12 months picked from the mentorship's real goals, so their
progress shows without being typed twice. Every change is saved as it is made; F5 records
today's review with the mentor; F6 writes the plan as Markdown to a file only you can read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from mentor_tui.core.errors import UserError
from mentor_tui.core.idp import CareerOption, DevelopmentPlan, SkillAssessment, plan_review_due
from mentor_tui.core.models import Goal, Role
from mentor_tui.tui import fmt, keymap, saving
from mentor_tui.tui.commands import Command
from mentor_tui.tui.screens.dialogs import Dialog
from mentor_tui.tui.widgets.common.topbar import TopBar
from mentor_tui.tui.widgets.idp.rated_list import SCALE, Rated, RatedList

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

SAVE_DELAY = 0.5
NARROW = 110


def split_list(text: str) -> list[str]:
    """ "teaching, registry research; echo" → three items (commas or semicolons)."""
    return [part.strip() for part in re.split(r"[,;]", text) if part.strip()]


def default_export_path(name: str) -> Path:
    slug = "-".join(re.findall(r"[a-z0-9]+", fmt.first_name(name).lower())) or "mentee"
    return Path.home() / f"development-plan-{slug}.md"


class ExportDialog(Dialog[str]):
    """Where to write the plan as Markdown (the file is readable by you only)."""

    def __init__(self, suggested: Path, *, in_outbox: bool = False) -> None:
        super().__init__()
        self.suggested = suggested
        self.in_outbox = in_outbox

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Export the plan as Markdown", classes="dialog-title")
            yield Label("File", classes="field-label")
            shown = self.suggested.name if self.in_outbox else str(self.suggested)
            yield Input(shown, id="export-path", compact=True)
            hint = (
                "A file name: it is saved in your outbox, which you fetch with sftp."
                if self.in_outbox
                else "Only you can read the file (mode 0600). You are asked before a file is replaced."
            )
            yield Static(
                hint,
                id="export-message",
                classes="field-hint",
            )
            yield from self.buttons("Export")

    def submit(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.set_message("#export-message", "Type a file name.", error=True)
            return
        # The raw text: under serve it is a name for the outbox, never a path to expand.
        self.dismiss(text)


class DevelopmentScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = ["forms.tcss", "development.tcss"]
    BINDINGS = [*keymap.DEVELOPMENT]
    AUTO_FOCUS = "#skills"
    # The screen's own commands for the palette (tui/commands.py): each screen's list is
    # alike in shape only, as its bindings in keymap.py are.
    PALETTE = [
        Command(
            "Plan reviewed today", "Record today's review of the plan with the mentor", "mark_reviewed"
        ),
        Command("Export plan as Markdown", "Write the plan to a file only you can read", "export"),
        Command("Add a skill", "A skill for the self-assessment, rated 1-5", "focus_new_skill"),
        Command("Add a career option", "A career path to explore, with its fit 1-5", "focus_new_option"),
        Command("Link 6-month goals", "Pick the goals for the next six months", "focus_six"),
        Command("Link 12-month goals", "Pick the goals for the next twelve months", "focus_twelve"),
    ]

    def __init__(self, mentorship_id: str, *, person_id: str | None = None) -> None:
        super().__init__()
        self.mentorship_id = mentorship_id
        self.person_id = person_id
        self.plan: DevelopmentPlan | None = None
        self.goals: list[Goal] = []
        self._save_timer: Timer | None = None
        self._ready = False

    # -- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        app = self.app
        repo = app.repo
        self.mentorship = repo.mentorships.get(self.mentorship_id)
        mentees = self.mentorship.people_in(Role.MENTEE)
        if self.person_id is None and mentees:
            self.person_id = mentees[0]
        self.goals = repo.goals.list(self.mentorship_id)
        plan = repo.idp.get(self.mentorship_id, self.person_id) if self.person_id else None
        if plan is None and self.person_id:
            plan = DevelopmentPlan(self.mentorship_id, self.person_id)
        self.plan = plan
        name = app.person_name(self.person_id) if self.person_id else "nobody"
        yield TopBar(f"Development plan · {name}")
        if plan is None:
            yield Static(
                "This mentorship has no mentee, so there is no plan to keep.", id="idp-none"
            )
            yield Footer(compact=True)
            return
        with VerticalScroll(id="idp"):
            if len(mentees) > 1:
                yield Select(
                    [(f"Whose plan: {app.person_name(p)}", p) for p in mentees],
                    value=self.person_id,
                    allow_blank=False,
                    compact=True,
                    id="whose-plan",
                )
            with Horizontal(id="idp-columns"):
                with Vertical(classes="idp-column"):
                    yield Label(
                        "Self-assessment: skills (1-5 rates, delete removes)", classes="idp-heading"
                    )
                    yield RatedList(
                        [Rated(s.name, s.rating, s.note) for s in plan.skills],
                        empty="No skills yet: add one below.",
                        id="skills",
                        compact=True,
                    )
                    with Horizontal(classes="add-row"):
                        yield Input(placeholder="Add a skill", id="skill-name", compact=True)
                        yield Input(placeholder="note", id="skill-note", compact=True)
                        yield Select(
                            [(f"{n} of 5", n) for n in SCALE],
                            value=3,
                            allow_blank=False,
                            compact=True,
                            id="skill-score",
                        )
                    yield Label("Interests (separate with commas)", classes="idp-heading")
                    yield Input(
                        ", ".join(plan.interests),
                        placeholder="registry research, teaching",
                        id="interests",
                        compact=True,
                    )
                    yield Label("Values (separate with commas)", classes="idp-heading")
                    yield Input(
                        ", ".join(plan.values),
                        placeholder="patients first, time with family",
                        id="values",
                        compact=True,
                    )
                with Vertical(classes="idp-column"):
                    yield Label("Career options (fit 1-5, 0 clears)", classes="idp-heading")
                    yield RatedList(
                        [Rated(o.title, o.fit, o.notes) for o in plan.career_options],
                        optional=True,
                        empty="No career options yet: add one below.",
                        id="options",
                        compact=True,
                    )
                    with Horizontal(classes="add-row"):
                        yield Input(
                            placeholder="Add a career option", id="option-title", compact=True
                        )
                        yield Input(placeholder="note", id="option-note", compact=True)
                        yield Select(
                            [(f"fit {n} of 5", n) for n in SCALE],
                            prompt="fit: not yet",
                            compact=True,
                            id="option-fit",
                        )
                    yield Label("Goals for the next 6 months (space picks)", classes="idp-heading")
                    yield SelectionList[str](
                        *self._goal_choices(plan.six_month_goal_ids), id="six", compact=True
                    )
                    yield Label("Goals for the next 12 months", classes="idp-heading")
                    yield SelectionList[str](
                        *self._goal_choices(plan.twelve_month_goal_ids), id="twelve", compact=True
                    )
        yield Footer(compact=True)

    def _goal_choices(self, picked: list[str]) -> list[Selection[str]]:
        choices = []
        for goal in self.goals:
            owner = fmt.first_name(self.app.person_name(goal.owner_id))
            label = f"{goal.title} ({owner}, {goal.progress}%)"
            choices.append(Selection(label, goal.id, goal.id in picked))
        return choices

    def on_mount(self) -> None:
        self._show_status()
        self._fit_width()
        self.call_after_refresh(self._mark_ready)

    def _mark_ready(self) -> None:
        self._ready = True
        for scroll in self.query("#idp"):
            scroll.scroll_home(animate=False)  # focusing the first list scrolled it a line

    def on_resize(self) -> None:
        self._fit_width()

    def _fit_width(self) -> None:
        for columns in self.query("#idp-columns"):
            columns.set_class(self.size.width < NARROW, "-narrow")

    def _show_status(self) -> None:
        plan = self.plan
        if plan is None:
            return
        today = self.app.today()
        if plan.reviewed_on:
            words = f"Reviewed {fmt.short_day(plan.reviewed_on, today)}"
        else:
            words = "Not yet reviewed"
        if plan_review_due(plan, today) and self.app.repo.idp.get(
            self.mentorship_id, self.person_id
        ):
            words += " · review due (F5)"
        self.query_one(TopBar).set_status(words)

    # -- saving --------------------------------------------------------------------------

    def _collect(self) -> DevelopmentPlan:
        assert self.plan is not None
        plan = self.plan
        skills = self.query_one("#skills", RatedList).items
        options = self.query_one("#options", RatedList).items
        plan.skills = [SkillAssessment(i.name, i.score or 3, i.note) for i in skills]
        plan.career_options = [CareerOption(i.name, i.note, i.score) for i in options]
        plan.interests = split_list(self.query_one("#interests", Input).value)
        plan.values = split_list(self.query_one("#values", Input).value)
        plan.six_month_goal_ids = list(self.query_one("#six", SelectionList).selected)
        plan.twelve_month_goal_ids = list(self.query_one("#twelve", SelectionList).selected)
        return plan

    def save(self) -> bool:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.plan is None:
            return True
        try:
            self.plan = self.app.repo.idp.save(self._collect())
        except UserError as exc:
            self.app.show_error(exc)
            return False
        self._show_status()
        return True

    def _save_soon(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save)

    @on(RatedList.Changed)
    def _list_changed(self) -> None:
        self.save()

    @on(SelectionList.SelectedChanged)
    def _goals_changed(self) -> None:
        if self._ready:
            self.save()

    @on(Input.Changed, "#interests, #values")
    def _text_changed(self) -> None:
        if self._ready:
            self._save_soon()

    @on(Input.Submitted, "#skill-name, #skill-note")
    def _add_skill(self) -> None:
        name = " ".join(self.query_one("#skill-name", Input).value.split())
        if not name:
            return
        score = self.query_one("#skill-score", Select).value
        note = self.query_one("#skill-note", Input).value.strip()
        added = self.query_one("#skills", RatedList).add(
            Rated(name, score if isinstance(score, int) else 3, note)
        )
        if not added:
            self.notify(f"“{name}” is in the list already.", severity="warning")
            return
        self.query_one("#skill-name", Input).value = ""
        self.query_one("#skill-note", Input).value = ""
        self.query_one("#skill-name", Input).focus()

    @on(Input.Submitted, "#option-title, #option-note")
    def _add_option(self) -> None:
        title = " ".join(self.query_one("#option-title", Input).value.split())
        if not title:
            return
        fit = self.query_one("#option-fit", Select).value
        note = self.query_one("#option-note", Input).value.strip()
        added = self.query_one("#options", RatedList).add(
            Rated(title, fit if isinstance(fit, int) else None, note)
        )
        if not added:
            self.notify(f"“{title}” is in the list already.", severity="warning")
            return
        self.query_one("#option-title", Input).value = ""
        self.query_one("#option-note", Input).value = ""
        self.query_one("#option-title", Input).focus()

    @on(Select.Changed, "#whose-plan")
    def _whose_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.person_id and self.save():
            self.app.switch_screen(DevelopmentScreen(self.mentorship_id, person_id=event.value))

    def on_unmount(self) -> None:
        if self._save_timer is not None and self.plan is not None:
            self.save()

    # -- actions -------------------------------------------------------------------------

    def action_back(self) -> None:
        if self.plan is not None and not self.save():
            return
        self.dismiss()

    def action_mark_reviewed(self) -> None:
        if self.plan is None or not self.save():
            return
        try:
            self.plan = self.app.repo.idp.mark_reviewed(
                self.mentorship_id, self.app.today(), self.person_id
            )
        except UserError as exc:
            self.app.show_error(exc)
            return
        self.notify(f"Plan reviewed today, {fmt.day(self.app.today())}.")
        self._show_status()

    def action_export(self) -> None:
        if self.plan is None or not self.save():
            return
        name = self.app.person_name(self.person_id)
        dialog = ExportDialog(default_export_path(name), in_outbox=saving.in_outbox(self.app))
        self.app.push_screen(dialog, self._export_to)

    def _export_to(self, raw: str | None) -> None:
        if raw is None or self.plan is None:
            return
        from mentor_tui.files import write_private
        from mentor_tui.render.development import development_markdown

        repo = self.app.repo
        people = {m.person_id: self.app.person(m.person_id) for m in self.mentorship.members}
        text = development_markdown(
            self.plan,
            repo.idp.goals(self.plan),
            {pid: p for pid, p in people.items() if p is not None},
            mentorship_title=self.mentorship.title,
            today=self.app.today(),
        )
        data = text.encode("utf-8")
        saving.save_as(
            self,
            raw,
            render=lambda: data,
            write_local=lambda target: write_private(target, data),
            done=lambda _path, where, _replaced: self.notify(
                f"Plan written to {where} (only you can read it).", timeout=15
            ),
        )

    def action_focus_new_skill(self) -> None:
        self.query_one("#skill-name", Input).focus()

    def action_focus_new_option(self) -> None:
        self.query_one("#option-title", Input).focus()

    def action_focus_six(self) -> None:
        self.query_one("#six", SelectionList).focus()

    def action_focus_twelve(self) -> None:
        self.query_one("#twelve", SelectionList).focus()
