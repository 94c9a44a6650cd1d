"""Sending from the follow-up screen (F8), on the real app, a real database and a real SMTP
server (aiosmtpd on 127.0.0.1). Waits poll for the server or the record with a generous
deadline; nothing is timed."""

from __future__ import annotations

import os

import pytest
from render.followup_pair import PRIVATE_TEXTS, build_pair
from render.mail_server import PASSWORD, USER, closing_server, smtp_server, write_config
from screen_kit import settle
from tui.test_followup_screen import editor, make_app, open_followup
from tuikit import Notices, until

from mentor_tui.core.mail import QUEUED, SENT
from mentor_tui.tui.screens.dialogs import ConfirmDialog, MailPasswordDialog

DEADLINE = 60.0  # a send goes through a real SMTP server, in a worker thread


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch):
    # keyring's own setting: no system keyring here, so the password is asked.
    import keyring
    from keyring.backends import null

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    before = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def repo(store):
    return store  # tests/tui/conftest.py's real database, under the name these tests use


@pytest.fixture
def pair(repo):
    return build_pair(repo)


async def test_f8_sends_and_a_second_send_asks_first(repo, pair, _private_dirs):
    with smtp_server() as (port, server):
        write_config(_private_dirs / "config", port)
        app = make_app(repo, pair)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_followup(pilot, pair.session_id)
            # The end of the subject line (End would stop where the long line wraps).
            text = editor(screen)
            text.move_cursor((0, len(text.document.get_line(0))))
            await pilot.press("space", "ü")  # what goes is what the editor holds
            await pilot.press("f8")
            await until(pilot, lambda: repo.mail.list(status=SENT), DEADLINE)
            assert len(server.received) == 1
            message = server.received[0].message
            assert message["Subject"].endswith(" ü")
            body = message.get_body(("plain",)).get_content()
            assert all(secret not in body for secret in PRIVATE_TEXTS)
            [row] = repo.mail.list()
            assert row.message_id == message["Message-ID"]

            await pilot.press("f8")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("escape")
            await pilot.pause()
            assert len(server.received) == 1
            await pilot.press("f8")
            await pilot.pause()
            await pilot.press("enter")
            await until(pilot, lambda: len(repo.mail.list(status=SENT)) == 2, DEADLINE)
            assert len(server.received) == 2


async def test_a_login_asks_the_password_masked(repo, pair, _private_dirs):
    with smtp_server(auth=True) as (port, server):
        write_config(_private_dirs / "config", port, user=USER)
        app = make_app(repo, pair)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_followup(pilot, pair.session_id)
            await pilot.press("f8")
            await pilot.pause()
            assert isinstance(app.screen, MailPasswordDialog)
            field = app.screen.query_one("#mail-password")
            assert field.password  # masked
            for key in PASSWORD:
                await pilot.press("space" if key == " " else key)
            await pilot.press("enter")
            await until(pilot, lambda: repo.mail.list(status=SENT), DEADLINE)
    assert len(server.received) == 1



async def test_a_refused_keyring_password_is_asked_again_and_replaced(
    repo, pair, _private_dirs, tmp_path, monkeypatch
):
    import json

    import keyring
    from render.file_keyring import JsonFileKeyring

    store = tmp_path / "keyring.json"
    monkeypatch.setenv("MENTOR_TUI_TEST_KEYRING", str(store))
    entry = f"mentor-tui smtp|{USER}@127.0.0.1"
    store.write_text(json.dumps({entry: "an old password"}))
    keyring.set_keyring(JsonFileKeyring())
    with smtp_server(auth=True) as (port, server):
        write_config(_private_dirs / "config", port, user=USER)
        app = make_app(repo, pair)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_followup(pilot, pair.session_id)
            await pilot.press("f8")  # the keyring's password: no question, refused
            await until(pilot, lambda: repo.mail.list(status=QUEUED), DEADLINE)
            assert not isinstance(app.screen, MailPasswordDialog)
            await pilot.press("f8")
            await pilot.pause()
            assert isinstance(app.screen, MailPasswordDialog)
            for key in PASSWORD:
                await pilot.press("space" if key == " " else key)
            await pilot.press("enter")
            await until(pilot, lambda: repo.mail.list(status=SENT), DEADLINE)
    assert len(server.received) == 1
    assert json.loads(store.read_text())[entry] == PASSWORD  # kept for next time

async def test_a_failing_server_keeps_the_email_and_says_so(repo, pair, _private_dirs):
    with closing_server() as port:
        write_config(_private_dirs / "config", port)
        app = make_app(repo, pair)
        notices = Notices()
        async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
            await open_followup(pilot, pair.session_id)
            await pilot.press("f8")
            await until(pilot, lambda: repo.mail.list(status=QUEUED), DEADLINE)
            await notices.shown(pilot, "outbox")
    [row] = repo.mail.list()
    kept = _private_dirs / "data" / "mentor-tui" / "outbox" / row.outbox_name
    assert kept.is_file() and oct(kept.stat().st_mode & 0o777) == "0o600"


async def test_without_settings_f6_says_what_to_add(repo, pair):
    app = make_app(repo, pair)
    notices = Notices()
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        await open_followup(pilot, pair.session_id)
        await pilot.press("f8")
        await pilot.pause()
        await notices.shown(pilot, "[smtp]")
    assert repo.mail.list() == []
    assert os.environ.get("PYTHON_KEYRING_BACKEND")


# -- snapshots of the two dialogs sending may open -------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_password_dialog(snap_compare, repo, pair, size, _private_dirs):
    write_config(_private_dirs / "config", 2525, user=USER)

    async def run_before(pilot) -> None:
        await open_followup(pilot, pair.session_id)
        await pilot.press("f8")
        await settle(pilot)

    assert snap_compare(make_app(repo, pair), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_send_again_dialog(snap_compare, repo, pair, size, _private_dirs):
    from mentor_tui.core.mail import FOLLOWUP, SentMail

    write_config(_private_dirs / "config", 2525)
    repo.mail.record(
        SentMail(
            pair.mentorship_id,
            FOLLOWUP,
            "lukasz.ozturk@example.org, ana.brandao@example.org",
            message_id="<1@example.org>",
            session_id=pair.session_id,
            sent_at="2026-03-17T18:20:00.000+00:00",
        )
    )

    async def run_before(pilot) -> None:
        await open_followup(pilot, pair.session_id)
        await pilot.press("f8")
        await settle(pilot)

    assert snap_compare(make_app(repo, pair), terminal_size=size, run_before=run_before)
