"""The session screen: autosave timing, failures that lose nothing, speakers, privacy, timer."""

from __future__ import annotations

import os
import stat

import pytest
from screen_kit import assert_footer_fits, footer_keys, settle, to_the_checklist
from textual.widgets import TextArea
from tuikit import (
    PASSPHRASE,
    person_named,
    set_passphrase_when_offered,
    type_text,
    until,
    wait_for_screen,
)

from mentor_tui import paths
from mentor_tui.core.agendas import load_library
from mentor_tui.core.models import Visibility
from mentor_tui.store import open_store
from mentor_tui.store.accounts import Accounts
from mentor_tui.tui.drafts import (
    IDLE_SECONDS,
    MAX_UNSAVED_SECONDS,
    WATCHED_IDLE_SECONDS,
    NoteDraft,
    NoteKey,
)
from mentor_tui.tui.screens.resume import ResumeScreen
from mentor_tui.tui.screens.session import SessionScreen
from mentor_tui.tui.widgets.common.topbar import TopBar
from mentor_tui.tui.widgets.session.checklist import POINT
from mentor_tui.tui.widgets.session.notes import NoteEditor
from mentor_tui.tui.widgets.session.sidebar import SectionSidebar


@pytest.fixture
def running(demo):
    """The demo pair with a regular check-in started (and left open)."""
    library = load_library(paths.prompts_dir() / "agendas", None)
    mentorship = demo.mentorships.list()[0]
    session = demo.sessions.start(mentorship.id, library["regular-check-in"])
    return demo, session


async def open_session(pilot) -> SessionScreen:
    await wait_for_screen(pilot, ResumeScreen)
    await pilot.press("enter")
    return await wait_for_screen(pilot, SessionScreen)


async def test_notes_reach_the_database_within_a_second(running, make_app, db_path):
    repo, session = running
    app = make_app(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        await type_text(pilot, "Abstract")
        # No section change, no speaker switch: only the autosave timer may write it, and it
        # does within a second (a little more on a machine busy with other tests).
        await pilot.pause(MAX_UNSAVED_SECONDS)
        with open_store(db_path) as other:

            def saved() -> bool:
                return [n.body for n in other.notes.for_session(session.id)] == ["Abstract"]

            await until(pilot, saved, timeout=20.0)
            (note,) = other.notes.for_session(session.id)
        assert note.author_id == screen.speaker_id
        assert "saved" in str(screen.query_one("#note-label").render())


async def test_a_failed_save_keeps_the_text_and_says_so(running, make_app):
    repo, session = running
    app = make_app(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        app.repo.read_only = True  # the store now refuses every write, as on a read-only file
        await type_text(pilot, "Keep me")
        warning = screen.query_one("#save-warning")
        await until(pilot, lambda: warning.display)
        assert "read-only" in str(warning.render())
        assert screen.query_one("#note-editor", TextArea).text == "Keep me"
        # Moving on is refused while the text is unsaved, so nothing is thrown away.
        await pilot.press("f8")
        await pilot.pause()
        assert screen.current_section.key == "wins"
        app.repo.read_only = False
        await type_text(pilot, "!")
        await until(pilot, lambda: not warning.display, timeout=5.0)
    (note,) = repo.notes.for_session(session.id)
    assert note.body == "Keep me!"


async def test_private_notes_stay_hidden_from_the_other_speaker(running, make_app):
    repo, session = running
    amara = person_named(repo, "Amara")
    lukas = person_named(repo, "Lukas")
    app = make_app(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        editor = screen.query_one("#note-editor", TextArea)
        assert screen.speaker_id == amara.id
        await type_text(pilot, "Shared")
        await pilot.press("f3")
        await set_passphrase_when_offered(pilot)  # a private note is sealed: a key first
        await wait_for_screen(pilot, SessionScreen)
        await until(pilot, lambda: screen.private)
        assert editor.text == ""
        assert "PRIVATE" in str(screen.query_one("#note-label").render())
        await type_text(pilot, "Secret")
        await pilot.press("f2")  # Lukas types now: Amara's private text leaves the screen
        await pilot.pause()
        assert screen.speaker_id == lukas.id
        assert "Secret" not in editor.text
        assert "Secret" not in str(screen.query_one("#others-notes").render())
        assert "Shared" in str(screen.query_one("#others-notes").render())
        assert "Lukas" in screen.query_one(TopBar).status
        await pilot.press("f2")  # back to Amara: her shared note, her private one hidden
        await pilot.pause()
        assert editor.text == "Shared"
    with Accounts(repo).sign_in(amara.id, PASSPHRASE) as hers:
        notes = hers.notes.for_session(session.id, viewer_id=amara.id, include_private=True)
    assert {(n.visibility, n.body) for n in notes} == {
        (Visibility.SHARED, "Shared"),
        (Visibility.PRIVATE, "Secret"),
    }
    bodies = [r[0] for r in repo.db.execute("SELECT body FROM notes")]
    assert "Secret" not in bodies and any(b.startswith("\x00sealed:") for b in bodies)
    assert [n.body for n in repo.notes.for_session(session.id, viewer_id=lukas.id, include_private=True)] == ["Shared"]


async def test_timer_pauses_and_sections_move(running, make_app):
    repo, session = running
    app = make_app(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        assert screen.current_section.running_since is not None
        await pilot.press("f6")
        await pilot.pause()
        assert screen.current_section.running_since is None
        assert "PAUSED" in str(screen.query_one("#session-total").render())
        await pilot.press("f8")
        await pilot.pause()
        # A paused clock stays paused in the next section.
        assert screen.current_section.key == "topic"
        assert screen.current_section.running_since is None
        await pilot.press("f6", "f7")
        await pilot.pause()
        assert screen.current_section.key == "wins"
        assert "Finish" not in str(screen.query_one("#prompts-text").source)
    stored = repo.sessions.get(session.id)
    assert stored.current_section == 0
    assert stored.sections[1].started_at is not None


async def test_quitting_mid_session_saves_and_resume_brings_the_note_back(running, make_app):
    repo, session = running
    app = make_app(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot)
        await type_text(pilot, "Half a thought")
        await pilot.press("ctrl+q")
        await pilot.pause()
    stored = repo.sessions.get(session.id)
    assert stored.sections[0].running_since is None, "quitting stops the clock"
    again = make_app(repo)
    async with again.run_test(size=(100, 30)) as pilot:
        screen = await open_session(pilot)
        assert screen.query_one("#note-editor", TextArea).text == "Half a thought"
        assert screen.current_section.running_since is not None, "resuming restarts it"


def test_draft_saves_soon_after_a_pause_and_never_later_than_the_promise(running):
    repo, session = running
    lukas = person_named(repo, "Lukas")
    clock = [100.0]
    draft = NoteDraft(
        repo, NoteKey(session.id, "wins", lukas.id, Visibility.SHARED), clock=lambda: clock[0]
    )
    assert not draft.dirty and draft.note is None
    draft.edit("a")
    assert draft.save_delay() == pytest.approx(IDLE_SECONDS)
    # With someone else in the session, who sees a word once it is saved: sooner.
    assert draft.save_delay(watched=True) == pytest.approx(WATCHED_IDLE_SECONDS)
    clock[0] += MAX_UNSAVED_SECONDS - 0.05  # still typing, just before the latest save
    draft.edit("ab")
    assert draft.save_delay() == pytest.approx(0.05)
    assert draft.save_delay(watched=True) == pytest.approx(0.01)  # its promise has passed
    clock[0] += 0.5
    assert draft.save_delay() == pytest.approx(0.01)
    assert draft.save()
    assert not draft.dirty
    assert repo.notes.for_section(session.id, "wins", lukas.id, Visibility.SHARED).body == "ab"


async def test_an_unexpected_error_rescues_the_typed_text(running, make_app):
    repo, session = running
    app = make_app(repo)
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_session(pilot)
            app.repo.read_only = True  # the text cannot reach the database ...
            await type_text(pilot, "Only here")
            screen.call_later(lambda: 1 / 0)  # ... and then a bug strikes
            await pilot.pause()
    assert app.crash_file is not None
    assert app.crash_file.parent == paths.data_dir()
    assert stat.S_IMODE(os.stat(app.crash_file).st_mode) == 0o600
    text = app.crash_file.read_text()
    assert "Only here" in text and "NOT SAVED" in text
    assert "ZeroDivisionError" in text


async def test_the_partners_long_note_can_be_read_whole(running, make_app):
    """Beside the editor only the end of a long note shows ("Sam wrote: ...strategy.");
    its beginning is one key away, in the session."""
    from mentor_tui.core.notes import Note
    from mentor_tui.tui.screens.dialogs import ReadingDialog

    repo, session = running
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_session(pilot)
        partner = next(pid for pid, _ in screen.speakers if pid != screen.speaker_id)
        beginning = "The opening words of a long note about the search strategy"
        body = beginning + ", then " + "more and more detail " * 30 + "and a closing line."
        repo.act_as(partner)
        repo.notes.save(Note(session.id, screen.current_section.key, partner, body))
        repo.act_as(screen.speaker_id)
        screen._show_others()
        shown = str(screen.query_one("#others-notes").render())
        assert "closing line" in shown and beginning not in shown  # cut at the start
        await pilot.press("ctrl+r")
        reading = await wait_for_screen(pilot, ReadingDialog)
        whole = " ".join(str(reading.query_one("#reading-text").render()).split())
        assert beginning in whole and "and a closing line." in whole
        await pilot.press("escape")
        await wait_for_screen(pilot, SessionScreen)


# The two keys cut off first when the footer overflowed: End and Help.
ENDS = {"end_session", "app.help"}


async def test_the_footer_fits_80_columns_whatever_has_the_focus(running, make_app):
    """At 80x24 the list's keys (space, x) used to push End and Help off the right edge.
    Now, with the list focused, the footer leaves out what the list's border names and
    Private (about the note, not the list), keeps escape (back to the notes), and every key
    it leaves out still works."""
    repo, session = running
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_session(pilot)
        checklist = await to_the_checklist(pilot, screen)
        await until(pilot, lambda: "end_session" in footer_keys(screen))
        await settle(pilot)
        assert_footer_fits(screen, "notes", ENDS)
        await pilot.press("ctrl+l")
        assert pilot.app.focused is checklist
        await until(pilot, lambda: "leave" in footer_keys(screen), what="the list's keys")
        await settle(pilot)
        assert_footer_fits(screen, "list", ENDS | {"leave"})
        shown = footer_keys(screen).keys()
        assert not {"act('tick')", "act('drop')", "toggle_private"} & shown
        assert "space tick" in str(checklist.border_subtitle)
        assert "x drop" in str(checklist.border_subtitle)
        # Left out of the footer, not switched off: space still ticks the point.
        first = checklist.current
        assert first is not None and first.kind == POINT
        before = repo.points.get(first.id).status
        await pilot.press("space")
        await until(pilot, lambda: repo.points.get(first.id).status != before, what="a tick")
        await pilot.press("escape")  # back to the notes
        await until(pilot, lambda: "toggle_private" in footer_keys(screen))
        assert isinstance(pilot.app.focused, NoteEditor)
        await settle(pilot)
        assert_footer_fits(screen, "notes again", ENDS | {"toggle_private"})
        await pilot.press("escape")  # to the sections
        await until(pilot, lambda: isinstance(pilot.app.focused, SectionSidebar))
        await settle(pilot)
        assert_footer_fits(screen, "sidebar", ENDS)
