"""Nudges (live/nudge.py): after a save, the partner's app on this host reads it at once
instead of at its next poll. The reader here polls only every 60 s, so a change it sees
within the test's deadline came by a nudge; with nudges switched off (no send after a
commit, in LiveSession._nudge_partners) these tests wait out their deadline and fail."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time

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


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to send as another user")
async def test_a_nudge_from_another_user_is_ignored():
    woken: list[int] = []
    nudges = Nudges()
    assert nudges.listen(lambda: woken.append(1))
    target = address(os.getpid())
    other_user = (
        "import os, socket, sys; os.setgid(65534); os.setuid(65534); "
        "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); "
        f"s.sendto(b'', {target!r}); print('sent')"
    )
    done = subprocess.run([sys.executable, "-c", other_user], capture_output=True, text=True)
    assert done.stdout.strip() == "sent", done.stderr
    # Then the same account's nudge: datagrams queue in order, so once this one is read the
    # other account's has been read (and must have been dropped).
    same_user = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    same_user.sendto(b"", target)
    deadline = time.monotonic() + 20
    while not woken and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    assert woken
    assert nudges.received == 1, "a datagram from another account must not count"
    same_user.close()
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
