"""Nudges (live/nudge.py): after a save, the partner's app on this host reads it at once
instead of at its next poll. The reader here polls only every 60 s, so a change it sees
within the test's deadline came by a nudge; with nudges switched off (no send after a
commit, in LiveSession._nudge_partners) these tests wait out their deadline and fail."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from mentor_tui.live.nudge import Nudges, address
from mentor_tui.live.sync import (
    ACTIVE_INTERVAL,
    IDLE_INTERVAL,
    NUDGED_INTERVAL,
    ChangeWatcher,
    LiveSession,
)
from mentor_tui.store import open_store
from mentor_tui.store.repo.presence import Presence

# The writer: another process in the same live session, which saves one note once it sees
# the reader there, and waits to be told to leave.
WRITER = r"""
import asyncio, sys
from mentor_tui.core.notes import Note
from mentor_tui.live.sync import LiveSession
from mentor_tui.store import open_store

async def main(path, session_id, person_id):
    repo = open_store(path)
    repo.act_as(person_id)
    live = LiveSession(repo, session_id, [person_id], heartbeat_seconds=0.2)
    await live.start()
    while not live.others:
        await asyncio.sleep(0.05)
        await live.refresh_presence(force=True)
    repo.notes.save(Note(session_id=session_id, section_key="wins", author_id=person_id,
                        body="nudged"))
    print("saved", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    await live.stop()

asyncio.run(main(*sys.argv[1:]))
"""

SLOW_POLL = 60.0


async def test_the_partners_save_is_read_at_once_not_at_the_next_poll(shared):
    repo = open_store(shared.path)
    repo.act_as(shared.mentor_id)
    watcher = ChangeWatcher(
        repo, active_interval=SLOW_POLL, idle_interval=SLOW_POLL, nudged_interval=SLOW_POLL
    )
    seen: list = []
    live = LiveSession(
        repo, shared.session_id, [shared.mentor_id], watcher=watcher,
        on_changes=seen.extend, heartbeat_seconds=0.2,
    )
    await live.start()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(shared.path), shared.session_id, shared.mentee_id],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        loop = asyncio.get_running_loop()
        line = await loop.run_in_executor(None, writer.stdout.readline)
        assert line.strip() == "saved"
        deadline = time.monotonic() + SLOW_POLL / 3
        while not any(c.table == "notes" for c in seen) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert any(c.table == "notes" for c in seen), "the save waited for the slow poll"
        assert watcher.nudges.received >= 1
    finally:
        writer.communicate("bye\n", timeout=30)
        await live.stop()
        await watcher.stop()
        repo.close()


@pytest.fixture
def short_tmp():
    """A folder with a short path: a socket's path may not pass 107 bytes, and pytest's
    temporary folders can be long."""
    folder = Path(tempfile.mkdtemp(prefix="mt-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


ROOT_ONLY = pytest.mark.skipif(os.getuid() != 0, reason="needs root to act as another user")
NOBODY = 65534


@ROOT_ONLY
def test_another_account_can_neither_reach_an_apps_socket_nor_take_its_address():
    """The socket folder is this account's alone. Another user can neither send there nor
    bind the address a partner's app will have (or had, until its presence row goes): bound
    first, it would receive that partner's drafts. (Switched off, with address() in the
    abstract namespace as it once was, the other account sends, and binds a partner's.)"""
    nudges = Nudges()
    loop = asyncio.new_event_loop()
    partner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert loop.run_until_complete(_listen(nudges))
        other_user = (
            f"import os, socket; os.setgid({NOBODY}); os.setuid({NOBODY}); "
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
            f"try: s.sendto(b'', {address(os.getpid())!r}); print('sent')\n"
            "except PermissionError: print('refused')\n"
            f"try: s.bind({address(partner.pid)!r}); print('bound')\n"
            "except PermissionError: print('refused')"
        )
        done = subprocess.run([sys.executable, "-c", other_user], capture_output=True, text=True)
        assert done.stdout.split() == ["refused", "refused"], done.stderr
    finally:
        partner.kill()
        partner.wait()
        nudges.close()
        loop.close()


async def _listen(nudges: Nudges) -> bool:
    return nudges.listen(lambda: None)


@ROOT_ONLY
async def test_a_datagram_in_another_users_name_is_ignored():
    """The uid the kernel vouches for is checked too: root may claim any uid in
    SCM_CREDENTIALS, which is how this sends as "another user" into the private folder.
    (Switched off, without the uid check in Nudges._readable, received counts 2.)"""
    woken: list[int] = []
    nudges = Nudges()
    assert nudges.listen(lambda: woken.append(1))
    target = address(os.getpid())
    sender = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    creds = struct.pack("3i", os.getpid(), NOBODY, NOBODY)
    sender.sendmsg([b""], [(socket.SOL_SOCKET, socket.SCM_CREDENTIALS, creds)], 0, target)
    # Then the same account's nudge: datagrams queue in order, so once this one is read the
    # other account's has been read (and must have been dropped).
    sender.sendto(b"", target)
    deadline = time.monotonic() + 20
    while not woken and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    assert woken
    assert nudges.received == 1, "a datagram from another account must not count"
    sender.close()
    nudges.close()
    nudges.close()


async def test_the_safety_net_poll_relaxes_only_while_every_partner_nudges(shared):
    """Idle CPU in a session: a partner that is a running app on this host nudges after
    each save, so the poll slows to NUDGED_INTERVAL; a partner on another host (no nudge
    reaches us from there) brings back the fast poll, and leaving the session the idle one.
    With the relaxing switched off (LiveSession.refresh_presence never setting
    watcher.partners_nudge) the first assertion fails."""
    repo = open_store(shared.path)
    repo.act_as(shared.mentor_id)
    partner = open_store(shared.path)
    partner.act_as(shared.mentee_id)
    watcher = ChangeWatcher(repo)
    live = LiveSession(repo, shared.session_id, [shared.mentor_id], watcher=watcher)
    other_app = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                                 stdin=subprocess.PIPE)
    try:
        await live.start()
        partner.presence.join(Presence(
            instance_id="partner-here", person_id=shared.mentee_id, session_id=shared.session_id,
            host=socket.gethostname(), pid=other_app.pid, via="local",
        ))
        await live.refresh_presence(force=True)
        assert [p.instance_id for p in live.others] == ["partner-here"]
        assert watcher.interval == NUDGED_INTERVAL
        partner.presence.join(Presence(
            instance_id="partner-away", person_id=shared.mentee_id, session_id=shared.session_id,
            host="another-host.invalid", pid=4242, via="ssh",
        ))
        await live.refresh_presence(force=True)
        assert watcher.interval == ACTIVE_INTERVAL
        await live.stop()
        assert watcher.interval == IDLE_INTERVAL
    finally:
        other_app.communicate(b"", timeout=30)
        await live.stop()
        await watcher.stop()
        partner.close()
        repo.close()


@ROOT_ONLY
async def test_a_socket_folder_someone_else_made_first_is_not_used(short_tmp, monkeypatch):
    """Another account that creates this account's socket folder first (it sits in /tmp)
    could read every draft sent there: the app then listens nowhere and polls. (Switched
    off, without the owner check in folder(), the app listens in the other's folder.)"""
    from mentor_tui.live import nudge

    monkeypatch.setattr(nudge, "SOCKETS", str(short_tmp / "sockets-{uid}"))
    taken = short_tmp / f"sockets-{os.getuid()}"
    taken.mkdir(mode=0o777)
    os.chown(taken, NOBODY, NOBODY)
    nudges = Nudges()
    assert not nudges.listen(lambda: None)
    assert list(taken.iterdir()) == []
    assert str(taken) in nudges.refused


@ROOT_ONLY
async def test_the_app_says_when_its_socket_folder_is_someone_elses(short_tmp, monkeypatch):
    """The person hears of it, rather than a log line alone: a taken folder may be an
    attempt to read their drafts. (Switched off, without the notice in the app's
    _start_live_sync, no warning is raised.)"""
    from mentor_tui.live import nudge
    from mentor_tui.store.demo import seed_demo
    from tests.tui.tuikit import TODAY, Notices, build_app, until

    monkeypatch.setattr(nudge, "SOCKETS", str(short_tmp / "sockets-{uid}"))
    taken = short_tmp / f"sockets-{os.getuid()}"
    taken.mkdir(mode=0o777)
    os.chown(taken, NOBODY, NOBODY)
    repo = open_store(short_tmp / "pair.db")
    seed_demo(repo, today=TODAY)
    notices = Notices()
    app = build_app(repo)
    async with app.run_test(message_hook=notices) as pilot:
        said = await notices.shown(pilot, "Live typing between windows is off")
        await until(pilot, lambda: app.watcher is not None and app.watcher.running)
    assert str(taken) in said
    assert list(taken.iterdir()) == []
    repo.close()


async def test_a_socket_folder_of_ones_own_left_open_is_closed_again(short_tmp, monkeypatch):
    from mentor_tui.live import nudge

    monkeypatch.setattr(nudge, "SOCKETS", str(short_tmp / "sockets-{uid}"))
    mine = short_tmp / f"sockets-{os.getuid()}"
    mine.mkdir()
    mine.chmod(0o755)
    # The socket of an app that was killed: its pid is gone, the file stayed.
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    left = mine / f"nudge-{gone.stdout.strip()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as killed:
        killed.bind(str(left))
    nudges = Nudges()
    try:
        assert nudges.listen(lambda: None)
        assert mine.stat().st_mode & 0o777 == 0o700
        assert not left.exists(), "a killed app's socket is swept"
    finally:
        nudges.close()
    assert list(mine.iterdir()) == [], "the socket goes with the app"
