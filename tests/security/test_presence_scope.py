"""Presence rows are trusted by partner apps: live drafts (a shared note as it is typed) go to
the pid of a partner's row, a draft is accepted from the pid whose row names its author, and
the header shows who is here (live/sync.py). So a person's repository writes presence only in
sessions they can see and only in their own name, and heartbeats or takes out only their own
row (store/repo/presence.py; docs/architecture.md, "Trust model"). Real SQLite file, real
bound repositories.

Switched off, these fail (each was run so):
- with "presence" put back in UNCHECKED_WRITES and out of AUTHOR_COLUMNS in store/scope.py,
  the outsider's and the partner-name rows are stored: the first two tests fail;
- with PresenceRepo._own returning ("", ()) (no person filter), the mentor's heartbeat
  refreshes and its leave deletes the mentee's row: the third and fourth tests fail;
- without "AND rowid IN (SELECT rowid FROM presence)" in PresenceRepo.sweep, the mentor
  sweeps the other pair's row: the last test fails.
The app's side (each person at one laptop joins through their own repository) is
tests/tui/test_live.py::test_a_shared_laptop_counts_whoever_types, which fails when the
session screen calls live.add_person without app.repo_for(...).
"""

from __future__ import annotations

import os
import socket

import pytest

from mentor_tui.core.errors import NotAllowed
from mentor_tui.core.presence import Presence
from mentor_tui.live.sync import present
from mentor_tui.store import open_store
from security.test_store_scope import build

LONG_AGO = "2000-01-01T00:00:00+00:00"


@pytest.fixture
def pairs(db_path):
    """Pair 0 (persons 0 mentor, 1 mentee) and pair 1 (persons 2, 3), each with a session."""
    store = open_store(db_path)
    persons, made = build(store, [[0, 1], [2, 3]], 4)
    yield store, [p.id for p in persons], [session.id for _, session, _ in made]
    store.close()


def _row(instance: str, person: str, session: str) -> Presence:
    return Presence(instance, person, session, host=socket.gethostname(), pid=os.getpid(),
                    via="local")  # fmt: skip


def _rows(store) -> set[tuple[str, str, str]]:
    return {
        (r["instance_id"], r["person_id"], r["session_id"])
        for r in store._read("SELECT instance_id, person_id, session_id FROM main.presence")
    }


def test_an_outsider_cannot_be_present_in_another_pairs_session(pairs):
    """Person 2 (pair 1) claims a seat in pair 0's session, in their own name or as its
    mentee with their own pid (drafts would then come to them): refused, nothing stored, and
    pair 0's mentor sees nobody. In their own pair's session they are present as usual."""
    store, (mentor, mentee, outsider, _), (session, own_session) = pairs
    with store.as_viewer(outsider) as repo, store.as_viewer(mentor) as mine:
        with pytest.raises(NotAllowed):
            repo.presence.join(_row("spy", outsider, session))
        with pytest.raises(NotAllowed):
            repo.presence.join(_row("spy", mentee, session))
        assert _rows(store) == set()
        assert present(mine, session) == []
        repo.presence.join(_row("spy", outsider, own_session))
        assert _rows(store) == {("spy", outsider, own_session)}


def test_a_member_cannot_be_present_in_the_partners_name(pairs):
    """The mentor writes a row naming the mentee (a new one, or over the mentee's own app's
    row, to point its pid elsewhere): refused; the mentee's row stays as the mentee wrote it."""
    store, (mentor, mentee, _, _), (session, _) = pairs
    with store.as_viewer(mentor) as mine, store.as_viewer(mentee) as theirs:
        theirs.presence.join(Presence("mentee-app", mentee, session, host=socket.gethostname(),
                                      pid=4242, via="local"))
        with pytest.raises(NotAllowed):
            mine.presence.join(_row("mentor-app", mentee, session))
        with pytest.raises(NotAllowed):
            mine.presence.join(_row("mentee-app", mentee, session))
        assert _rows(store) == {("mentee-app", mentee, session)}
        assert [p.pid for p in mine.presence.in_session(session)] == [4242]
        mine.presence.join(_row("mentor-app", mentor, session))
        assert {p.person_id for p in theirs.presence.in_session(session)} == {mentor, mentee}


def test_a_member_cannot_heartbeat_or_take_out_the_partners_row(pairs):
    """The mentee's app went quiet; the mentor's repository neither keeps its row fresh (the
    header would show them present), nor flips its following, nor deletes it."""
    store, (mentor, mentee, _, _), (session, _) = pairs
    with store.as_viewer(mentor) as mine, store.as_viewer(mentee) as theirs:
        theirs.presence.join(_row("mentee-app", mentee, session))
        with store.write():
            store.db.execute("UPDATE main.presence SET heartbeat_at = ?", (LONG_AGO,))
        assert mine.presence.heartbeat("mentee-app") == 0
        assert mine.presence.heartbeat("mentee-app", following=False) == 0
        row = store._one("SELECT heartbeat_at, following FROM main.presence")
        assert row == {"heartbeat_at": LONG_AGO, "following": 1}
        mine.presence.leave("mentee-app")
        with pytest.raises(NotAllowed):
            mine.presence.leave("mentee-app", mentee)
        assert _rows(store) == {("mentee-app", mentee, session)}
        # Their own repository still does all of it.
        assert theirs.presence.heartbeat("mentee-app", following=False) == 1
        assert store._one("SELECT following FROM main.presence") == {"following": 0}
        theirs.presence.leave("mentee-app", mentee)
        assert _rows(store) == set()


def test_at_one_laptop_each_person_keeps_their_own_row(pairs):
    """Two people signed in to one app (one instance id), each row written, refreshed and
    taken out by its person's own repository (as LiveSession.add_person does)."""
    store, (mentor, mentee, _, _), (session, _) = pairs
    with store.as_viewer(mentor) as mine, store.as_viewer(mentee) as theirs:
        mine.presence.join(_row("laptop", mentor, session))
        theirs.presence.join(_row("laptop", mentee, session))
        assert mine.presence.heartbeat("laptop") == 1
        assert theirs.presence.heartbeat("laptop") == 1
        mine.presence.leave("laptop")
        assert _rows(store) == {("laptop", mentee, session)}


def test_stale_rows_are_swept_for_others_within_the_viewers_sessions(pairs):
    """A dead app cannot take out its own row, so any member sweeps it; another pair's
    stale rows are theirs to sweep (the owner's maintenance may sweep them all)."""
    store, (mentor, mentee, outsider, _), (session, other_session) = pairs
    with store.as_viewer(mentee) as theirs, store.as_viewer(outsider) as other:
        theirs.presence.join(_row("dead-mentee", mentee, session))
        other.presence.join(_row("dead-outsider", outsider, other_session))
    with store.write():
        store.db.execute("UPDATE main.presence SET heartbeat_at = ?", (LONG_AGO,))
    with store.as_viewer(mentor) as mine:
        assert mine.presence.sweep() == 1
    assert _rows(store) == {("dead-outsider", outsider, other_session)}
    assert store.presence.sweep() == 1
