"""A remote pair end to end: two real `mentor-tui` processes, each in its own tmux terminal,
on one database file, as two people logged in to one host would run them.

Amara starts a session; Lukas's app offers to join her (not to end it) and joins. Each header names the
other; what Lukas types shows on Amara's screen within about a second; Amara's move to the
next section moves Lukas's screen; both typing at once lose nothing; quitting leaves.
"""

from __future__ import annotations

import os
import shutil
import signal
import time

import pytest
from builders import demo_database
from tmux_terminal import amara_starts_a_session, as_someone

from mentor_tui.store import open_store

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (CI installs it)"),
]


def test_two_processes_share_one_session(tmux, tmp_path):
    db = demo_database(tmp_path)
    app = as_someone(db)
    amara_starts_a_session(tmux, app)

    # Lukas, in his own terminal: the session in progress is offered, and he joins it.
    tmux.start("lukas", f"{app} 'Dr Lukas Berg'")
    offer = tmux.wait_for("lukas", "Join the session with Dr Amara Okafor?")
    assert "End it" not in offer
    tmux.keys("lukas", "Enter")
    tmux.wait_for("lukas", "Typing: Dr Lukas Berg")
    tmux.wait_for("lukas", "Also here: Dr Amara Okafor (mentor)")
    tmux.wait_for("amara", "Also here: Dr Lukas Berg (mentee)")

    # What Lukas types reaches Amara's screen (how fast is bench.remote's figure, not a test's:
    # a deadline here would fail on a busy machine, not on a slow app).
    tmux.keys("lukas", "Reviewer two wants more data.", literal=True)
    tmux.wait_for("amara", "Lukas wrote: Reviewer two wants more data.")

    # Amara moves on; Lukas's screen follows.
    tmux.keys("amara", "F8")
    tmux.wait_for("amara", "2/4")
    tmux.wait_for("lukas", "2/4")

    # Both type at once, in the same section, a word at a time.
    hers = ["Grant", "deadline", "is", "the", "fifteenth."]
    his = ["Analysis", "plan", "is", "half", "done."]
    for one, other in zip(hers, his, strict=True):
        tmux.keys("amara", one + " ", literal=True)
        tmux.keys("lukas", other + " ", literal=True)
    tmux.wait_for("amara", "Lukas wrote: Analysis plan is half done.")
    tmux.wait_for("lukas", "Amara wrote: Grant deadline is the fifteenth.")

    for name in ("amara", "lukas"):
        tmux.keys(name, "C-q")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (tmux.dead("amara") and tmux.dead("lukas")):
        time.sleep(0.1)
    assert tmux.dead("amara") and tmux.dead("lukas")

    with open_store(db) as repo:
        (session,) = repo.sessions.interrupted()
        names = {p.id: p.display_name for p in repo.people.list()}
        notes = {
            (n.section_key, names[n.author_id]): n.body.strip()
            for n in repo.notes.for_session(session.id)
        }
        assert repo.presence.in_session(session.id) == [], "both apps left the session"
    assert notes == {
        ("wins", "Dr Lukas Berg"): "Reviewer two wants more data.",
        ("topic", "Dr Amara Okafor"): "Grant deadline is the fifteenth.",
        ("topic", "Dr Lukas Berg"): "Analysis plan is half done.",
    }


def test_a_killed_partner_leaves_the_session_to_resume(tmux, tmp_path):
    """Amara's app is killed: its heartbeat is still fresh, but its process is gone, so
    nobody is in the session and Lukas is offered to resume it (or end it), not to join."""
    db = demo_database(tmp_path)
    app = as_someone(db)
    amara_starts_a_session(tmux, app)
    with open_store(db) as repo:
        (session,) = repo.sessions.interrupted()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with open_store(db) as repo:
            if repo.presence.in_session(session.id):
                break
        time.sleep(0.1)
    os.kill(tmux.pid("amara"), signal.SIGKILL)
    # Gone means reaped: until tmux collects it, a killed process is a zombie that still
    # answers kill(pid, 0), and counts as someone still in the session. (Asking tmux
    # whether the pane is dead also wakes its server to collect it.)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not tmux.dead("amara"):
        time.sleep(0.05)
    # Her heartbeat is normally still fresh here, so only the pid tells she is gone (on a
    # very slow machine it may have gone stale: the same answer, for the other reason;
    # test_live.py checks the fresh-row, dead-pid case exactly).

    tmux.start("lukas", f"{app} 'Dr Lukas Berg'")
    shown = tmux.wait_for("lukas", "Resume session?", timeout=30)
    assert "End it" in shown and "Join" not in shown
    tmux.keys("lukas", "Escape")
    tmux.wait_for("lukas", "Interrupted: Regular check-in.", timeout=30)


def test_quitting_mid_session_says_paused(tmux, tmp_path):
    db = demo_database(tmp_path)
    app = as_someone(db)
    amara_starts_a_session(tmux, app)
    tmux.keys("amara", "C-q")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not tmux.dead("amara"):
        time.sleep(0.1)
    assert tmux.dead("amara")
    tmux.run("kill-session", "-t", "amara")

    tmux.start("amara", f"{app} 'Dr Amara Okafor'")
    tmux.wait_for("amara", "paused when mentor-tui was quit", timeout=30)
    tmux.keys("amara", "Escape")
    tmux.wait_for("amara", "Paused: Regular check-in.", timeout=30)
