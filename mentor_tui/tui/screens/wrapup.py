"""Wrap-up: what happened, the action items reviewed, a rating from each member, the next date.

Ratings save as soon as a score is picked; the word and "is this pairing working?" go
with it, and everything is saved again on the way out. The next meeting's date, time,
length and place are proposed (core/meetings.py) and stored as the pair's plan when changed
or on Finish, so Home, the email and the invite show what was agreed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from mentor_tui.core.errors import UserError
from mentor_tui.core.feedback import Rating
from mentor_tui.core.models import Member, Mentorship, Session
from mentor_tui.tui import fmt, keymap
from mentor_tui.tui.commands import COMMANDS, Command
from mentor_tui.tui.widgets.common.ticklist import TickList
from mentor_tui.tui.widgets.common.topbar import TopBar
from mentor_tui.tui.widgets.next_meeting import NextMeetingForm

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

SCORES = [
    ("5 · great", 5),
    ("4 · good", 4),
    ("3 · fine", 3),
    ("2 · not much", 2),
    ("1 · wasted", 1),
]
WORKING = [("Yes", "yes"), ("Not sure", "unsure"), ("No", "no")]


def session_summary(app: MentorApp, session: Session, mentorship: Mentorship) -> Content:
    repo = app.repo
    elapsed = [repo.sessions.elapsed(s, session.ended_at) for s in session.sections]
    notes = repo.notes.count(session.id)
    checkins = repo.goals.checkins_for_session(session.id)
    started = fmt.local_date(session.started_at)
    parts: list[fmt.Piece] = [
        (session.agenda_name, "bold"),
        f" · {fmt.short_day(started, app.today()) if started else ''}\n",
        ("Ran ", "$text-muted"),
        (fmt.duration(sum(elapsed)), "bold"),
        (f" of {fmt.duration(session.planned_minutes * 60)} planned · ", "$text-muted"),
        f"{notes} note{'s' if notes != 1 else ''} · "
        f"{len(checkins)} goal check-in{'s' if len(checkins) != 1 else ''}\n",
    ]
    for section, spent in zip(session.sections, elapsed, strict=False):
        over = spent > section.planned_minutes * 60
        visited = section.started_at is not None
        parts += [
            ("  ✓ " if visited else "  · ", "$text-success" if visited else "$text-muted"),
            f"{section.title} ",
            (
                f"{fmt.duration(spent)} of {fmt.duration(section.planned_minutes * 60)}"
                if visited
                else "skipped",
                "$text-error" if over else "$text-muted",
            ),
            "\n",
        ]
    return Content.assemble(*parts).rstrip()


class RatingRow(Vertical):
    """One member's rating: a score and one optional word, shared with the mentorship; and,
    for the person typing now only, whether the pairing works and a private comment, sealed
    for them (nobody else sees them, here or anywhere)."""

    DEFAULT_CLASSES = "rating-row"

    def __init__(self, person_id: str, label: str, existing: Rating | None, *, mine: bool,
                 private: bool) -> None:
        super().__init__(id=f"rating-{person_id}")
        self.person_id = person_id
        self.label = label
        self.existing = existing
        self.mine = mine
        # The private answers are shown and saved only when their key is open.
        self.private = private

    def compose(self) -> ComposeResult:
        existing = self.existing
        yield Label(self.label, classes="rating-name")
        with Horizontal(classes="rating-fields"):
            yield Select(
                SCORES,
                compact=True,
                prompt="Rate 1-5",
                value=existing.score if existing else Select.NULL,
                id=f"score-{self.person_id}",
                classes="rating-score",
            )
            yield Input(
                existing.word if existing else "",
                compact=True,
                placeholder="one word (optional)",
                id=f"word-{self.person_id}",
                classes="rating-word",
                max_length=40,
            )
            if self.private:
                yield Select(
                    WORKING,
                    compact=True,
                    prompt="Pairing working?",
                    value=(existing.pairing if existing and existing.pairing else Select.NULL),
                    id=f"working-{self.person_id}",
                    classes="rating-working",
                )
        if self.private:
            yield Input(
                existing.private_comment if existing else "",
                compact=True,
                placeholder="a private comment, for you alone (optional)",
                id=f"comment-{self.person_id}",
                classes="rating-comment",
                max_length=200,
            )
        elif self.mine:
            yield Button(
                "Is this pairing working? Answer privately…",
                id="answer-privately",
                compact=True,
            )
        else:
            yield Static(
                "Whether the pairing works for them is theirs to answer, when they type (F2).",
                classes="muted",
            )

    def rating(self, session_id: str) -> Rating | None:
        score = self.query_one(".rating-score", Select).value
        if not isinstance(score, int):
            return None
        pairing, comment = None, ""
        if self.private:
            working = self.query_one(".rating-working", Select).value
            pairing = working if isinstance(working, str) else None
            comment = self.query_one(".rating-comment", Input).value.strip()
        return Rating(
            session_id=session_id,
            person_id=self.person_id,
            score=score,
            word=self.query_one(".rating-word", Input).value.strip(),
            pairing=pairing,
            private_comment=comment,
        )


class WrapUpScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = ["forms.tcss", "wrapup.tcss"]
    BINDINGS = [*keymap.WRAPUP]
    PALETTE = [
        Command("Copy calendar invite", "Copy the next meeting's .ics to the clipboard", "copy_invite"),
        Command("Finish", "Save the wrap-up and go back Home", "done"),
        COMMANDS["end_session"].not_here("This session has ended; Finish goes back Home."),
    ]

    def __init__(self, session_id: str, *, from_history: bool = False) -> None:
        super().__init__()
        self.session_id = session_id
        self.from_history = from_history

    def compose(self) -> ComposeResult:
        app = self.app
        repo = app.repo
        self.session = repo.sessions.get(self.session_id)
        self.mentorship = repo.mentorships.get(self.session.mentorship_id)
        # Each rating read and saved as its rater: the private answer is theirs alone.
        # Each rating read and saved as its rater: the private answers are theirs alone.
        self._ratings = {
            m.person_id: self._own_rating(m.person_id)
            for m in self.mentorship.members
            if app.repo_for(m.person_id) is not None
        }
        ratings = self._ratings
        yield TopBar(f"Wrap-up · {self.mentorship.title}")
        with VerticalScroll(id="wrapup"):
            yield Static(session_summary(app, self.session, self.mentorship), id="summary")
            yield Label("Action items: tick what is done", classes="heading")
            yield TickList[str](id="action-items")  # ✓ or blank, not colour alone
            yield Static("", id="items-empty", classes="muted")
            yield Label("How was it? Each of you, a score from 1 to 5", classes="heading")
            yield Static(
                "Score · one word (optional), seen by both of you · is this pairing working "
                "for you? (yours alone, encrypted)",
                classes="muted",
            )
            with Vertical(id="ratings"):
                for member in self.mentorship.members:
                    if member.person_id not in ratings:
                        yield Static(
                            f"{app.person_name(member.person_id)} ({member.role.value}) rates "
                            "from their own screen.",
                            classes="muted",
                            markup=False,
                        )
                        continue
                    yield self._rating_row(member)
            yield Label("Next meeting", classes="heading")
            yield NextMeetingForm(self.mentorship, self.session, id="next-meeting")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add action item", id="add-item", compact=True)
                yield Button("Follow-up email", id="followup", compact=True)
                yield Button("Finish", id="finish", variant="primary", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._load_items()
        self.query_one("#action-items", SelectionList).focus()

    def _load_items(self) -> None:
        app = self.app
        today = app.today()
        repo = app.repo
        open_items = repo.actions.list(self.mentorship.id, open_only=True)
        new_here = repo.actions.list(session_id=self.session_id)
        seen: set[str] = set()
        items = []
        for item in [*new_here, *open_items]:
            if item.id not in seen and not item.dropped:  # dropped: no longer to tick
                seen.add(item.id)
                items.append(item)
        selection = self.query_one("#action-items", SelectionList)
        selection.clear_options()
        self._done = {item.id: item.done for item in items}
        for item in items:
            new = item.session_id == self.session_id
            label = Content.assemble(
                ("NEW " if new else "", "bold $text-accent"),
                item.text,
                (
                    f"  {fmt.first_name(app.person_name(item.owner_id))}, {fmt.due_words(item.due, today)}",
                    "$text-error" if item.overdue(today) else "$text-muted",
                ),
            )
            selection.add_option(Selection(label, item.id, item.done))
        selection.display = bool(items)
        if items:
            selection.highlighted = 0
        empty = self.query_one("#items-empty", Static)
        empty.update("" if items else "No action items: add one with the button below.")
        empty.display = not items

    @on(SelectionList.SelectedChanged, "#action-items")
    def _ticked(self, event: SelectionList.SelectedChanged[str]) -> None:
        """Save each item whose tick changed (the list reports the whole selection)."""
        selected = set(event.selection_list.selected)
        for item_id, done in list(self._done.items()):
            now_done = item_id in selected
            if now_done != done:
                try:
                    self.app.repo.actions.set_done(item_id, now_done)
                except UserError as exc:
                    self.app.show_error(exc)
                    continue
                self._done[item_id] = now_done

    def _rating_row(self, member: Member) -> RatingRow:
        app = self.app
        mine = app.me is not None and member.person_id == app.me.id
        own = app.repo_for(member.person_id)
        return RatingRow(
            member.person_id,
            f"{app.person_name(member.person_id)} ({member.role.value})",
            self._ratings.get(member.person_id),
            mine=mine,
            private=mine and own is not None and own.private_key is not None,
        )

    @on(Button.Pressed, "#answer-privately")
    def _answer_privately(self) -> None:
        """Open the typist's key (or offer a passphrase), then show their private fields."""
        app = self.app
        me = app.me
        if me is None:
            return

        async def reopen() -> None:
            row = self.query_one(f"#rating-{me.id}", RatingRow)
            self._save(row)
            self._ratings[me.id] = self._own_rating(me.id)
            member = next(m for m in self.mentorship.members if m.person_id == me.id)
            fresh = self._rating_row(member)
            await row.remove()
            await self.query_one("#ratings").mount(fresh)

        app.with_private_key(lambda: self.run_worker(reopen()))

    def _own_rating(self, person_id: str) -> Rating | None:
        own = self.app.repo_for(person_id)
        if own is None:
            return None
        found = [r for r in own.feedback.ratings(self.session_id) if r.person_id == person_id]
        return found[0] if found else None

    @on(Select.Changed, ".rating-score")
    @on(Select.Changed, ".rating-working")
    @on(Input.Submitted, ".rating-word")
    @on(Input.Blurred, ".rating-word")
    @on(Input.Submitted, ".rating-comment")
    @on(Input.Blurred, ".rating-comment")
    def _rating_changed(self, event: Select.Changed | Input.Submitted | Input.Blurred) -> None:
        row = next(a for a in event.control.ancestors if isinstance(a, RatingRow))
        self._save(row)

    def _save(self, row: RatingRow) -> bool:
        rating = row.rating(self.session_id)
        if rating is None:
            return True
        own = self.app.repo_for(row.person_id)
        if own is None:
            return True
        try:
            own.feedback.save_rating(rating, private=row.private)
        except UserError as exc:
            self.app.show_error(exc)
            return False
        return True

    def save_all(self, *, finishing: bool = False) -> bool:
        rated = all([self._save(row) for row in self.query(RatingRow)])
        form = self.query_one(NextMeetingForm)
        planned = form.save(force=finishing and not self.from_history)
        return rated and planned

    def missing_ratings(self) -> list[str]:
        return [
            self.app.person_name(row.person_id)
            for row in self.query(RatingRow)
            if row.rating(self.session_id) is None
        ]

    @on(Button.Pressed, "#add-item")
    def action_add_action_item(self) -> None:
        from mentor_tui.tui.screens.dialogs import ActionItemDialog

        self.app.push_screen(
            ActionItemDialog(self.mentorship, session_id=self.session_id),
            lambda _: self._load_items(),
        )

    @on(Button.Pressed, "#followup")
    def action_followup_email(self) -> None:
        self.save_all()
        self.app.open_followup(self.session_id)

    @on(Button.Pressed, "#finish")
    def action_done(self) -> None:
        if not self.save_all(finishing=True):
            return
        missing = self.missing_ratings()
        if missing:
            self.notify(
                f"No rating from {', '.join(missing)}; add it later from History (w).",
                timeout=4,
            )
        if self.from_history:
            self.dismiss()
        else:
            self.app.action_go_home()

    def on_screen_suspend(self) -> None:
        self.save_all()

    def action_calendar_invite(self) -> None:
        self.query_one(NextMeetingForm).write_invite()

    def action_copy_invite(self) -> None:
        self.query_one(NextMeetingForm).copy_invite()
