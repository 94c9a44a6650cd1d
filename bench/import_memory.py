"""Import memory: peak memory importing one signed bundle of 10,000 vs 1,000,000 records.

    python -m bench --only import_memory        (or: python -m bench.import_memory [--quick])

The bundle is one source's export, streamed to disk by bench.synthetic
(about 100 records per mentorship: the mentorship, 48 sessions, 3 goals, 48 action items),
so generating a million records never holds them. Each import runs `import_bundles` into a
fresh coordinator database in a child process of its own, which prints its peak resident
memory (VmHWM: Python, SQLite's page cache and all) and, in a second child, Python's own
peak (tracemalloc). A streaming import needs about the same memory at both sizes: the
target is <= 1.2x. --quick compares 10,000 with 100,000 records. The full run takes minutes
(about 12 on a busy 2-CPU machine): most of it is the traced import of a million records.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Figure, proc_peak_rss_mb, python, run_child

SMALL = 10_000
LARGE = 1_000_000
QUICK_LARGE = 100_000
SESSIONS_PER_MENTORSHIP = 48  # 1 + 48 + 3 + 48 = 100 records per mentorship
TARGET = 1.2


def generate(path: Path, records: int) -> tuple[int, float]:
    """A signed bundle of about `records` records; returns (records written, seconds)."""
    from bench.synthetic import Programme, header, write_bundle

    per = 2 * SESSIONS_PER_MENTORSHIP + 4
    mentorships = max(1, records // per)
    programme = Programme(
        programme="BENCH",
        mentorships=mentorships,
        sessions=mentorships * SESSIONS_PER_MENTORSHIP,
        sources=1,
    )
    started = time.perf_counter()
    write_bundle(path, header("BENCH", programme.source_id(0), "2025-01-06T00:00:00+00:00"),
                 programme.records(0))
    return mentorships * per, time.perf_counter() - started


def child(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args(argv)
    from mentor_tui.coordinator.importer import import_bundles
    from mentor_tui.store.programme import open_programme

    if args.trace:
        import tracemalloc

        tracemalloc.start()
    started = time.perf_counter()
    with open_programme(args.db) as repo:
        summary = import_bundles(repo, [args.bundle])
    result = {"seconds": time.perf_counter() - started, "records": summary.records}
    if args.trace:
        result["traced_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
    result["rss_mb"] = proc_peak_rss_mb()
    print(json.dumps(result))
    return 0


def measure(bundle: Path, work: Path, *, trace: bool) -> dict[str, float]:
    db = work / f"coordinator-{'trace' if trace else 'rss'}.db"
    argv = [python(), "-m", "bench.import_memory", "--child", "--bundle", str(bundle),
            "--db", str(db)]
    result = json.loads(run_child(argv + (["--trace"] if trace else []), timeout=3600))
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return result


def run(quick: bool = False, log=print) -> list[Figure]:
    large = QUICK_LARGE if quick else LARGE
    results: dict[int, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-import-memory-") as tmp:
        work = Path(tmp)
        for size in (SMALL, large):
            bundle = work / f"bundle-{size}.jsonl"
            written, took = generate(bundle, size)
            log(f"  {written:,} records ({bundle.stat().st_size / 1e6:.0f} MB) generated in "
                f"{took:.1f} s", flush=True)
            rss = measure(bundle, work, trace=False)
            traced = measure(bundle, work, trace=True)
            assert rss["records"] == traced["records"] == written
            log(f"  imported in {rss['seconds']:.1f} s (traced run {traced['seconds']:.1f} s)",
                flush=True)
            results[size] = {"rss": rss, "traced": traced}
            bundle.unlink()
    small, big = results[SMALL], results[large]
    label = f"{large:,} vs {SMALL:,} records"
    return [
        Figure(
            name=f"peak RSS importing {large:,} records",
            value=big["rss"]["rss_mb"],
            unit="MB",
            baseline_name=f"{SMALL:,} records",
            baseline=small["rss"]["rss_mb"],
            target=f"<= {TARGET:g}x (flat)",
            met=big["rss"]["rss_mb"] <= TARGET * small["rss"]["rss_mb"],
            note=label,
        ),
        Figure(
            name=f"Python peak (tracemalloc) importing {large:,} records",
            value=big["traced"]["traced_mb"],
            unit="MB",
            baseline_name=f"{SMALL:,} records",
            baseline=small["traced"]["traced_mb"],
            target=f"<= {TARGET:g}x (flat)",
            met=big["traced"]["traced_mb"] <= TARGET * small["traced"]["traced_mb"],
            note=label,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--child":
        return child(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m bench.import_memory", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10,000 vs 100,000 records")
    args = parser.parse_args(argv)
    print("bench.import_memory: peak memory of a streaming import, small vs large", flush=True)
    for figure in run(quick=args.quick):
        print(f"  {figure.line()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
