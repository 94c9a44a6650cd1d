"""Sign-in: a name on the command line is a claim; the passphrase is the identity.

Attacks from issue 12, against the real CLI in a subprocess and the real app under Pilot:
- a partner in a second terminal runs `--as` the other person;
- the partner started `--as` themselves switches the speaker to the other person;
- at one laptop, F2 to someone who is not signed in;
- guessing passphrases.
With the protection off (Accounts.unlock returning None at once, or MentorApp.sign_in not
calling the store), these tests fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from clikit import run

from mentor_tui.core.errors import SignInError, UserError
from mentor_tui.store import open_store
from mentor_tui.store.accounts import Accounts
from mentor_tui.store.demo import seed_demo
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.screens.session import SessionScreen
from mentor_tui.tui.screens.signin import PassphraseDialog, SignInScreen
from mentor_tui.tui.widgets.common.topbar import TopBar
from tests.tui.tuikit import (
    TODAY,
    Notices,
    build_app,
    palette,
    type_text,
    until,
    wait_for_screen,
)

AMARA_SECRET = "amara's long passphrase"


def one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.fixture
def demo(tmp_path: Path):
    path = tmp_path / "pair.db"
    with open_store(path) as store:
        seed_demo(store, today=TODAY)
        accounts = Accounts(store)
        amara = accounts.find("Dr Amara Okafor")
        accounts.set_passphrase(amara.id, AMARA_SECRET)
    return path


def secret_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / f"pp-{abs(hash(text))}"
    path.write_text(text + "\n")
    path.chmod(0o600)
    return str(path)


def private_bodies(db: Path, *args: str) -> list[str]:
    listed = run("--db", str(db), *args, "sessions", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    bodies = []
    for session in json.loads(listed.stdout):
        shown = run("--db", str(db), *args, "sessions", "show", session["id"], "--json")
        assert shown.returncode == 0, shown.stderr
        bodies += [n["body"] for n in json.loads(shown.stdout)["notes"] if n["visibility"] == "private"]
    return bodies


def test_the_cli_shows_private_notes_only_to_their_author_signed_in(demo, tmp_path):
    with open_store(demo) as store:
        amara = store.people.find("Dr Amara Okafor")
        session = store.sessions.get(store.sessions.list()[0].id)
        from mentor_tui.core.models import Visibility
        from mentor_tui.core.notes import Note

        store.notes.save(
            Note(session.id, session.sections[0].key, amara.id, "AMARA-ONLY-MARKER",
                 visibility=Visibility.PRIVATE)
        )
    # The partner claims to be Amara: no passphrase, no notes, one line.
    claim = run("--db", str(demo), "--as", "Dr Amara Okafor", "sessions", "list", "--json")
    assert "has a passphrase" in one_line(claim)
    wrong = run(
        "--db", str(demo), "--as", "Dr Amara Okafor",
        "--passphrase-file", secret_file(tmp_path, "a guess at it"), "sessions", "list",
    )
    assert "not the passphrase" in one_line(wrong)
    # As themselves, or as the owner without --as, nobody else's private note shows.
    assert "AMARA-ONLY-MARKER" not in private_bodies(demo, "--as", "Dr Lukas Berg")
    assert private_bodies(demo) == []
    # Amara herself, signed in, sees hers.
    mine = private_bodies(
        demo, "--as", "Dr Amara Okafor", "--passphrase-file", secret_file(tmp_path, AMARA_SECRET)
    )
    assert "AMARA-ONLY-MARKER" in mine


def test_the_passphrase_never_comes_from_the_environment(demo):
    result = subprocess.run(
        [sys.executable, "-m", "mentor_tui", "--db", str(demo), "--as", "Dr Amara Okafor", "sessions", "list"],
        capture_output=True, text=True, timeout=60,
        env={**__import__("os").environ, "MENTOR_TUI_PASSPHRASE": AMARA_SECRET,
             "MENTOR_TUI_PASSPHRASE_FILE": "/dev/null"},
    )
    assert "has a passphrase" in one_line(result)


def test_after_five_wrong_tries_even_the_right_passphrase_waits(demo):
    with open_store(demo) as store:
        accounts = Accounts(store)
        amara = accounts.find("Dr Amara Okafor")
        for _ in range(5):
            with pytest.raises(SignInError, match="not the passphrase"):
                accounts.sign_in(amara.id, "wrong guess")
        with pytest.raises(SignInError, match="try again in"):
            accounts.sign_in(amara.id, AMARA_SECRET)


def test_people_passphrase_changes_it_only_with_the_current_one(demo, tmp_path):
    new = secret_file(tmp_path, "a brand new passphrase")
    refused = run(
        "--db", str(demo), "people", "passphrase", "Dr Amara Okafor",
        "--new-passphrase-file", new,
    )
    assert "has a passphrase" in one_line(refused)
    done = run(
        "--db", str(demo), "--passphrase-file", secret_file(tmp_path, AMARA_SECRET),
        "people", "passphrase", "Dr Amara Okafor", "--new-passphrase-file", new,
    )
    assert done.returncode == 0, done.stderr
    with open_store(demo) as store:
        accounts = Accounts(store)
        amara = accounts.find("Dr Amara Okafor")
        accounts.sign_in(amara.id, "a brand new passphrase").close()
        with pytest.raises(SignInError):
            accounts.sign_in(amara.id, AMARA_SECRET)
    short = run(
        "--db", str(demo), "people", "passphrase", "Dr Lukas Berg",
        "--new-passphrase-file", secret_file(tmp_path, "short"),
    )
    assert "at least 8 characters" in one_line(short)


async def open_session(pilot) -> SessionScreen:
    await wait_for_screen(pilot, HomeScreen)
    await pilot.press("s")
    await pilot.pause()
    await pilot.press("enter")
    return await wait_for_screen(pilot, SessionScreen)


async def test_an_app_started_as_one_person_cannot_switch_to_the_other(demo):
    with open_store(demo) as store:
        lukas = store.people.find("Dr Lukas Berg")
        app = build_app(store, me=lukas, alone=True)
        notices = Notices()
        async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
            screen = await open_session(pilot)
            assert screen.speaker_id == lukas.id
            await pilot.press("f2")
            await pilot.pause()
            assert screen.speaker_id == lukas.id
            assert not isinstance(app.screen, PassphraseDialog)
            await notices.shown(pilot, "alone")
            await type_text(pilot, "still me")
            await pilot.press("f8")
            await pilot.pause()
        notes = [n for s in store.sessions.list() for n in store.notes.for_session(s.id)]
        assert any(n.body == "still me" and n.author_id == lukas.id for n in notes)


async def test_at_one_laptop_f2_asks_the_partners_passphrase(demo):
    with open_store(demo) as store:
        lukas, amara = store.people.find("Dr Lukas Berg"), store.people.find("Dr Amara Okafor")
        app = build_app(store, me=lukas)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_session(pilot)
            assert screen.speaker_id == lukas.id
            await pilot.press("f2")
            dialog = await wait_for_screen(pilot, PassphraseDialog)
            await type_text(pilot, "a wrong guess")
            await pilot.press("enter")
            await until(pilot, lambda: "not the passphrase" in str(
                dialog.query_one("#passphrase-message").render()))
            assert screen.speaker_id == lukas.id
            await type_text(pilot, AMARA_SECRET)
            await pilot.press("enter")
            await wait_for_screen(pilot, SessionScreen)
            await until(pilot, lambda: screen.speaker_id == amara.id)
            assert app.me.id == amara.id


async def test_the_sign_in_screen_asks_for_the_passphrase(demo):
    with open_store(demo) as store:
        app = build_app(store, signed_in=False)  # as `mentor-tui` without --as
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await wait_for_screen(pilot, SignInScreen)
            people = screen.query_one("#people")
            amara_index = next(
                i for i in range(people.option_count)
                if "Amara" in str(people.get_option_at_index(i).prompt)
            )
            people.highlighted = amara_index
            people.focus()
            await pilot.press("enter")
            await until(pilot, lambda: screen.query_one("#passphrase").has_focus)
            await type_text(pilot, "not it at all")
            await pilot.press("enter")
            await until(pilot, lambda: "not the passphrase" in str(
                screen.query_one("#signin-message").render()))
            assert app.me is None
            await type_text(pilot, AMARA_SECRET)
            await pilot.press("enter")
            await wait_for_screen(pilot, HomeScreen)
            assert app.me is not None and "Amara" in app.me.display_name


async def test_a_key_that_is_not_open_asks_the_passphrase_before_a_private_note(demo):
    """Signed in by other means (an SSH key; here the test), the person's private notes
    stay shut until their passphrase is typed."""
    from mentor_tui.tui.screens.signin import UnlockDialog

    with open_store(demo) as store:
        amara = store.people.find("Dr Amara Okafor")
        app = build_app(store, me=amara, alone=True)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_session(pilot)
            await pilot.press("f3")
            dialog = await wait_for_screen(pilot, UnlockDialog)
            await type_text(pilot, "not hers at all")
            await pilot.press("enter")
            await until(pilot, lambda: "not the passphrase" in str(
                dialog.query_one("#passphrase-message").render()))
            assert not screen.private and app.repo.private_key is None
            await type_text(pilot, AMARA_SECRET)
            await pilot.press("enter")
            await wait_for_screen(pilot, SessionScreen)
            await until(pilot, lambda: screen.private)
            assert app.repo.private_key is not None


async def test_signing_out_at_one_laptop_takes_the_person_and_their_keys_out_of_the_app(demo):
    """The person typing signs out: the other one signed in types next, and F2 back to the
    one who left needs their passphrase again. (Switched off, with the repository left in
    the app, she is still signed in and switch_to goes back to her without it.)"""
    with open_store(demo) as store:
        app = build_app(store)  # both members signed in, as at one laptop
        notices = Notices()
        async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            leaving = app.me
            both = [store.people.find("Dr Amara Okafor"), store.people.find("Dr Lukas Berg")]
            staying = next(p for p in both if p.id != leaving.id)
            await palette(pilot, "Sign out")
            said = await notices.shown(pilot, "signed out")
            await until(pilot, lambda: app.me is not None and app.me.id == staying.id)
            assert not app.is_signed_in(leaving.id)
            with pytest.raises(UserError):
                app.switch_to(leaving.id)
            home = await wait_for_screen(pilot, HomeScreen)
            await until(pilot, lambda: staying.display_name in home.query_one(TopBar).status)
            # The last one out closes the app: nobody is left at the keyboard.
            await palette(pilot, "Sign out")
            await until(pilot, lambda: app.me is None, what="nobody signed in")
        assert not app.is_signed_in(staying.id)
    assert staying.display_name in said


async def test_sign_out_is_refused_in_a_session_and_in_a_window_for_one_person(demo):
    with open_store(demo) as store:
        lukas = store.people.find("Dr Lukas Berg")
        app = build_app(store)
        notices = Notices()
        async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
            await open_session(pilot)
            await palette(pilot, "Sign out")
            await notices.shown(pilot, "Go Home first")
            assert app.me is not None and isinstance(app.screen, SessionScreen)
        alone = build_app(store, me=lukas, alone=True)
        notices = Notices()
        async with alone.run_test(size=(100, 30), message_hook=notices) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await palette(pilot, "Sign out")
            await notices.shown(pilot, "alone")
            assert alone.me is not None and alone.me.id == lukas.id
