"""A second process for the live-sync tests: run as `python sync_peer.py MODE ...`.

watch DB SESSION PERSON COUNT
    join the session live and print "seen ROW_ID MONOTONIC" for each note change made by
    another process, until COUNT were seen (or 20 s passed).
type DB SESSION PERSON N EXPECT
    save this person's note N times (as if typing, one character per save) while watching;
    then wait until EXPECT note changes by others arrived; print a JSON summary.
drafts DB SESSION PERSON DRAFTS [CLAIMED]
    join the session live, print "ready" once another app is in it; at a line on stdin
    send each [visibility, section, text] of the DRAFTS JSON list as this person's live
    draft (or as CLAIMED's, a forgery) (LiveSession.send_draft, printing its answer), and leave at the next line.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time

from mentor_tui.core.models import Visibility
from mentor_tui.core.notes import Note
from mentor_tui.live.sync import ChangeWatcher, LiveSession
from mentor_tui.store import open_store


async def watch(db: str, session_id: str, person_id: str, count: int) -> None:
    repo = open_store(db)
    repo.act_as(person_id)
    seen = 0
    done = asyncio.Event()

    def on_changes(changes):
        nonlocal seen
        stamp = time.monotonic()
        for change in changes:
            if change.table == "notes":
                print(f"seen {change.row_id} {stamp:.6f}", flush=True)
                seen += 1
        if seen >= count:
            done.set()

    async with LiveSession(repo, session_id, [person_id], on_changes=on_changes):
        print("ready", flush=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), 20)
    repo.close()


async def type_(db: str, session_id: str, person_id: str, n: int, expect: int) -> None:
    repo = open_store(db)
    repo.act_as(person_id)
    watcher = ChangeWatcher(repo)
    foreign: list[int] = []
    actors: set[str | None] = set()

    def on_changes(changes):
        for change in changes:
            if change.table == "notes":
                foreign.append(change.seq)
                actors.add(change.actor_id)

    watcher.subscribe(on_changes)
    release = watcher.activate()
    watcher.start()
    # Both peers watch before either types: a watcher sees what is committed after it starts.
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    note = Note(session_id=session_id, section_key="wins", author_id=person_id)
    errors = []
    text = ""
    for i in range(n):
        text += "abcdefghij"[i % 10]
        note.body = text
        try:
            repo.notes.save(note)
        except Exception as exc:  # reported, never hidden
            errors.append(f"{type(exc).__name__}: {exc}")
        if i % 5 == 0:
            await asyncio.sleep(0)  # let the watcher run between keystrokes
    deadline = time.monotonic() + 20
    while len(foreign) < expect and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    release()
    await watcher.stop()
    print(
        json.dumps(
            {
                "foreign": foreign,
                "actors": sorted(a for a in actors if a),
                "errors": errors,
                "note_id": note.id,
                "text": text,
            }
        ),
        flush=True,
    )
    repo.close()


async def drafts(
    db: str, session_id: str, person_id: str, drafts_json: str, claimed: str | None = None
) -> None:
    repo = open_store(db)
    repo.act_as(person_id)
    live = LiveSession(repo, session_id, [person_id], heartbeat_seconds=0.2)
    await live.start()
    deadline = time.monotonic() + 60
    while not live.others and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        await live.refresh_presence(force=True)
    print("ready", flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.readline)
    for visibility, section, text in json.loads(drafts_json):
        sent = live.send_draft(section, claimed or person_id, Visibility(visibility), text)
        print("sent" if sent else "refused", flush=True)
    await loop.run_in_executor(None, sys.stdin.readline)
    await live.stop()
    repo.close()


if __name__ == "__main__":
    mode, db, session_id, person_id, *rest = sys.argv[1:]
    if mode == "watch":
        asyncio.run(watch(db, session_id, person_id, int(rest[0])))
    elif mode == "drafts":
        asyncio.run(drafts(db, session_id, person_id, *rest))
    else:
        asyncio.run(type_(db, session_id, person_id, int(rest[0]), int(rest[1])))
