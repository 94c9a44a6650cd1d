"""Over `serve`, the SSH key decides who you are, and that app acts for that person alone.

The real OpenSSH client in tmux against the real `mentor-tui serve` on 127.0.0.1:
- the mentee presses F2 then F3 in a shared session: the mentor's private note never shows,
  and nothing is typed as her;
- a member of another mentorship searches History for this pair's words: nothing.
With the protection off (launch.py starting the served app with alone=False, or
StoreBase.as_viewer returning the unbound store), these tests fail.
"""

from __future__ import annotations

import pytest
from serve_kit import SecureServer, openssh, terminal_for, wait_for
from tmux_terminal import Tmux

from mentor_tui.core.models import Visibility
from mentor_tui.core.notes import Note
from mentor_tui.store import open_store

SHARED = "ROSASHAREDWORD"
PRIVATE = "ROSAPRIVATEWORD"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve-scope")
    srv = SecureServer(root)
    olga_key = srv.keygen("olga")
    srv.cli("people", "keys", "add", "Olga Outsider", f"{olga_key}.pub")
    srv.olga_key = olga_key
    with open_store(srv.db) as repo:
        s = srv.shared
        repo.notes.save(Note(s.session_id, "wins", s.mentor_id, f"Shared {SHARED} news"))
        repo.notes.save(
            Note(s.session_id, "wins", s.mentor_id, f"Doubts {PRIVATE} here",
                 visibility=Visibility.PRIVATE)
        )
    yield srv
    srv.stop()


@pytest.fixture
def tmux(server, tmp_path):
    yield from terminal_for(server, tmp_path)


def connect(server, tmux: Tmux, key) -> None:
    command = " ".join(server.ssh_args(key, "-tt")) + " someone@127.0.0.1"
    tmux.start("t", command, size=(120, 40))


def step(tmux: Tmux, keys: str, until: str, what: str) -> str:
    tmux.keys("t", keys)
    return wait_for(lambda: until in tmux.screen("t") and tmux.screen("t"), timeout=30, what=what)


@pytest.mark.e2e
@openssh
def test_the_mentee_over_ssh_cannot_switch_to_the_mentor_nor_read_her_private_note(server, tmux):
    connect(server, tmux, server.key)
    wait_for(lambda: "Resume session?" in tmux.screen("t"), timeout=60, what="the first screen")
    tmux.keys("t", "Enter")
    wait_for(lambda: "Typing: Sam Mentee" in tmux.screen("t"), timeout=30, what="the session")
    wait_for(lambda: SHARED in tmux.screen("t"), timeout=30, what="Rosa's shared note, as a control")
    shown = step(tmux, "F2", "alone", "the refusal to switch")
    assert "Typing: Sam Mentee" in shown and "Typing: Dr Rosa Mentor" not in shown
    # F3: Sam's own private note, which needs his passphrase first (he has none yet): the
    # offer appears, and nothing of Rosa's is ever on the screen.
    step(tmux, "F3", "Set a passphrase for Sam Mentee", "the passphrase offer")
    assert PRIVATE not in tmux.screen("t")
    tmux.keys("t", "Escape")
    wait_for(lambda: "Set a passphrase" not in tmux.screen("t"), timeout=30, what="the offer closed")
    assert "Sam's note, shared" in tmux.screen("t") and PRIVATE not in tmux.screen("t")
    tmux.keys("t", "typed by sam", literal=True)
    wait_for(lambda: "typed by sam" in tmux.screen("t"), timeout=30, what="Sam's typing")

    def saved():
        with open_store(server.db) as repo:
            return [n for n in repo.notes.for_session(server.shared.session_id,
                    viewer_id=server.shared.mentee_id, include_private=True)
                    if "typed by sam" in n.body]

    (note,) = wait_for(saved, timeout=30, what="the autosave")
    assert note.author_id == server.shared.mentee_id
    with open_store(server.db) as repo:
        mine = repo.notes.for_session(server.shared.session_id,
                                      viewer_id=server.shared.mentor_id, include_private=True)
        assert any(n.body == f"Doubts {PRIVATE} here" for n in mine), "her note is untouched"


@pytest.mark.e2e
@openssh
def test_a_member_of_another_mentorship_finds_nothing_of_this_pair(server, tmux):
    connect(server, tmux, server.olga_key)
    wait_for(lambda: "Olga & Pat" in tmux.screen("t"), timeout=60, what="Olga's Home")
    assert "Rosa & Sam" not in tmux.screen("t")
    step(tmux, "h", "enter opens one", "the History screen")
    # "/" moves the focus to the search box; keys sent in the same instant can still reach
    # the table (a known race in the app), so type until the words are in the box.
    def typed() -> bool:
        tmux.keys("t", "/")
        tmux.keys("t", "C-u")
        tmux.keys("t", SHARED, literal=True)
        try:
            wait_for(lambda: SHARED in tmux.screen("t"), timeout=3, what="the search words")
        except AssertionError:
            return False
        return True

    wait_for(typed, timeout=60, interval=0, what="the search words typed")
    try:
        shown = wait_for(
            lambda: "0 notes match" in tmux.screen("t") and tmux.screen("t"), timeout=30,
            what="the search result",
        )
    except AssertionError:
        raise AssertionError(tmux.screen("t")) from None
    assert SHARED not in shown.replace(f"/{SHARED}", "").split("0 notes match")[1]
    assert "Rosa & Sam" not in shown
