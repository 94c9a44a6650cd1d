"""Live drafts (live/sync.py) carry a note's unsaved text between apps on one host: a private
note's text must never travel, and a draft must come from the note's author's own app in the
session. A real peer process sends over the real nudge socket; the reader records every
draft it accepted."""

from __future__ import annotations

import json
import os
import socket
import subprocess

from live.live_pair import drafts_peer, line_from, make_shared, mentor_listening, until_true

from mentor_tui.live.nudge import address
from mentor_tui.live.sync import LiveDraft


async def _drafts_seen(shared, drafts: list[list[str]], before_go=None) -> tuple[list[str], list[LiveDraft]]:
    """Run the mentee's peer app sending `drafts`; what it answered, and what the mentor's
    live session accepted (the last draft is a shared one, so once it is in all are read)."""
    repo, live, got = await mentor_listening(shared)
    peer = drafts_peer(shared, shared.mentee_id, drafts)
    answers = []
    try:
        assert await line_from(peer) == "ready"
        assert await until_true(lambda: any(p.person_id == shared.mentee_id for p in live.others))
        if before_go is not None:
            before_go()
        peer.stdin.write("go\n")
        peer.stdin.flush()
        answers = [await line_from(peer) for _ in drafts]
        last = drafts[-1][2]
        assert await until_true(lambda: any(d.text == last for d in got)), "the shared draft never came"
    finally:
        peer.communicate("bye\n", timeout=30)
        await live.stop()
        repo.close()
    return answers, got


async def test_a_private_note_is_never_sent_as_a_draft(db_path):
    """Switched off: the visibility check in LiveSession.send_draft; the private text then
    reaches the partner's app and this test fails."""
    shared = make_shared(db_path)
    answers, got = await _drafts_seen(shared, [
        ["private", "wins", "PRIVATE: I doubt my supervisor"],
        ["shared", "wins", "Grant submitted"],
    ])  # fmt: skip
    assert [d.text for d in got] == ["Grant submitted"]
    assert answers == ["refused", "sent"]


async def test_a_draft_is_taken_only_from_the_authors_own_app(db_path):
    """A same-user process that is not the mentee's app in this session (here: the test
    itself) claims to be the mentee: dropped. Switched off: the presence check in
    LiveSession._message (pid, host and author); the forged text is then accepted."""
    shared = make_shared(db_path)
    forged = json.dumps({"kind": "draft", "session": shared.session_id, "section": "wins",
                         "author": shared.mentee_id, "text": "FORGED: end the mentorship"})

    def forge() -> None:
        # Datagrams queue in order: this one is read before the peer's genuine draft.
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.sendto(forged.encode(), address(os.getpid()))

    answers, got = await _drafts_seen(shared, [["shared", "wins", "Grant submitted"]], forge)
    assert answers == ["sent"]
    assert [d.text for d in got] == ["Grant submitted"]


async def test_an_app_in_the_session_cannot_send_a_draft_in_another_members_name(db_path):
    """A real app in the session (the mentor's second window) sends a draft claiming to be
    the mentee's: its presence row is not the author's, so it is dropped, while the mentee's
    own app's draft is taken. Switched off: the author part of the presence check in
    LiveSession._message (pid and host alone); the forged text is then accepted."""
    shared = make_shared(db_path)
    repo, live, got = await mentor_listening(shared)

    def peer(person_id: str, text: str, *claimed: str) -> subprocess.Popen:
        return drafts_peer(shared, person_id, [["shared", "wins", text]], *claimed)

    forger = peer(shared.mentor_id, "FORGED: end the mentorship", shared.mentee_id)
    mentee = peer(shared.mentee_id, "Grant submitted")
    try:
        assert await line_from(forger) == "ready"
        assert await line_from(mentee) == "ready"
        assert await until_true(lambda: len(live.others) >= 2)
        # In this order, so the forgery is queued (and read) before the genuine draft.
        for sender in (forger, mentee):
            sender.stdin.write("go\n")
            sender.stdin.flush()
            assert await line_from(sender) == "sent"
        assert await until_true(lambda: any(d.text == "Grant submitted" for d in got))
        assert [d.text for d in got] == ["Grant submitted"]
    finally:
        for sender in (forger, mentee):
            sender.communicate("bye\n", timeout=30)
        await live.stop()
        repo.close()
