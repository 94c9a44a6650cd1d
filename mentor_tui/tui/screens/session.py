"""The session: agenda on the left, the section's prompts and the notes on the right.

Notes save as you type: half a second after the last keystroke, and never more than a
second after the first unsaved one; also on every section change, speaker switch, dialog,
screen change and exit. A failed save keeps the text in the editor and says so until a
later save succeeds.

Live (docs/remote.md): the screen joins the session through a LiveSession on the app's
ChangeWatcher. A line under the top bar says who else is here; their shared notes in this
section show above the editor as they type (their live drafts, then their saves); when
someone moves the agenda this screen follows (ctrl+f or "Follow partner" toggles it); a
note row of the speaker's changed in another window is merged by the last-writer-wins
rule, the replaced text kept in a file; another person ending the session is shown in a
banner.

Talking points and action items: the section the agenda marks for them (docs/architecture.md,
"Where to add") lists the pair's open talking points; an action-items section lists the
items carried in from before and those agreed today. ctrl+l goes to that list, where each is
ticked, dropped, moved to next time, handed to the other member or given a new due day. The
list follows the partner's changes too, whichever screen they made them on.

The clock: a 1 s timer redraws the running section's time and the total, and only while
the clock runs and the terminal has focus; a paused, ended or unfocused session costs no
redraws at all.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Markdown, Static, TextArea

from mentor_tui.core.agendas import ITEM_KINDS
from mentor_tui.core.changes import Change
from mentor_tui.core.clock import iso
from mentor_tui.core.errors import UserError
from mentor_tui.core.models import (
    ActionItem,
    Goal,
    GoalStatus,
    Mentorship,
    Mode,
    PointStatus,
    Role,
    SectionRun,
    Session,
    SessionStatus,
    Visibility,
)
from mentor_tui.core.notes import Note
from mentor_tui.core.resources import resources_markdown
from mentor_tui.live.sync import (
    DRAFT_SECONDS,
    LiveDraft,
    LiveSession,
    NoteAction,
    PartnerDrafts,
    presence_summary,
)
from mentor_tui.tui import fmt, keymap
from mentor_tui.tui.commands import COMMANDS, Command
from mentor_tui.tui.drafts import NoteDraft, NoteKey, keep_replaced_text
from mentor_tui.tui.screens.support import load_support
from mentor_tui.tui.widgets.common.topbar import TopBar
from mentor_tui.tui.widgets.session.checklist import POINT, Checklist
from mentor_tui.tui.widgets.session.footer import SessionFooter, footer_cells
from mentor_tui.tui.widgets.session.notes import NoteEditor
from mentor_tui.tui.widgets.session.prompts import prompts_markdown
from mentor_tui.tui.widgets.session.sidebar import SectionRow, SectionSidebar
from mentor_tui.tui.widgets.session.speaker import badge, editor_label

if TYPE_CHECKING:
    from mentor_tui.core.presence import Presence
    from mentor_tui.tui.app import MentorApp

RETRY_SECONDS = 3.0
TICK_SECONDS = 1.0
# Tables whose changes only matter to the prompts of action-item and goal sections.
PROMPT_TABLES = {"action_items", "goals", "checkins"}
# Tables the checklist shows; their changes count whatever session they are logged under
# (a point added on Home has none, an old item is logged under the session it came from).
CHECKLIST_TABLES = {"talking_points", "action_items"}


class SessionScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = "session.tcss"
    BINDINGS = [*keymap.SESSION]
    AUTO_FOCUS = "#note-editor"
    PALETTE = [
        Command("Go to talking points and items", "The list of this section", "focus_checklist"),
        Command("Tick talking point or action item", "Done, or open again (space in the list)",
                "act_on_entry('tick')"),
        Command("Drop talking point or action item",
                "No longer needed; kept in history (x in the list)", "act_on_entry('drop')"),
        Command("Move talking point to next time",
                "It stays open for the next meeting (n in the list)", "act_on_entry('later')"),
        Command("Reassign action item", "Hand it to the other member (o in the list)",
                "act_on_entry('owner')"),
        Command("Change due date", "A new due day for the action item (t in the list)",
                "act_on_entry('due')"),
        Command("Go to the sections", "The agenda's sections, to move between them",
                "focus_sidebar"),
        COMMANDS["start_session"].not_here("This session is still open; End session first."),
        COMMANDS["resume_session"].not_here("You are in the session already."),
        COMMANDS["followup_email"].not_here(
            "The follow-up email is written after the session: End session first."
        ),
    ]  # fmt: skip

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.session: Session | None = None
        self.mentorship: Mentorship | None = None
        self.speakers: list[tuple[str, Role]] = []
        self.speaker_index = 0
        self.private = False
        self.draft: NoteDraft | None = None
        self._save_timer: Timer | None = None
        # The section this screen shows: the session's, unless it stopped following.
        self.position = 0
        self.live: LiveSession | None = None
        self._ticker: Timer | None = None
        self._someone_was_here = False
        self._gone = False
        self._unwatch_lists: Callable[[], None] | None = None
        self._item_order: dict[str, int] = {}
        # The partner's app (on this host) gets the note as typed once the keys already read
        # are handled: one datagram for a pasted word, sent before this app draws its own
        # echo. A plain event-loop callback: a Textual timer's message came tens of
        # milliseconds late under load, and a 10 ms delay cost 13 ms at p50 (bench.remote).
        self._typing_timer: asyncio.Handle | None = None
        self.partner_drafts = PartnerDrafts()
        self._drafts_timer: Timer | None = None

    # -- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        repo = self.app.repo
        self.session = repo.sessions.get(self.session_id)
        self.mentorship = repo.mentorships.get(self.session.mentorship_id)
        self.speakers = [(m.person_id, m.role) for m in self.mentorship.members]
        # Who types first: the person the app runs as, else whoever typed last (a resumed
        # session carries on with the same speaker), else the first mentor.
        # Only people signed in to this app can type here; a resumed session carries on with
        # whoever typed last if they are, else with the person who opened it.
        app = self.app
        assert app.me is not None  # a session is opened by someone signed in
        last = repo.notes.last_author(self.session_id)
        first = last if last and app.is_signed_in(last) and not app.alone else app.me.id
        self.speaker_index = next(
            (i for i, (pid, _) in enumerate(self.speakers) if pid == first), 0
        )
        if self.speakers and app.is_signed_in(self.speaker_id):
            app.switch_to(self.speaker_id)
        self.position = self.session.current_section
        yield TopBar(self._title())
        with Horizontal(id="presence"):
            yield Static(id="presence-people")
            yield Static(id="presence-follow")
        with Horizontal(id="session-body"):
            yield SectionSidebar(self.session, id="sidebar")
            with Vertical(id="session-main"):
                with VerticalScroll(id="prompts"):
                    yield Markdown(id="prompts-text")
                yield Checklist(id="checklist")
                yield Static(id="others-notes")
                yield Static(id="live-banner", classes="banner")
                yield Static(id="save-warning", classes="banner -error")
                yield Static(id="note-label")
                yield NoteEditor(id="note-editor", soft_wrap=True, tab_behavior="focus")
        yield SessionFooter(compact=True, hidden=self._footer_hides)

    async def on_mount(self) -> None:
        self._enter_speaker()
        self._show_section()
        self.tick()
        self._ticker = self.set_interval(TICK_SECONDS, self.tick, pause=True)
        self._update_ticker()
        self.watch(self.app, "app_focus", self._app_focus_changed, init=False)
        watcher = self.app.watcher
        if watcher is not None:
            self._unwatch_lists = watcher.subscribe(self._list_changes)
        await self._go_live()

    def _title(self) -> str:
        assert self.session is not None and self.mentorship is not None
        section = self.current_section
        return (
            f"{self.session.agenda_name} · {section.position + 1}/{len(self.session.sections)} "
            f"{section.title}"
        )

    @property
    def current_section(self) -> SectionRun:
        """The section this screen shows (and the speaker writes in)."""
        assert self.session is not None
        return self.session.sections[self.position]

    @property
    def clock_section(self) -> SectionRun:
        """The section the session is in: the one whose clock runs."""
        assert self.session is not None
        return self.session.sections[self.session.current_section]

    @property
    def ended(self) -> bool:
        return self.session is not None and self.session.status == SessionStatus.ENDED

    @property
    def speaker_id(self) -> str:
        return self.speakers[self.speaker_index][0]

    @property
    def speaker_role(self) -> Role:
        return self.speakers[self.speaker_index][1]

    # -- the clock -----------------------------------------------------------------------

    def tick(self) -> None:
        if self.session is None or self._gone:
            return
        at = iso(self.app.now())
        elapsed = [self.app.repo.sessions.elapsed(s, at) for s in self.session.sections]
        running = self.clock_section.running_since is not None
        self.query_one(SectionSidebar).show(self.session, elapsed, running, self.position)

    def _clock_running(self) -> bool:
        return (
            self.session is not None
            and not self.ended
            and self.clock_section.running_since is not None
        )

    def _update_ticker(self) -> None:
        """Tick once a second only while there is a clock to show moving."""
        if self._ticker is None:
            return
        if self._clock_running() and self.app.app_focus:
            self._ticker.resume()
        else:
            self._ticker.pause()

    def _app_focus_changed(self, focused: bool) -> None:
        if focused:
            self.tick()
        self._update_ticker()

    def _set_session(self, session: Session) -> None:
        """A fresh copy of the session (after a move, a pause, or another process's change)."""
        self.session = session
        self.position = min(self.position, len(session.sections) - 1)
        self._update_ticker()
        self.tick()

    # -- showing the section and the speaker --------------------------------------------

    def _show_section(self) -> None:
        self._show_prompts()
        self.query_one("#prompts", VerticalScroll).scroll_home(animate=False)
        self.query_one(TopBar).set_title(self._title())
        self._show_others()

    def _show_prompts(self) -> None:
        section = self.current_section
        assert self.session is not None and self.mentorship is not None  # set by on_mount
        app = self.app
        names = {pid: app.person_name(pid) for pid, _ in self.speakers}
        items: list[ActionItem] | None = None
        goals: list[Goal] | None = None
        listed = self._show_checklist(names)
        if section.kind in ITEM_KINDS and not listed:
            items = []  # the prompts say "none"
        if section.kind == "goals-review":
            goals = [
                g
                for g in app.repo.goals.list(self.mentorship.id)
                if g.status in (GoalStatus.OPEN, GoalStatus.IN_PROGRESS)
            ]
        skills = None
        lesson = next(
            (s.position for s in self.session.sections if s.kind == "reverse-mentoring"), None
        )
        if lesson is not None and section.position <= lesson:
            skills = app.repo.feedback.skill_ratings(session_id=self.session_id)
        notes, resources = self._for_the_mentor(section)
        markdown = prompts_markdown(
            section, items=items, goals=goals, names=names, today=app.today(), skills=skills,
            mentor_notes=notes, resources=resources,
        )  # fmt: skip
        if self._is_points_section() and not any(
            entry.kind == POINT for entry in self.query_one(Checklist).entries.values()
        ):
            markdown += "\n- *No talking points raised; ctrl+p → Add talking point.*"
        self.query_one("#prompts-text", Markdown).update(markdown)

    def _for_the_mentor(self, section: SectionRun) -> tuple[tuple[str, ...], list[str]]:
        """The agenda's mentor-only notes and resource list for this section, when a mentor
        is typing; nothing for a mentee, and nothing when the agenda file is gone."""
        if self.speaker_role != Role.MENTOR or self.session is None:
            return (), []
        agenda = self.app.agendas.get(self.session.agenda_key)
        planned = agenda.section(section.key) if agenda is not None else None
        if planned is None:
            return (), []
        resources: list[str] = []
        if planned.resources:
            try:
                resources = resources_markdown(load_support(), planned.resources)
            except UserError as exc:
                resources = [f"- {exc.message}"]
        return planned.mentor_notes, resources

    # -- talking points and action items ---------------------------------------------------

    def _is_points_section(self) -> bool:
        """The agenda's marked section (the first when none is marked, or the agenda file
        has gone since the session started)."""
        assert self.session is not None
        agenda = self.app.agendas.get(self.session.agenda_key)
        key = agenda.points_section.key if agenda is not None else None
        if key is None or not any(s.key == key for s in self.session.sections):
            key = self.session.sections[0].key
        return self.current_section.key == key

    def _show_checklist(self, names: dict[str, str]) -> int:
        """Fill the list for this section; how many entries it shows."""
        assert self.session is not None and self.mentorship is not None
        repo = self.app.repo
        today = self.app.today()
        points = (
            repo.points.for_session(self.session_id, self.mentorship.id)
            if self._is_points_section()
            else []
        )
        items = []
        if self.current_section.kind in ITEM_KINDS:
            carried = [r.item for r in repo.actions.review_items(self.session_id, today)]
            agreed = repo.actions.list(self.mentorship.id, session_id=self.session_id)
            items = carried + [i for i in agreed if i.id not in {c.id for c in carried}]
            # In the order first shown (overdue and soonest first), whatever is ticked or
            # re-dated since: nothing moves under the cursor. New items go to the end.
            for item in items:
                self._item_order.setdefault(item.id, len(self._item_order))
            items.sort(key=lambda i: self._item_order[i.id])
        checklist = self.query_one(Checklist)
        checklist.show(points, items, session_id=self.session_id, names=names, today=today)
        checklist.display = bool(points or items)
        return len(points) + len(items)

    def _list_changes(self, changes: list[Change]) -> None:
        """The partner added, ticked or moved a point or an item, here or on another screen."""
        if self._gone or not any(c.table in CHECKLIST_TABLES for c in changes):
            return
        with contextlib.suppress(UserError):
            self._show_prompts()

    @on(Checklist.Act)
    def _checklist_act(self, event: Checklist.Act) -> None:
        event.stop()
        self._act(event.verb, event.entry.kind, event.entry.id)

    @on(Checklist.Leave)
    def _checklist_leave(self, event: Checklist.Leave) -> None:
        event.stop()
        self.query_one("#note-editor", TextArea).focus()

    def _act(self, verb: str, kind: str, entry_id: str) -> None:
        """Do one thing to a point or an item, as the person typing."""
        try:
            if kind == POINT:
                message = self._act_on_point(verb, entry_id)
            else:
                message = self._act_on_item(verb, entry_id)
        except UserError as exc:
            self.app.show_error(exc)
            return
        if message:
            self.notify(message, timeout=3, markup=False)
        self._show_prompts()

    def _act_on_point(self, verb: str, point_id: str) -> str:
        repo = self.app.repo
        point = repo.points.get(point_id)
        text = fmt.printable(point.text)
        if verb in ("owner", "due"):
            return (
                "A talking point has no owner or due date; "
                "F4 makes it an action item if someone takes it on."
            )
        if verb == "tick":
            if point.status == PointStatus.DONE:
                repo.points.reopen(point.id, self.session_id)
                return f"Open again: {text}"
            repo.points.tick(point.id, self.session_id)
            return f"Talked about: {text}"
        if verb == "drop":
            if point.status == PointStatus.DROPPED:
                repo.points.reopen(point.id, self.session_id)
                return f"Open again: {text}"
            repo.points.drop(point.id, self.session_id)
            return f"Dropped: {text}"
        if point.is_open and point.moved_from == self.session_id:
            repo.points.reopen(point.id, self.session_id)
            return f"Back on today's list: {text}"
        repo.points.move(point.id, self.session_id)
        return f"Next time: {text}"

    def _act_on_item(self, verb: str, item_id: str) -> str:
        from mentor_tui.tui.screens.dialogs import DueDialog, OwnerDialog

        repo = self.app.repo
        item = repo.actions.get(item_id)
        text = fmt.printable(item.text)
        if verb == "tick":
            saved = repo.actions.set_done(item.id, not item.done)
            return f"{'Done' if saved.done else 'Open again'}: {text}"
        if verb == "drop":
            saved = repo.actions.set_dropped(item.id, not item.dropped)
            return f"{'No longer needed' if saved.dropped else 'Open again'}: {text}"
        if verb == "later":
            return "Open action items carry over by themselves; x drops one no longer needed."
        assert self.mentorship is not None
        dialog = OwnerDialog(item, self.mentorship) if verb == "owner" else DueDialog(item)
        self.app.push_screen(dialog, lambda _: self._show_prompts())
        return ""

    def action_act_on_entry(self, verb: str) -> None:
        """tick, drop, later, owner or due on the list's highlighted entry (the palette's way)."""
        entry = self.query_one(Checklist).current
        if entry is None:
            self.notify("This section lists no talking points or action items.")
            return
        self._act(verb, entry.kind, entry.id)

    def action_focus_checklist(self) -> None:
        checklist = self.query_one(Checklist)
        if not checklist.display:
            self.notify("This section lists no talking points or action items.")
            return
        checklist.focus()

    def action_add_talking_point(self) -> None:
        from mentor_tui.tui.screens.dialogs import TalkingPointDialog

        assert self.mentorship is not None
        self.app.push_screen(TalkingPointDialog(self.mentorship), lambda _: self._show_prompts())

    def _others_notes(self) -> list[Note]:
        """The shared notes the other members wrote in this section (never their private ones),
        as they are typing them when their app sends its drafts here."""
        section_key = self.current_section.key
        stored = [
            n
            for n in self.app.repo.notes.for_session(self.session_id)
            if n.section_key == section_key and n.author_id != self.speaker_id
        ]
        return [
            n
            for n in self.partner_drafts.over(self.session_id, section_key, stored)
            if n.author_id != self.speaker_id and n.body.strip()
        ]

    def _partner_typing(self, draft: LiveDraft) -> None:
        """A partner's app sent its note as typed so far: show it without waiting for the save."""
        if self._gone or self.session is None:
            return
        self.partner_drafts.take(draft)
        if draft.section_key == self.current_section.key:
            self._show_others()
        if self._drafts_timer is None:
            self._drafts_timer = self.set_timer(DRAFT_SECONDS, self._drafts_aged)

    def _drafts_aged(self) -> None:
        """A draft the store never caught up with gives way to the stored text."""
        self._drafts_timer = None
        if self._gone:
            return
        self._show_others()
        if self.partner_drafts:
            self._drafts_timer = self.set_timer(DRAFT_SECONDS, self._drafts_aged)

    def _show_others(self) -> None:
        notes = self._others_notes()
        widget = self.query_one("#others-notes", Static)
        if not notes:
            widget.display = False
            return
        parts: list[fmt.Piece] = []
        # Each note on two lines at most; a long one shows its end, where the typing is.
        room = max(20, 2 * (widget.content_size.width or self.app.size.width - 28))
        for note in notes:
            text = " ".join(fmt.printable(note.body).split())
            if parts:
                parts.append("\n")
            name = fmt.first_name(self.app.person_name(note.author_id))
            label = f"{name} wrote: "
            more = " (ctrl+r reads it whole)"
            if len(label) + len(text) > room:
                text = "…" + text[-(room - len(label) - len(more) - 1) :]
                parts += [(label, "bold"), text, (more, "$text-accent")]
                continue
            parts += [(label, "bold"), text]
        widget.update(Content.assemble(*parts))
        widget.display = True

    def _enter_speaker(self) -> None:
        self.app.repo.act_as(self.speaker_id)
        self._seat_speaker()
        self._open_draft()
        name = self.app.person_name(self.speaker_id)
        self.query_one(TopBar).set_status(badge(name, self.speaker_role.value, self.private))
        editor = self.query_one("#note-editor", TextArea)
        editor.set_class(self.private, "-private")
        self._show_state()
        self._show_prompts()  # mentor-only notes follow who is typing

    def _open_draft(self) -> None:
        self._close_draft()
        key = NoteKey(
            session_id=self.session_id,
            section_key=self.current_section.key,
            author_id=self.speaker_id,
            visibility=Visibility.PRIVATE if self.private else Visibility.SHARED,
        )
        self.draft = NoteDraft(self.app.repo, key)
        self.app.drafts.append(self.draft)
        editor = self.query_one("#note-editor", TextArea)
        editor.load_text(self.draft.text)
        editor.move_cursor(editor.document.end)

    def _schedule_save(self) -> None:
        draft = self.draft
        if draft is None or not draft.dirty:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        watched = self.live is not None and bool(self.live.others)
        self._save_timer = self.set_timer(draft.save_delay(watched=watched), self._autosave)

    def _close_draft(self) -> None:
        if self.draft is None:
            return
        if self._typing_timer is not None:  # the partner sees this note's last words too
            self._typing_timer.cancel()
            self._share_typing()
        self.flush()
        if self.draft in self.app.drafts and not self.draft.dirty:
            self.app.drafts.remove(self.draft)
        self.draft = None

    def _show_state(self) -> None:
        draft = self.draft
        if draft is None:
            return
        if draft.error:
            state = "NOT SAVED"
        elif draft.dirty:
            state = "typing…"
        elif draft.note is None:
            state = "empty"
        else:
            state = "saved"
        name = self.app.person_name(self.speaker_id)
        self.query_one("#note-label", Static).update(editor_label(name, self.private, state))
        warning = self.query_one("#save-warning", Static)
        if draft.error:
            warning.update(
                f"Notes are not being saved: {draft.error} Your text stays here; "
                "mentor-tui keeps trying."
            )
            warning.display = True
        else:
            warning.display = False

    # -- autosave ------------------------------------------------------------------------

    @on(TextArea.Changed, "#note-editor")
    def _typed(self, event: TextArea.Changed) -> None:
        draft = self.draft
        if draft is None:
            return
        was_dirty = draft.dirty
        draft.edit(event.text_area.text)
        live = self.live
        if self._typing_timer is None and live is not None and live.others and not self.private:
            self._typing_timer = asyncio.get_running_loop().call_soon(self._share_typing)
        if not draft.dirty:
            return
        self._schedule_save()
        if not was_dirty:
            self._show_state()

    def _share_typing(self) -> None:
        """The note as typed so far, to the partners' apps on this host (never a private one:
        LiveSession.send_draft refuses it)."""
        self._typing_timer = None
        draft, live = self.draft, self.live
        if draft is None or live is None or self._gone:
            return
        key = draft.key
        try:  # a plain event-loop callback: nothing may escape it onto the terminal
            text = self.query_one("#note-editor", TextArea).text
        except NoMatches:
            return
        live.send_draft(key.section_key, key.author_id, key.visibility, text)

    def _autosave(self) -> None:
        self._save_timer = None
        draft = self.draft
        if draft is None:
            return
        draft.edit(self.query_one("#note-editor", TextArea).text)
        ok = draft.save()
        self._show_state()
        if not ok:
            self._save_timer = self.set_timer(RETRY_SECONDS, self._autosave)

    def flush(self) -> bool:
        """Save what is in the editor now; False when the store refused (text kept)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        draft = self.draft
        if draft is None:
            return True
        if self.is_mounted:
            draft.edit(self.query_one("#note-editor", TextArea).text)
        ok = draft.save()
        if self.is_mounted:
            self._show_state()
        if not ok:
            self.app.notify(
                f"Notes are not being saved: {draft.error}", severity="error", timeout=10
            )
        return ok

    def on_screen_suspend(self) -> None:
        self.flush()

    def on_unmount(self) -> None:
        self._gone = True
        if self._unwatch_lists is not None:
            self._unwatch_lists()
        if self.draft is not None:
            self.draft.save()
            if self.draft in self.app.drafts and not self.draft.dirty:
                self.app.drafts.remove(self.draft)
        if self.live is not None:
            self.live.close()

    def pause_for_exit(self) -> None:
        """The app is closing mid-session: save, and stop the clock until it is resumed
        (unless someone else is still in the session: their clock runs on)."""
        self.flush()
        if self.live is not None:
            try:  # read afresh: the presence line may be up to one heartbeat old
                others = [p for p in self.live.everyone() if p.instance_id != self.live.instance_id]
            except UserError:
                others = self.live.others
            if others:
                return
        if self.session is not None and self._clock_running():
            with contextlib.suppress(UserError):
                self.app.repo.sessions.set_timer_running(self.session_id, False)

    # -- actions -------------------------------------------------------------------------

    def _go(self, position: int) -> None:
        assert self.session is not None
        if not 0 <= position < len(self.session.sections):
            self.notify(
                "This is the last section; F9 ends the session."
                if position > 0
                else "This is the first section."
            )
            return
        if not self.flush():
            return
        try:
            if self.live is not None:
                session = self.live.go_to_section(position)
            else:
                session = self.app.repo.sessions.go_to_section(self.session_id, position)
        except UserError as exc:
            self.app.show_error(exc)
            return
        self.position = position
        self._set_session(session)
        self.private = False
        self._enter_speaker()
        self._show_section()
        self._show_presence()

    def _view(self, position: int) -> None:
        """Show another section without moving the session (following someone's move)."""
        assert self.session is not None
        if position == self.position or not 0 <= position < len(self.session.sections):
            return
        self.flush()
        self.position = position
        # Someone else moved: whoever is typing a private note goes on typing privately
        # (a silent switch to shared would put their next words in the pair's note).
        self._enter_speaker()
        self._show_section()
        self.tick()

    def action_next_section(self) -> None:
        self._go(self.position + 1)

    def action_previous_section(self) -> None:
        self._go(self.position - 1)

    @on(SectionRow.Chosen)
    def _row_chosen(self, event: SectionRow.Chosen) -> None:
        if self.session is not None and event.position != self.position:
            self._go(event.position)

    def action_switch_speaker(self) -> None:
        """The next member types, if they are signed in to this app or sign in now."""
        if not self.flush():
            return
        app = self.app
        following = (self.speaker_index + 1) % len(self.speakers)
        person_id = self.speakers[following][0]
        if person_id == self.speaker_id:
            return
        if app.is_signed_in(person_id):
            self._become(following)
            return
        name = app.person_name(person_id)
        if app.alone and app.me is not None:
            self.notify(
                f"This window types for {fmt.printable(app.me.display_name)} alone; "
                f"{name} writes from their own screen.",
                markup=False,
            )
            return
        try:
            person = app.accounts.get(person_id)
            if not app.accounts.has_passphrase(person_id):
                app.sign_in(person, None)
                self._become(following)
                return
        except UserError as exc:
            app.show_error(exc)
            return
        from mentor_tui.tui.screens.signin import PassphraseDialog

        def signed(ok: bool | None) -> None:
            if ok:
                self._become(following)

        app.push_screen(PassphraseDialog(person), signed)

    def _become(self, index: int) -> None:
        self.speaker_index = index
        self.app.switch_to(self.speaker_id)
        self.private = False
        self._enter_speaker()
        self._show_others()
        self._show_presence()
        self.notify(f"Now typing: {self.app.person_name(self.speaker_id)}", timeout=2)
        self.query_one("#note-editor", TextArea).focus()

    def action_toggle_private(self) -> None:
        if not self.flush():
            return
        if self.private:
            self._set_private(False)
            return
        # A private note is sealed for its author: their key must be open first.
        self.app.with_private_key(lambda: self._set_private(True))

    def _set_private(self, private: bool) -> None:
        self.private = private
        self._enter_speaker()
        self.query_one("#note-editor", TextArea).focus()

    def action_toggle_timer(self) -> None:
        running = self.clock_section.running_since is not None
        try:
            session = self.app.repo.sessions.set_timer_running(self.session_id, not running)
        except UserError as exc:
            self.app.show_error(exc)
            return
        self._set_session(session)
        self.notify("Timer paused." if running else "Timer running.", timeout=2)

    def action_add_action_item(self) -> None:
        from mentor_tui.tui.screens.dialogs import ActionItemDialog

        assert self.mentorship is not None
        self.app.push_screen(
            ActionItemDialog(self.mentorship, session_id=self.session_id),
            lambda _: self._show_section(),
        )

    def action_goal_checkin(self) -> None:
        from mentor_tui.tui.screens.dialogs import CheckInDialog

        assert self.mentorship is not None
        self.app.push_screen(
            CheckInDialog(self.mentorship, session_id=self.session_id, author_id=self.speaker_id),
            lambda _: self._show_section(),
        )

    def action_add_goal(self) -> None:
        from mentor_tui.tui.screens.goal_editor import GoalEditor

        assert self.mentorship is not None and self.session is not None
        owner_id, category = None, "other"
        if any(s.kind == "reverse-mentoring" for s in self.session.sections):
            # Reverse mentoring ends with a goal of the mentor's own, on what was taught.
            mentors = self.mentorship.people_in(Role.MENTOR)
            owner_id, category = (mentors[0] if mentors else None), "digital"
        self.app.push_screen(
            GoalEditor(self.mentorship, owner_id=owner_id, category=category),
            lambda _: self._show_section(),
        )

    def action_read_others(self) -> None:
        """The partner's note in full: beside the editor it shows only its last two lines."""
        from mentor_tui.tui.screens.dialogs import ReadingDialog

        notes = self._others_notes()
        if not notes:
            self.notify("Nobody else has written in this section yet.", timeout=3)
            return
        parts: list[fmt.Piece] = []
        for note in notes:
            name = fmt.printable(self.app.person_name(note.author_id))
            parts += [(f"{name} wrote:\n", "bold"), fmt.printable(note.body).strip(), "\n\n"]
        title = f"Notes of the others: {self.current_section.title}"
        self.app.push_screen(ReadingDialog(title, Content.assemble(*parts).rstrip()))

    def action_skill_rating(self) -> None:
        from mentor_tui.tui.screens.dialogs import SkillRatingDialog

        assert self.mentorship is not None
        mentors = self.mentorship.people_in(Role.MENTOR)
        self.app.push_screen(
            SkillRatingDialog(self.session_id, mentors[0] if mentors else self.speaker_id),
            lambda _: self._show_section(),
        )

    def action_end_session(self) -> None:
        from mentor_tui.tui.screens.dialogs import ConfirmDialog

        if self.ended:  # someone else ended it: straight on to the wrap-up
            self.end_now()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.end_now()

        # Ending it ends it for whoever else is in it (their screen says so), so they are
        # named first; read afresh, as the presence line may be a heartbeat old.
        try:
            others = self.app.who_is_in(self.session_id)
        except UserError:
            people = self.live.others if self.live else []
            others = list(dict.fromkeys(self.app.person_name(p.person_id) for p in people))
        if others:
            everyone = "both of you" if len(others) == 1 else "all of you"
            verb = "are" if len(others) > 1 else "is"
            question = f"{' and '.join(others)} {verb} still in this session; end it for {everyone}?"
        else:
            question = "End the session and go to the wrap-up?"
        self.app.push_screen(ConfirmDialog(question, yes="End session"), answered)

    def end_now(self) -> None:
        from mentor_tui.tui.screens.wrapup import WrapUpScreen

        if not self.flush():
            return
        try:
            self.app.repo.sessions.end(self.session_id)
        except UserError as exc:
            self.app.show_error(exc)
            return
        self.app.switch_screen(WrapUpScreen(self.session_id))

    def action_focus_sidebar(self) -> None:
        self.query_one(SectionSidebar).focus()

    def action_add_note(self) -> None:
        """The palette's "Add note": back to the note editor, wherever the focus was."""
        self.query_one("#note-editor", TextArea).focus()

    # -- live: together in one session from several windows (docs/remote.md) ---------------

    async def _go_live(self) -> None:
        watcher = self.app.watcher
        if watcher is None or self.ended:
            return
        me = self.app.me
        live = LiveSession(
            self.app.repo,
            self.session_id,
            [me.id if me is not None else self.speaker_id],
            watcher=watcher,
            on_changes=self._remote_changes,
            on_presence=self._presence_changed,
            on_position=self._remote_moved,
            on_ended=self._remote_ended,
            on_draft=self._partner_typing,
        )
        try:
            await live.start()
        except UserError as exc:
            live.close()
            self.notify(
                f"Live sharing is off in this window: {exc.message}", severity="warning"
            )
            return
        if self._gone:  # the screen went away while joining
            live.close()
            return
        self.live = live
        self._show_presence()

    def _seat_speaker(self) -> None:
        """On a shared laptop, whoever types is here too. An app started as someone
        (--as) over SSH belongs to that person alone, and a person present in their own
        window is not also counted here."""
        live = self.live
        if live is None or self.speaker_id in live.people:
            return
        if self.app.alone and live.via == "ssh":
            return
        if any(p.person_id == self.speaker_id for p in live.others):
            return
        with contextlib.suppress(UserError):  # presence is a courtesy; typing goes on
            # Their own repository: the store takes a presence row only from its person.
            live.add_person(self.speaker_id, self.app.repo_for(self.speaker_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_follow":  # a key only when there is someone to follow
            return bool(self.live is not None and self.live.others)
        return True

    def _footer_hides(self) -> set[str]:
        """Keys left out of a footer too narrow for them all, a group at a time until the
        rest fit beside the palette key: at 80 columns Help and End would be cut off the
        right edge. Each still works and is in the palette and help, and something on
        screen names it: the presence line names Follow, the list's border its own keys;
        Private is about the note being typed, not the list (escape, back to it, stays)."""
        groups = [{"toggle_follow"}]
        if isinstance(self.focused, Checklist):
            groups += [
                {b.action for b in keymap.CHECKLIST if b.action != "leave"},
                {"toggle_private"},
            ]
        cells, palette = footer_cells(self)
        room = self.app.size.width - palette
        hidden: set[str] = set()
        for group in groups:
            if sum(width for action, width in cells.items() if action not in hidden) <= room:
                break
            hidden |= group
        return hidden

    def on_resize(self) -> None:
        self.refresh_bindings()

    def _follow_key(self) -> str:
        for _key, binding in self._bindings:
            if binding.action == "toggle_follow":
                return self.app.get_key_display(binding)
        return "ctrl+f"

    def action_toggle_follow(self) -> None:
        live = self.live
        if live is None:
            self.notify("Live sharing is off in this window, so there is no one to follow.")
            return
        live.set_following(not live.following)
        if live.following:
            with contextlib.suppress(UserError):
                self._set_session(self.app.repo.sessions.get(self.session_id))
            if self.session is not None and self.session.current_section != self.position:
                self._view(self.session.current_section)
            self.notify("Following: this window moves when someone changes section.", timeout=3)
        else:
            self.notify(
                "Not following: this window stays where you are when others move.", timeout=3
            )
        self._show_presence()

    def _presence_changed(self, others: list[Presence]) -> None:
        if not self._gone:
            self._show_presence()
            self.refresh_bindings()

    def _show_presence(self) -> None:
        """The line under the top bar: who else is here, and whether this window follows."""
        strip = self.query_one("#presence", Horizontal)
        live = self.live
        if live is None or self.session is None:
            strip.display = False
            return
        others = live.others
        self._someone_was_here = self._someone_was_here or bool(others)
        remote = self.session.mode == Mode.REMOTE
        if not others and not self._someone_was_here and not remote and live.following:
            strip.display = False
            return
        summary = presence_summary(others, self.app.person_name, me=live.people)
        self.query_one("#presence-people", Static).update(
            Content.assemble(("● ", "$text-success" if others else "$text-muted"), summary)
        )
        key = self._follow_key()
        if live.following:
            follow = Content.assemble(("following ", "$text-muted"), (key, "$text-muted"))
        else:
            where = self.session.current_section
            parts: list[fmt.Piece] = [("NOT following", "$text-warning bold")]
            if where != self.position:
                parts.append((f" (at {where + 1}/{len(self.session.sections)})", "$text-warning"))
            parts.append((f" {key}", "$text-muted"))
            follow = Content.assemble(*parts)
        self.query_one("#presence-follow", Static).update(follow)
        strip.display = True

    def _remote_changes(self, changes: list[Change]) -> None:
        """Another process wrote something in this session: show it."""
        if self._gone or self.session is None:
            return
        tables = {c.table for c in changes}
        if tables & {"sessions", "session_sections"}:
            with contextlib.suppress(UserError):
                self._set_session(self.app.repo.sessions.get(self.session_id))
        notes = [c for c in changes if c.table == "notes"]
        if notes:
            self._take_note_changes(notes)
            self._show_others()
        if tables & PROMPT_TABLES and self.current_section.kind in ITEM_KINDS:
            self._show_prompts()

    def _take_note_changes(self, changes: list[Change]) -> None:
        """The speaker's own note row changed in another window: last writer wins."""
        draft = self.draft
        if draft is None:
            return
        ids = {c.row_id for c in changes}
        if draft.note is not None:
            if draft.note.id not in ids and not any(c.op == "insert" for c in changes):
                return
        elif not any(c.op == "insert" for c in changes):
            return
        editor = self.query_one("#note-editor", TextArea)
        draft.edit(editor.text)
        try:
            result = draft.take_stored()
        except UserError as exc:
            self.app.show_error(exc)
            return
        if result.text != editor.text:
            # The cursor stays where it was, or at the end if it was at the end.
            at_end = editor.cursor_location == editor.document.end
            row, column = editor.cursor_location
            editor.load_text(result.text)
            if at_end:
                editor.move_cursor(editor.document.end)
            else:
                row = min(row, editor.document.line_count - 1)
                column = min(column, len(editor.document.get_line(row)))
                editor.move_cursor((row, column))
        if result.action == NoteAction.CONFLICT:
            where = ""
            if result.replaced and result.replaced.strip():
                try:
                    path = keep_replaced_text(
                        draft.key, result.replaced, author=self.app.person_name(draft.key.author_id)
                    )
                    where = f" ({path})"
                except OSError as exc:
                    where = f" (the copy could not be written: {exc.strerror})"
            self.notify(f"{result.message}{where}", severity="warning", timeout=10)
        elif result.message:
            self.notify(result.message, timeout=5)
        self._schedule_save()
        self._show_state()

    def _remote_moved(self, position: int, actor_id: str | None) -> None:
        if self._gone or self.session is None:
            return
        with contextlib.suppress(UserError):
            self._set_session(self.app.repo.sessions.get(self.session_id))
        if self.live is not None and self.live.following and position != self.position:
            self._view(position)
            who = fmt.first_name(self.app.person_name(actor_id)) if actor_id else "Someone"
            self.notify(f"{who} moved on to {self.current_section.title}.", timeout=3)
        self._show_presence()

    def _remote_ended(self, actor_id: str | None) -> None:
        if self._gone:
            return
        self.flush()
        with contextlib.suppress(UserError):
            self._set_session(self.app.repo.sessions.get(self.session_id))
        who = self.app.person_name(actor_id) if actor_id else "Someone"
        banner = self.query_one("#live-banner", Static)
        banner.update(
            Content.assemble(
                (f"{who} ended the session.", "bold"),
                " Your notes are saved; F9 opens the wrap-up.",
            )
        )
        banner.display = True
        self.notify(f"{who} ended the session.", severity="warning", timeout=10)
