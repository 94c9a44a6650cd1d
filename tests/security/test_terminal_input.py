"""Invalid UTF-8 from the terminal: the app keeps running and keeps what is typed.

Textual decodes stdin strictly (textual#6456): a Latin-1 terminal's "é" (0xE9) used to kill
the input thread, leave a traceback on the screen, lose everything typed after it and exit
with status 0 without a rescue file. The raw byte goes into a real tmux pane here.
"""

from __future__ import annotations

import sys

import pytest
from tmux_terminal import APP, start_session

from mentor_tui import paths
from mentor_tui.store import open_store

pytestmark = [pytest.mark.e2e]

LATIN1_E_ACUTE = b"\xe9"
# The app as the CLI runs it, but with Textual's strict decoding put back: the input thread
# dies of the byte, as it would of any other bug in it.
STRICT_APP = (
    f"{sys.executable} -c \"import sys; from textual.drivers.linux_driver import LinuxDriver; "
    "from mentor_tui.tui.driver import TerminalDriver; "
    "TerminalDriver.run_input_thread = LinuxDriver.run_input_thread; "
    "from mentor_tui.cli import main; sys.argv[0] = 'mentor-tui'; main()\""
)


def note_bodies(db) -> list[str]:
    with open_store(db) as repo:
        return [
            note.body
            for session in repo.sessions.list()
            for note in repo.notes.for_session(session.id)
        ]


def test_a_latin1_byte_is_replaced_and_typing_goes_on(tmux, demo_db):
    tmux.start_reporting("app", f"{APP} --db {demo_db} --as 'Dr Amara Okafor'")
    start_session(tmux, "app")
    tmux.keys("app", "Before the byte ", literal=True)
    tmux.wait_for("app", "Before the byte")
    tmux.raw("app", LATIN1_E_ACUTE)
    tmux.keys("app", " and after it.", literal=True)
    shown = tmux.wait_for("app", "and after it.")
    assert "Traceback" not in shown
    assert "\ufffd" in shown  # the byte shows as the replacement character, nothing else lost
    tmux.keys("app", "C-q")
    assert tmux.exit_status("app") == 0
    assert "Before the byte \ufffd and after it." in note_bodies(demo_db)
    assert not list(paths.data_dir().glob("rescue-*.txt"))


def test_a_dead_input_thread_saves_the_notes_and_exits_non_zero(tmux, demo_db):
    tmux.start_reporting("app", f"{STRICT_APP} --db {demo_db} --as 'Dr Amara Okafor'")
    start_session(tmux, "app")
    tmux.keys("app", "Words typed before the keyboard died", literal=True)
    tmux.wait_for("app", "keyboard died")
    # A lone lead byte waits for the rest of its character; the next key completes the
    # invalid sequence.
    tmux.raw("app", LATIN1_E_ACUTE + b" ")
    assert tmux.exit_status("app") == 1
    shown = tmux.screen("app")
    assert "what you had typed is saved in" in shown
    assert "Traceback" not in shown
    (rescue,) = paths.data_dir().glob("rescue-*.txt")
    text = rescue.read_text()
    assert "Words typed before the keyboard died" in text
    assert "the keyboard stopped working" in text
    assert "Words typed before the keyboard died" in note_bodies(demo_db)
