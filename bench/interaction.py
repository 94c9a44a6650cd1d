"""Typing into the real app: keystroke-to-screen latency, and the app's peak memory.

    python -m bench.interaction [--quick] [--keys N]

The app runs in a real pseudo-terminal (100x30) on the large synthetic history (200,000
notes), resumed into a session whose note already holds a few paragraphs. One letter is
written to the terminal at a time; the clock stops when that letter comes back in the
app's output (Textual redraws the edited line). Between keys a pause of 40-100 ms, so the
app's own autosave (0.5 s after the last key, at most 1 s after the first unsaved one) runs
in among them as it does for a person typing. The baseline is a bare Textual app with one
TextArea holding the same text, typed into the same way in the same run.

Memory: the app's peak resident size (VmHWM) after the same typing, on the large database
against the demo database. Targets (issue 8): p95 < 50 ms; peak RSS <= 1.5x.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import random
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from bench.common import (
    LARGE,
    OUT,
    QUICK,
    ROOT,
    Figure,
    copy_db,
    demo_db,
    discard,
    percentile,
    proc_peak_rss_mb,
    python,
    seeded_db,
)

COLUMNS, ROWS = 100, 30
LATENCY_TARGET_MS = 50.0
LETTERS_PER_WORD = 6
RSS_TARGET_RATIO = 1.5
LONG_NOTE = (
    "Registry paper: the analysis plan is agreed and the statistician has the data "
    "dictionary. Next is the first full draft of the methods.\n\n"
    "Grant: the specific aims page needs a sharper first sentence; the pre-review is booked "
    "for the end of the month. Worried about the night shifts before the deadline.\n\n"
) * 6
BARE_APP = """
import sys
from textual.app import App
from textual.widgets import TextArea

TEXT = open(sys.argv[1], encoding="utf-8").read()


class Bare(App):
    def compose(self):
        yield TextArea(TEXT, id="editor")

    def on_mount(self):
        self.query_one(TextArea).focus()
        self.query_one(TextArea).move_cursor(self.query_one(TextArea).document.end)
        print("\\x1b]0;Typing:\\x07", end="", flush=True)


Bare().run()
"""


class Terminal:
    """A program in a fresh PTY: write keys to it, read what it draws."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.child = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
            start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.tail = b""

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            chunk = os.read(self.master, 65536)
        except OSError as exc:
            raise RuntimeError(f"the program exited; it last drew {self.tail[-600:]!r}") from exc
        self.tail = (self.tail + chunk)[-4000:]
        return chunk

    def wait_for(self, text: bytes, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        seen = b""
        while text not in seen:
            if time.monotonic() > deadline:
                raise RuntimeError(f"never saw {text!r}; last output {self.tail[-600:]!r}")
            seen = seen[-len(text):] + self.read(0.2)

    def drain(self, quiet: float = 0.3) -> None:
        """Read until the program has drawn nothing for `quiet` seconds."""
        while self.read(quiet):
            pass

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def echo_ms(self, char: bytes, timeout: float = 5) -> float:
        """Milliseconds from writing `char` to seeing it drawn."""
        while self.read(0):  # what was drawn before this key is not its echo
            pass
        start = time.perf_counter()
        self.send(char)
        seen = b""
        while char not in seen:
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"{char!r} was never drawn; last output {self.tail[-300:]!r}")
            seen = seen[-8:] + self.read(timeout)
        return (time.perf_counter() - start) * 1000

    def peak_rss_mb(self) -> float:
        return proc_peak_rss_mb(self.child.pid)

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.child.pid, signal.SIGKILL)
        self.child.wait(timeout=10)
        os.close(self.master)


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TERM="xterm-256color", COLORTERM="truecolor", LANG=env.get("LANG", "C.UTF-8"),
        XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
    )
    for name in ("MENTOR_TUI_DB", "TEXTUAL", "TMUX"):
        env.pop(name, None)
    return env


# Every key a letter never typed or drawn before (Latin Extended-A and -B, Greek, Cyrillic),
# so seeing it in the output can only mean this key was drawn: a cursor blink or a clock tick
# redraws the line with the earlier letters, which must not stop the clock.
LETTERS = [
    chr(c)
    for block in (range(0x100, 0x250), range(0x3B1, 0x3CA), range(0x430, 0x460))
    for c in block
    if chr(c).isalpha() and chr(c).isprintable()
]


def letters(count: int) -> list[bytes]:
    if count > len(LETTERS):
        raise ValueError(f"at most {len(LETTERS)} keys per run")
    return [c.encode() for c in LETTERS[:count]]


def prepare_session(db: Path) -> str:
    """The busiest mentor's first mentorship, a session resumed with a long note in it."""
    from mentor_tui import paths
    from mentor_tui.core.agendas import load_library
    from mentor_tui.core.models import Role
    from mentor_tui.core.notes import Note
    from mentor_tui.store import open_store

    agenda = load_library(paths.prompts_dir() / "agendas", None)["regular-check-in"]
    with open_store(db) as repo:
        for old in repo.sessions.interrupted():
            repo.sessions.end(old.id)
        tally: dict[str, list] = {}
        for mentorship in repo.mentorships.list(include_closed=False):
            for person in mentorship.people_in(Role.MENTOR):
                tally.setdefault(person, []).append(mentorship)
        me = max(tally, key=lambda p: len(tally[p]))
        repo.act_as(me)
        session = repo.sessions.start(tally[me][0].id, agenda)
        repo.notes.save(Note(session.id, agenda.sections[0].key, me, LONG_NOTE))
        return me


def measure(argv: list[str], env: dict[str, str], keys: int, rng: random.Random, *,
            resume: bool) -> tuple[list[float], float]:
    term = Terminal(argv, env)
    try:
        if resume:  # the app: Home offers the interrupted session; Enter resumes it
            term.wait_for(b"Resume session?")
            term.drain()
            term.send(b"\r")
            term.wait_for(b"Typing:")
        else:  # the bare app: its editor shows the note
            term.wait_for(b"Registry paper")
        term.drain(0.5)
        times = []
        for number, char in enumerate(letters(keys + 5)):
            if number and number % LETTERS_PER_WORD == 0:
                # Words and, now and then, a new line, as people type (untimed: a space is
                # not a unique letter). The soft-wrapping editor cannot break one endless
                # word, and a key typed past its right edge is drawn only later.
                term.send(b"\r" if number % (LETTERS_PER_WORD * 8) == 0 else b" ")
                term.drain(0.05)
            took = term.echo_ms(char)
            if number >= 5:  # the first keys pay for warming caches
                times.append(took)
            time.sleep(rng.uniform(0.04, 0.1))
        return times, term.peak_rss_mb()
    finally:
        term.close()


def run(quick: bool = False, keys: int | None = None, log=print) -> list[Figure]:
    keys = keys or (60 if quick else 300)
    rng = random.Random(11)
    large = seeded_db(QUICK if quick else LARGE, log=log)
    with tempfile.TemporaryDirectory(prefix="mentor-typing-") as folder:
        home = Path(folder)
        env = environment(home)
        text = home / "long-note.txt"
        text.write_text(LONG_NOTE, encoding="utf-8")
        bare = home / "bare_textarea.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        results = {}
        for label, source in (("demo", demo_db()), ("large", large)):
            db = copy_db(source, OUT / f"typing-{label}.db")
            me = prepare_session(db)
            app = [python(), "-m", "mentor_tui", "--db", str(db), "--as", me]
            try:
                results[label] = measure(app, env, keys, rng, resume=True)
            finally:
                discard(db)
        base, _ = measure([python(), str(bare), str(text)], env, keys, rng, resume=False)
    ours, rss_large = results["large"]
    demo_times, rss_demo = results["demo"]
    notes = f"{(QUICK if quick else LARGE)['sessions'] * 10:,} notes"
    p95 = percentile(ours, 95)
    return [
        Figure(f"keystroke to screen p50, {notes}", percentile(ours, 50), "ms",
               "bare Textual TextArea p50", percentile(base, 50)),
        Figure(f"keystroke to screen p95, {notes}", p95, "ms", "bare TextArea p95",
               percentile(base, 95), target=f"p95 < {LATENCY_TARGET_MS:g} ms",
               met=p95 < LATENCY_TARGET_MS,
               note=f"{len(ours)} keys into a note of {len(LONG_NOTE):,} characters, autosave "
               f"running; max {max(ours):.0f} ms; demo database p95 "
               f"{percentile(demo_times, 95):.1f} ms"),
        Figure(f"app peak RSS after typing, {notes}", rss_large, "MB", "demo database",
               rss_demo, target=f"<= {RSS_TARGET_RATIO:g}x",
               met=rss_large / rss_demo <= RSS_TARGET_RATIO, note="VmHWM of the app process"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.interaction")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--keys", type=int)
    args = parser.parse_args(argv)
    for figure in run(args.quick, args.keys):
        print(figure.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
