"""Launch to first screen: mentor-tui on the demo database against a bare Textual app.

    python -m bench.startup [--quick] [--runs N] [--before DIR]

Each program runs in a real pseudo-terminal (100x30). The clock starts at spawn and stops
when the terminal receives the words "Next meeting": on Home they are drawn only once the
mentorships have been read from the database, and the bare app (one Static widget, the
same words) draws nothing else. Runs alternate between the two programs and the median is
reported, so a busy machine slows both sides alike; each program's own CPU time up to that
moment is reported too, which other work on the machine moves much less. Targets (issue 8):
<= 1.3x the bare app on the demo database, <= 1.5x on a database of 200,000 notes.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from bench.common import LARGE, QUICK, ROOT, Figure, cpu_seconds, demo_db, python, seeded_db

MARKER = b"Next meeting"
COLUMNS, ROWS = 100, 30
BARE_APP = '''
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("Next meeting")


Bare().run()
'''


@dataclass
class Launch:
    wall_ms: float  # from spawn to MARKER reaching the terminal
    cpu_ms: float  # the program's own CPU time by then (every thread): steadier on a busy machine


def first_screen(
    argv: list[str], env: dict[str, str], timeout: float = 60.0, cwd: Path = ROOT
) -> Launch:
    """Spawn `argv` in a fresh PTY and time it until MARKER reaches the terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    start = time.perf_counter()
    child = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
        start_new_session=True, close_fds=True,
    )
    os.close(slave)
    seen = b""
    try:
        while MARKER not in seen:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise RuntimeError(f"{' '.join(argv)} drew no first screen in {timeout:.0f} s")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError as exc:  # the child died: show what it said
                raise RuntimeError(f"{' '.join(argv)} exited: {seen[-800:]!r}") from exc
            # Keep a tail long enough to find the marker split across two reads.
            seen = seen[-len(MARKER):] + chunk
        wall = (time.perf_counter() - start) * 1000
        return Launch(wall, cpu_seconds(child.pid) * 1000)
    finally:
        with_child_gone(child)
        os.close(master)


def with_child_gone(child: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait(timeout=10)


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        LANG=env.get("LANG", "C.UTF-8"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
    )
    env.pop("MENTOR_TUI_DB", None)
    env.pop("TEXTUAL", None)
    # An installed package starts from compiled bytecode (pip compiles it at install). With
    # PYTHONDONTWRITEBYTECODE in the environment a checkout would compile every module of
    # mentor_tui on every launch (about 140 ms) while Textual's come precompiled, so both
    # programs keep their bytecode in a folder of this run: the unmeasured first launch of
    # each writes it, and nothing is written into the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    return env


def busiest_member(db: Path) -> str:
    """The name of the person in most mentorships: the app starts signed in as them (`--as`),
    since without it Home waits for the sign-in screen."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return conn.execute(
            "SELECT p.display_name FROM members m JOIN people p ON p.id = m.person_id "
            "GROUP BY m.person_id ORDER BY count(*) DESC, p.display_name LIMIT 1"
        ).fetchone()[0]


def compare(
    db: Path, runs: int, env: dict[str, str], bare: Path, before: Path | None = None
) -> dict[str, Launch]:
    """The medians of `runs` launches of the app, the bare app and (given `before`, a folder
    holding an older mentor_tui) the older app, taking turns."""
    app = [python(), "-m", "mentor_tui", "--db", str(db), "--as", busiest_member(db)]
    # `python -m` puts the working folder first on sys.path, so each tree runs from its own.
    programs = {"app": (app, env, ROOT), "bare": ([python(), str(bare)], env, ROOT)}
    if before is not None:
        programs["before"] = (app, dict(env, PYTHONPATH=str(before)), before)
    # One of each first, unmeasured: the first launch pays for cold caches on every side.
    for argv, program_env, cwd in programs.values():
        first_screen(argv, program_env, cwd=cwd)
    launches: dict[str, list[Launch]] = {name: [] for name in programs}
    for _ in range(runs):
        for name, (argv, program_env, cwd) in programs.items():
            launches[name].append(first_screen(argv, program_env, cwd=cwd))
    return {name: _median(found) for name, found in launches.items()}


def _median(launches: list[Launch]) -> Launch:
    return Launch(median(x.wall_ms for x in launches), median(x.cpu_ms for x in launches))


def run(quick: bool = False, runs: int | None = None, before: Path | None = None) -> list[Figure]:
    runs = runs or (5 if quick else 11)
    figures = []
    with tempfile.TemporaryDirectory(prefix="mentor-bench-") as folder:
        home = Path(folder)
        env = environment(home)
        bare = home / "bare_app.py"
        bare.write_text(BARE_APP)
        for label, db, target in (
            ("demo database", demo_db(), 1.3),
            (
                f"{(QUICK if quick else LARGE)['sessions'] * 10:,} notes",
                seeded_db(QUICK if quick else LARGE),
                1.5,
            ),
        ):
            found = compare(db, runs, env, bare, before)
            ours, theirs = found["app"], found["bare"]
            figures += [
                Figure(
                    name=f"startup: launch to first screen, {label}",
                    value=ours.wall_ms,
                    unit="ms",
                    baseline_name="a bare Textual app",
                    baseline=theirs.wall_ms,
                    target=f"<= {target}x",
                    met=ours.wall_ms / theirs.wall_ms <= target,
                    note=f"median of {runs}, real PTY {COLUMNS}x{ROWS}",
                ),
                Figure(
                    name=f"startup: CPU time to first screen, {label}",
                    value=ours.cpu_ms,
                    unit="ms",
                    baseline_name="a bare Textual app",
                    baseline=theirs.cpu_ms,
                    note="the same launches; less moved by other work on the machine",
                ),
            ]
            if before is not None:
                old = found["before"]
                figures += [
                    Figure(f"startup: launch to first screen, {label}, before", old.wall_ms,
                           "ms", "a bare Textual app", theirs.wall_ms, note=f"{before}"),
                    Figure(f"startup: CPU time to first screen, {label}, before", old.cpu_ms,
                           "ms", "a bare Textual app", theirs.cpu_ms, note=f"{before}"),
                ]
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, a smaller large database")
    parser.add_argument("--runs", type=int, default=None, help="measured launches of each program")
    parser.add_argument(
        "--before", type=Path, metavar="DIR",
        help="also launch the mentor_tui in DIR (e.g. `git archive COMMIT | tar -x -C DIR`), "
        "taking turns with the other two, for before/after figures from one run",
    )
    args = parser.parse_args(argv)
    for figure in run(quick=args.quick, runs=args.runs, before=args.before):
        print(figure.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
