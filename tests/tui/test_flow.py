"""A whole session, start to finish, on the real app and a real database file."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from textual.widgets import Input, OptionList, Select
from tuikit import (
    PASSPHRASE,
    TODAY,
    set_passphrase_when_offered,
    type_into,
    type_text,
    until,
    wait_for_screen,
)

from mentor_tui.core.models import SessionStatus, Visibility
from mentor_tui.share.coarsen import career_stage_group
from mentor_tui.store import open_store
from mentor_tui.store.accounts import Accounts
from mentor_tui.tui.screens.agenda_picker import AgendaPickerScreen
from mentor_tui.tui.screens.dialogs import ActionItemDialog, ConfirmDialog
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.screens.onboarding import OnboardingScreen
from mentor_tui.tui.screens.session import SessionScreen
from mentor_tui.tui.screens.signin import SetPassphraseDialog
from mentor_tui.tui.screens.wrapup import WrapUpScreen

NEXT_FRIDAY = date(2025, 5, 16)  # TODAY is Tuesday 13 May 2025


async def onboard(pilot) -> None:
    await wait_for_screen(pilot, OnboardingScreen)
    await type_into(pilot, "#me-name", "Dr Amara Okafor")
    screen = pilot.app.screen
    screen.query_one("#me-email", Input).value = "amara@example.org"
    screen.query_one("#me-stage", Select).value = "advanced nurse practitioner"
    await type_into(pilot, "#partner-names", "Dr Lukas Berg")
    screen.query_one("#partner-email", Input).value = "lukas@example.org"
    await type_into(pilot, "#cadence", "every 2 weeks on tue")
    assert "every 2 weeks on Tuesday" in str(pilot.app.screen.query_one("#cadence-message").render())
    screen.query_one("#purpose", Input).value = "A first grant"
    screen.query_one("#purpose", Input).focus()
    await pilot.press("end", "full_stop", "enter")
    await wait_for_screen(pilot, SetPassphraseDialog)  # offered; skipped here
    await pilot.press("escape")
    await wait_for_screen(pilot, HomeScreen)


async def start_regular_check_in(pilot) -> SessionScreen:
    await pilot.press("s")
    picker = await wait_for_screen(pilot, AgendaPickerScreen)
    options = picker.query_one("#agenda-list", OptionList)
    keys = [options.get_option_at_index(i).id for i in range(options.option_count)]
    assert keys[0] == "first-meeting", "a pair with no history is offered the first meeting first"
    options.highlighted = keys.index("regular-check-in")
    await pilot.press("enter")
    return await wait_for_screen(pilot, SessionScreen)


async def test_whole_session(store, make_app, db_path, tmp_path, cli_env):
    app = make_app(store)
    async with app.run_test(size=(100, 32)) as pilot:
        await onboard(pilot)
        mentorship = store.mentorships.list()[0]
        amara, lukas = (m.person_id for m in mentorship.members)
        assert mentorship.cadence == "every 2 weeks on Tuesday"
        assert mentorship.agreement.goals == "A first grant."
        # Stages for nurses and allied health, grouped with them when a bundle leaves.
        stage = store.people.get(amara).career_stage
        assert stage == "advanced nurse practitioner"
        assert career_stage_group(stage) == "nursing / allied health"

        session_screen = await start_regular_check_in(pilot)
        assert session_screen.speaker_id == amara
        await type_text(pilot, "Poster accepted.")
        await pilot.press("f2")  # Switch speaker
        await pilot.pause()
        assert session_screen.speaker_id == lukas
        await type_text(pilot, "Calm nights.")
        await pilot.press("f3")  # Lukas's private note: sealed for him, so a passphrase first
        await set_passphrase_when_offered(pilot)
        await wait_for_screen(pilot, SessionScreen)
        await until(pilot, lambda: session_screen.private)
        await type_text(pilot, "Unsure: academia?")
        await pilot.press("f3")
        await pilot.press("f8")  # Next section
        await pilot.pause()
        assert session_screen.current_section.key == "topic"
        await type_text(pilot, "Plan half done.")

        await pilot.press("f4")  # Add action item
        dialog = await wait_for_screen(pilot, ActionItemDialog)
        await type_into(pilot, "#action-text", "Finish plan")
        await type_into(pilot, "#action-due", "nxt fri")
        assert "-error" in dialog.query_one("#due-message").classes
        due = dialog.query_one("#action-due", Input)
        due.value = ""
        await type_into(pilot, "#action-due", "next friday")
        assert "Fri 16 May 2025" in str(dialog.query_one("#due-message").render())
        await pilot.press("enter")
        await wait_for_screen(pilot, SessionScreen)

        await pilot.press("f9")  # End session
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("enter")
        wrapup = await wait_for_screen(pilot, WrapUpScreen)
        wrapup.query_one(f"#score-{amara}", Select).value = 5
        # Lukas is typing: only his row asks whether the pairing works, for him alone.
        assert not wrapup.query(f"#working-{amara}")
        await type_into(pilot, f"#word-{amara}", "focused")
        wrapup.query_one(f"#score-{lukas}", Select).value = 4
        wrapup.query_one(f"#working-{lukas}", Select).value = "unsure"
        await type_into(pilot, f"#comment-{lukas}", "ask about the fellowship")
        await pilot.pause()
        await pilot.press("f9")  # Finish
        await wait_for_screen(pilot, HomeScreen)

    # What is in the database, read through a second connection.
    with open_store(db_path) as check:
        session = check.sessions.last()
        assert session.status == SessionStatus.ENDED
        assert session.agenda_key == "regular-check-in"
        with Accounts(check).sign_in(lukas, PASSPHRASE) as his:
            notes = {
                (n.section_key, n.author_id, n.visibility): n.body
                for n in his.notes.for_session(session.id, viewer_id=lukas, include_private=True)
            }
        assert notes == {
            ("wins", amara, Visibility.SHARED): "Poster accepted.",
            ("wins", lukas, Visibility.SHARED): "Calm nights.",
            ("wins", lukas, Visibility.PRIVATE): "Unsure: academia?",
            ("topic", lukas, Visibility.SHARED): "Plan half done.",
        }
        shown_to_amara = check.notes.for_session(session.id, viewer_id=amara, include_private=True)
        assert all(n.visibility == Visibility.SHARED for n in shown_to_amara)
        (item,) = check.actions.list(session_id=session.id)
        assert item.text == "Finish plan"
        assert item.due == NEXT_FRIDAY
        assert item.owner_id == lukas  # the mentee by default
        ratings = {r.person_id: r for r in check.feedback.ratings(session.id)}
        assert ratings[amara].score == 5 and ratings[amara].word == "focused"
        assert ratings[amara].pairing is None
        assert ratings[lukas].score == 4 and ratings[lukas].pairing is None  # sealed for him
        with Accounts(check).sign_in(lukas, PASSPHRASE) as his:
            mine = {r.person_id: r for r in his.feedback.ratings(session.id)}
        assert mine[lukas].pairing == "unsure"  # "not sure" is an answer of its own
        assert mine[lukas].private_comment == "ask about the fellowship"
        assert mine[amara].pairing is None
        raw = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
        assert b"ask about the fellowship" not in raw

    # The other member never sees the private note, not even through the command line.
    secret = db_path.parent / "lukas.pass"
    secret.write_text(PASSPHRASE + "\n")

    def show(as_name: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "mentor_tui", "--db", str(db_path), "--as", as_name,
             "--passphrase-file", str(secret), "sessions", "show", "--last", "--json"],
            capture_output=True, text=True, env=cli_env, check=True,
        )
        return done.stdout

    as_amara = show("Dr Amara Okafor")
    assert "Unsure: academia?" not in as_amara
    assert "Calm nights." in as_amara
    json.loads(as_amara)
    assert "Unsure: academia?" in show("Dr Lukas Berg")
    assert TODAY  # the frozen clock was used for the due date above
