"""`make bench`: run every benchmark module there is and print its figures as ratios.

    python -m bench [--quick] [--only NAME ...]

Each module measures its own baseline in the same run, so a slow or busy machine shifts
both sides alike; absolute targets (milliseconds) are printed as met or not, never asserted.
A module offers `run(quick=False) -> list[Figure | dict]`; one that only has `main(argv)`
is called with ["--quick"] when quick and left to print for itself; one with neither runs
as `python -m bench.NAME`. A module that is not there yet is skipped with a note.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import platform
import sqlite3
import subprocess
import sys
import time
import traceback

from bench.common import ROOT, Figure

# In the order they run; the others' modules arrive as their parts of the app do.
MODULES = ("store", "startup", "interaction", "coordinator", "remote", "private")
# Helpers that live in bench/ but measure nothing themselves.
NOT_BENCHMARKS = {"__init__", "__main__", "common", "seed", "stress"}


def discover() -> list[str]:
    found = list(MODULES)
    for path in sorted((ROOT / "bench").glob("*.py")):
        if path.stem not in NOT_BENCHMARKS and path.stem not in found:
            found.append(path.stem)
    return found


def run_module(name: str, quick: bool) -> tuple[str, list[Figure]]:
    """Returns a status word and the figures (empty when the module printed for itself)."""
    if not (ROOT / "bench" / f"{name}.py").exists() and not (ROOT / "bench" / name).is_dir():
        return "absent", []
    module = importlib.import_module(f"bench.{name}")
    if hasattr(module, "run"):
        kwargs = {}
        if "quick" in inspect.signature(module.run).parameters:
            kwargs["quick"] = quick
        return "ok", [Figure.from_any(f) for f in (module.run(**kwargs) or [])]
    if hasattr(module, "main"):
        module.main(["--quick"] if quick else [])
        return "ok", []
    argv = [sys.executable, "-m", f"bench.{name}", *(["--quick"] if quick else [])]
    subprocess.run(argv, cwd=ROOT, check=True)
    return "ok", []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small data, few repeats: a smoke run")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these modules")
    args = parser.parse_args(argv)
    names = args.only or discover()
    print(
        f"mentor-tui benchmarks{' (quick)' if args.quick else ''}: Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, {platform.machine()}, "
        f"{_cpus()} CPUs"
    )
    missed: list[str] = []
    failed: list[str] = []
    skipped: list[str] = []
    for name in names:
        print(f"\n== bench.{name}", flush=True)
        started = time.perf_counter()
        try:
            status, figures = run_module(name, args.quick)
        except Exception:  # one broken module must not hide the others' figures
            traceback.print_exc()
            failed.append(name)
            continue
        if status == "absent":
            print(f"  skipped: bench/{name}.py is not there yet")
            skipped.append(name)
            continue
        for figure in figures:
            print(f"  {figure.line()}", flush=True)
            if figure.met is False:
                missed.append(f"bench.{name}: {figure.name}")
        print(f"  ({time.perf_counter() - started:.1f} s)")
    print()
    if skipped:
        print(f"Not there yet: {', '.join(skipped)}.")
    if failed:
        print(f"Failed to run: {', '.join(failed)} (traceback above).")
    print("Targets not met: " + ("; ".join(missed) if missed else "none") + ".")
    return 1 if failed else 0


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
