"""Small forms over the current screen: action item (add, due date, owner), talking point,
goal, goal check-in, confirm.

(The mentoring agreement has a screen of its own: screens/agreement.py.)

Each validates as you type and says what is wrong in one sentence under the field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from mentor_tui.core.errors import UserError
from mentor_tui.core.goals import CheckIn
from mentor_tui.core.models import (
    GOAL_CATEGORIES,
    MAX_POINT_CHARS,
    ActionItem,
    Goal,
    GoalStatus,
    Mentorship,
    Role,
    TalkingPoint,
)
from mentor_tui.core.reverse import SkillRating
from mentor_tui.tui import fmt, keymap
from mentor_tui.tui.widgets.common.due_field import DueField

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

# What a dialog hands back when submitted; escape hands back None.
ResultT = TypeVar("ResultT")


def member_options(
    app: MentorApp, mentorship: Mentorship, *, first_names: bool = False
) -> list[tuple[str, str]]:
    def name(person_id: str) -> str:
        full = app.person_name(person_id)
        return fmt.first_name(full) if first_names else full

    return [(f"{name(m.person_id)} ({m.role.value})", m.person_id) for m in mentorship.members]


class Dialog(ModalScreen[ResultT | None]):
    """A form: escape cancels, enter in the last field (or the main button) submits."""

    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    BINDINGS = [*keymap.DIALOG]
    CSS_PATH = ["forms.tcss", "dialogs.tcss"]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def set_message(self, selector: str, text: str, *, error: bool) -> None:
        message = self.query_one(selector, Static)
        message.update(text)
        message.set_class(error, "-error")

    def text_and_due(self, field: str, message: str, missing: str) -> tuple[str, date | None] | None:
        """The text typed in `field` (which must not be empty) and the form's due date; or
        None once what is wrong is said under its field and that field has focus, the text
        first as the form asks it first."""
        text = self.query_one(field, Input).value.strip()
        due_field = self.query_one(DueField)
        ok, due = due_field.read()
        if not text:
            self.set_message(message, missing, error=True)
            self.query_one(field, Input).focus()
            return None
        if not ok:
            due_field.input.focus()
            return None
        return text, due

    def save_and_close(
        self, save: Callable[[], ResultT], said: Callable[[ResultT], str], *, under: str = ""
    ) -> None:
        """Save, say what was saved and close with it; a refusal is said in one sentence (in
        the message line `under` a field, if given) and the form stays open, nothing lost."""
        try:
            saved = save()
        except UserError as exc:
            if under:
                self.set_message(under, exc.message, error=True)
            else:
                self.app.show_error(exc)
            return
        self.app.notify(said(saved))
        self.dismiss(saved)

    def buttons(self, submit: str) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button("Cancel", id="cancel", compact=True)
            yield Button(submit, id="submit", variant="primary", compact=True)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self) -> None:
        self.submit()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.submit()

    def submit(self) -> None:  # pragma: no cover - each dialog has its own
        raise NotImplementedError


class ActionItemDialog(Dialog[ActionItem]):
    """Text, owner and a due date in words ("next friday"), read back as you type."""

    def __init__(
        self,
        mentorship: Mentorship,
        *,
        session_id: str | None = None,
        owner_id: str | None = None,
    ) -> None:
        super().__init__()
        self.mentorship = mentorship
        self.session_id = session_id
        mentees = mentorship.people_in(Role.MENTEE)
        self.owner_id = owner_id or (mentees[0] if mentees else mentorship.members[0].person_id)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Add action item", classes="dialog-title")
            yield Label("What will be done?", classes="field-label")
            yield Input(placeholder="Send the draft abstract for comments", id="action-text", compact=True)
            yield Static("", id="text-message", classes="field-message")
            yield Label("Who does it?", classes="field-label")
            yield Select(
                member_options(self.app, self.mentorship),
                compact=True,
                value=self.owner_id,
                allow_blank=False,
                id="action-owner",
            )
            yield DueField(
                "By when? (in words)",
                placeholder="next friday, in 2 weeks, 3 Dec",
                input_id="action-due",
                message_id="due-message",
            )
            yield from self.buttons("Add")

    @on(Input.Changed, "#action-text")
    def _text_changed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self.set_message("#text-message", "", error=False)

    def submit(self) -> None:
        read = self.text_and_due("#action-text", "#text-message", "Type what will be done.")
        if read is None:
            return
        text, due = read
        owner = self.query_one("#action-owner", Select).value
        item = ActionItem(
            mentorship_id=self.mentorship.id,
            text=text,
            owner_id=str(owner),
            due=due,
            session_id=self.session_id,
        )
        self.save_and_close(
            lambda: self.app.repo.actions.save(item),
            lambda saved: f"Action item added for {self.app.person_name(saved.owner_id)}.",
        )


def example_date(today: date) -> str:
    """A date a few months ahead for a placeholder: a fixed one would fall in the past."""
    month = today.month + 3
    ahead = date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return f"{ahead.day} {ahead:%b %Y}"


class GoalDialog(Dialog[Goal]):
    # The title first, whoever opens it: otherwise the first focusable is the scrolling
    # field list, and what is typed before Tab is lost.
    AUTO_FOCUS = "#goal-title"

    def __init__(self, mentorship: Mentorship, *, owner_id: str | None = None) -> None:
        super().__init__()
        self.mentorship = mentorship
        mentees = mentorship.people_in(Role.MENTEE)
        self.owner_id = owner_id or (mentees[0] if mentees else mentorship.members[0].person_id)

    def title_field(self, title: str = "") -> ComposeResult:
        yield Label("Goal (specific: what, exactly?)", classes="field-label")
        yield Input(title, placeholder="Submit the registry paper to a journal", id="goal-title", compact=True)
        yield Static("", id="title-message", classes="field-message")

    def owner_and_category(self, owner_id: str, category: str) -> ComposeResult:
        """Two columns of a field row: whose goal it is (first names, as the row is narrow)
        and its category."""
        with Vertical():
            yield Label("Whose goal?", classes="field-label")
            yield Select(
                member_options(self.app, self.mentorship, first_names=True),
                compact=True,
                value=owner_id,
                allow_blank=False,
                id="goal-owner",
            )
        with Vertical():
            yield Label("Category", classes="field-label")
            yield Select(
                [(c, c) for c in GOAL_CATEGORIES],
                compact=True,
                value=category if category in GOAL_CATEGORIES else "other",
                allow_blank=False,
                id="goal-category",
            )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Add goal", classes="dialog-title")
            yield from self.title_field()
            with Horizontal(classes="field-row"):
                yield from self.owner_and_category(self.owner_id, "other")
            yield Label("How will you know it is done? (measurable)", classes="field-label")
            yield Input(placeholder="Manuscript submitted", id="goal-measure", compact=True)
            yield DueField(
                "By when? (time-bound, in words)",
                placeholder=f"end of next month, {example_date(self.app.today())}",
                input_id="goal-due",
                message_id="goal-due-message",
            )
            yield from self.buttons("Add goal")

    def submit(self) -> None:
        read = self.text_and_due("#goal-title", "#title-message", "Give the goal a title.")
        if read is None:
            return
        title, due = read
        goal = Goal(
            mentorship_id=self.mentorship.id,
            owner_id=str(self.query_one("#goal-owner", Select).value),
            title=title,
            category=str(self.query_one("#goal-category", Select).value),
            measurable=self.query_one("#goal-measure", Input).value.strip(),
            time_bound=self.query_one("#goal-due", Input).value.strip(),
            due=due,
        )
        self.save_and_close(
            lambda: self.app.repo.goals.save(goal), lambda saved: f"Goal added: {saved.title}."
        )


class CheckInDialog(Dialog[CheckIn]):
    """A quick goal check-in: which goal, how far along, one line of comment."""

    def __init__(
        self,
        mentorship: Mentorship,
        *,
        session_id: str | None = None,
        author_id: str | None = None,
        goal_id: str | None = None,
    ) -> None:
        super().__init__()
        self.mentorship = mentorship
        self.session_id = session_id
        self.author_id = author_id
        self.goal_id = goal_id
        self.goals: list[Goal] = []

    def compose(self) -> ComposeResult:
        self.goals = [
            g
            for g in self.app.repo.goals.list(self.mentorship.id)
            if g.status in (GoalStatus.OPEN, GoalStatus.IN_PROGRESS)
        ]
        with Vertical(classes="dialog"):
            yield Label("Goal check-in", classes="dialog-title")
            if not self.goals:
                yield Static(
                    "There are no open goals yet. Add one with Add goal (ctrl+p).",
                    classes="field-hint",
                )
                with Horizontal(classes="dialog-buttons"):
                    yield Button("Close", id="cancel", variant="primary", compact=True)
                return
            open_ids = [g.id for g in self.goals]
            first = self.goal_id if self.goal_id in open_ids else open_ids[0]
            yield Label("Goal", classes="field-label")
            yield Select(
                [(f"{g.title} ({g.progress}%)", g.id) for g in self.goals],
                compact=True,
                value=first,
                allow_blank=False,
                id="checkin-goal",
            )
            yield Label("Progress now (0-100 %)", classes="field-label")
            yield Input(
                value=str(self._goal(first).progress),
                compact=True,
                id="checkin-progress",
                type="integer",
                max_length=3,
            )
            yield Static("", id="progress-message", classes="field-message")
            yield Label("Comment (optional)", classes="field-label")
            yield Input(placeholder="Analysis plan drafted", id="checkin-comment", compact=True)
            yield from self.buttons("Save check-in")

    def _goal(self, goal_id: str) -> Goal:
        return next(g for g in self.goals if g.id == goal_id)

    @on(Select.Changed, "#checkin-goal")
    def _goal_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.query_one("#checkin-progress", Input).value = str(
                self._goal(event.value).progress
            )

    def _progress(self) -> int | None:
        text = self.query_one("#checkin-progress", Input).value.strip()
        if not text.isdigit() or not 0 <= int(text) <= 100:
            self.set_message(
                "#progress-message", "Progress is a whole number from 0 to 100.", error=True
            )
            return None
        self.set_message("#progress-message", "", error=False)
        return int(text)

    def submit(self) -> None:
        if not self.goals:
            self.dismiss(None)
            return
        progress = self._progress()
        if progress is None:
            return
        goal_id = str(self.query_one("#checkin-goal", Select).value)
        checkin = CheckIn(
            goal_id=goal_id,
            progress=progress,
            comment=self.query_one("#checkin-comment", Input).value.strip(),
            session_id=self.session_id,
            author_id=self.author_id,
        )
        try:
            self.app.repo.goals.add_checkin(checkin)
        except UserError as exc:
            self.app.show_error(exc)
            return
        self.app.notify(f"Checked in: {self._goal(goal_id).title} at {progress}%.")
        self.dismiss(checkin)


class ConfirmDialog(Dialog[bool]):
    def __init__(self, question: str, yes: str = "Yes", no: str = "Not yet") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small"):
            yield Static(self.question, classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.no, id="cancel", compact=True)
                yield Button(self.yes, id="submit", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#submit", Button).focus()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def submit(self) -> None:
        self.dismiss(True)


class ReadingDialog(Dialog[None]):
    """Text to read whole, scrolled with the arrow keys; enter or escape closes it."""

    AUTO_FOCUS = "#reading"

    def __init__(self, title: str, text: Content) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-tall"):
            yield Label(self.title_text, classes="dialog-title")
            with VerticalScroll(id="reading"):
                yield Static(self.text, id="reading-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="submit", variant="primary", compact=True)

    def key_enter(self) -> None:
        self.submit()

    def submit(self) -> None:
        self.dismiss(None)


class SkillRatingDialog(Dialog[SkillRating]):
    """Reverse mentoring: the mentor's own rating of a digital skill, before and after."""

    @on(OptionList.OptionSelected, "#skill-topic")
    def _topic_chosen(self) -> None:
        self.focus_next()  # enter on a topic moves on to the ratings

    def __init__(self, session_id: str, person_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.person_id = person_id

    def compose(self) -> ComposeResult:
        from mentor_tui import paths
        from mentor_tui.core.catalogue import load_topics

        try:
            self.topics = load_topics(paths.prompts_dir(), paths.user_prompts_dir())
        except UserError as exc:
            self.topics = []
            self.app.show_error(exc)
        existing = self.app.repo.feedback.skill_ratings(session_id=self.session_id)
        self.existing = {r.topic_key: r for r in existing if r.person_id == self.person_id}
        first = next(iter(self.existing.values()), None)
        scale = [(f"{n} of 5", n) for n in range(1, 6)]
        with Vertical(classes="dialog"):
            yield Label(f"Skill rating: {self.app.person_name(self.person_id)}", classes="dialog-title")
            yield Label("Topic the mentee teaches (up and down to choose)", classes="field-label")
            # A list inside the dialog, not a drop-down: the catalogue is long, and a
            # drop-down's overlay drew past the dialog over the session.
            topics = OptionList(
                *[Option(t.title, id=t.key) for t in self.topics],
                id="skill-topic",
                compact=True,
            )
            keys = [t.key for t in self.topics]
            if first and first.topic_key in keys:
                topics.highlighted = keys.index(first.topic_key)
            elif keys:
                topics.highlighted = 0
            yield topics
            with Horizontal(classes="field-row"):
                with Vertical():
                    yield Label("Skill before (1-5)", classes="field-label")
                    yield Select(scale, value=first.before if first and first.before else Select.NULL, id="skill-before", compact=True)
                with Vertical():
                    yield Label("Skill after (1-5)", classes="field-label")
                    yield Select(scale, value=first.after if first and first.after else Select.NULL, id="skill-after", compact=True)
            yield Static("", id="skill-message", classes="field-message")
            yield from self.buttons("Save rating")

    def submit(self) -> None:

        topics = self.query_one("#skill-topic", OptionList)
        index = topics.highlighted
        topic_key = self.topics[index].key if index is not None and self.topics else None
        if topic_key is None:
            self.set_message("#skill-message", "Pick a topic.", error=True)
            return
        before = self.query_one("#skill-before", Select).value
        after = self.query_one("#skill-after", Select).value
        title = next(t.title for t in self.topics if t.key == topic_key)
        rating = self.existing.get(topic_key) or SkillRating(
            self.session_id, self.person_id, topic_key, title
        )
        rating.before = before if isinstance(before, int) else None
        rating.after = after if isinstance(after, int) else None
        try:
            self.app.repo.feedback.save_skill_rating(rating)
        except UserError as exc:
            self.app.show_error(exc)
            return
        self.app.notify(f"Skill rating saved for {title}.")
        self.dismiss(rating)


class MailPasswordDialog(Dialog[str]):
    """The mail server's password, masked, for one sending (render/sending.py keeps it in the
    system keyring once the server accepts it, never in a file of ours)."""

    def __init__(self, user: str, host: str) -> None:
        super().__init__()
        self.user = user
        self.host = host

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small"):
            yield Static("Mail password", classes="dialog-title")
            yield Static(
                f"The password of {fmt.printable(self.user)} on {fmt.printable(self.host)}.",
                classes="dialog-question",
                markup=False,
            )
            yield Input(password=True, id="mail-password", compact=True)
            yield Static("", id="mail-password-message", classes="field-message")
            yield from self.buttons("Send")

    def on_mount(self) -> None:
        self.query_one("#mail-password", Input).focus()

    def submit(self) -> None:
        value = self.query_one("#mail-password", Input).value
        if not value:
            self.set_message("#mail-password-message", "Type the password first.", error=True)
            return
        self.dismiss(value)


class TimeZoneDialog(Dialog[str]):
    """The zone the person typing reads meeting times in, by IANA name; empty: this computer's
    (under `serve`, the SSH client's). Returns the name saved, "" for none."""

    def __init__(self, person_id: str, current: str | None, local: str) -> None:
        super().__init__()
        self.person_id = person_id
        self.current = current or ""
        self.local = local

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small"):
            yield Label("Your time zone", classes="dialog-title")
            yield Static(
                "Meeting times on Home, in emails and invites are shown in it. A name such "
                f"as Europe/Berlin; empty uses this computer's ({self.local}).",
                classes="dialog-question",
                markup=False,
            )
            yield Input(self.current, placeholder="Europe/Berlin", id="time-zone",
                        compact=True, suggester=_ZoneSuggester())  # fmt: skip
            yield Static("", id="time-zone-message", classes="field-message")
            yield from self.buttons("Save")

    def on_mount(self) -> None:
        self.query_one("#time-zone", Input).focus()

    def submit(self) -> None:
        zone = self.query_one("#time-zone", Input).value.strip()

        def save() -> str:
            self.app.repo.meetings.set_time_zone(self.person_id, zone or None)
            return zone

        self.save_and_close(
            save,
            lambda saved: f"Times are shown in {saved or self.local} from now on.",
            under="#time-zone-message",
        )


class _ZoneSuggester(Suggester):
    """Completes a zone name as it is typed (Europe/Ber → Europe/Berlin), from the zones this
    system knows; they are listed the first time a suggestion is asked for."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)
        self._zones: list[str] | None = None

    async def get_suggestion(self, value: str) -> str | None:
        if self._zones is None:
            import zoneinfo

            self._zones = sorted(zoneinfo.available_timezones())
        folded = value.casefold()
        return next((z for z in self._zones if z.casefold().startswith(folded)), None)


class TalkingPointDialog(Dialog[TalkingPoint]):
    """One line to raise at the next meeting, written as the person typing."""

    def __init__(self, mentorship: Mentorship) -> None:
        super().__init__()
        self.mentorship = mentorship

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small"):
            yield Label("Add talking point", classes="dialog-title")
            yield Label(
                f"What do you want to raise with {self._partner()} next time?",
                classes="field-label",
            )
            yield Input(placeholder="Whether to apply for the lectureship", id="point-text",
                        compact=True, max_length=MAX_POINT_CHARS)  # fmt: skip
            yield Static("", id="point-message", classes="field-message")
            yield from self.buttons("Add")

    def _partner(self) -> str:
        me = self.app.repo.actor_id
        others = [m.person_id for m in self.mentorship.members if m.person_id != me]
        names = [fmt.first_name(self.app.person_name(p)) for p in others]
        return " and ".join(names) or "your partner"

    def submit(self) -> None:
        text = self.query_one("#point-text", Input).value
        if not text.strip():
            self.set_message("#point-message", "Type what you want to raise.", error=True)
            return
        self.save_and_close(
            lambda: self.app.repo.points.add(self.mentorship.id, text),
            lambda _: f"Talking point added for {fmt.printable(self.mentorship.title)}.",
            under="#point-message",
        )


class DueDialog(Dialog[ActionItem]):
    """A new due day for an action item, in words; empty clears it."""

    def __init__(self, item: ActionItem) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small"):
            yield Label("Change due date", classes="dialog-title")
            yield Static(fmt.printable(self.item.text), classes="dialog-question")
            yield DueField(
                "By when? (in words; empty: no date)",
                placeholder="next friday, in 2 weeks, 3 Dec",
                input_id="due-words",
                message_id="due-message",
                kept=self.item.due,
                shown=self.item.due.isoformat() if self.item.due else "",
            )
            yield from self.buttons("Change")

    def submit(self) -> None:
        ok, due = self.query_one(DueField).read()
        if not ok:
            return
        self.save_and_close(
            lambda: self.app.repo.actions.set_due(self.item.id, due),
            lambda saved: f"Due {fmt.due_words(saved.due, self.app.today())}: {fmt.printable(saved.text)}",
            under="#due-message",
        )


class OwnerDialog(Dialog[ActionItem]):
    """Hand an action item to another member of its mentorship."""

    def __init__(self, item: ActionItem, mentorship: Mentorship) -> None:
        super().__init__()
        self.item = item
        self.mentorship = mentorship

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small"):
            yield Label("Reassign action item", classes="dialog-title")
            yield Static(fmt.printable(self.item.text), classes="dialog-question")
            yield Label("Who does it now?", classes="field-label")
            yield Select(
                member_options(self.app, self.mentorship),
                compact=True,
                value=self.item.owner_id,
                allow_blank=False,
                id="new-owner",
            )
            yield from self.buttons("Reassign")

    def on_mount(self) -> None:
        self.query_one("#new-owner", Select).focus()

    def submit(self) -> None:
        owner = str(self.query_one("#new-owner", Select).value)
        self.save_and_close(
            lambda: self.app.repo.actions.assign(self.item.id, owner),
            lambda saved: f"{fmt.printable(self.app.person_name(owner))} now owns: {fmt.printable(saved.text)}",
        )
