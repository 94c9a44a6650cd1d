"""A real database with a mentor pair, an outsider and a live session (live, serve, security tests)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from builders import CHECK_IN, add_pair

from mentor_tui.core.models import Person
from mentor_tui.store import open_store

AGENDA = CHECK_IN


@dataclass
class Shared:
    path: Path
    mentor_id: str
    mentee_id: str
    outsider_id: str
    mentorship_id: str
    session_id: str


def make_shared(path: Path) -> Shared:
    repo = open_store(path)
    try:
        mentor, mentee, mentorship = add_pair(repo)
        outsider = repo.people.add(Person("Olga Outsider"))
        repo.act_as(mentor.id)
        session = repo.sessions.start(mentorship.id, AGENDA)
    finally:
        repo.close()
    return Shared(path, mentor.id, mentee.id, outsider.id, mentorship.id, session.id)


# The live-sync peer process (tests/live/sync_peer.py) and two waits for driving it.
PEER = str(Path(__file__).with_name("sync_peer.py"))


async def line_from(proc: subprocess.Popen) -> str:
    """The peer's next line of output, without blocking the event loop."""
    return (await asyncio.get_running_loop().run_in_executor(None, proc.stdout.readline)).strip()


async def until_true(check, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check() and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    return bool(check())


async def mentor_listening(shared: Shared):
    """The mentor's live session in the shared session, keeping every draft it accepts:
    (repo, live session, drafts accepted). Stop the session and close the repo after."""
    from mentor_tui.live.sync import LiveDraft, LiveSession

    repo = open_store(shared.path)
    repo.act_as(shared.mentor_id)
    got: list[LiveDraft] = []
    live = LiveSession(
        repo, shared.session_id, [shared.mentor_id], on_draft=got.append, heartbeat_seconds=0.2
    )
    await live.start()
    return repo, live, got


def drafts_peer(shared: Shared, person_id: str, drafts: list[list[str]], *claimed: str):
    """A real app of `person_id` in the shared session that sends `drafts` at a line on
    stdin (sync_peer.py drafts; `claimed`: in another member's name, a forgery)."""
    return subprocess.Popen(
        [sys.executable, PEER, "drafts", str(shared.path), shared.session_id, person_id,
         json.dumps(drafts), *claimed],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
