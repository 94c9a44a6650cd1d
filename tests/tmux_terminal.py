"""A real terminal for the tests: a private tmux server (its own socket, never the user's)
running the real app, one session per person.

Keys and raw bytes go in (`send-keys -H` for bytes that are not valid UTF-8), the screen comes
back; a pane keeps its exit status, its title and tmux's paste buffers (which OSC 52 fills when
`set-clipboard` is on) are observable, and a process counts as alive only until it exits (a
zombie is not). The `tmux` fixture in tests/conftest.py makes one per test.
"""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from pathlib import Path

WIDTH, HEIGHT = 100, 30
PASSED_ON = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "LANG", "TERM", "PATH",
             "HOME", "TZ", "PYTHONPATH")
APP = f"{sys.executable} -m mentor_tui"


class Tmux:
    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.socket = folder / f"tmux-{uuid.uuid4().hex[:8]}"
        self.env = env
        # remain-on-exit before any pane exists, so a pane keeps its exit status; the
        # clipboard and title options make the viewer's terminal observable.
        self.config = folder / "tmux.conf"
        self.config.write_text(
            "set -g remain-on-exit on\nset -s set-clipboard on\nset -g allow-rename on\n"
        )

    def run(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-S", str(self.socket), "-f", str(self.config), *args],
            capture_output=True, text=True, env=self.env, check=check, timeout=30,
        )
        return done.stdout

    def start(self, name: str, command: str, size: tuple[int, int] = (WIDTH, HEIGHT)) -> int:
        env = [arg for key in PASSED_ON if key in self.env for arg in ("-e", f"{key}={self.env[key]}")]
        width, height = size
        self.run("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), *env, command)
        return self.pid(name)

    def pid(self, name: str) -> int:
        return int(self.run("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name, check=False)

    def keys(self, name: str, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", name, *(["-l"] if literal else []), *keys)

    def raw(self, name: str, data: bytes) -> None:
        """Bytes exactly as a terminal would send them, valid UTF-8 or not."""
        self.run("send-keys", "-t", name, "-H", *(f"{b:02x}" for b in data))

    def wait_for(self, name: str, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen(name)
            if text in shown:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{text!r} did not appear; the screen shows:\n{shown}")

    def wait_gone(self, name: str, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while text in (shown := self.screen(name)):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} stayed on the screen:\n{shown}")
            time.sleep(0.05)

    def start_reporting(self, name: str, command: str) -> None:
        """Run `command` under a shell that prints its exit status when it ends.

        tmux's own #{pane_dead_status} is not reliable: now and then it sees the terminal
        close before it reaps the process, and never records the status.
        """
        self.start(name, f"{command}; echo exit=$?; sleep 600")

    def app_pid(self, name: str, timeout: float = 30.0) -> int:
        """The pid of the command `start_reporting` runs (the shell's child)."""
        shell = self.pid(name)
        children = Path(f"/proc/{shell}/task/{shell}/children")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = children.read_text().split()
            if found:
                return int(found[0])
            time.sleep(0.02)
        raise AssertionError(f"nothing started in {name}:\n{self.screen(name)}")

    def exit_status(self, name: str, timeout: float = 30.0) -> int:
        """The status of the command `start_reporting` ran, once it has ended."""
        shown = self.wait_for(name, "exit=", timeout)
        return int(shown.split("exit=", 1)[1].split()[0])

    def dead(self, name: str) -> bool:
        return self.run("display-message", "-p", "-t", name, "#{pane_dead}", check=False).strip() == "1"

    def title(self, name: str) -> str:
        return self.run("display-message", "-p", "-t", name, "#{pane_title}").strip()

    def buffers(self) -> str:
        return self.run("list-buffers", check=False)

    def kill_server(self) -> None:
        self.run("kill-server", check=False)


def running(pid: int) -> bool:
    """True while `pid` is a live process (a zombie waiting for tmux to reap it is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not running(pid):
            return True
        time.sleep(0.02)
    return not running(pid)


def palette(tmux: Tmux, name: str, command: str) -> None:
    """Run a command from the palette (ctrl+p), as a person would: type its name, Enter."""
    tmux.keys(name, "C-p")
    tmux.wait_for(name, "Search for commands")
    tmux.keys(name, command, literal=True)
    # The palette matches as it goes: Enter once the command shows as a hit (under the
    # field that echoes it) and the list has held still for a few captures.
    deadline = time.monotonic() + 60.0
    seen, still = "", 0
    while still < 3:
        shown = tmux.screen(name)
        still = still + 1 if shown == seen and shown.count(command) >= 2 else 0
        seen = shown
        if time.monotonic() > deadline:
            raise AssertionError(f"{command!r} never settled as a hit:\n{shown}")
        time.sleep(0.05)
    tmux.keys(name, "Enter")


def start_session(tmux: Tmux, name: str) -> None:
    """From Home on the demo database to typing in a new session's first section."""
    tmux.wait_for(name, "Amara & Lukas")
    palette(tmux, name, "Start session")
    tmux.wait_for(name, "Start a session")
    tmux.keys(name, "Enter")  # the suggested agenda
    tmux.wait_for(name, "Typing: Dr Amara Okafor")


def as_someone(db: Path) -> str:
    """The command running the app on `db` as a person: append their name, quoted."""
    return f"exec {APP} --db {db} --as"


def amara_starts_a_session(tmux: Tmux, app: str) -> None:
    """Amara's app (`app` from as_someone) in window "amara", from Home to typing in a new
    check-in by the Home screen's `s` key (start_session goes through the palette)."""
    tmux.start("amara", f"{app} 'Dr Amara Okafor'")
    tmux.wait_for("amara", "Amara & Lukas")
    tmux.keys("amara", "s")
    tmux.wait_for("amara", "Start a session")
    tmux.keys("amara", "Enter")  # the suggested agenda: Regular check-in
    tmux.wait_for("amara", "Typing: Dr Amara Okafor")
