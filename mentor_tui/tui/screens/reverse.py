"""Reverse mentoring: the mentee teaches the mentor a digital topic.

Pick a topic from the catalogue (prompts/topics.toml, which users and programmes extend)
or add one; the mentor rates their own skill from 1 to 5 before and after, saved against
the session in progress (or the last one); the change shows at once, and "Make a goal"
turns the topic into a mentor-owned SMART goal in one step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Goal, Role, Session
from mentor_tui.core.reverse import SkillChange, SkillRating, Topic, TopicChoice, skill_change
from mentor_tui.tui import fmt, keymap
from mentor_tui.tui.commands import COMMANDS, Command
from mentor_tui.tui.screens.dialogs import Dialog
from mentor_tui.tui.widgets.common.topbar import TopBar
from mentor_tui.tui.widgets.goals.table import STATUS_WORDS

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

SCALE = range(1, 6)


def load_catalogue(app: MentorApp) -> list[Topic]:
    from mentor_tui import paths
    from mentor_tui.core.catalogue import load_topics

    try:
        return load_topics(paths.prompts_dir(), paths.user_prompts_dir())
    except UserError as exc:
        app.show_error(exc)
        return []


def change_words(before: int | None, after: int | None) -> Content:
    if before is None and after is None:
        return Content.styled("not rated yet", "$foreground-muted")
    left = f"{before}/5" if before is not None else "?"
    right = f"{after}/5" if after is not None else "?"
    parts: list[fmt.Piece] = [(f"{left} → {right}", "bold")]
    if before is not None and after is not None:
        delta = after - before
        style = (
            "$text-success" if delta > 0 else "$text-error" if delta < 0 else "$foreground-muted"
        )
        parts.append((f"  ({delta:+d})", f"bold {style}"))
    return Content.assemble(*parts)


def dots(score: int | None) -> str:
    return "●" * (score or 0) + "○" * (5 - (score or 0))


class TopicDialog(Dialog[tuple[str, str]]):
    """A topic the pair adds beside the catalogue's."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("New reverse-mentoring topic", classes="dialog-title")
            yield Label("What will the mentee teach?", classes="field-label")
            yield Input(
                placeholder="Structured prompts for literature searches",
                id="topic-title",
                compact=True,
            )
            yield Static("", id="topic-message", classes="field-message")
            yield Label("In a sentence (optional)", classes="field-label")
            yield Input(
                placeholder="What it is, and why it matters", id="topic-summary", compact=True
            )
            yield from self.buttons("Add topic")

    def submit(self) -> None:
        title = " ".join(self.query_one("#topic-title", Input).value.split())
        if not title:
            self.set_message("#topic-message", "Give the topic a title.", error=True)
            self.query_one("#topic-title", Input).focus()
            return
        self.dismiss((title, self.query_one("#topic-summary", Input).value.strip()))


class ReverseScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = ["forms.tcss", "reverse.tcss"]
    BINDINGS = [*keymap.REVERSE]
    AUTO_FOCUS = "#topics"
    PALETTE = [
        Command("New reverse-mentoring topic", "Add a topic beside the catalogue's", "new_topic"),
        Command("Skill before", "The mentor's own rating before the lesson, 1-5", "rate_before"),
        Command("Skill after", "The mentor's own rating after the lesson, 1-5", "rate_after"),
        COMMANDS["skill_rating"].here("rate_before"),
        Command("Make a goal from the topic", "A mentor-owned SMART goal in one step", "make_goal"),
    ]

    def __init__(self, mentorship_id: str, *, session_id: str | None = None) -> None:
        super().__init__()
        self.mentorship_id = mentorship_id
        self.session_id = session_id
        self.choices: list[TopicChoice] = []
        self.ratings: dict[str, SkillRating] = {}
        self.changes: dict[str, SkillChange] = {}
        self.goals: dict[str, Goal] = {}
        self.session: Session | None = None
        self._loading = False

    def compose(self) -> ComposeResult:
        app = self.app
        self.mentorship = app.repo.mentorships.get(self.mentorship_id)
        self.mentors = self.mentorship.people_in(Role.MENTOR)
        self.mentor_id = self.mentors[0] if self.mentors else None
        self.session = self._pick_session()
        self.catalogue = load_catalogue(app)
        yield TopBar(f"Reverse mentoring · {self.mentorship.title}", self._session_words())
        with Horizontal(id="reverse-body"):
            with Vertical(id="topic-column"):
                yield Label("Topics the mentee can teach", classes="column-title")
                yield OptionList(id="topics")
            with VerticalScroll(id="topic-panel"):
                yield Static(id="topic-title")
                if len(self.mentors) > 1:
                    yield Select(
                        [(f"Mentor: {app.person_name(p)}", p) for p in self.mentors],
                        value=self.mentor_id,
                        allow_blank=False,
                        compact=True,
                        id="mentor",
                    )
                else:
                    yield Static(id="mentor-name")
                yield Label("The mentor's own skill (1-5)", classes="field-label")
                with Horizontal(id="skill-row"):
                    yield Select(
                        [(f"Before: {n} of 5", n) for n in SCALE],
                        prompt="Before: not rated",
                        compact=True,
                        id="skill-before",
                    )
                    yield Select(
                        [(f"After: {n} of 5", n) for n in SCALE],
                        prompt="After: not rated",
                        compact=True,
                        id="skill-after",
                    )
                yield Static(id="skill-message", classes="field-message")
                yield Label("Skill change", classes="field-label")
                yield Static(id="skill-change")
                yield Label("Goal", classes="field-label")
                yield Static(id="topic-goal")
                yield Label("About the topic", classes="field-label")
                yield Static(id="topic-summary", classes="muted")
                yield Label("Every topic so far", classes="field-label")
                yield Static(id="all-changes")
        yield Footer(compact=True)

    def _pick_session(self) -> Session | None:
        repo = self.app.repo
        if self.session_id:
            return repo.sessions.get(self.session_id)
        found = repo.sessions.list(mentorship_id=self.mentorship_id, limit=1)
        if found:
            self.session_id = found[0].id
            return found[0]
        return None

    def _session_words(self) -> str:
        if self.session is None:
            return "No session yet"
        when = fmt.local_date(self.session.started_at)
        day = fmt.short_day(when, self.app.today()) if when else ""
        live = " (now)" if self.session.status.value == "active" else ""
        return f"Session {day}{live}"

    def on_mount(self) -> None:
        self.refresh_topics(first=True)

    # -- data ----------------------------------------------------------------------------

    def refresh_topics(self, *, first: bool = False, select_key: str | None = None) -> None:
        repo = self.app.repo
        self.choices = repo.reverse.topic_choices(self.catalogue)
        self.ratings = {}
        if self.session_id and self.mentor_id:
            self.ratings = {
                r.topic_key: r
                for r in repo.feedback.skill_ratings(session_id=self.session_id)
                if r.person_id == self.mentor_id
            }
        self.changes = {
            c.topic_key: c
            for c in repo.reverse.skill_changes(self.mentorship_id)
            if c.person_id == self.mentor_id
        }
        known = {c.topic.key for c in self.choices}
        for key, change in self.changes.items():  # a rated topic no catalogue lists any more
            if key not in known:
                self.choices.append(TopicChoice(Topic(key, change.topic_title), "pair"))
        self.goals = {}
        for goal in repo.goals.list(self.mentorship_id, owner_id=self.mentor_id):
            if goal.topic_key:
                self.goals.setdefault(goal.topic_key, goal)
        options = self.query_one("#topics", OptionList)
        current = self.current()
        keep = select_key or (current.topic.key if current and not first else None)
        if first and keep is None:
            keep = next(iter(self.ratings), None)
        options.clear_options()
        for choice in self.choices:
            options.add_option(Option(self._prompt(choice), id=choice.topic.key))
        keys = [c.topic.key for c in self.choices]
        if keys:
            options.highlighted = keys.index(keep) if keep in keys else 0
        self._show_topic()

    def _prompt(self, choice: TopicChoice) -> Content:
        key = choice.topic.key
        parts: list[fmt.Piece] = [choice.topic.title]
        notes: list[str] = []
        change = self.changes.get(key)
        if change is not None and (change.before is not None or change.after is not None):
            before = change.before if change.before is not None else "?"
            after = change.after if change.after is not None else "?"
            notes.append(f"{before}→{after}")
        if key in self.goals:
            notes.append("goal")
        if choice.source == "pair":
            notes.append("added")
        if notes:
            parts.append((f"  {' · '.join(notes)}", "$text-success"))
        return Content.assemble(*parts)

    def current(self) -> TopicChoice | None:
        options = self.query_one("#topics", OptionList)
        if options.highlighted is None or not self.choices:
            return None
        return self.choices[min(options.highlighted, len(self.choices) - 1)]

    def _show_topic(self) -> None:
        choice = self.current()
        app = self.app
        title = self.query_one("#topic-title", Static)
        if choice is None:
            title.update("No topics: n adds one.")
            return
        topic = choice.topic
        title.update(Content.styled(topic.title, "bold"))
        where = "from the catalogue" if choice.source == "catalogue" else "added by a pair"
        summary = f"{topic.summary}  ({where})" if topic.summary else f"({where})"
        if topic.safeguards:
            summary += f"\nSafeguards: {topic.safeguards}"
        self.query_one("#topic-summary", Static).update(summary)
        if self.query("#mentor-name"):
            self.query_one("#mentor-name", Static).update(
                Content.assemble(("Mentor: ", "$foreground-muted"), app.person_name(self.mentor_id))
            )
        rating = self.ratings.get(topic.key)
        before = self.query_one("#skill-before", Select)
        after = self.query_one("#skill-after", Select)
        self._loading = True
        with self.prevent(Select.Changed):
            before.value = rating.before if rating and rating.before else Select.NULL
            after.value = rating.after if rating and rating.after else Select.NULL
        self._loading = False
        disabled = self.session_id is None or self.mentor_id is None
        before.disabled = after.disabled = disabled
        if disabled:
            self.set_skill_message(
                "Skill ratings belong to a session: start one (s on Home) first.", error=True
            )
        else:
            self.set_skill_message("")
        self._show_change(topic.key)

    def _show_change(self, key: str) -> None:
        rating = self.ratings.get(key)
        this = change_words(rating.before, rating.after) if rating else change_words(None, None)
        change = self.changes.get(key)
        parts: list[fmt.Piece] = [("This session  ", "$foreground-muted"), this]
        if rating and skill_change(rating) is not None:
            parts += [
                "  ",
                (dots(rating.before), "$foreground-muted"),
                " → ",
                (dots(rating.after), "$text-success"),
            ]
        if change is not None and len(change.session_ids) > 1:
            parts += [
                "\n",
                ("Since the first  ", "$foreground-muted"),
                change_words(change.before, change.after),
            ]
        self.query_one("#skill-change", Static).update(Content.assemble(*parts))
        goal = self.goals.get(key)
        if goal is None:
            self.query_one("#topic-goal", Static).update(
                Content.styled("No goal yet: g makes one for the mentor.", "$foreground-muted")
            )
        else:
            due = f", due {fmt.day(goal.due)}" if goal.due else ""
            self.query_one("#topic-goal", Static).update(
                Content.assemble(
                    (goal.title, "bold"),
                    (f"  {goal.progress}% · {STATUS_WORDS[goal.status]}{due}", "$foreground-muted"),
                )
            )
        self._show_all_changes()

    def _show_all_changes(self) -> None:
        rated = [c for c in self.changes.values() if c.before is not None or c.after is not None]
        if not rated:
            self.query_one("#all-changes", Static).update(
                Content.styled("No skills rated yet.", "$foreground-muted")
            )
            return
        parts: list[fmt.Piece] = []
        for change in rated:
            parts += [change_words(change.before, change.after), "  ", change.topic_title, "\n"]
        self.query_one("#all-changes", Static).update(Content.assemble(*parts[:-1]))

    def set_skill_message(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#skill-message", Static)
        message.update(text)
        message.set_class(error, "-error")
        message.display = bool(text)

    # -- events --------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#topics")
    def _highlighted(self) -> None:
        self._show_topic()

    @on(OptionList.OptionSelected, "#topics")
    def _selected(self) -> None:
        self.action_rate_before()

    @on(Select.Changed, "#mentor")
    def _mentor_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.mentor_id = event.value
            self.refresh_topics()

    @on(Select.Changed, "#skill-row Select")
    def _skill_changed(self) -> None:
        if self._loading:
            return
        self.save_rating()

    def save_rating(self) -> SkillRating | None:
        choice = self.current()
        if choice is None or self.session_id is None or self.mentor_id is None:
            return None
        before = self.query_one("#skill-before", Select).value
        after = self.query_one("#skill-after", Select).value
        topic = choice.topic
        rating = self.ratings.get(topic.key) or SkillRating(
            self.session_id, self.mentor_id, topic.key, topic.title
        )
        rating.before = before if isinstance(before, int) else None
        rating.after = after if isinstance(after, int) else None
        if topic.key not in self.ratings and rating.before is None and rating.after is None:
            return None
        try:
            self.app.repo.feedback.save_skill_rating(rating)
        except UserError as exc:
            self.set_skill_message(exc.message, error=True)
            return None
        self.set_skill_message("Saved.")
        self.refresh_topics(select_key=topic.key)
        return rating

    # -- actions -------------------------------------------------------------------------

    def _open(self, selector: str) -> None:
        select = self.query_one(selector, Select)
        if select.disabled:
            self.notify("Skill ratings belong to a session: start one first.", severity="warning")
            return
        select.focus()
        select.action_show_overlay()

    def action_rate_before(self) -> None:
        self._open("#skill-before")

    def action_rate_after(self) -> None:
        self._open("#skill-after")

    def action_new_topic(self) -> None:
        def added(result: tuple[str, str] | None) -> None:
            if result is None:
                return
            title, summary = result
            try:
                topic = self.app.repo.reverse.add_pair_topic(title, summary, self.catalogue)
            except UserError as exc:
                self.app.show_error(exc)
                return
            self.notify(f"Topic added: {topic.title}.")
            self.refresh_topics(select_key=topic.key)
            self.query_one("#topics", OptionList).focus()

        self.app.push_screen(TopicDialog(), added)

    def action_make_goal(self) -> Goal | None:
        choice = self.current()
        if choice is None or self.mentor_id is None:
            return None
        existing = self.goals.get(choice.topic.key)
        if existing is not None:
            self.notify(f"There is a goal for this topic already: {existing.title}.")
            return existing
        rating = self.ratings.get(choice.topic.key)
        try:
            goal = self.app.repo.reverse.add_goal_from_topic(
                choice.topic, self.mentorship_id, self.mentor_id, self.app.today(), skill=rating
            )
        except UserError as exc:
            self.app.show_error(exc)
            return None
        who = fmt.first_name(self.app.person_name(self.mentor_id))
        due = f", due {fmt.day(goal.due)}" if goal.due else ""
        self.notify(f"Goal made for {who}: {goal.title}{due}. g on Home's Goals shows it.")
        self.refresh_topics(select_key=choice.topic.key)
        return goal

    def action_back(self) -> None:
        if self.focused is not None and self.focused is not self.query_one("#topics"):
            self.query_one("#topics", OptionList).focus()
            return
        self.dismiss()
