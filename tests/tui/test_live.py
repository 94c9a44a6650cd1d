"""Two real apps on one database file, as a remote pair runs them (docs/remote.md).

Each app has its own repository connection (open_store on the same path), its own
ChangeWatcher and LiveSession, exactly as two `mentor-tui --as ...` processes would; they
only share the event loop of this test. Nothing is faked: what one types is saved by its
autosave, committed to SQLite, noticed by the other's `PRAGMA data_version` poll and drawn.
"""

from __future__ import annotations

import contextlib

import pytest
from textual.widgets import TextArea
from tuikit import (
    build_app,
    person_named,
    set_passphrase_when_offered,
    two_apps,
    type_text,
    until,
    wait_for_screen,
)

from mentor_tui import paths
from mentor_tui.core.agendas import load_library
from mentor_tui.core.models import SessionStatus, Visibility
from mentor_tui.core.notes import Note
from mentor_tui.store import open_store
from mentor_tui.tui.drafts import REPLACED_FILE, NoteDraft, NoteKey
from mentor_tui.tui.screens.resume import ResumeScreen
from mentor_tui.tui.screens.session import SessionScreen
from mentor_tui.tui.widgets.common.topbar import TopBar

SIZE = (100, 30)


@pytest.fixture
def pair(demo, db_path, tmp_path):
    """The demo pair with a check-in started; a second connection for the second app."""
    library = load_library(paths.prompts_dir() / "agendas", None)
    mentorship = demo.mentorships.list()[0]
    session = demo.sessions.start(mentorship.id, library["regular-check-in"])
    other = open_store(db_path)
    yield demo, other, session
    other.close()


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

        # What Amara types shows on Lukas's screen (how soon is bench.remote's figure).
        await type_text(a, "Poster accepted at the regional meeting.")
        await until(b, lambda: "Poster accepted at the regional meeting." in others_text(lukas))
        assert "Amara wrote:" in others_text(lukas)
        # ... and Lukas's own editor is untouched: it is his note, not hers.
        assert lukas.query_one("#note-editor", TextArea).text == ""

        # Amara moves on: Lukas's screen follows (the clock is shared, the move is hers).
        await a.press("f8")
        await until(b, lambda: lukas.position == 1)
        assert lukas.current_section.key == "topic"
        assert "2/4" in lukas.query_one(TopBar).title

        # Lukas stops following: Amara's next move leaves him where he is, and both
        # headers say so.
        await b.press("ctrl+f")
        await until(a, lambda: "not following" in presence_text(amara))
        await a.press("f8")
        await until(b, lambda: "NOT following (at 3/4)" in presence_text(lukas))
        assert lukas.position == 1
        assert "NOT following" in presence_text(lukas)
        # Following again catches up at once.
        await b.press("ctrl+f")
        await until(b, lambda: lukas.position == 2)
        await b.pause()

    stored = first_repo.sessions.get(session.id)
    assert stored.current_section == 2
    assert stored.status == SessionStatus.ACTIVE


async def test_following_a_move_keeps_a_private_note_private(pair, tmp_path):
    """Lukas is typing a private note when Amara moves on: his screen follows, and what he
    types next is still private, never shown to Amara (his app sends shared notes to hers
    as they are typed). Switched off (the follow resetting to a shared note, as it once
    did), his next words reach her screen."""
    amara_app, lukas_app = two_apps(pair, tmp_path)
    async with amara_app.run_test(size=SIZE) as a, lukas_app.run_test(size=SIZE) as b:
        amara = await join(a)
        lukas = await join(b)
        await until(b, lambda: "Also here: Dr Amara Okafor" in presence_text(lukas))
        await b.press("f3")
        await set_passphrase_when_offered(b)
        await wait_for_screen(b, SessionScreen)
        await until(b, lambda: lukas.private)
        await type_text(b, "Doubts ")
        await a.press("f8")
        await until(b, lambda: lukas.position == 1)
        assert lukas.private, "the note being typed stays private after following"
        await type_text(b, "about my supervisor")
        await until(b, lambda: lukas.draft is not None and lukas.draft.note is not None
                    and not lukas.draft.dirty, what="Lukas's note saved")  # fmt: skip
        # What Amara's app can read of this session holds none of it.
        bodies = [n.body for n in amara_app.repo.notes.for_session(amara.session_id)]
        assert not any("supervisor" in body for body in bodies)
        assert "supervisor" not in others_text(amara)


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
    notes = {n.author_id: n.body for n in first_repo.notes.for_session(session.id)}
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


async def test_one_person_in_two_windows_last_writer_wins_and_keeps_a_copy(
    pair, tmp_path, db_path, monkeypatch
):
    from mentor_tui.tui import drafts

    # Window two must still hold unsaved typing when the other save lands: with the live
    # 0.1 s autosave of a watched session a busy machine could save it first, so this test
    # types at a slower one.
    monkeypatch.setattr(drafts, "WATCHED_IDLE_SECONDS", 2.0)
    monkeypatch.setattr(drafts, "WATCHED_MAX_UNSAVED_SECONDS", 4.0)
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
        # While window two types, its autosave is ten minutes off, so the other save surely
        # lands first; the autosave the conflict then schedules is back at 2 s.
        monkeypatch.setattr(drafts, "WATCHED_IDLE_SECONDS", 600.0)
        monkeypatch.setattr(drafts, "WATCHED_MAX_UNSAVED_SECONDS", 600.0)
        await type_text(b, " Mine.")
        await b.pause()
        assert two.draft is not None and two.draft.dirty, "window two saved its typing already"
        monkeypatch.setattr(drafts, "WATCHED_IDLE_SECONDS", 2.0)
        monkeypatch.setattr(drafts, "WATCHED_MAX_UNSAVED_SECONDS", 4.0)
        key = two.draft.key
        elsewhere = first_repo.notes.for_section(key.session_id, key.section_key, key.author_id, key.visibility)
        elsewhere.body = "Replaced elsewhere."
        writer.act_as(amara.id)
        writer.notes.save(elsewhere)
        rescue = paths.data_dir() / REPLACED_FILE
        await until(b, rescue.exists)
        assert editor.text == "First thoughts. Mine."
        assert "Replaced elsewhere." in rescue.read_text()
        assert rescue.stat().st_mode & 0o777 == 0o600

        def stored() -> str:
            return writer.notes.for_section(key.session_id, key.section_key, key.author_id, key.visibility).body

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
    bodies = [n.body for n in repo.notes.for_session(session.id)]
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
        here = {p.person_id for p in repo.presence.in_session(session.id)}
        assert here == set(screen.live.people)
        with contextlib.suppress(Exception):
            await pilot.press("ctrl+q")
    assert repo.presence.in_session(session.id) == [], "leaving the screen leaves the session"


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
        # From now, not from before the app started: resuming stamped the clock with the
        # real time, which on a busy machine is seconds after `now` was first read.
        now[0] = datetime.now(UTC) + timedelta(seconds=61)
        screen.tick()
        screen.tick()  # the same second again: nothing to redraw
        assert drawn == [0]
        assert "Total 1 min" in str(screen.query_one("#session-total").render())

        await pilot.press("f6")  # paused: the timer stops waking the app
        await until(pilot, lambda: not ticking.is_set())
        await pilot.press("f6")
        await until(pilot, ticking.is_set)
        app.post_message(events.AppBlur())  # the terminal lost focus
        await until(pilot, lambda: not ticking.is_set())
        app.post_message(events.AppFocus())
        await until(pilot, ticking.is_set)


# -- joining a live session (issue 12): join, never end it under someone ---------------------


def resume_offer(screen: ResumeScreen) -> str:
    """What the Resume/Join dialog offers: its title, hint and the buttons shown."""
    from textual.widgets import Button

    parts = [str(screen.query_one(selector).render()) for selector in ("#resume-title", "#resume-hint")]
    parts += [str(b.label) for b in screen.query(Button) if b.display]
    return " | ".join(parts)


async def test_the_partner_is_offered_to_join_not_to_end(pair, tmp_path):
    first_repo, _, session = pair
    amara_app, lukas_app = two_apps(pair, tmp_path)
    async with amara_app.run_test(size=SIZE) as a:
        await join(a)
        running_since = first_repo.sessions.get(session.id).sections[0].running_since
        async with lukas_app.run_test(size=SIZE) as b:
            offer = await wait_for_screen(b, ResumeScreen)
            shown = resume_offer(offer)
            assert "Join the session with Dr Amara Okafor?" in shown
            assert "Dr Amara Okafor is in this session now." in shown
            assert "End it" not in shown and "Resume" not in shown
            assert "Join" in shown
            # Pressing End anyway (it is hidden; a script could still press it) refuses.
            offer.end()
            await b.pause()
            assert b.app.screen is offer
            assert first_repo.sessions.get(session.id).status == SessionStatus.ACTIVE
            await b.press("enter")
            lukas = await wait_for_screen(b, SessionScreen)
            await until(b, lambda: lukas.live is not None, timeout=10)
            await until(b, lambda: "Also here: Dr Amara Okafor" in presence_text(lukas), timeout=10)
        stored = first_repo.sessions.get(session.id)
        assert stored.status == SessionStatus.ACTIVE
        # Joining left Amara's clock alone: it runs on from when she started it.
        assert stored.sections[0].running_since == running_since


async def test_ending_while_the_partner_is_here_asks_and_tells_them(pair, tmp_path):
    from mentor_tui.tui.screens.dialogs import ConfirmDialog

    first_repo, _, session = pair
    amara_app, lukas_app = two_apps(pair, tmp_path)
    async with amara_app.run_test(size=SIZE) as a, lukas_app.run_test(size=SIZE) as b:
        amara = await join(a)
        lukas = await join(b)
        await until(a, lambda: "Dr Lukas Berg" in presence_text(amara), timeout=10)
        await a.press("f9")
        confirm = await wait_for_screen(a, ConfirmDialog)
        assert confirm.question == "Dr Lukas Berg is still in this session; end it for both of you?"
        await a.press("escape")  # not yet: nothing changes for either of them
        await wait_for_screen(a, SessionScreen)
        assert first_repo.sessions.get(session.id).status == SessionStatus.ACTIVE
        assert not lukas.query_one("#live-banner").display
        await a.press("f9")
        await wait_for_screen(a, ConfirmDialog)
        await a.press("enter")
        await until(a, lambda: type(a.app.screen).__name__ == "WrapUpScreen", timeout=10)
        banner = lukas.query_one("#live-banner")
        await until(b, lambda: banner.display, timeout=10)
        assert "Dr Amara Okafor ended the session." in str(banner.render())
    assert first_repo.sessions.get(session.id).status == SessionStatus.ENDED


async def test_alone_the_end_question_is_the_usual_one(pair, tmp_path):
    from mentor_tui.tui.screens.dialogs import ConfirmDialog

    amara_app, _ = two_apps(pair, tmp_path)
    async with amara_app.run_test(size=SIZE) as a:
        await join(a)
        await a.press("f9")
        confirm = await wait_for_screen(a, ConfirmDialog)
        assert confirm.question == "End the session and go to the wrap-up?"


async def test_a_session_whose_app_died_is_offered_as_resume(pair, tmp_path):
    """Amara's app is gone (its process ended) while its heartbeat is still fresh: nobody
    is in the session, so Lukas may resume it, or end it."""
    import subprocess
    import sys

    first_repo, second_repo, session = pair
    amara_app, lukas_app = two_apps(pair, tmp_path)
    async with amara_app.run_test(size=SIZE) as a:
        amara = await join(a)
        instance = amara.live.instance_id
        # Stop Amara's heartbeats, then hand her presence row a pid that no longer runs,
        # as a killed app leaves it (the two apps here share this test's process).
        amara.live.close()
        gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
        from mentor_tui.core.presence import Presence

        first_repo.presence.join(Presence(
            instance, person_named(first_repo, "Amara").id, session.id,
            host=__import__("socket").gethostname(), pid=int(gone.stdout), via="local",
        ))
        assert [p.instance_id for p in first_repo.presence.in_session(session.id)] == [instance]
        async with lukas_app.run_test(size=SIZE) as b:
            offer = await wait_for_screen(b, ResumeScreen)
            shown = resume_offer(offer)
            assert "Resume session?" in shown and "End it" in shown and "Join" not in shown


async def test_quitting_mid_session_shows_paused_on_home(pair, tmp_path):
    from mentor_tui.tui.screens.home import HomeScreen

    first_repo, _, session = pair
    amara_app, _ = two_apps(pair, tmp_path)
    # Never quit (the app died in it): interrupted.
    async with amara_app.run_test(size=SIZE) as a:
        offer = await wait_for_screen(a, ResumeScreen)
        assert "closed during a session" in resume_offer(offer)
        await a.press("escape")
        home = await wait_for_screen(a, HomeScreen)
        assert "Interrupted: Regular check-in." in str(home.query_one("#resume-banner").render())
    amara_app, _ = two_apps(pair, tmp_path)
    async with amara_app.run_test(size=SIZE) as a:
        await join(a)
        await a.press("ctrl+q")
        await a.pause()
    assert session.id in first_repo.sessions.paused_ids()
    amara_app, _ = two_apps(pair, tmp_path)
    async with amara_app.run_test(size=SIZE) as a:
        offer = await wait_for_screen(a, ResumeScreen)
        shown = resume_offer(offer)
        assert "paused when mentor-tui was quit" in shown and "End it" in shown
        await a.press("escape")
        home = await wait_for_screen(a, HomeScreen)
        assert "Paused: Regular check-in." in str(home.query_one("#resume-banner").render())
        # Resumed, it is no longer paused: should the app die now, it is interrupted.
        await a.press("r")
        await wait_for_screen(a, SessionScreen)
        assert first_repo.sessions.paused_ids() == set()


async def test_quitting_while_the_partner_stays_does_not_pause(pair, tmp_path):
    first_repo, _, session = pair
    amara_app, lukas_app = two_apps(pair, tmp_path)
    async with amara_app.run_test(size=SIZE) as a:
        amara = await join(a)
        async with lukas_app.run_test(size=SIZE) as b:
            await join(b)
            await until(b, lambda: bool(amara.live.others), timeout=10)
            await b.press("ctrl+q")
            await b.pause()
        assert first_repo.sessions.paused_ids() == set()
        assert first_repo.sessions.get(session.id).sections[0].running_since is not None


async def test_home_offers_to_join_while_the_partner_is_in_it(pair, tmp_path):
    from mentor_tui.tui.screens.home import HomeScreen

    amara_app, lukas_app = two_apps(pair, tmp_path)
    async with lukas_app.run_test(size=SIZE) as b:
        await wait_for_screen(b, ResumeScreen)
        await b.press("escape")
        home = await wait_for_screen(b, HomeScreen)
        banner = home.query_one("#resume-banner")
        assert "Interrupted" in str(banner.render())
        async with amara_app.run_test(size=SIZE) as a:
            await join(a)
            # Lukas's Home redraws when Amara's app commits (her presence): join, not resume.
            await until(b, lambda: "Dr Amara Okafor is in Regular check-in now. Press r to join."
                        in str(banner.render()), timeout=10)
        await until(b, lambda: "Interrupted" in str(banner.render()), timeout=10)
