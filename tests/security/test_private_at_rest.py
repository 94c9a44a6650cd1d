"""Private notes are sealed for their author: no byte of the file, its WAL, a backup or an
export holds their text (issue 13's evidence).

With the protection off (NotesRepo.save writing `note.body` unsealed, or the m006
index triggers indexing every note), the marker is found and these tests fail.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import TextArea

from mentor_tui.core.models import Visibility
from mentor_tui.core.notes import Note
from mentor_tui.store import database, open_store, vault
from mentor_tui.store.accounts import Accounts
from mentor_tui.store.demo import seed_demo
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.screens.session import SessionScreen
from tests.tui.tuikit import (
    PASSPHRASE,
    TODAY,
    build_app,
    palette,
    set_passphrase_when_offered,
    type_text,
    until,
    wait_for_screen,
)

FIXTURE = Path(__file__).parent / "fixtures" / "v3-plain-private.db"
LEGACY = b"legacyplainmark"  # the porter stem the old search index kept, as well as the text


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mentor_tui", *args], capture_output=True, text=True, timeout=60
    )


def every_byte(db: Path, *more: Path) -> bytes:
    files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"), *more]
    backups = database.backups_dir(db)
    if backups.exists():
        files += sorted(backups.iterdir())
    return b"".join(f.read_bytes() for f in files if f.exists())


def found(marker: str, data: bytes) -> bool:
    return marker.encode().lower() in data.lower()


async def test_a_private_note_typed_in_the_app_is_nowhere_in_plain_text(tmp_path):
    db = tmp_path / "pair.db"
    marker = "ATRESTMARKER"
    with open_store(db) as store:
        seed_demo(store, today=TODAY)
        lukas = store.people.find("Dr Lukas Berg")
        app = build_app(store, me=lukas)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("s")
            await pilot.pause()
            await pilot.press("enter")
            screen = await wait_for_screen(pilot, SessionScreen)
            await pilot.press("f3")
            await set_passphrase_when_offered(pilot)
            await wait_for_screen(pilot, SessionScreen)
            await until(pilot, lambda: screen.private)
            await type_text(pilot, f"{marker} doubts about the fellowship")
            editor = screen.query_one("#note-editor", TextArea)
            assert marker in editor.text
            await until(pilot, lambda: screen.draft is not None and not screen.draft.dirty, 5.0)
        database.take_backup(store.db.conn, db, "test")
    secret = tmp_path / "pass"
    secret.write_text(PASSPHRASE + "\n")
    # A second process, the author signed in: it is there for him.
    with open_store(db) as store:
        session_id = store.sessions.list()[0].id  # newest first: the one just typed in
    mine = cli("--db", str(db), "--as", "Dr Lukas Berg", "--passphrase-file", str(secret),
               "sessions", "show", session_id, "--json")
    assert mine.returncode == 0, mine.stderr
    assert marker in mine.stdout
    # ... and in no byte anywhere else.
    full = tmp_path / "full.json"
    assert cli("--db", str(db), "data", "export", "--out", str(full)).returncode == 0
    bundle = tmp_path / "bundle.jsonl"
    made = cli("--db", str(db), "--as", "Dr Lukas Berg", "--passphrase-file", str(secret),
               "export", "--anonymized", "--include-text", "--programme", "NW", "--out", str(bundle))
    assert made.returncode == 0, made.stderr
    everything = every_byte(db, full, bundle)
    assert not found(marker, everything)
    assert b"\\u0000sealed:v1:" in full.read_bytes()  # it travels, sealed
    # Imported elsewhere, the author opens it with the same passphrase.
    other = tmp_path / "other.db"
    assert cli("--db", str(other), "data", "import", str(full)).returncode == 0
    again = cli("--db", str(other), "--as", "Dr Lukas Berg", "--passphrase-file", str(secret),
                "sessions", "show", session_id, "--json")
    assert marker in again.stdout


def test_plain_private_notes_from_before_are_sealed_and_scrubbed_when_a_passphrase_is_set(
    tmp_path,
):
    db = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, db)
    with open_store(db) as store:  # migrates from schema 3 (a backup is taken first)
        lukas = store.people.find("Dr Lukas Berg")
        accounts = Accounts(store)
        assert store.db.execute(
            "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'legacyplainmarker'"
        ).fetchone()[0] == 0, "the index no longer holds private text"
        assert accounts.plain_private_notes(lukas.id) >= 1
        with accounts.sign_in(lukas.id, None) as his:  # still readable to him, in plain text
            bodies = [h.note.body for h in his.notes.search(
                "LEGACYPLAINMARKER", viewer_id=lukas.id, include_private=True)]
            assert any("LEGACYPLAINMARKER" in b for b in bodies)
    before = every_byte(db)
    assert LEGACY in before.lower()
    new = tmp_path / "new"
    new.write_text(PASSPHRASE + "\n")
    done = cli("--db", str(db), "people", "passphrase", "Dr Lukas Berg",
               "--new-passphrase-file", str(new))
    assert done.returncode == 0, done.stderr
    assert "recovery code" in done.stdout.lower()
    # The file, its WAL and shm: not a trace (the pre-migration backup still has it; see
    # docs/architecture.md on backups taken before).
    files = b"".join(
        p.read_bytes() for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"))
        if p.exists()
    )
    assert LEGACY not in files.lower()
    with open_store(db) as store:
        lukas = store.people.find("Dr Lukas Berg")
        with Accounts(store).sign_in(lukas.id, PASSPHRASE) as his:
            hits = his.notes.search("legacyplainmarker", viewer_id=lukas.id, include_private=True)
            assert [h.note.visibility for h in hits] == [Visibility.PRIVATE]


@pytest.fixture
def sealed(tmp_path):
    db = tmp_path / "pair.db"
    store = open_store(db)
    seed_demo(store, today=TODAY)
    lukas = store.people.find("Dr Lukas Berg")
    accounts = Accounts(store)
    key, code = accounts.set_passphrase(lukas.id, PASSPHRASE)
    session = store.sessions.get(store.sessions.list()[0].id)
    with accounts.sign_in(lukas.id, PASSPHRASE) as his:
        for text in ("first sealed", "second sealed"):
            his.notes.save(Note(session.id, session.sections[0].key, lukas.id, text,
                               visibility=Visibility.PRIVATE))
    yield store, accounts, lukas, session, code
    store.close()


def test_a_tampered_or_moved_ciphertext_is_refused_and_the_rest_still_shown(sealed):
    store, accounts, lukas, session, _ = sealed
    rows = store.db.execute(
        "SELECT id, body FROM notes WHERE author_id = ? AND visibility = 'private' "
        "AND body LIKE char(0) || 'sealed:%' ORDER BY rowid", (lukas.id,)
    ).fetchall()
    first_id, first = rows[-2]
    second_id, second = rows[-1]
    flipped = first[:-6] + ("A" if first[-6] != "A" else "B") + first[-5:]
    with store.write():
        store.db.execute("UPDATE main.notes SET body = ? WHERE id = ?", (flipped, first_id))
    with accounts.sign_in(lukas.id, PASSPHRASE) as his:
        bodies = [n.body for n in his.notes.for_session(
            session.id, viewer_id=lukas.id, include_private=True)]
        assert "second sealed" in bodies and "first sealed" not in bodies
        assert his.notes.unopened == 1
    # Moved to another row: the associated data names the row, so it does not open.
    with store.write():
        store.db.execute("UPDATE main.notes SET body = ? WHERE id = ?", (second, first_id))
    with accounts.sign_in(lukas.id, PASSPHRASE) as his:
        bodies = [n.body for n in his.notes.for_session(
            session.id, viewer_id=lukas.id, include_private=True)]
        assert bodies.count("second sealed") == 1
    with pytest.raises(vault.VaultError, match="could not be opened"):
        vault.open_sealed(vault.new_data_key(), second, vault.note_context(second_id, lukas.id))


def test_changing_the_passphrase_or_recovering_keeps_every_note(sealed, tmp_path):
    store, accounts, lukas, session, code = sealed
    assert code and len(vault.normalise_recovery_code(code)) == 32
    accounts.set_passphrase(lukas.id, "a second passphrase", current=PASSPHRASE)
    with accounts.sign_in(lukas.id, "a second passphrase") as his:
        assert "first sealed" in [n.body for n in his.notes.for_session(
            session.id, viewer_id=lukas.id, include_private=True)]
    # Passphrase forgotten: the recovery code sets a new one, and the notes still open.
    accounts.set_passphrase(lukas.id, "a third passphrase", recovery_code=code.lower())
    with accounts.sign_in(lukas.id, "a third passphrase") as his:
        assert "second sealed" in [n.body for n in his.notes.for_session(
            session.id, viewer_id=lukas.id, include_private=True)]
    with pytest.raises(Exception, match="not the recovery code"):
        accounts.set_passphrase(lukas.id, "a fourth passphrase", recovery_code="AAAA-BBBB")


async def test_home_says_when_your_private_notes_are_not_encrypted_yet(tmp_path):
    db = tmp_path / "pair.db"
    with open_store(db) as store:
        seed_demo(store, today=TODAY)  # the demo's private note of Lukas is from "before"
        lukas = store.people.find("Dr Lukas Berg")
        app = build_app(store, me=lukas)
        async with app.run_test(size=(100, 30)) as pilot:
            home = await wait_for_screen(pilot, HomeScreen)
            banner = home.query_one("#privacy-banner")
            await until(pilot, lambda: banner.display)
            assert "not encrypted" in str(banner.render())
            await palette(pilot, "Set passphrase")
            await set_passphrase_when_offered(pilot)
            await wait_for_screen(pilot, HomeScreen)
            home.refresh_data()
            await until(pilot, lambda: not banner.display)
        with Accounts(store).sign_in(lukas.id, PASSPHRASE) as his:
            assert his.notes.count_plain_private() == 0
            assert any(
                h.note.visibility == Visibility.PRIVATE
                for h in his.notes.search("academic", viewer_id=lukas.id, include_private=True)
            )


def test_the_private_answer_about_the_pairing_never_leaves_in_a_bundle(tmp_path):
    import json

    db = tmp_path / "pair.db"
    with open_store(db) as store:
        seed_demo(store, today=TODAY)
        answers = [r for s in store.sessions.list() for r in store.feedback.ratings(s.id)]
        assert any(r.pairing is not None for r in answers)  # the demo answered
    bundle = tmp_path / "bundle.jsonl"
    # As a member: her own answer is visible to her, and still does not leave.
    made = cli("--db", str(db), "--as", "Dr Amara Okafor", "export", "--anonymized",
               "--programme", "NW", "--out", str(bundle))
    assert made.returncode == 0, made.stderr
    ratings = [
        rating
        for line in bundle.read_text().splitlines()
        for rating in json.loads(line).get("ratings", [])
    ]
    assert ratings and all(r["pairing_working"] is None for r in ratings)


def test_backups_from_before_are_listed_and_replaced_only_when_asked(tmp_path):
    db = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, db)
    with open_store(db):  # the upgrade takes a backup first: it holds the plain text
        pass
    (before,) = database.list_backups(db)
    assert LEGACY in before.read_bytes().lower()
    new = tmp_path / "new"
    new.write_text(PASSPHRASE + "\n")
    done = cli("--db", str(db), "people", "passphrase", "Dr Lukas Berg",
               "--new-passphrase-file", str(new))
    assert "data backups --replace-plain" in done.stdout
    listed = cli("--db", str(db), "data", "backups")
    assert "may hold private notes in plain text" in listed.stdout
    kept = cli("--db", str(db), "data", "backups", "--replace-plain")  # no terminal: no yes
    assert kept.returncode != 0 and before.exists()
    replaced = cli("--db", str(db), "data", "backups", "--replace-plain", "--yes")
    assert replaced.returncode == 0, replaced.stderr
    assert not before.exists()
    (fresh,) = database.list_backups(db)
    assert LEGACY not in fresh.read_bytes().lower()


async def test_at_one_laptop_each_answers_the_pairing_question_alone(tmp_path):
    from textual.widgets import Button, Select

    from mentor_tui.tui.screens.dialogs import ConfirmDialog
    from mentor_tui.tui.screens.wrapup import WrapUpScreen

    db = tmp_path / "pair.db"
    with open_store(db) as store:
        seed_demo(store, today=TODAY)
        amara = store.people.find("Dr Amara Okafor")
        lukas = store.people.find("Dr Lukas Berg")
        app = build_app(store)  # both signed in, Amara typing
        async with app.run_test(size=(100, 34)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("s")
            await pilot.pause()
            await pilot.press("enter")
            await wait_for_screen(pilot, SessionScreen)
            await pilot.press("f9")
            await wait_for_screen(pilot, ConfirmDialog)
            await pilot.press("enter")
            wrapup = await wait_for_screen(pilot, WrapUpScreen)
            assert not wrapup.query(f"#working-{lukas.id}")  # never the partner's answer
            assert not wrapup.query(f"#working-{amara.id}")  # hers needs her key first
            wrapup.query_one("#answer-privately", Button).press()
            await set_passphrase_when_offered(pilot)
            await wait_for_screen(pilot, WrapUpScreen)
            await until(pilot, lambda: bool(wrapup.query(f"#working-{amara.id}")))
            wrapup.query_one(f"#score-{amara.id}", Select).value = 4
            wrapup.query_one(f"#working-{amara.id}", Select).value = "no"
            await until(pilot, lambda: any(
                r.pairing == "no" for r in app.repo.feedback.ratings(wrapup.session_id)
                if r.person_id == amara.id))
        with store.as_viewer(lukas.id) as his:
            theirs = [r for r in his.feedback.ratings(wrapup.session_id)]
            assert theirs and all(r.pairing is None for r in theirs if r.person_id == amara.id)


async def test_a_note_that_will_not_open_is_named_in_one_sentence_and_left_alone(sealed):
    from mentor_tui.tui.widgets.history.session_doc import session_document

    store, accounts, lukas, session, _ = sealed
    row_id, body = store.db.execute(
        "SELECT id, body FROM notes WHERE author_id = ? AND body LIKE char(0) || 'sealed:%' "
        "ORDER BY rowid DESC", (lukas.id,)).fetchone()
    with store.write():
        store.db.execute("UPDATE main.notes SET body = ? WHERE id = ?", (body[:-8] + "AAAAAAA=", row_id))
    app = build_app(store, me=lukas)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.repo.private_key = accounts.unlock_key(lukas.id, PASSPHRASE)
        doc = session_document(app, session.id, lukas.id, reveal=True)
        assert "1 of your private notes could not be opened" in doc
        assert "first sealed" in doc  # the others still shown (History's session document)
    kept = store.db.execute("SELECT body FROM notes WHERE id = ?", (row_id,)).fetchone()[0]
    assert kept == body[:-8] + "AAAAAAA="  # nothing overwritten
