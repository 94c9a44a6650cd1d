"""`mentor-tui followup --send`, run as a real process against a real SMTP server (aiosmtpd on
127.0.0.1, started by the test). What the server received is parsed; nothing is mocked.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from clikit import one_line_error
from render.followup_pair import PRIVATE_TEXTS
from render.mail_server import (
    PASSWORD,
    USER,
    closing_server,
    free_port,
    smtp_server,
    write_config,
)

from mentor_tui.core.mail import FOLLOWUP, QUEUED, SENT
from mentor_tui.store import open_store

TESTS = Path(__file__).resolve().parent.parent


def run(*args: str, home: Path, keyring_file: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, TZ="Europe/Paris", LANG="C.UTF-8")
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["XDG_DATA_HOME"] = str(home / "data")
    env["PYTHONPATH"] = os.pathsep.join([env.get("PYTHONPATH", ""), str(TESTS / "render")]).strip(
        os.pathsep
    )
    if keyring_file is not None:
        env["PYTHON_KEYRING_BACKEND"] = "file_keyring.JsonFileKeyring"
        env["MENTOR_TUI_TEST_KEYRING"] = str(keyring_file)
    else:
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    args_list = list(args)
    if "--db" in args_list:  # a group option: it goes before the command
        at = args_list.index("--db")
        args_list = args_list[at : at + 2] + args_list[:at] + args_list[at + 2 :]
    return subprocess.run(
        [sys.executable, "-m", "mentor_tui", *args_list],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def store_password(keyring_file: Path, password: str) -> None:
    """What `keyring set "mentor-tui smtp" USER@127.0.0.1` stores, in the tests' file keyring."""
    keyring_file.write_text(json.dumps({f"mentor-tui smtp|{USER}@127.0.0.1": password}))


def sent_rows(db: Path):
    with open_store(db) as repo:
        return repo.mail.list(kind=FOLLOWUP)


def test_send_delivers_the_followup_and_records_its_message_id(pair_db, home):
    db, pair = pair_db
    with smtp_server() as (port, server):
        write_config(home / "config", port)
        result = run("followup", pair.session_id, "--send", "--db", str(db), home=home)
        assert result.returncode == 0, result.stderr
    assert len(server.received) == 1
    got = server.received[0]
    message = got.message
    assert sorted(got.rcpt_tos) == sorted(["lukasz.ozturk@example.org", "ana.brandao@example.org"])
    assert message["From"].addresses[0].addr_spec == "zoe.nunez@example.org"
    assert message["From"].addresses[0].display_name == "Zoë Ñúñez"
    assert "X-Unsent" not in message  # a sent message is no draft
    body = message.get_body(("plain",)).get_content()
    assert "aim for the spring call — «aims page»" in body  # UTF-8 end to end
    for secret in PRIVATE_TEXTS:
        assert secret not in got.data.decode("utf-8", "replace")
        assert secret not in body
    [row] = sent_rows(db)
    assert row.status == SENT
    assert row.message_id == message["Message-ID"]
    assert row.session_id == pair.session_id
    assert "lukasz.ozturk@example.org" in row.recipients
    assert row.message_id in result.stdout


def test_sending_the_same_followup_again_needs_again(pair_db, home):
    db, pair = pair_db
    with smtp_server() as (port, server):
        write_config(home / "config", port)
        assert run("followup", "--last", "--send", "--db", str(db), home=home).returncode == 0
        line = one_line_error(run("followup", "--last", "--send", "--db", str(db), home=home))
        assert "already sent" in line and "--again" in line
        assert len(server.received) == 1
        again = run("followup", "--last", "--send", "--again", "--db", str(db), home=home)
        assert again.returncode == 0, again.stderr
        assert len(server.received) == 2
    ids = {r.message.get("Message-ID") for r in server.received}
    assert len(ids) == 2
    assert {r.message_id for r in sent_rows(db)} == ids


def test_login_uses_the_keyring_password_and_the_from_setting(pair_db, home, tmp_path):
    db, pair = pair_db
    keyring_file = tmp_path / "keyring.json"
    store_password(keyring_file, PASSWORD)
    with smtp_server(auth=True) as (port, server):
        write_config(
            home / "config", port, user=USER, **{"from": "Mentoring Office <office@example.org>"}
        )
        result = run(
            "followup", "--last", "--send", "--db", str(db), home=home, keyring_file=keyring_file
        )
        assert result.returncode == 0, result.stderr
    message = server.received[0].message
    assert server.received[0].mail_from == "office@example.org"
    assert message["From"].addresses[0].addr_spec == "office@example.org"
    # Replies still reach the mentor who wrote it.
    assert message["Reply-To"].addresses[0].addr_spec == "zoe.nunez@example.org"


def test_a_refused_login_keeps_the_message_and_retry_sends_it(pair_db, home, tmp_path):
    db, pair = pair_db
    keyring_file = tmp_path / "keyring.json"
    store_password(keyring_file, "wrong password")
    with smtp_server(auth=True) as (port, server):
        write_config(home / "config", port, user=USER)
        line = one_line_error(
            run(
                "followup",
                "--last",
                "--send",
                "--db",
                str(db),
                home=home,
                keyring_file=keyring_file,
            )
        )
        assert "refused the login" in line and "outbox" in line
        assert server.received == []
        [row] = sent_rows(db)
        assert row.status == QUEUED and row.outbox_name
        kept = home / "data" / "mentor-tui" / "outbox" / row.outbox_name
        assert kept.is_file()
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        assert (
            b"aim for the spring call" in kept.read_bytes() or b"spring call" in kept.read_bytes()
        )

        store_password(keyring_file, PASSWORD)
        retried = run("followup", "--retry", "--db", str(db), home=home, keyring_file=keyring_file)
        assert retried.returncode == 0, retried.stderr
    assert len(server.received) == 1
    [row] = sent_rows(db)
    assert row.status == SENT
    assert row.message_id == server.received[0].message["Message-ID"]
    assert not kept.exists()


def test_a_server_that_hangs_up_keeps_the_message_and_exits_1(pair_db, home):
    db, pair = pair_db
    with closing_server() as port:
        write_config(home / "config", port)
        line = one_line_error(run("followup", "--last", "--send", "--db", str(db), home=home))
    assert "outbox" in line
    [row] = sent_rows(db)
    assert row.status == QUEUED
    assert (home / "data" / "mentor-tui" / "outbox" / row.outbox_name).is_file()


def test_no_server_at_all_keeps_the_message_and_exits_1(pair_db, home):
    db, pair = pair_db
    write_config(home / "config", free_port())
    line = one_line_error(run("followup", "--last", "--send", "--db", str(db), home=home))
    assert "Cannot reach the mail server" in line
    assert [r.status for r in sent_rows(db)] == [QUEUED]


def test_a_retry_while_the_server_is_still_down_says_so_and_keeps_the_message(pair_db, home):
    """--retry that cannot send: one line, why and that the email stays, nothing lost."""
    db, pair = pair_db
    write_config(home / "config", free_port())
    one_line_error(run("followup", "--last", "--send", "--db", str(db), home=home))
    [row] = sent_rows(db)
    line = one_line_error(run("followup", "--retry", "--db", str(db), home=home))
    assert "Cannot reach the mail server" in line and "1 email(s) stay in your outbox" in line
    assert [r.status for r in sent_rows(db)] == [QUEUED]
    assert (home / "data" / "mentor-tui" / "outbox" / row.outbox_name).is_file()


def _non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent; picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_a_server_off_this_machine_without_tls_is_refused(pair_db, home):
    """A mail server reached over the network without TLS would see the notes in clear.

    The server here listens on this machine's non-loopback address, so with the check in
    `smtp_settings` and `deliver` (render/sending.py) switched off the message reaches it
    and the test fails.
    """
    db, pair = pair_db
    address = _non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address")
    from aiosmtpd.controller import Controller
    from render.mail_server import Handler

    handler = Handler()
    controller = Controller(handler, hostname=address, port=free_port())
    controller.start()
    try:
        folder = home / "config" / "mentor-tui"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "config.toml").write_text(
            f'[smtp]\nhost = "{address}"\nport = {controller.port}\nsecurity = "none"\n'
        )
        line = one_line_error(run("followup", "--last", "--send", "--db", str(db), home=home))
    finally:
        controller.stop()
    assert "only for a server on this machine" in line
    assert handler.received == []
    assert sent_rows(db) == []


def test_starttls_is_required_when_the_server_does_not_offer_it(pair_db, home):
    db, pair = pair_db
    with smtp_server() as (port, server):
        folder = home / "config" / "mentor-tui"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "config.toml").write_text(
            f'[smtp]\nhost = "localhost"\nport = {port}\nsecurity = "starttls"\n'
        )
        line = one_line_error(run("followup", "--last", "--send", "--db", str(db), home=home))
    assert "STARTTLS" in line
    assert server.received == []


def test_without_smtp_settings_send_says_what_to_add(pair_db, home):
    db, pair = pair_db
    line = one_line_error(run("followup", "--last", "--send", "--db", str(db), home=home))
    assert "[smtp]" in line and "config.toml" in line
    assert sent_rows(db) == []


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ('host = "mail.example.org"\nsecurity = "plain"', "security must be"),
        ('host = "mail.example.org"\nport = "submission"', "port must be"),
        ('host = "mail.example.org"\npassword = "hunter2"', "unknown key 'password'"),
        ('security = "ssl"', "host must be"),
    ],
)
def test_bad_smtp_settings_are_named_in_one_sentence(pair_db, home, table, words):
    db, pair = pair_db
    folder = home / "config" / "mentor-tui"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(f"[smtp]\n{table}\n")
    line = one_line_error(run("followup", "--last", "--send", "--db", str(db), home=home))
    assert words in line


def test_a_non_ascii_local_part_in_an_eml_is_one_sentence(pair_db, home, tmp_path):
    db, pair = pair_db
    with open_store(db) as repo:
        mentee = repo.people.get(pair.mentee_id)
        mentee.email = "łukasz@example.org"
        repo.people.save(mentee)
    target = tmp_path / "f.eml"
    line = one_line_error(
        run("followup", "--last", "--eml", str(target), "--db", str(db), home=home)
    )
    assert "non-ASCII letters before the @" in line
    assert not target.exists()


def test_the_record_of_sent_mail_travels_in_a_data_export(pair_db, home, tmp_path):
    db, pair = pair_db
    with smtp_server() as (port, _server):
        write_config(home / "config", port)
        assert run("followup", "--last", "--send", "--db", str(db), home=home).returncode == 0
    exported = tmp_path / "all.json"
    assert run("data", "export", "--out", str(exported), "--db", str(db), home=home).returncode == 0
    copy = tmp_path / "copy.db"
    result = run("data", "import", str(exported), "--db", str(copy), home=home)
    assert result.returncode == 0, result.stderr
    assert [m.message_id for m in sent_rows(copy)] == [m.message_id for m in sent_rows(db)]
