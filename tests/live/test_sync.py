"""Live sync between connections and between real processes on one database file."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mentor_tui.core.errors import UserError
from mentor_tui.core.notes import Note
from mentor_tui.live.sync import (
    ChangeWatcher,
    LiveSession,
    NoteAction,
    presence_summary,
    resolve_note_change,
)
from mentor_tui.store import open_store

PEER = str(Path(__file__).with_name("sync_peer.py"))


def _note(shared, author_id: str, body: str) -> Note:
    return Note(session_id=shared.session_id, section_key="wins", author_id=author_id, body=body)


async def test_watcher_delivers_other_connections_changes_and_skips_its_own(shared):
    mine, theirs = open_store(shared.path), open_store(shared.path)
    mine.act_as(shared.mentor_id)
    theirs.act_as(shared.mentee_id)
    watcher = ChangeWatcher(mine)
    got = []
    watcher.subscribe(got.extend)
    assert await watcher.poll_once() is None  # nobody wrote yet

    mine.notes.save(_note(shared, shared.mentor_id, "my own words"))
    assert await watcher.poll_once() is None  # own commits do not even wake it

    theirs_note = theirs.notes.save(_note(shared, shared.mentee_id, "from the other window"))
    mine.notes.save(_note(shared, shared.mentor_id, "mine again"))
    found = await watcher.poll_once()
    assert [(c.table, c.row_id, c.actor_id) for c in found] == [
        ("notes", theirs_note.id, shared.mentee_id)
    ]
    assert got == found
    assert watcher.cursor == mine.last_change()
    mine.close()
    theirs.close()


def test_a_rolled_back_write_is_not_remembered_as_own(shared):
    repo = open_store(shared.path)
    repo.track_own_changes()
    before = repo.last_change()
    with pytest.raises(RuntimeError), repo.write():
        repo._log("notes", "x", "insert", shared.session_id)
        raise RuntimeError("boom")
    assert not repo.is_own_change(before + 1)
    repo.notes.save(_note(shared, shared.mentor_id, "kept"))
    assert repo.is_own_change(repo.last_change())
    repo.close()


async def test_live_session_presence_position_and_stale_peers(shared):
    a_repo, b_repo = open_store(shared.path), open_store(shared.path)
    a_repo.act_as(shared.mentor_id)
    b_repo.act_as(shared.mentee_id)
    seen_by_a: list[list] = []
    moves: list[tuple[int, str | None]] = []
    ended: list[str | None] = []
    a = LiveSession(
        a_repo,
        shared.session_id,
        [shared.mentor_id],
        on_presence=seen_by_a.append,
        on_position=lambda pos, actor: moves.append((pos, actor)),
        on_ended=ended.append,
        heartbeat_seconds=0.1,
        stale_after=0.6,
    )
    b = LiveSession(
        b_repo, shared.session_id, [shared.mentee_id], via="ssh", heartbeat_seconds=0.1,
        stale_after=0.6,
    )
    await a.start()
    assert seen_by_a[-1] == []
    await b.start()

    async def until(check, timeout=20.0):
        deadline = time.monotonic() + timeout
        while not check():
            assert time.monotonic() < deadline, "timed out"
            await asyncio.sleep(0.02)

    await until(lambda: [p.person_id for p in a.others] == [shared.mentee_id])
    assert a.others[0].role == "mentee" and a.others[0].via == "ssh"
    assert presence_summary(a.others, {shared.mentee_id: "Sam"}.get) == (
        "Also here: Sam (mentee, over SSH)"
    )

    b.set_following(False)
    await until(lambda: a.others and not a.others[0].following)

    b.go_to_section(2)
    await until(lambda: moves == [(2, shared.mentee_id)])
    assert a.position == 2
    a.go_to_section(1)  # a's own move is not echoed back to a
    # Once a's watcher has read past its own move (b's heartbeats keep committing) and one
    # more poll began, every listener has had that change, if it was going to get it.
    move = a_repo.last_change()
    await until(lambda: a.watcher.cursor >= move)
    polls = a.watcher.polls
    await until(lambda: a.watcher.polls > polls)
    assert moves == [(2, shared.mentee_id)]

    # b dies without leaving: a stops showing it once its heartbeat is stale.
    b._heartbeat_task.cancel()
    await until(lambda: a.others == [])

    b_repo.sessions.end(shared.session_id)
    await until(lambda: ended == [shared.mentee_id])
    await a.stop()
    await b.stop()
    assert a_repo.presence.in_session(shared.session_id) == []
    a_repo.close()
    b_repo.close()


def test_same_note_in_two_windows_last_writer_wins():
    # Our own save coming back: nothing to do.
    assert resolve_note_change("abc", "abcd", "abc").action == NoteAction.KEEP
    # Nothing unsaved here: show the other window's text.
    reload = resolve_note_change("abc", "abc", "abc from there")
    assert (reload.action, reload.text, reload.saved_text) == (
        NoteAction.RELOAD, "abc from there", "abc from there"
    )
    assert reload.message
    # Both typed: ours is kept (and saved next, winning), theirs handed back for a rescue copy.
    clash = resolve_note_change("abc", "abc here", "abc there")
    assert (clash.action, clash.text, clash.saved_text, clash.replaced) == (
        NoteAction.CONFLICT, "abc here", "abc there", "abc there"
    )
    # Deleted elsewhere while unsaved text is here: keep the text.
    assert resolve_note_change("abc", "abcd", None).text == "abcd"


def _spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, PEER, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_every_edit_in_one_process_reaches_the_others_watcher(shared):
    """Each save arrives, once; how soon is bench.remote's figure (a deadline here would
    measure the machine's load, not the watcher)."""
    count = 5
    watcher = _spawn("watch", str(shared.path), shared.session_id, shared.mentee_id, str(count))
    assert watcher.stdout.readline().strip() == "ready"
    repo = open_store(shared.path)
    repo.act_as(shared.mentor_id)
    sent: dict[str, float] = {}
    lines: list[str] = []
    for i in range(count):
        note = _note(shared, shared.mentor_id, f"edit {i}")
        note.section_key = f"wins-{i}"
        sent[note.id] = time.monotonic()
        repo.notes.save(note)
        # One edit at a time, as typing does: the next once the watcher has seen this one
        # (it gives up after 20 s and closes its output, so this cannot hang).
        lines.append(watcher.stdout.readline())
    out, err = watcher.communicate(timeout=30)
    repo.close()
    assert watcher.returncode == 0, err
    rows = [line.split() for line in [*lines, *out.splitlines()] if line.strip()]
    seen = {row[1]: float(row[2]) for row in rows}
    assert len(rows) == len(seen), "an edit arrived twice"
    assert set(seen) == set(sent)
    assert all(seen[k] >= sent[k] for k in sent)


def test_two_processes_typing_500_times_at_once_lose_nothing(shared):
    n = 500
    left = _spawn("type", str(shared.path), shared.session_id, shared.mentor_id, str(n), str(n))
    right = _spawn("type", str(shared.path), shared.session_id, shared.mentee_id, str(n), str(n))
    for proc in (left, right):
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    results = {}
    for proc in (left, right):
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for name, proc in (("left", left), ("right", right)):
        out, err = proc.communicate(timeout=80)
        assert proc.returncode == 0, err
        assert "locked" not in err.lower()
        results[name] = json.loads(out)
    repo = open_store(shared.path)
    notes = {n.id: n for n in repo.notes.for_session(shared.session_id)}
    log = repo.changes_since(0, limit=100_000)
    for me, other, actor in (
        ("left", "right", shared.mentee_id),
        ("right", "left", shared.mentor_id),
    ):
        assert results[me]["errors"] == []
        # Every one of the other's 500 saves arrived, in order, each exactly once.
        theirs = [c.seq for c in log if c.table == "notes" and c.actor_id == actor]
        assert len(theirs) == n
        assert results[me]["foreign"] == theirs
        assert results[me]["actors"] == [actor]
        # And the last text typed is the text stored.
        assert notes[results[other]["note_id"]].body == results[other]["text"]
    repo.close()


LOCK_HELD = 1.0  # seconds an import-like writer holds the lock


def test_a_write_that_waits_for_the_lock_never_says_locked(shared):
    """A writer holding the lock for a while (an import) makes others wait, not fail."""
    holder = open_store(shared.path)
    holder.db.conn.execute("BEGIN IMMEDIATE")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from mentor_tui.core.notes import Note; "
            "from mentor_tui.store import open_store; r = open_store(sys.argv[1]); "
            "print('saving', flush=True); "
            "r.notes.save(Note(session_id=sys.argv[2], section_key='wins', author_id=sys.argv[3],"
            " body='waited')); print('ok')",
            str(shared.path),
            shared.session_id,
            shared.mentee_id,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Hold the lock from the moment the writer tries, for a while, as an import does: the
    # hold is the scenario, not a wait for a result. A writer that gave up would be gone.
    assert proc.stdout.readline().strip() == "saving", proc.stderr.read()
    time.sleep(LOCK_HELD)
    assert proc.poll() is None, "the writer gave up instead of waiting for the lock"
    holder.db.conn.execute("COMMIT")
    out, err = proc.communicate(timeout=30)
    holder.close()
    assert out.strip() == "ok", err
    assert "locked" not in err.lower()


def test_presence_rows_are_private_to_live_sync(shared):
    """Presence is not history: heartbeats never enter the change log."""
    repo = open_store(shared.path)
    before = repo.last_change()
    from mentor_tui.core.presence import Presence

    repo.presence.join(Presence("i1", shared.mentor_id, shared.session_id))
    repo.presence.heartbeat("i1", following=False)
    assert repo.last_change() == before
    (row,) = repo.presence.in_session(shared.session_id)
    assert (row.role, row.following) == ("mentor", False)
    repo.presence.leave("i1")
    assert repo.presence.in_session(shared.session_id) == []
    with pytest.raises(UserError):
        open_store(shared.path).sessions.go_to_section(shared.session_id, 99)
    repo.close()
