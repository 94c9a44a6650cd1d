"""The mentoring agreement (compact): what the pair agreed, and when they look at it again.

The fields follow the CIMER and AAMC compacts: what the mentorship is for, how often and
how long you meet, how you reach each other in between, confidentiality, feedback, a
no-fault way to end it, and a review date typed in words ("in 6 months"). Everything is
saved as you type; F5 records a review today and sets the next one.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Label, Static, TextArea

from mentor_tui.core.agreement import agreement_review_message
from mentor_tui.core.errors import DateError, UserError
from mentor_tui.core.models import Agreement
from mentor_tui.tui import fmt, keymap
from mentor_tui.tui.commands import Command
from mentor_tui.tui.widgets.common.due_field import parse_due_or_none
from mentor_tui.tui.widgets.common.topbar import TopBar

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

SAVE_DELAY = 0.5
DEFAULT_REVIEW_MONTHS = 6

AGREEMENT_FIELDS = (
    ("goals", "What this mentorship is for"),
    ("meeting_frequency", "How often we meet"),
    ("meeting_length", "How long a meeting lasts"),
    ("between_meetings", "How we reach each other between meetings"),
    ("confidentiality", "Confidentiality"),
    ("feedback", "How we give feedback"),
    ("ending", "A no-fault way to end it"),
)


def review_after_months() -> int:
    """The programme's rhythm for reviews (prompts/agreement.toml), else six months."""
    from mentor_tui import paths
    from mentor_tui.core.catalogue import load_agreement_template

    try:
        template = load_agreement_template(paths.prompts_dir(), paths.user_prompts_dir())
    except UserError:
        return DEFAULT_REVIEW_MONTHS
    return template.review_after_months or DEFAULT_REVIEW_MONTHS


class AgreementScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = ["forms.tcss", "agreement.tcss"]
    BINDINGS = [*keymap.AGREEMENT]
    AUTO_FOCUS = "#agreement-goals"
    PALETTE = [
        Command("Agreement reviewed today", "Record a review today and set the next date", "reviewed"),
        Command(
            "Agreement review date", "When to look at the agreement again, in words", "focus_review"
        ),
    ]

    def __init__(self, mentorship_id: str) -> None:
        super().__init__()
        self.mentorship_id = mentorship_id
        self._save_timer: Timer | None = None
        self._ready = False
        self.review_date: date | None = None
        self.review_ok = True

    def compose(self) -> ComposeResult:
        self.mentorship = self.app.repo.mentorships.get(self.mentorship_id)
        agreement = self.mentorship.agreement or Agreement()
        self.review_date = agreement.review_date
        self._review_text = fmt.day(agreement.review_date) if agreement.review_date else ""
        yield TopBar(f"Agreement · {self.mentorship.title}")
        yield Static(id="agreement-notice", classes="banner")
        with VerticalScroll(id="agreement-form"):
            for name, label in AGREEMENT_FIELDS:
                with Vertical(classes="agreement-field"):
                    yield Label(label, classes="field-label")
                    yield TextArea(
                        getattr(agreement, name),
                        id=f"agreement-{name}",
                        classes="agreement-text",
                        soft_wrap=True,
                        compact=True,
                        tab_behavior="focus",
                    )
            with Vertical(classes="agreement-field"):
                yield Label("Review it again on (in words)", classes="field-label")
                yield Input(
                    self._review_text,
                    placeholder="in 6 months, 1 Nov, end of next month",
                    id="agreement-review",
                    compact=True,
                )
                yield Static(
                    self._review_words(self.review_date),
                    id="review-message",
                    classes="field-message",
                )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._show_notice()
        self.call_after_refresh(self._mark_ready)

    def _mark_ready(self) -> None:
        self._ready = True
        self.query_one("#agreement-form").scroll_home(animate=False)

    def _review_words(self, review: date | None) -> str:
        if review is None:
            return "No review date: type one, such as “in 6 months”."
        return fmt.read_back(review, self.app.today())

    def _show_notice(self) -> None:
        agreement = Agreement(review_date=self.review_date)
        message = agreement_review_message(agreement, self.app.today())
        notice = self.query_one("#agreement-notice", Static)
        if message:
            notice.update(Content.assemble((message, "bold"), "  F5: reviewed today."))
        notice.display = bool(message)
        if self.review_date:
            status = f"Next review {fmt.short_day(self.review_date, self.app.today())}"
        else:
            status = "No review date"
        self.query_one(TopBar).set_status(status)

    # -- saving --------------------------------------------------------------------------

    def _agreement(self) -> Agreement:
        values = {
            name: self.query_one(f"#agreement-{name}", TextArea).text.strip()
            for name, _ in AGREEMENT_FIELDS
        }
        return Agreement(**values, review_date=self.review_date)

    def save(self) -> bool:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        try:
            self.app.repo.mentorships.set_agreement(self.mentorship_id, self._agreement())
        except UserError as exc:
            self.app.show_error(exc)
            return False
        self._show_notice()
        return True

    def _save_soon(self) -> None:
        if not self._ready:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save)

    @on(TextArea.Changed)
    def _text_changed(self) -> None:
        self._save_soon()

    @on(Input.Changed, "#agreement-review")
    def _review_changed(self, event: Input.Changed) -> None:
        field = self.query_one("#agreement-review", Input)
        message = self.query_one("#review-message", Static)
        text = event.value
        if self.mentorship.agreement and text.strip() == self._review_text:
            review = self.mentorship.agreement.review_date  # unchanged, even if past by now
        else:
            try:
                review = parse_due_or_none(text, self.app.today())
            except DateError as exc:
                message.update(exc.message)
                message.add_class("-error")
                field.add_class("-invalid")
                self.review_ok = False
                return
        self.review_ok = True
        field.remove_class("-invalid")
        message.remove_class("-error")
        message.update(self._review_words(review))
        self.review_date = review
        self._save_soon()

    def on_unmount(self) -> None:
        if self._save_timer is not None:
            self.save()

    # -- actions -------------------------------------------------------------------------

    def action_back(self) -> None:
        if not self.save():
            return
        if not self.review_ok:
            self.notify(
                "The review date could not be read, so the earlier one was kept.",
                severity="warning",
            )
        self.dismiss()

    def action_reviewed(self) -> None:
        months = review_after_months()
        self.review_date = self.app.today() + relativedelta(months=months)
        field = self.query_one("#agreement-review", Input)
        with self.prevent(Input.Changed):
            field.value = fmt.day(self.review_date)
        self._review_text = field.value
        self.review_ok = True
        field.remove_class("-invalid")
        message = self.query_one("#review-message", Static)
        message.remove_class("-error")
        message.update(self._review_words(self.review_date))
        if self.save():
            self.notify(
                f"Reviewed today; the next review is on {fmt.day(self.review_date)} "
                f"(in {months} months)."
            )

    def action_focus_review(self) -> None:
        self.query_one("#agreement-review", Input).focus()
