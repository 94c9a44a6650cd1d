"""End to end in a real terminal: tmux runs mentor-tui, keys go in, the screen comes back.

The app is killed with SIGKILL while a note is being typed, started again, the session
resumed, and the note is there but for (at most) the last second of typing, with the same
person typing. Then the terminal is closed (SIGHUP) right after a keystroke: nothing is lost.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import pytest

from mentor_tui.core.models import Visibility
from mentor_tui.store import open_store
from mentor_tui.store.demo import seed_demo

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (CI installs it)"),
]

WIDTH, HEIGHT = 100, 30


class Tmux:
    """A private tmux server (its own socket), so the test never touches the user's."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.socket = folder / f"tmux-{uuid.uuid4().hex[:8]}"
        self.env = env
        # Set before any pane exists: a process that exits at once (an error message)
        # would otherwise take its pane with it before a per-session option could be set.
        self.config = folder / "tmux.conf"
        self.config.write_text("set -g remain-on-exit on\n")

    def run(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-S", str(self.socket), "-f", str(self.config), *args],
            capture_output=True, text=True, env=self.env, check=check, timeout=20,
        )
        return done.stdout

    def start(self, name: str, command: str) -> None:
        self.run(
            "new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT),
            *[arg for key in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "LANG",
                              "TERM", "PATH", "HOME", "TZ") if key in self.env
              for arg in ("-e", f"{key}={self.env[key]}")],
            command,
        )

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name, check=False)

    def keys(self, name: str, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", name, *(["-l"] if literal else []), *keys)

    def pid(self, name: str) -> int:
        return int(self.run("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def wait_for(self, name: str, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen(name)
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear; the screen shows:\n{shown}")

    def kill_server(self) -> None:
        self.run("kill-server", check=False)


def palette(tmux: Tmux, name: str, command: str) -> None:
    tmux.keys(name, "C-p")
    tmux.wait_for(name, "Search for commands")
    tmux.keys(name, command, literal=True)
    tmux.wait_for(name, command)
    time.sleep(0.3)  # the palette matches as it goes; let it settle on the best hit
    tmux.keys(name, "Enter")


@pytest.fixture
def tmux(tmp_path, cli_env):
    env = dict(cli_env)
    env.setdefault("TERM", "xterm-256color")
    env["TZ"] = "UTC"
    server = Tmux(tmp_path, env)
    yield server
    server.kill_server()


def test_killed_mid_note_resumes_with_the_note(tmux, tmp_path):
    db = tmp_path / "pair.db"
    with open_store(db) as repo:
        seed_demo(repo, today=date.today())
    command = f"exec {sys.executable} -m mentor_tui --db {db}"

    tmux.start("first", command)
    tmux.wait_for("first", "Who is at the keyboard?")
    tmux.keys("first", "Enter")  # Amara, the first in the list (no passphrase in the demo)
    tmux.wait_for("first", "Amara & Lukas")
    palette(tmux, "first", "Start session")
    tmux.wait_for("first", "Start a session")
    tmux.keys("first", "Enter")  # the suggested agenda: Regular check-in
    tmux.wait_for("first", "Typing: Dr Amara Okafor")
    palette(tmux, "first", "Switch speaker")
    tmux.wait_for("first", "Typing: Dr Lukas Berg")
    palette(tmux, "first", "Next section")
    tmux.wait_for("first", "2/4")
    tmux.keys("first", "Lukas: the analysis plan is half done.", literal=True)
    tmux.wait_for("first", "half done")
    # The autosave promises a second; give a busy CI machine a little more before the kill.
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        with open_store(db) as repo:
            bodies = [n.body for s in repo.interrupted_sessions() for n in repo.notes_for_session(s.id)]
        if any(b.endswith("half done.") for b in bodies):
            break
        time.sleep(0.1)
    tmux.keys("first", " And then", literal=True)  # still typing when the power goes
    os.kill(tmux.pid("first"), signal.SIGKILL)

    with open_store(db) as repo:
        (session,) = repo.interrupted_sessions()
        notes = repo.notes_for_session(session.id)
    (note,) = [n for n in notes if n.section_key == "topic"]
    assert note.body.startswith("Lukas: the analysis plan is half done.")
    assert note.visibility == Visibility.SHARED

    tmux.start("second", command)
    tmux.wait_for("second", "Who is at the keyboard?")
    tmux.keys("second", "Down", "Enter")  # Lukas this time: he was typing
    tmux.wait_for("second", "Resume session?")
    tmux.keys("second", "Enter")
    shown = tmux.wait_for("second", "the analysis plan is half done.")
    assert "2/4" in shown, "back in the section where the note was typed"
    # The terminal closes (SIGHUP) a moment after the last keystroke: it is saved all the same,
    # and the clock stops until the session is resumed again.
    tmux.keys("second", " Closing the lid.", literal=True)
    tmux.wait_for("second", "Closing the lid.")
    os.kill(tmux.pid("second"), signal.SIGHUP)
    deadline = time.monotonic() + 10
    dead = ""
    while time.monotonic() < deadline:
        dead = tmux.run("display-message", "-p", "-t", "second", "#{pane_dead}").strip()
        if dead == "1":
            break
        time.sleep(0.1)
    assert dead == "1", tmux.screen("second")
    with open_store(db) as repo:
        again = repo.get_session(session.id)
        (note,) = [
            n for n in repo.notes_for_session(session.id) if n.section_key == "topic"
        ]
    assert note.body.endswith("Closing the lid.")
    assert again.sections[again.current_section].running_since is None


def test_unknown_person_is_one_line(tmux, tmp_path):
    db = tmp_path / "pair.db"
    with open_store(db) as repo:
        seed_demo(repo, today=date.today())
    # The shell stays a moment after the app: tmux can drop the output of a pane whose
    # process exits as soon as it starts.
    tmux.start(
        "as", f"{sys.executable} -m mentor_tui --db {db} --as Nobody; echo exit=$?; sleep 30"
    )
    shown = tmux.wait_for("as", "exit=")
    lines = [line for line in shown.splitlines() if line.strip()]
    assert lines[0].startswith("mentor-tui: ") and "Nobody called" in lines[0]
    assert lines[1] == "exit=1"
    assert "Traceback" not in shown
