"""The partner in a second terminal must not end someone else's live session: they act
only as the person they signed in as (docs/architecture.md, trust model; issue 12).

Two real `mentor-tui` processes, each in its own tmux terminal, on one database file. Amara
is in a session. Before issue 12, Lukas's app told him the app had "closed during a
session" and offered "End it": Tab, Tab, Enter ended Amara's session under her. Now he is
offered to join her, and ending it from inside asks first and tells Amara.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import pytest

from mentor_tui.core.models import SessionStatus
from mentor_tui.store import open_store
from mentor_tui.store.demo import seed_demo

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (CI installs it)"),
]

WIDTH, HEIGHT = 100, 30
PASSED_ON = (
    "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "LANG", "TERM", "PATH", "HOME", "TZ",
    "PYTHONPATH",
)
# Generous: two apps start and poll on a busy 2-core machine.
TIMEOUT = 30.0


class Tmux:
    """A private tmux server (its own socket): one window per person."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.socket = folder / f"tmux-{uuid.uuid4().hex[:8]}"
        self.env = env

    def run(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-S", str(self.socket), *args],
            capture_output=True, text=True, env=self.env, check=check, timeout=20,
        )
        return done.stdout

    def start(self, name: str, command: str) -> None:
        env = [arg for key in PASSED_ON if key in self.env for arg in ("-e", f"{key}={self.env[key]}")]
        self.run("new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), *env, command)
        self.run("set-option", "-t", name, "remain-on-exit", "on")

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name, check=False)

    def keys(self, name: str, *keys: str) -> None:
        self.run("send-keys", "-t", name, *keys)

    def wait_for(self, name: str, text: str, timeout: float = TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen(name)
            if text in shown:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{text!r} did not appear in {name}'s terminal:\n{shown}")

    def wait_gone(self, name: str, text: str, timeout: float = TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while text in self.screen(name):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} stayed in {name}'s terminal:\n{self.screen(name)}")
            time.sleep(0.05)


@pytest.fixture
def tmux(tmp_path, cli_env):
    env = dict(cli_env, TERM="xterm-256color", TZ="UTC")
    env.pop("SSH_CONNECTION", None)
    server = Tmux(tmp_path, env)
    yield server
    server.run("kill-server", check=False)


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
    db = tmp_path / "pair.db"
    with open_store(db) as repo:
        seed_demo(repo, today=date.today())
    app = f"exec {sys.executable} -m mentor_tui --db {db} --as"

    tmux.start("amara", f"{app} 'Dr Amara Okafor'")
    tmux.wait_for("amara", "Amara & Lukas")
    tmux.keys("amara", "s")
    tmux.wait_for("amara", "Start a session")
    tmux.keys("amara", "Enter")  # the suggested agenda: Regular check-in
    tmux.wait_for("amara", "Typing: Dr Amara Okafor")
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
    db = tmp_path / "pair.db"
    with open_store(db) as repo:
        seed_demo(repo, today=date.today())
    app = f"exec {sys.executable} -m mentor_tui --db {db} --as"
    tmux.start("amara", f"{app} 'Dr Amara Okafor'")
    tmux.wait_for("amara", "Amara & Lukas")
    tmux.keys("amara", "s")
    tmux.wait_for("amara", "Start a session")
    tmux.keys("amara", "Enter")
    tmux.wait_for("amara", "Typing: Dr Amara Okafor")

    tmux.start("lukas", f"{app} 'Dr Lukas Berg'")
    shown = tmux.wait_for("lukas", "Join the session with Dr Amara Okafor?")
    assert "End it" not in shown and "closed during a session" not in shown
