"""What the benchmark modules share: figures, percentiles, timing, peak RSS, cached databases.

A bench module offers `run(quick: bool = False) -> list[Figure]` (plain dicts with the same
keys work too); `python -m bench` finds it, runs it and prints each figure beside the
baseline measured in the same run. Targets are checked and printed, never asserted.
"""

from __future__ import annotations

import contextlib
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"

# The large history the issue asks about, and a smaller one for `--quick`.
LARGE = {"mentorships": 500, "sessions": 20_000, "notes_per_session": 10}
QUICK = {"mentorships": 50, "sessions": 2_000, "notes_per_session": 10}
SEED = 1
TODAY = date(2026, 3, 2)
# Bump when bench.seed changes what it writes, so cached databases are rebuilt.
GENERATOR_VERSION = 3


@dataclass
class Figure:
    """One measured figure, with the baseline measured in the same run.

    `target` is the pass mark in words ("p99 < 10 ms", "<= 1.5x"); `met` says whether this
    run met it (None when there is no target).
    """

    name: str
    value: float
    unit: str
    baseline_name: str | None = None
    baseline: float | None = None
    target: str | None = None
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline

    @classmethod
    def from_any(cls, value: Figure | dict) -> Figure:
        if isinstance(value, Figure):
            return value
        known = {k: v for k, v in value.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def line(self) -> str:
        text = f"{self.name}: {fmt(self.value, self.unit)}"
        if self.baseline is not None:
            ratio = self.ratio
            shown = f"{ratio:.2f}x" if ratio is not None else "n/a"
            text += f"  = {shown} {self.baseline_name} ({fmt(self.baseline, self.unit)})"
        if self.target:
            verdict = {True: "met", False: "NOT MET", None: "not checked"}[self.met]
            text += f"  [target {self.target}: {verdict}]"
        if self.note:
            text += f"  ({self.note})"
        return text


def fmt(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:g} {unit}".rstrip()


def percentile(values: Sequence[float], pct: float) -> float:
    """The pct-th percentile (0-100) by linear interpolation between closest ranks."""
    if not values:
        raise ValueError("percentile of nothing")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def timed_ms(action: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds each call of `action` took."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


@contextlib.contextmanager
def stopwatch() -> Iterator[list[float]]:
    """`with stopwatch() as took:` ... then took[0] is the seconds the block ran."""
    box: list[float] = []
    start = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - start)


def run_child(argv: Sequence[str], *, cwd: Path = ROOT, timeout: float = 300) -> str:
    """Run a child to the end and return its stdout; a failure raises with its stderr."""
    result = subprocess.run(
        list(argv), cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr[-800:]}")
    return result.stdout


def proc_peak_rss_mb(pid: int | str = "self") -> float:
    """Peak resident memory of a live process (VmHWM), in MB.

    VmHWM belongs to the process's own address space, so unlike getrusage's ru_maxrss it
    does not inherit the parent's size across fork and exec. Read it before the process
    exits (for the app under a PTY: just before sending it quit).
    """
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc status")


def cpu_seconds(pid: int) -> float:
    """CPU time of every thread of a process: schedstat's nanoseconds (utime+stime in
    /proc/PID/stat count whole clock ticks, 10 ms, too coarse for an idle process)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            total += int((task / "schedstat").read_text().split()[0])
    if total:
        return total / 1e9
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def python() -> str:
    return sys.executable


# -- cached databases --------------------------------------------------------------------


def seeded_db(params: dict[str, int] | None = None, *, log: Callable[[str], None] = print) -> Path:
    """A synthetic database under bench/out/, built once per set of parameters."""
    from bench.seed import seed

    params = dict(params or LARGE)
    name = (
        f"seed-m{params['mentorships']}-s{params['sessions']}-n{params['notes_per_session']}"
        f"-r{SEED}-t{TODAY.isoformat()}-g{GENERATOR_VERSION}.db"
    )
    path = OUT / name
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    for suffix in ("", "-wal", "-shm"):
        Path(str(part) + suffix).unlink(missing_ok=True)
    log(f"  building {path.relative_to(ROOT)} (once; cached for later runs)...")
    with stopwatch() as took:
        seed(part, seed=SEED, today=TODAY, **params)
    _settle(part)
    part.rename(path)
    log(f"  built in {took[0]:.1f} s")
    return path


def demo_db() -> Path:
    """The demo database `mentor-tui demo` creates, cached under bench/out/."""
    from mentor_tui.store import open_store
    from mentor_tui.store.demo import seed_demo

    path = OUT / f"demo-t{TODAY.isoformat()}.db"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    for suffix in ("", "-wal", "-shm"):
        Path(str(part) + suffix).unlink(missing_ok=True)
    with open_store(part) as repo:
        seed_demo(repo, today=TODAY)
    _settle(part)
    part.rename(path)
    return path


def _settle(path: Path) -> None:
    """Checkpoint the WAL into the main file, so the file can be renamed and copied alone."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def copy_db(source: Path, target: Path) -> Path:
    """A private working copy of a cached database, so a benchmark never changes the cache."""
    import shutil

    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)
    # Flush the copy now: otherwise the first fsync SQLite makes on it (the first WAL
    # checkpoint) pays for writing the whole file out, and lands in a timing.
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return target


def discard(path: Path) -> None:
    """Remove a working copy and its WAL files."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
