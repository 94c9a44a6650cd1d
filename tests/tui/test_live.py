"""Two real apps on one database file, as a remote pair runs them (docs/remote.md).

Each app has its own repository connection (open_store on the same path), its own
ChangeWatcher and LiveSession, exactly as two `mentor-tui --as ...` processes would; they
only share the event loop of this test. Nothing is faked: what one types is saved by its
autosave, committed to SQLite, noticed by the other's `PRAGMA data_version` poll and drawn.
"""

from __future__ import annotations

import contextlib
import time

import pytest
from textual.widgets import TextArea
from tuikit import build_app, person_named, type_text, until, wait_for_screen

from mentor_tui import paths
from mentor_tui.core.agendas import load_library
from mentor_tui.core.models import Note, SessionStatus, Visibility
from mentor_tui.store import open_store
from mentor_tui.tui.drafts import REPLACED_FILE, NoteDraft, NoteKey
from mentor_tui.tui.screens.resume import ResumeScreen
from mentor_tui.tui.screens.session import SessionScreen

SIZE = (100, 30)


@pytest.fixture
def pair(demo, db_path, tmp_path):
    """The demo pair with a check-in started; a second connection for the second app."""
    library = load_library(paths.prompts_dir() / "agendas", None)
    mentorship = demo.list_mentorships()[0]
    session = demo.start_session(mentorship.id, library["regular-check-in"])
    other = open_store(db_path)
    yield demo, other, session
    other.close()


def two_apps(pair, tmp_path, *, second_as: str = "Lukas"):
    first_repo, second_repo, _ = pair
    amara = person_named(first_repo, "Amara")
    second = person_named(second_repo, second_as)
    first_repo.act_as(amara.id)
    second_repo.act_as(second.id)
    return (
        build_app(first_repo, me=amara, tmp_path=tmp_path),
        build_app(second_repo, me=second, tmp_path=tmp_path),
    )


async def join(pilot) -> SessionScreen:
    await wait_for_screen(pilot, ResumeScreen)
    await pilot.press("enter")
    screen = await wait_for_screen(pilot, SessionScreen)
    await until(pilot, lambda: screen.live is not None)
    return screen


def others_text(screen: SessionScreen) -> str:
    widget = screen.query_one("#others-notes")
    return str(widget.render()) if widget.display else ""


def presence_text(screen: SessionScreen) -> str:
    if not screen.query_one("#presence").display:
        return ""
    return " ".join(str(screen.query_one(part).render()) for part in ("#presence-people", "#presence-follow"))


async def test_presence_edits_and_following_between_two_apps(pair, tmp_path):
    first_repo, _, session = pair
    amara_app, lukas_app = two_apps(pair, tmp_path)
    async with amara_app.run_test(size=SIZE) as a, lukas_app.run_test(size=SIZE) as b:
        amara = await join(a)
        lukas = await join(b)

        # Each header names the other, with their role.
        await until(a, lambda: "Also here: Dr Lukas Berg (mentee" in presence_text(amara))
        await until(b, lambda: "Also here: Dr Amara Okafor (mentor" in presence_text(lukas))
        assert "following" in presence_text(lukas)

        # What Amara types shows on Lukas's screen within about a second (autosave within
        # a second, then one 0.15 s poll); a busy machine gets a little slack.
        await type_text(a, "Poster accepted at the regional meeting.")
        typed = time.monotonic()
        await until(b, lambda: "Poster accepted at the regional meeting." in others_text(lukas))
        assert time.monotonic() - typed < 3.0
        assert "Amara wrote:" in others_text(lukas)
        # ... and Lukas's own editor is untouched: it is his note, not hers.
        assert lukas.query_one("#note-editor", TextArea).text == ""

        # Amara moves on: Lukas's screen follows (the clock is shared, the move is hers).
        await a.press("f8")
        await until(b, lambda: lukas.position == 1)
        assert lukas.current_section.key == "open-items"
        assert "2/5" in str(lukas.query_one("TopBar .title").render())

        # Lukas stops following: Amara's next move leaves him where he is, and both
        # headers say so.
        await b.press("ctrl+f")
        await until(a, lambda: "not following" in presence_text(amara))
        await a.press("f8")
        await until(b, lambda: "NOT following (at 3/5)" in presence_text(lukas))
        assert lukas.position == 1
        assert "NOT following" in presence_text(lukas)
        # Following again catches up at once.
        await b.press("ctrl+f")
        await until(b, lambda: lukas.position == 2)
        await b.pause()

    stored = first_repo.get_session(session.id)
    assert stored.current_section == 2
    assert stored.status == SessionStatus.ACTIVE


async def test_both_typing_at_once_lose_nothing(pair, tmp_path):
    first_repo, _, session = pair
    amara_app, lukas_app = two_apps(pair, tmp_path)
    mine = "Amara: grant due 15th"
    his = "Lukas: reviewer wants"
    async with amara_app.run_test(size=SIZE) as a, lukas_app.run_test(size=SIZE) as b:
        amara = await join(a)
        lukas = await join(b)
        # Key for key, turn about: both autosaves and both watchers run all the while.
        assert len(mine) == len(his)
        for one, other in zip(mine, his, strict=True):
            await a.press(one)
            await b.press(other)
        await until(a, lambda: his in others_text(amara), timeout=5)
        await until(b, lambda: mine in others_text(lukas), timeout=5)
        assert amara.query_one("#note-editor", TextArea).text == mine
        assert lukas.query_one("#note-editor", TextArea).text == his
    notes = {n.author_id: n.body for n in first_repo.notes_for_session(session.id)}
    assert notes == {
        person_named(first_repo, "Amara").id: mine,
        person_named(first_repo, "Lukas").id: his,
    }


async def test_the_other_side_ending_the_session_is_shown(pair, tmp_path):
    amara_app, lukas_app = two_apps(pair, tmp_path)
    async with amara_app.run_test(size=SIZE) as a, lukas_app.run_test(size=SIZE) as b:
        amara = await join(a)
        lukas = await join(b)
        await type_text(b, "Last words")
        # (Screens find their app through a context variable: run it in Amara's app.)
        amara.call_later(amara.end_now)
        banner = lukas.query_one("#live-banner")
        await until(b, lambda: banner.display)
        assert "Dr Amara Okafor ended the session." in str(banner.render())
        assert lukas.ended and "ended" in str(lukas.query_one("#session-total").render())
        # Lukas's note was saved on the spot; F9 takes him to the wrap-up without asking.
        assert lukas.draft is not None and not lukas.draft.dirty
        await b.press("f9")
        await until(b, lambda: type(b.app.screen).__name__ == "WrapUpScreen")


async def test_one_person_in_two_windows_last_writer_wins_and_keeps_a_copy(pair, tmp_path, db_path):
    first_repo, _, session = pair
    writer = open_store(db_path)  # a third window's connection
    one_app, two_app = two_apps(pair, tmp_path, second_as="Amara")
    amara = person_named(first_repo, "Amara")
    async with one_app.run_test(size=SIZE) as a, two_app.run_test(size=SIZE) as b:
        one = await join(a)
        two = await join(b)
        await until(a, lambda: "another window" in presence_text(one))
        editor = two.query_one("#note-editor", TextArea)

        # A save in window one, nothing unsaved in window two: two shows the new text.
        await type_text(a, "First thoughts.")
        await until(b, lambda: editor.text == "First thoughts.")
        assert two.draft is not None and not two.draft.dirty

        # Window two has unsaved typing when a save from elsewhere lands on the same row:
        # two keeps its text and saves it over (last writer wins); the text it replaced
        # goes to the rescue file and nobody loses a word.
        await type_text(b, " Mine.")
        await b.pause()
        two._save_timer.stop()  # hold window two's autosave until the other save has landed
        key = two.draft.key
        elsewhere = first_repo.note_for(key.session_id, key.section_key, key.author_id, key.visibility)
        elsewhere.body = "Replaced elsewhere."
        writer.act_as(amara.id)
        writer.save_note(elsewhere)
        rescue = paths.data_dir() / REPLACED_FILE
        await until(b, rescue.exists)
        assert editor.text == "First thoughts. Mine."
        assert "Replaced elsewhere." in rescue.read_text()
        assert rescue.stat().st_mode & 0o777 == 0o600

        def stored() -> str:
            return writer.note_for(key.session_id, key.section_key, key.author_id, key.visibility).body

        await until(b, lambda: stored() == "First thoughts. Mine.")
        # ... and window one, which had nothing unsaved, reloads to the winner.
        await until(a, lambda: one.query_one("#note-editor", TextArea).text == "First thoughts. Mine.")
    writer.close()


def test_a_note_created_in_two_windows_at_once_is_merged(pair):
    """Both windows created the row before either saw the other's: the first row wins, the
    second window's text is saved into it and its own row removed; the replaced text is
    handed back for the rescue file."""
    repo, other, session = pair
    amara = person_named(repo, "Amara")
    key = NoteKey(session.id, "wins", amara.id, Visibility.SHARED)
    first = NoteDraft(repo, key)
    second = NoteDraft(other, key)
    first.edit("from window one")
    assert first.save()
    second.edit("from window two")
    second.note = Note(session.id, "wins", amara.id, "", visibility=Visibility.SHARED)
    other.act_as(amara.id)
    assert second.save()  # a second row for the same key
    result = second.take_stored()
    assert result.replaced == "from window one"
    assert second.dirty and second.note.id == first.note.id
    assert second.save()
    bodies = [n.body for n in repo.notes_for_session(session.id)]
    assert bodies == ["from window two"]


async def test_a_shared_laptop_counts_whoever_types(pair, tmp_path):
    repo, _, session = pair
    app = build_app(repo, tmp_path=tmp_path)  # no --as: one laptop, two people
    async with app.run_test(size=SIZE) as pilot:
        screen = await join(pilot)
        first = screen.speaker_id
        await pilot.press("f2")
        await pilot.pause()
        assert set(screen.live.people) == {first, screen.speaker_id}
        here = {p.person_id for p in repo.presence_in(session.id)}
        assert here == set(screen.live.people)
        with contextlib.suppress(Exception):
            await pilot.press("ctrl+q")
    assert repo.presence_in(session.id) == [], "leaving the screen leaves the session"


async def test_the_clock_redraws_only_what_changes_and_only_while_it_runs(pair, tmp_path):
    """The idle-CPU rule: once a second, only the running section's time and the total are
    redrawn; nothing at all while the clock is paused or the terminal has lost focus."""
    from datetime import UTC, datetime, timedelta

    from textual import events

    from mentor_tui.tui.widgets.session.sidebar import SectionRow

    repo, _, session = pair
    app = build_app(repo, me=person_named(repo, "Amara"), tmp_path=tmp_path)
    now = [datetime.now(UTC)]
    app._now = lambda: now[0]
    async with app.run_test(size=SIZE) as pilot:
        screen = await join(pilot)
        ticking = screen._ticker._active
        assert ticking.is_set()
        drawn: list[int] = []
        for index, row in enumerate(screen.query(SectionRow)):
            original = row.update
            row.update = lambda *a, _i=index, _o=original, **k: (drawn.append(_i), _o(*a, **k))[1]
        now[0] += timedelta(seconds=61)
        screen.tick()
        screen.tick()  # the same second again: nothing to redraw
        assert drawn == [0]
        assert "Total 1:0" in str(screen.query_one("#session-total").render())

        await pilot.press("f6")  # paused: the timer stops waking the app
        await until(pilot, lambda: not ticking.is_set())
        await pilot.press("f6")
        await until(pilot, ticking.is_set)
        app.post_message(events.AppBlur())  # the terminal lost focus
        await until(pilot, lambda: not ticking.is_set())
        app.post_message(events.AppFocus())
        await until(pilot, ticking.is_set)
