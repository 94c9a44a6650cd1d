"""The partner in a second terminal must not end someone else's live session: they act
only as the person they signed in as (docs/architecture.md, trust model; issue 12).

Two real `mentor-tui` processes, each in its own tmux terminal, on one database file. Amara
is in a session. Before issue 12, Lukas's app told him the app had "closed during a
session" and offered "End it": Tab, Tab, Enter ended Amara's session under her. Now he is
offered to join her, and ending it from inside asks first and tells Amara.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from builders import demo_database
from tmux_terminal import amara_starts_a_session, as_someone

from mentor_tui.core.models import SessionStatus
from mentor_tui.store import open_store

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (CI installs it)"),
]

# Generous: two apps start and poll on a busy 2-core machine.
TIMEOUT = 30.0


def wait_until(predicate, what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen in {timeout:.0f} s")
        time.sleep(0.1)


def status(db: Path, session_id: str) -> SessionStatus:
    with open_store(db) as repo:
        return repo.sessions.get(session_id).status


def here(db: Path, session_id: str) -> set[str]:
    with open_store(db) as repo:
        names = {p.id: p.display_name for p in repo.people.list()}
        return {names[p.person_id] for p in repo.presence.in_session(session_id)}


def test_the_partner_in_a_second_terminal_cannot_end_a_live_session(tmux, tmp_path):
    db = demo_database(tmp_path)
    app = as_someone(db)
    amara_starts_a_session(tmux, app)
    with open_store(db) as repo:
        (session,) = repo.sessions.interrupted()
    wait_until(lambda: here(db, session.id) == {"Dr Amara Okafor"}, "Amara's presence")

    # Lukas opens mentor-tui while Amara is in the session.
    tmux.start("lukas", f"{app} 'Dr Lukas Berg'")
    tmux.wait_for("lukas", "Regular check-in · Amara & Lukas")
    # The attack: move past "Later" to the next button and press it. With the hole, that
    # button was "End it" and ended Amara's session; now it can only be "Join".
    tmux.keys("lukas", "Tab")
    tmux.keys("lukas", "Tab")
    tmux.keys("lukas", "Enter")
    wait_until(
        lambda: status(db, session.id) == SessionStatus.ENDED
        or "Dr Lukas Berg" in here(db, session.id),
        "Lukas joining (or ending) the session",
    )
    assert status(db, session.id) == SessionStatus.ACTIVE, "Lukas ended Amara's live session"
    tmux.wait_for("lukas", "Also here: Dr Amara Okafor (mentor)")
    tmux.wait_for("amara", "Also here: Dr Lukas Berg (mentee)")
    assert "ended the session" not in tmux.screen("amara")

    # Ending from inside names who is still there, and "not yet" changes nothing.
    tmux.keys("lukas", "F9")
    # (The dialog wraps the question after "end it for".)
    tmux.wait_for("lukas", "Dr Amara Okafor is still in this session; end it for")
    tmux.keys("lukas", "Escape")
    tmux.wait_gone("lukas", "still in this session")
    assert status(db, session.id) == SessionStatus.ACTIVE
    # Confirmed, it ends for both, and Amara's screen says who ended it.
    tmux.keys("lukas", "F9")
    tmux.wait_for("lukas", "still in this session; end it for")
    tmux.keys("lukas", "Enter")
    tmux.wait_for("amara", "Dr Lukas Berg ended the session.")
    assert status(db, session.id) == SessionStatus.ENDED


def test_the_join_offer_names_the_partner_and_has_no_end(tmux, tmp_path):
    db = demo_database(tmp_path)
    app = as_someone(db)
    amara_starts_a_session(tmux, app)

    tmux.start("lukas", f"{app} 'Dr Lukas Berg'")
    shown = tmux.wait_for("lukas", "Join the session with Dr Amara Okafor?")
    assert "End it" not in shown and "closed during a session" not in shown
