"""Competency check-in: six mentoring competencies, scored by the mentor about themself and
by the mentee about the mentor, then shown side by side over time.

The questions come from prompts/competencies.toml (a programme may replace it); they are
inspired by, not a copy of, the Mentoring Competency Assessment. A score is saved as soon
as it is typed (1-7 on the built-in scale); answering again the same day replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from mentor_tui.core.catalogue import CompetencyCheck
from mentor_tui.core.competencies import CompetencyAnswer, CompetencySeries
from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Role
from mentor_tui.tui import fmt, keymap
from mentor_tui.tui.commands import Command
from mentor_tui.tui.themes import styles
from mentor_tui.tui.widgets.common.topbar import TopBar

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

NARROW = 110


@dataclass(frozen=True)
class Respondent:
    person_id: str
    subject_id: str  # the mentor being assessed
    role: Role

    @property
    def value(self) -> str:
        return f"{self.person_id}|{self.subject_id}|{self.role.value}"

    @classmethod
    def parse(cls, value: str) -> Respondent:
        person, subject, role = value.split("|")
        return cls(person, subject, Role(role))


def load_check(app: MentorApp) -> CompetencyCheck | None:
    from mentor_tui import paths
    from mentor_tui.core.catalogue import load_competencies

    try:
        return load_competencies(paths.prompts_dir(), paths.user_prompts_dir())
    except UserError as exc:
        app.show_error(exc)
        return None


def score_dots(score: int | None, check: CompetencyCheck) -> str:
    top = check.scale_max - check.scale_min + 1
    filled = 0 if score is None else score - check.scale_min + 1
    return "●" * filled + "○" * (top - filled)


class CompetencyList(OptionList):
    """Digits score the highlighted competency; the screen saves it."""

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            event.stop()
            event.prevent_default()
            screen = self.screen
            if isinstance(screen, CompetenciesScreen):  # the screen this list is made for
                screen.score(int(event.character))


class CompetenciesScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = "competencies.tcss"
    BINDINGS = [*keymap.COMPETENCIES]
    AUTO_FOCUS = "#competency-list"
    PALETTE = [
        Command(
            "Who answers the check-in",
            "The mentor about themself, or the mentee about the mentor",
            "switch_respondent",
        ),
        Command("Score higher", "One point up for the highlighted competency", "nudge(1)"),
        Command("Score lower", "One point down for the highlighted competency", "nudge(-1)"),
    ]

    def __init__(self, mentorship_id: str) -> None:
        super().__init__()
        self.mentorship_id = mentorship_id
        self.today_scores: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        app = self.app
        self.mentorship = app.repo.mentorships.get(self.mentorship_id)
        self.check = load_check(app)
        self.respondents = self._respondents()
        yield TopBar(f"Competency check-in · {self.mentorship.title}")
        if self.check is None or not self.respondents:
            why = (
                "No competency check-in file was found (prompts/competencies.toml)."
                if self.check is None
                else "The check-in needs a mentor in the mentorship."
            )
            yield Static(why, id="competency-none")
            yield Footer(compact=True)
            return
        first = self._first_respondent()
        with VerticalScroll(id="competency-body"):
            yield Select(
                [(self._respondent_words(r), r.value) for r in self.respondents],
                value=first.value,
                allow_blank=False,
                compact=True,
                id="respondent",
            )
            with Horizontal(id="competency-columns"):
                with Vertical(id="answer-column"):
                    yield Label(self._scale_words(), classes="competency-heading", id="scale-words")
                    yield CompetencyList(id="competency-list", compact=True)
                    yield Static(id="question")
                with Vertical(id="series-column"):
                    yield Label("Side by side over time", classes="competency-heading")
                    yield DataTable(id="series", cursor_type="none", zebra_stripes=True)
                    yield Static(id="series-legend", classes="muted")
            yield Static(self.check.note, id="competency-note", classes="muted")
        yield Footer(compact=True)

    # -- who answers -------------------------------------------------------------------

    def _respondents(self) -> list[Respondent]:
        found = []
        mentors = self.mentorship.people_in(Role.MENTOR)
        mentees = self.mentorship.people_in(Role.MENTEE)
        for mentor in mentors:
            found.append(Respondent(mentor, mentor, Role.MENTOR))
            found += [Respondent(mentee, mentor, Role.MENTEE) for mentee in mentees]
        return found

    def _first_respondent(self) -> Respondent:
        me = self.app.me
        if me is not None:
            for respondent in self.respondents:
                if respondent.person_id == me.id:
                    return respondent
        return self.respondents[0]

    def _respondent_words(self, r: Respondent) -> str:
        name = self.app.person_name
        if r.role == Role.MENTOR:
            return f"Answering: {name(r.person_id)}, the mentor, about themself"
        return f"Answering: {name(r.person_id)}, the mentee, about {name(r.subject_id)}"

    def _scale_words(self) -> str:
        assert self.check is not None
        low, high = self.check.scale_min, self.check.scale_max
        return (
            f"Score {low}-{high}: {low} {self.check.label(low)} … {high} {self.check.label(high)}"
        )

    @property
    def respondent(self) -> Respondent:
        value = self.query_one("#respondent", Select).value
        return Respondent.parse(str(value))

    # -- drawing -------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.check is None or not self.respondents:
            return
        self._fit_width()
        self.refresh_answers()
        self.call_after_refresh(
            lambda: self.query_one("#competency-body").scroll_home(animate=False)
        )

    def on_resize(self) -> None:
        if self.check is not None and self.respondents:
            self._fit_width()
            self._fill_series()

    def _fit_width(self) -> None:
        self.query_one("#competency-columns").set_class(self.size.width < NARROW, "-narrow")

    def refresh_answers(self) -> None:
        assert self.check is not None
        respondent = self.respondent
        today = self.app.today()
        answers = self.app.repo.competencies.answers(
            self.mentorship_id, subject_id=respondent.subject_id
        )
        self.today_scores = {
            a.competency_key: a.score
            for a in answers
            if a.respondent_id == respondent.person_id and a.taken_on == today
        }
        options = self.query_one("#competency-list", CompetencyList)
        keep = options.highlighted or 0
        options.clear_options()
        for competency in self.check.competencies:
            score = self.today_scores.get(competency.key)
            label = self.check.label(score) if score is not None else "not scored today"
            options.add_option(
                Option(
                    Content.assemble(
                        (f"{score_dots(score, self.check)} ", "$text-success"),
                        (f"{score if score is not None else '-'} ", "bold"),
                        competency.title,
                        (f"  {label or ''}", "$foreground-muted"),
                    ),
                    id=competency.key,
                )
            )
        options.highlighted = min(keep, len(self.check.competencies) - 1)
        self._show_question()
        self._fill_series()

    def _show_question(self) -> None:
        assert self.check is not None
        options = self.query_one("#competency-list", CompetencyList)
        if options.highlighted is None:
            return
        competency = self.check.competencies[options.highlighted]
        mentor = self.respondent.role == Role.MENTOR
        question = competency.mentor_asks if mentor else competency.mentee_asks
        self.query_one("#question", Static).update(
            Content.assemble((competency.title, "bold"), "\n", question)
        )

    def _series(self) -> list[CompetencySeries]:
        assert self.check is not None
        return self.app.repo.competencies.series(
            self.mentorship_id, self.check.competencies, subject_id=self.respondent.subject_id
        )

    def _fill_series(self) -> None:
        table = self.query_one("#series", DataTable)
        series = self._series()
        dates = sorted({p.taken_on for s in series for p in s.points})
        wide = self.size.width >= NARROW
        room = self.query_one("#series-column").size.width or (self.size.width // 2)
        title_width = 24 if wide else 20
        # Room for the dates: less the title, the gap, cell padding and a scrollbar.
        shown = max(1, min(len(dates), (room - title_width - 13) // 9)) if dates else 0
        dates = dates[-shown:] if shown else []
        palette = styles(self.app)
        table.clear(columns=True)
        table.add_column("Competency", key="title", width=title_width)
        for day in dates:
            table.add_column(f"{day.day} {day:%b}", key=day.isoformat(), width=7)
        table.add_column("Gap", key="gap", width=5)
        for s in series:
            by_date = {p.taken_on: p for p in s.points}
            cells: list[Text] = [Text(s.title, no_wrap=True, overflow="ellipsis")]
            for day in dates:
                point = by_date.get(day)
                if point is None:
                    cells.append(Text("  ·", style=palette["muted"]))
                    continue
                own = "-" if point.mentor_self is None else str(point.mentor_self)
                view = "-" if point.mentee_view is None else f"{point.mentee_view:g}"
                cells.append(
                    Text.assemble(
                        (own, palette["primary"]),
                        (" │ ", palette["muted"]),
                        (view, palette["accent"]),
                    )
                )
            latest = s.latest
            gap = latest.gap if latest is not None else None
            if gap is None:
                cells.append(Text("  ·", style=palette["muted"]))
            else:
                style = palette["error"] if abs(gap) >= 2 else palette["muted"]
                cells.append(Text(f"{gap:+g}" if gap else "0", style=style))
            table.add_row(*cells, key=s.key)
        legend = Content.assemble(
            ("mentor about themself", "$text-primary"),
            " │ ",
            ("mentee's view", "$text-accent"),
            "; gap: mentor minus mentee, latest",
        )
        if not dates:
            legend = Content.styled(
                "No answers yet: score each competency with 1-7; then switch with w "
                "so the other side answers too.",
                "$foreground-muted",
            )
        self.query_one("#series-legend", Static).update(legend)

    # -- events and actions --------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#competency-list")
    def _highlighted(self) -> None:
        self._show_question()

    @on(Select.Changed, "#respondent")
    def _respondent_changed(self) -> None:
        if self.is_mounted and self.check is not None:
            self.refresh_answers()
            self.query_one("#competency-list").focus()

    def score(self, value: int) -> bool:
        """Save `value` for the highlighted competency, as the current respondent, today."""
        if self.check is None:
            return False
        if value not in self.check.scale:
            low, high = self.check.scale_min, self.check.scale_max
            self.notify(f"Scores go from {low} to {high}.", severity="warning")
            return False
        options = self.query_one("#competency-list", CompetencyList)
        if options.highlighted is None:
            return False
        competency = self.check.competencies[options.highlighted]
        r = self.respondent
        answer = CompetencyAnswer(
            mentorship_id=self.mentorship_id,
            respondent_id=r.person_id,
            subject_id=r.subject_id,
            respondent_role=r.role,
            competency_key=competency.key,
            score=value,
            taken_on=self.app.today(),
            session_id=self.app.session_in_progress(self.mentorship_id),
        )
        # Saved as the respondent: an answer is written only by the person giving it.
        own = self.app.repo_for(r.person_id)
        if own is None:
            self.notify(
                f"{self.app.person_name(r.person_id)} answers from their own screen "
                "(or signs in to this one with F2 in a session).",
                severity="warning",
                markup=False,
            )
            return False
        try:
            own.competencies.save_answers([answer], scale=self.check.scale)
        except UserError as exc:
            self.app.show_error(exc)
            return False
        self.refresh_answers()
        if (
            options.highlighted is not None
            and options.highlighted < len(self.check.competencies) - 1
        ):
            options.highlighted += 1  # on to the next question
        return True

    def action_nudge(self, step: int) -> None:
        if self.check is None:
            return
        options = self.query_one("#competency-list", CompetencyList)
        if options.highlighted is None:
            return
        key = self.check.competencies[options.highlighted].key
        current = self.today_scores.get(key)
        middle = (self.check.scale_min + self.check.scale_max) // 2
        value = middle if current is None else current + step
        value = max(self.check.scale_min, min(self.check.scale_max, value))
        keep = options.highlighted
        if self.score(value):
            options.highlighted = keep  # nudging stays on the same question

    def action_switch_respondent(self) -> None:
        if not self.respondents:
            return
        select = self.query_one("#respondent", Select)
        values = [r.value for r in self.respondents]
        index = values.index(str(select.value)) if select.value in values else -1
        select.value = values[(index + 1) % len(values)]
        name = fmt.first_name(self.app.person_name(self.respondent.person_id))
        self.notify(f"{name} answers now.")

    def action_back(self) -> None:
        self.dismiss()
