"""What Home's first frame costs to import: the real launch (`python -m mentor_tui --db FILE
--as NAME`) in a real pseudo-terminal, its loaded modules listed at the moment the frame
holding Home's cards is handed to the terminal.

Every module here was measured loading before the first frame at some point (templates,
calendar export, the bulk-write library, key derivation, the repositories of screens Home
does not show); docs/performance.md, "Start-up", says what each cost. The check counts
modules, not milliseconds, so a busy machine cannot fail it: it only waits longer.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from tuikit import TODAY

from mentor_tui.store import open_store
from mentor_tui.store.demo import seed_demo

NOT_BEFORE_HOME = [
    # libraries of other commands and screens
    "sqlite_utils", "jinja2", "icalendar", "click", "asyncssh", "markdown_it", "dateutil.parser",
    # key derivation and sealing: only with a passphrase (store/vault.py); hashlib only for
    # a calendar's uid of the next meeting (uuid5, core/meetings.py Meeting.uid)
    "hmac", "hashlib", "cryptography", "mentor_tui.core.passphrase",
    # the domain and repositories of what Home does not show (store/repository.py)
    "mentor_tui.core.competencies", "mentor_tui.core.idp", "mentor_tui.core.mail",
    "mentor_tui.core.presence", "mentor_tui.core.records", "mentor_tui.core.reverse",
    # dataclasses of notes, ratings and search hits: Home counts notes and averages ratings
    "mentor_tui.core.notes", "mentor_tui.core.feedback", "mentor_tui.core.search",
    # the action-item and goal tables, check-ins, sparklines and mentor-role cover Home does
    # not show; the change log's records, read only by live sync after the first frame
    "mentor_tui.core.actions", "mentor_tui.core.goals", "mentor_tui.core.roles",
    "mentor_tui.core.changes",
    "mentor_tui.store.repo.competencies", "mentor_tui.store.repo.idp",
    "mentor_tui.store.repo.keys", "mentor_tui.store.repo.mail", "mentor_tui.store.repo.presence",
    "mentor_tui.store.repo.records", "mentor_tui.store.repo.reverse",
    "mentor_tui.store.repo.topics",
    # other screens
    "mentor_tui.tui.screens.session", "mentor_tui.tui.screens.signin", "mentor_tui.live.sync",
]

# The local time zone comes from $TZ or the /etc/localtime link; tzlocal only where neither
# names one, and its misses look for the tzdata package (core/meetings.py local_zone_name).
if os.environ.get("TZ") or "/zoneinfo/" in os.path.realpath("/etc/localtime"):
    NOT_BEFORE_HOME += ["tzlocal", "tzdata", "importlib.resources"]

# Runs the app as `python -m mentor_tui` does, writing sys.modules to a file when the first
# frame holding "Next meeting" (Home's cards, drawn once the mentorships are read) goes to the
# terminal. It imports only Textual's driver before the app starts.
PROBE = '''
import os, sys
from textual.drivers.linux_driver import LinuxDriver

out, marker, seen = sys.argv.pop(1), "Next meeting", [""]
write = LinuxDriver.write


def listing_write(self, data):
    seen[0] = seen[0][-len(marker):] + data
    if marker in seen[0] and not os.path.exists(out):
        with open(out + ".part", "w") as handle:
            handle.write("\\n".join(sorted(sys.modules)))
        os.rename(out + ".part", out)
    write(self, data)


LinuxDriver.write = listing_write
from mentor_tui.launch import main

main()
'''


def modules_at_first_frame(tmp_path: Path, db: Path, name: str, timeout: float = 120.0) -> set[str]:
    probe, out = tmp_path / "probe.py", tmp_path / "modules.txt"
    probe.write_text(PROBE)
    env = dict(os.environ, TERM="xterm-256color", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_STATE_HOME=str(tmp_path / "state"))
    env.pop("MENTOR_TUI_DB", None)
    master, slave = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, str(probe), str(out), "--db", str(db), "--as", name],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
    )
    os.close(slave)
    said = b""
    try:
        end = time.monotonic() + timeout
        while not out.exists() and time.monotonic() < end and child.poll() is None:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    said = (said + os.read(master, 65536))[-2000:]
                except OSError:  # the child closed the terminal
                    break
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
        os.close(master)
    assert out.exists(), f"Home never drew its cards: {said!r}"
    return set(out.read_text().split())


def test_home_first_frame_imports_only_what_home_reads(tmp_path):
    db = tmp_path / "mentor.db"
    with open_store(db) as repo:
        seed_demo(repo, today=TODAY)
    loaded = modules_at_first_frame(tmp_path, db, "Dr Amara Okafor")
    assert "mentor_tui.tui.screens.home" in loaded  # the probe saw the real Home
    assert "mentor_tui.store.repo.mentorships" in loaded
    early = [m for m in NOT_BEFORE_HOME if m in loaded]
    assert not early, f"imported before Home's first frame: {early}"
