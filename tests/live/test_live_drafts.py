"""Live drafts (live/sync.py, "Live drafts"): a partner's app on this host sees a shared note
as it is typed, before the autosave commits it. A real second process (sync_peer.py drafts)
sends through the real nudge socket; the reader's store is a real file that never holds the
draft. With the drafts switched off (LiveSession.send_draft returning before it sends) the
first test waits out its deadline and fails."""

from __future__ import annotations

from live.live_pair import drafts_peer, line_from, mentor_listening, until_true

from mentor_tui.core.notes import Note
from mentor_tui.live.sync import LiveDraft, PartnerDrafts


async def test_a_partners_typing_arrives_before_it_is_saved(shared):
    repo, live, got = await mentor_listening(shared)
    drafts = [["shared", "wins", "Grant submitted on Friday"]]
    peer = drafts_peer(shared, shared.mentee_id, drafts)
    try:
        assert await line_from(peer) == "ready"
        # The peer takes a draft only from an app it sees in the session as its author.
        assert await until_true(lambda: any(p.person_id == shared.mentee_id for p in live.others))
        peer.stdin.write("go\n")
        peer.stdin.flush()
        assert await line_from(peer) == "sent"
        assert await until_true(lambda: bool(got)), "the draft never arrived"
        [draft] = got
        assert (draft.section_key, draft.author_id, draft.text) == (
            "wins", shared.mentee_id, "Grant submitted on Friday",
        )  # fmt: skip
        assert draft.at, "stamped with when the author's app took it"
    finally:
        peer.communicate("bye\n", timeout=30)
        await live.stop()
        repo.close()


T0, T1, T2 = "2026-11-30T10:00:00.100+00:00", "2026-11-30T10:00:00.200+00:00", "2026-11-30T10:00:00.300+00:00"


def test_drafts_lie_over_the_stored_notes_until_the_store_catches_up():
    now = [100.0]
    board = PartnerDrafts(keep_seconds=2.0, clock=lambda: now[0])
    saved = Note(session_id="s", section_key="wins", author_id="lukas", body="Grant", updated_at=T0)
    other = Note(session_id="s", section_key="wins", author_id="amara", body="Poster", updated_at=T0)
    board.take(LiveDraft("wins", "lukas", "Grant submitted", T1))
    board.take(LiveDraft("wins", "olga", "A new note", T1))
    board.take(LiveDraft("topic", "lukas", "Elsewhere", T1))

    shown = board.over("s", "wins", [saved, other])
    assert [(n.author_id, n.body) for n in shown] == [
        ("lukas", "Grant submitted"), ("amara", "Poster"), ("olga", "A new note"),
    ]  # fmt: skip
    assert saved.body == "Grant", "the stored note itself is left alone"

    # The save arrives with the same text: the draft is forgotten.
    saved.body = "Grant submitted"
    assert [n.body for n in board.over("s", "wins", [saved])] == ["Grant submitted", "A new note"]
    saved.body = "Grant"
    assert [n.body for n in board.over("s", "wins", [saved])][0] == "Grant"

    # A draft the store never caught up with gives way after keep_seconds.
    now[0] += 2.5
    assert [n.body for n in board.over("s", "wins", [saved])] == ["Grant"]
    assert not board


def test_a_save_made_after_a_draft_wins_even_when_later_drafts_were_lost():
    """The author typed on and deleted words; the drafts after the first were lost (the
    partner's queue was full) and the save holds the newer, shorter text. (Switched off,
    comparing texts alone, the stale draft stays over the save.)"""
    board = PartnerDrafts(keep_seconds=60.0)
    board.take(LiveDraft("wins", "lukas", "Grant submitted; reviewer 2 wants", T1))
    saved = Note(session_id="s", section_key="wins", author_id="lukas", body="Grant submitted", updated_at=T2)
    assert [n.body for n in board.over("s", "wins", [saved])] == ["Grant submitted"]
    assert not board
    # A draft taken after the save it is laid over is newer: it is shown.
    board.take(LiveDraft("wins", "lukas", "Grant submitted. Next", T2))
    saved.updated_at = T1
    assert [n.body for n in board.over("s", "wins", [saved])] == ["Grant submitted. Next"]
