"""The warm parent `serve` forks apps from (mentor_tui/server/prefork.py), with a real fork,
a real PTY and a probe in place of the app that reports what a freshly started program
would see: its arguments, environment, time zone, working directory, session and terminal."""

from __future__ import annotations

import json
import os
import pty
import signal
import sys

import pytest

from mentor_tui.server.prefork import Prefork

PROBE = r"""
import json, os, sys, time
from mentor_tui.server.prefork import run_parent

def probe(argv):
    if argv[1] == "crash":
        os.kill(os.getpid(), 9)
    print(json.dumps({
        "argv": argv,
        "env": dict(os.environ),
        "tzname": list(time.tzname),
        "cwd": os.getcwd(),
        "session_leader": os.getsid(0) == os.getpid(),
        "tty": os.ttyname(0),
        "stdout_tty": os.isatty(1),
        "encoding": sys.stdout.encoding,
    }))
    return int(argv[2])

sys.exit(run_parent(int(sys.argv[1]), probe))
"""


@pytest.fixture
def parent():
    warm = Prefork.start([sys.executable, "-c", PROBE])
    assert warm is not None
    yield warm
    warm.close()


def _read_all(master: int) -> str:
    """Everything the app wrote, up to its closing the terminal (then reading says EIO)."""
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            return out.decode()
        if not chunk:
            return out.decode()
        out += chunk


def test_a_forked_app_sees_what_a_fresh_process_would(parent, tmp_path):
    master, slave = pty.openpty()
    env = {"TZ": "Europe/Berlin", "LANG": "C.UTF-8", "TERM": "xterm-kitty", "ONLY": "this"}
    terminal = os.ttyname(slave)
    try:
        app = parent.spawn(["probe", "show", "3"], env, str(tmp_path), slave)
    finally:
        os.close(slave)
    seen = json.loads(_read_all(master).strip().splitlines()[-1])
    assert app.wait() == 3  # the exit status reaches the server through the parent
    assert app.pid != parent.pid and seen["argv"] == ["probe", "show", "3"]
    assert seen["env"] == env, "the parent's environment must not leak into the app's"
    assert "CET" in seen["tzname"] or "CEST" in seen["tzname"]
    assert seen["cwd"] == str(tmp_path)
    assert seen["session_leader"] and seen["stdout_tty"]
    assert seen["tty"] == terminal
    assert seen["encoding"].lower().replace("-", "") == "utf8"
    os.close(master)


def test_a_killed_app_is_reported_killed_and_the_parent_goes_on(parent, tmp_path):
    master, slave = pty.openpty()
    try:
        app = parent.spawn(["probe", "crash", "0"], {}, str(tmp_path), slave)
    finally:
        os.close(slave)
    _read_all(master)
    assert app.wait() == -signal.SIGKILL
    os.close(master)
    # The next session still forks.
    master, slave = pty.openpty()
    try:
        again = parent.spawn(["probe", "show", "0"], {}, "/", slave)
    finally:
        os.close(slave)
    _read_all(master)
    assert again.wait() == 0
    os.close(master)


def test_closing_the_server_side_ends_the_parent(parent):
    pid = parent.pid
    parent.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
