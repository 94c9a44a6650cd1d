"""A registered person over serve cannot exhaust the server for others, nor write into
the operator's log: a per-person session cap, keepalive, and escaped, rotating logs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import stat
import subprocess
import sys

import pytest
from live.live_pair import make_shared
from serve_kit import SecureServer, needs_openssh, wait_for

from mentor_tui.server.ssh import (
    PrivateRotatingFileHandler,
    ServerConfig,
    SSHService,
    shown,
)
from mentor_tui.store import open_store

pytestmark = needs_openssh


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = SecureServer(tmp_path_factory.mktemp("serve-limits"))
    yield srv
    srv.stop()


def _started(server, who: str) -> int:
    return server.log().count(f"file transfer from the outbox started: {who}")


def test_a_fifth_session_from_one_key_is_refused_while_another_person_gets_in(server, tmp_path):
    before = _started(server, "Sam Mentee")
    held = []
    try:
        # Four sftp sessions held open at their prompt: four of Sam's slots.
        for _ in range(4):
            held.append(
                subprocess.Popen(
                    [*server.sftp_args(server.key), "someone@127.0.0.1"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    text=True,
                )
            )
        wait_for(
            lambda: _started(server, "Sam Mentee") >= before + 4, timeout=60, what="4 sessions"
        )
        fifth = server.ssh(server.key, "-tt")
        assert fifth.returncode == 1
        assert fifth.stderr.strip().splitlines()[-1] == (
            "mentor-tui: you already have 4 sessions open, the most one person may have; "
            "close one and try again."
        )
        assert server.sftp_batch(server.key, "ls", cwd=tmp_path).returncode != 0
        # Someone else is not locked out by Sam.
        rosa = server.sftp_batch(server.rosa_key, "ls", cwd=tmp_path)
        assert rosa.returncode == 0, rosa.stderr
        # Closing one of Sam's sessions gives the slot back.
        held[0].stdin.write("bye\n")
        held[0].stdin.close()
        held[0].wait(timeout=30)
        wait_for(
            lambda: server.sftp_batch(server.key, "ls", cwd=tmp_path).returncode == 0,
            timeout=30,
            what="the freed slot",
        )
    finally:
        for proc in held:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
    assert "refused a session (you already have 4 sessions open" in server.log()


async def _log_in_as(port: int, key, username: str) -> None:
    """OpenSSH refuses to send a user name with control characters; an attacker's own
    client need not, so this is asyncssh's client with its own check switched off."""
    import asyncssh

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(asyncssh.connection, "saslprep", lambda text: text)
        with contextlib.suppress(asyncssh.Error, OSError):
            async with asyncssh.connect(
                "127.0.0.1", port, username=username, client_keys=[str(key)],
                known_hosts=None, agent_path=None, config=None,
            ) as conn:
                await conn.run("true", env={"LANG": username})


def test_client_text_reaches_the_log_escaped_and_capped(server, tmp_path):
    nasty = "ev\x1b]0;owned\x07il\x1b[2J\x9b31m\u202e\r\nFAKE LINE"
    connections = server.log().count("connection from")
    asyncio.run(_log_in_as(server.port, server.key, nasty))
    wait_for(
        lambda: server.log().count("disconnected") + server.log().count("refused unauth")
        >= connections + 1 or "as user 'ev" in server.log(),
        timeout=30,
        what="the attempt to end",
    )
    # An exec request and a client env value with the same bytes, through OpenSSH.
    subprocess.run(
        [*server.ssh_args(server.key, "-o", "BatchMode=yes"), "x@127.0.0.1", nasty],
        capture_output=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    subprocess.run(
        [*server.ssh_args(server.key, "-o", "BatchMode=yes", "-T",
                          "-o", f"SetEnv=LANG={nasty.splitlines()[0]}"), "x@127.0.0.1"],
        capture_output=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    # A very long user name: the log keeps its first characters only.
    subprocess.run(
        [*server.ssh_args(server.key, "-o", "BatchMode=yes", "-T"), f"{'u' * 900}@127.0.0.1"],
        capture_output=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    wait_for(lambda: "refused exec request" in server.log(), timeout=30, what="the exec")
    wait_for(lambda: "as user 'uuuu" in server.log(), timeout=30, what="the long name")
    text = (server.data_dir / "serve.log").read_bytes().decode("utf-8")
    bad = sorted({repr(ch) for ch in text if ch != "\n" and not ch.isprintable()})
    assert bad == [], bad
    assert not any(line.startswith("FAKE LINE") for line in text.splitlines())
    assert "ev\\x1b]0;owned\\x07il" in text  # escaped, still readable
    assert max(len(line) for line in text.splitlines()) < 1000


def test_shown_escapes_and_caps():
    assert shown("a\x1b[2Jb\nc") == "'a\\x1b[2Jb\\nc'"
    assert shown("x" * 500) == repr("x" * 80) + "..."


def test_the_log_rotates_and_every_file_is_private(tmp_path):
    path = tmp_path / "serve.log"
    old = os.umask(0o022)
    try:
        handler = PrivateRotatingFileHandler(path, maxBytes=2000, backupCount=2, encoding="utf-8")
    finally:
        os.umask(old)
    logger = logging.getLogger("mentor_tui.test.rotation")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for n in range(200):
            logger.warning("line %d %s", n, "x" * 50)
    finally:
        logger.removeHandler(handler)
        handler.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["serve.log", "serve.log.1", "serve.log.2"]
    for name in files:
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
        assert (tmp_path / name).stat().st_size <= 2100


def _register(db, key_pub) -> None:
    subprocess.run(
        [sys.executable, "-m", "mentor_tui", "--db", str(db), "people", "keys", "add",
         "Sam Mentee", str(key_pub)],
        check=True, capture_output=True, env=dict(os.environ),
    )


async def test_a_client_that_vanished_frees_its_slot(tmp_path, db_path):
    make_shared(db_path)
    key = tmp_path / "id_sam"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True
    )
    _register(db_path, f"{key}.pub")
    config = ServerConfig(
        db_path=db_path, port=0, host_key_path=tmp_path / "host_key", log_path=None,
        data_dir=tmp_path / "data", keepalive_interval=1, keepalive_count_max=2,
    )
    repo = open_store(db_path)
    service = await SSHService(config, repo).start()
    client = None
    try:
        client = await asyncio.create_subprocess_exec(
            "ssh", "-F", "/dev/null", "-p", str(service.port), "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-i", str(key),
            "-o", "ServerAliveInterval=0", "-s", "x@127.0.0.1", "sftp",
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        await _until(lambda: len(service.channels) == 1, "the session to open")
        # The client freezes (a laptop lid shut): it never answers again.
        os.kill(client.pid, signal.SIGSTOP)
        await _until(lambda: not service.channels, "keepalive to free the slot")
    finally:
        if client is not None and client.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(client.pid, signal.SIGKILL)
                os.kill(client.pid, signal.SIGCONT)
            await client.wait()
        await service.close()
        repo.close()


async def _until(check, what: str, timeout: float = 60.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)
