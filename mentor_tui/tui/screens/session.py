"""The session: agenda on the left, the section's prompts and the notes on the right.

Notes save as you type: half a second after the last keystroke, and never more than a
second after the first unsaved one; also on every section change, speaker switch, dialog,
screen change and exit. A failed save keeps the text in the editor and says so until a
later save succeeds.
"""

from __future__ import annotations

import contextlib

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Markdown, Static, TextArea

from mentor_tui.core.clock import iso
from mentor_tui.core.errors import UserError
from mentor_tui.core.models import GoalStatus, Mentorship, Role, Session, Visibility
from mentor_tui.tui import fmt, keymap
from mentor_tui.tui.drafts import NoteDraft, NoteKey
from mentor_tui.tui.widgets.common.topbar import TopBar
from mentor_tui.tui.widgets.session.notes import NoteEditor
from mentor_tui.tui.widgets.session.prompts import prompts_markdown
from mentor_tui.tui.widgets.session.sidebar import SectionRow, SectionSidebar
from mentor_tui.tui.widgets.session.speaker import badge, editor_label

RETRY_SECONDS = 3.0


class SessionScreen(Screen):
    CSS_PATH = "session.tcss"
    BINDINGS = keymap.SESSION
    AUTO_FOCUS = "#note-editor"

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

    # -- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        repo = self.app.repo
        self.session = repo.get_session(self.session_id)
        self.mentorship = repo.get_mentorship(self.session.mentorship_id)
        self.speakers = [(m.person_id, m.role) for m in self.mentorship.members]
        # Who types first: the person the app runs as, else whoever typed last (a resumed
        # session carries on with the same speaker), else the first mentor.
        me = self.app.me
        first = me.id if me is not None else repo.last_author(self.session_id)
        self.speaker_index = next(
            (i for i, (pid, _) in enumerate(self.speakers) if pid == first), 0
        )
        yield TopBar(self._title())
        with Horizontal(id="session-body"):
            yield SectionSidebar(self.session, id="sidebar")
            with Vertical(id="session-main"):
                with VerticalScroll(id="prompts"):
                    yield Markdown(id="prompts-text")
                yield Static(id="others-notes")
                yield Static(id="save-warning", classes="banner -error")
                yield Static(id="note-label")
                yield NoteEditor(id="note-editor", soft_wrap=True, tab_behavior="focus")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._enter_speaker()
        self._show_section()
        self.tick()
        self.set_interval(1.0, self.tick)

    def _title(self) -> str:
        assert self.session is not None and self.mentorship is not None
        section = self.current_section
        return (
            f"{self.session.agenda_name} · {section.position + 1}/{len(self.session.sections)} "
            f"{section.title}"
        )

    @property
    def current_section(self):
        assert self.session is not None
        return self.session.sections[self.session.current_section]

    @property
    def speaker_id(self) -> str:
        return self.speakers[self.speaker_index][0]

    @property
    def speaker_role(self) -> Role:
        return self.speakers[self.speaker_index][1]

    # -- the clock -----------------------------------------------------------------------

    def tick(self) -> None:
        if self.session is None:
            return
        at = iso(self.app.now())
        elapsed = [self.app.repo.elapsed(s, at) for s in self.session.sections]
        running = self.current_section.running_since is not None
        self.query_one(SectionSidebar).show(self.session, elapsed, running)

    # -- showing the section and the speaker --------------------------------------------

    def _show_section(self) -> None:
        section = self.current_section
        app = self.app
        names = {pid: app.person_name(pid) for pid, _ in self.speakers}
        items = goals = None
        if section.kind == "action-items":
            items = app.repo.list_action_items(self.mentorship.id, open_only=True)
        if section.kind == "goals-review":
            goals = [
                g
                for g in app.repo.list_goals(self.mentorship.id)
                if g.status in (GoalStatus.OPEN, GoalStatus.IN_PROGRESS)
            ]
        markdown = prompts_markdown(section, items=items, goals=goals, names=names, today=app.today())
        self.query_one("#prompts-text", Markdown).update(markdown)
        self.query_one("#prompts", VerticalScroll).scroll_home(animate=False)
        self.query_one(TopBar).set_title(self._title())
        self._show_others()

    def _show_others(self) -> None:
        """The shared notes the other members wrote in this section (never their private ones)."""
        section_key = self.current_section.key
        notes = [
            n
            for n in self.app.repo.notes_for_session(self.session_id)
            if n.section_key == section_key and n.author_id != self.speaker_id and n.body.strip()
        ]
        widget = self.query_one("#others-notes", Static)
        if not notes:
            widget.display = False
            return
        parts: list = []
        for note in notes:
            first_line = " ".join(note.body.split())
            if parts:
                parts.append("\n")
            name = fmt.first_name(self.app.person_name(note.author_id))
            parts += [(f"{name} wrote: ", "bold"), first_line]
        widget.update(Content.assemble(*parts))
        widget.display = True

    def _enter_speaker(self) -> None:
        self.app.repo.act_as(self.speaker_id)
        self._open_draft()
        name = self.app.person_name(self.speaker_id)
        self.query_one(TopBar).set_status(badge(name, self.speaker_role.value, self.private))
        editor = self.query_one("#note-editor", TextArea)
        editor.set_class(self.private, "-private")
        self._show_state()

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

    def _close_draft(self) -> None:
        if self.draft is None:
            return
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
        if not draft.dirty:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(draft.save_delay(), self._autosave)
        if not was_dirty:
            self._show_state()

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
        if self.draft is not None:
            self.draft.save()
            if self.draft in self.app.drafts and not self.draft.dirty:
                self.app.drafts.remove(self.draft)

    def pause_for_exit(self) -> None:
        """The app is closing mid-session: save, and stop the clock until it is resumed."""
        self.flush()
        if self.session is not None and self.current_section.running_since is not None:
            with contextlib.suppress(UserError):
                self.app.repo.set_timer_running(self.session_id, False)

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
            self.session = self.app.repo.go_to_section(self.session_id, position)
        except UserError as exc:
            self.app.show_error(exc)
            return
        self.private = False
        self._enter_speaker()
        self._show_section()
        self.tick()

    def action_next_section(self) -> None:
        assert self.session is not None
        self._go(self.session.current_section + 1)

    def action_previous_section(self) -> None:
        assert self.session is not None
        self._go(self.session.current_section - 1)

    @on(SectionRow.Chosen)
    def _row_chosen(self, event: SectionRow.Chosen) -> None:
        if self.session is not None and event.position != self.session.current_section:
            self._go(event.position)

    def action_switch_speaker(self) -> None:
        if not self.flush():
            return
        self.speaker_index = (self.speaker_index + 1) % len(self.speakers)
        self.private = False
        self._enter_speaker()
        self._show_others()
        self.notify(f"Now typing: {self.app.person_name(self.speaker_id)}", timeout=2)
        self.query_one("#note-editor", TextArea).focus()

    def action_toggle_private(self) -> None:
        if not self.flush():
            return
        self.private = not self.private
        self._enter_speaker()
        self.query_one("#note-editor", TextArea).focus()

    def action_toggle_timer(self) -> None:
        running = self.current_section.running_since is not None
        try:
            self.session = self.app.repo.set_timer_running(self.session_id, not running)
        except UserError as exc:
            self.app.show_error(exc)
            return
        self.notify("Timer paused." if running else "Timer running.", timeout=2)
        self.tick()

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

    def action_skill_rating(self) -> None:
        from mentor_tui.tui.screens.dialogs import SkillRatingDialog

        assert self.mentorship is not None
        mentors = self.mentorship.people_in(Role.MENTOR)
        self.app.push_screen(
            SkillRatingDialog(self.session_id, mentors[0] if mentors else self.speaker_id)
        )

    def action_end_session(self) -> None:
        from mentor_tui.tui.screens.dialogs import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.end_now()

        self.app.push_screen(
            ConfirmDialog("End the session and go to the wrap-up?", yes="End session"),
            answered,
        )

    def end_now(self) -> None:
        from mentor_tui.tui.screens.wrapup import WrapUpScreen

        if not self.flush():
            return
        try:
            self.app.repo.end_session(self.session_id)
        except UserError as exc:
            self.app.show_error(exc)
            return
        self.app.switch_screen(WrapUpScreen(self.session_id))

    def action_focus_sidebar(self) -> None:
        self.query_one(SectionSidebar).focus()

    # -- palette commands, by the names in DESIGN.md ---------------------------------------

    def command_next_section(self) -> None:
        self.action_next_section()

    def command_previous_section(self) -> None:
        self.action_previous_section()

    def command_add_note(self) -> None:
        self.query_one("#note-editor", TextArea).focus()

    def command_switch_speaker(self) -> None:
        self.action_switch_speaker()

    def command_end_session(self) -> None:
        self.action_end_session()

    def command_add_action_item(self) -> None:
        self.action_add_action_item()

    def command_toggle_private(self) -> None:
        self.action_toggle_private()

    def command_toggle_timer(self) -> None:
        self.action_toggle_timer()

    def command_goal_checkin(self) -> None:
        self.action_goal_checkin()

    def command_skill_rating(self) -> None:
        self.action_skill_rating()

    def command_start_session(self) -> None:
        self.notify("This session is still open; End session first.")

    def command_resume_session(self) -> None:
        self.notify("You are in the session already.")

    def command_followup_email(self) -> None:
        self.notify("The follow-up email is written after the session: End session first.")
