"""End to end in a real terminal: tmux runs mentor-tui, keys go in, the screen comes back.

The app is killed with SIGKILL while a note is being typed, started again, the session
resumed, and the note is there but for (at most) the last second of typing, with the same
person typing. Then the terminal is closed (SIGHUP) right after a keystroke: nothing is lost.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time

import pytest
from builders import demo_database
from tmux_terminal import palette

from mentor_tui.core.models import Visibility
from mentor_tui.store import open_store

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (CI installs it)"),
]


def test_killed_mid_note_resumes_with_the_note(tmux, tmp_path):
    db = demo_database(tmp_path)
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
    # The autosave promises a second once the app has the keys (bench.remote measures it);
    # a busy machine may take longer to deliver them, so wait for the save, then kill.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with open_store(db) as repo:
            bodies = [n.body for s in repo.sessions.interrupted() for n in repo.notes.for_session(s.id)]
        if any(b.endswith("half done.") for b in bodies):
            break
        time.sleep(0.1)
    tmux.keys("first", " And then", literal=True)  # still typing when the power goes
    os.kill(tmux.pid("first"), signal.SIGKILL)

    with open_store(db) as repo:
        (session,) = repo.sessions.interrupted()
        notes = repo.notes.for_session(session.id)
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
    tmux.wait_for("second", "the lid.")  # the editor may wrap the line after "Closing"
    os.kill(tmux.pid("second"), signal.SIGHUP)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if tmux.dead("second"):
            break
        time.sleep(0.1)
    assert tmux.dead("second"), tmux.screen("second")
    with open_store(db) as repo:
        again = repo.sessions.get(session.id)
        (note,) = [
            n for n in repo.notes.for_session(session.id) if n.section_key == "topic"
        ]
    assert note.body.endswith("Closing the lid.")
    assert again.sections[again.current_section].running_since is None


def test_unknown_person_is_one_line(tmux, tmp_path):
    db = demo_database(tmp_path)
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
