"""Coordinator import + report for a large programme, against a plain sqlite-utils insert.

    python -m bench.coordinator [--small]

A synthetic programme (2,000 mentorships, 100,000 sessions; --small: 200 / 10,000) is
written as bundles, one per source, by bench.synthetic. Then, each in a
fresh child process so that peak memory is that run's own:

- baseline: read the same bundle files line by line, json.loads each record and insert
  the same rows with sqlite-utils insert_all (no checks, no checksum, no upsert, no report);
- ours: `coordinator import` (streamed, every field checked, checksum, later-export-wins
  upserts in one transaction) plus the report (all figures, suppression, HTML and CSV).

Printed: the time of each, the ratio (target: within 3x of the plain insert), and peak
memory (VmHWM, and Python's own peak via tracemalloc in a separate run) at a quarter of the
size and at full size: a streaming import should need about the same memory at both.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Figure, proc_peak_rss_mb, python, run_child

LARGE = {"mentorships": 2000, "sessions": 100_000}
SMALL = {"mentorships": 200, "sessions": 10_000}
SOURCES = 20
TARGET_RATIO = 3.0
# Memory is "flat" when the full size needs at most this much more than a quarter of it.
FLAT_FACTOR = 1.5


def generate(folder: Path, mentorships: int, sessions: int) -> list[Path]:
    from bench.synthetic import Programme

    programme = Programme(
        programme="BENCH", mentorships=mentorships, sessions=sessions, sources=SOURCES
    )
    return programme.write(folder)


# -- the two sides, run in a child process -----------------------------------------------------


def baseline(bundles: list[Path], db_path: Path) -> dict[str, float]:
    """The same rows, inserted as plainly as sqlite-utils allows, in one transaction as ours."""
    import sqlite_utils

    db = sqlite_utils.Database(db_path)
    started = time.perf_counter()
    pending: dict[str, list[dict]] = {}
    db.execute("BEGIN IMMEDIATE")
    for path in bundles:
        with path.open("rb") as lines:
            for line in lines:
                record = json.loads(line)
                kind = record.pop("type")
                if kind in ("header", "trailer"):
                    continue
                rows = pending.setdefault(kind, [])
                rows.append(record)
                if len(rows) >= 2000:
                    db[kind].insert_all(rows, pk="id", batch_size=2000)
                    rows.clear()
    for kind, rows in pending.items():
        if rows:
            db[kind].insert_all(rows, pk="id", batch_size=2000)
    db.execute("COMMIT")
    took = time.perf_counter() - started
    sessions = db.execute("SELECT count(*) FROM session").fetchone()[0]
    db.close()
    return {"insert": took, "sessions": sessions}


def ours(bundles: list[Path], db_path: Path, out: Path) -> dict[str, float]:
    from datetime import date

    from mentor_tui.coordinator.aggregate import build_report
    from mentor_tui.coordinator.importer import import_bundles
    from mentor_tui.coordinator.report import write_csv, write_html
    from mentor_tui.store.programme import open_programme

    started = time.perf_counter()
    with open_programme(db_path) as repo:
        summary = import_bundles(repo, bundles)
        imported = time.perf_counter()
        report = build_report(repo, k=5, as_of=date(2025, 1, 6))
        write_html(report, out / "report.html")
        write_csv(report, out / "csv")
    finished = time.perf_counter()
    return {
        "import": imported - started,
        "report": finished - imported,
        "sessions": summary.after["sessions"],
    }


def child(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("side", choices=("ours", "baseline"))
    parser.add_argument("--bundles", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args(argv)
    bundles = sorted(args.bundles.glob("*.jsonl"))
    if args.trace:
        import tracemalloc

        tracemalloc.start()
    if args.side == "ours":
        result = ours(bundles, args.db, args.db.parent)
    else:
        result = baseline(bundles, args.db)
    if args.trace:
        result["traced_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
    result["rss_mb"] = proc_peak_rss_mb()
    print(json.dumps(result))
    return 0


def measure(side: str, bundles: Path, work: Path, *, trace: bool = False) -> dict[str, float]:
    db = work / f"{side}{'-trace' if trace else ''}.db"
    argv = [
        python(),
        "-m",
        "bench.coordinator",
        "--child",
        side,
        "--bundles",
        str(bundles),
        "--db",
        str(db),
    ]
    return json.loads(run_child(argv + (["--trace"] if trace else []), timeout=1800))


# -- the run ------------------------------------------------------------------------------------


def run(quick: bool = False, log=print) -> list[Figure]:
    size = SMALL if quick else LARGE
    quarter = {k: v // 4 for k, v in size.items()}
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-coordinator-") as tmp:
        tmp_path = Path(tmp)
        results = {}
        for label, params in (("quarter", quarter), ("full", size)):
            folder = tmp_path / label / "bundles"
            started = time.perf_counter()
            files = generate(folder, **params)
            megabytes = sum(f.stat().st_size for f in files) / 1e6
            log(
                f"  {label}: {params['mentorships']:,} mentorships, {params['sessions']:,} "
                f"sessions in {len(files)} bundles ({megabytes:.0f} MB), generated in "
                f"{time.perf_counter() - started:.1f} s"
            )
            work = folder.parent
            results[label] = {
                "baseline": measure("baseline", folder, work),
                "ours": measure("ours", folder, work),
                "traced": measure("ours", folder, work, trace=True),
            }
            for f in files:
                f.unlink()
    full, small = results["full"], results["quarter"]
    ours_s = full["ours"]["import"] + full["ours"]["report"]
    base_s = full["baseline"]["insert"]
    assert full["ours"]["sessions"] == full["baseline"]["sessions"] == size["sessions"]
    figures.append(
        Figure(
            name=f"import + report, {size['mentorships']:,} mentorships / "
            f"{size['sessions']:,} sessions",
            value=ours_s,
            unit="s",
            baseline_name="plain sqlite-utils insert",
            baseline=base_s,
            target=f"<= {TARGET_RATIO:g}x",
            met=ours_s <= TARGET_RATIO * base_s,
            note=f"import {full['ours']['import']:.2f} s, report {full['ours']['report']:.2f} s",
        )
    )
    figures.append(
        Figure(
            name="peak RSS, import + report (full size)",
            value=full["ours"]["rss_mb"],
            unit="MB",
            baseline_name="plain insert",
            baseline=full["baseline"]["rss_mb"],
        )
    )
    figures.append(
        Figure(
            name="peak RSS at full size",
            value=full["ours"]["rss_mb"],
            unit="MB",
            baseline_name="at a quarter of the size",
            baseline=small["ours"]["rss_mb"],
            target=f"<= {FLAT_FACTOR:g}x (flat)",
            met=full["ours"]["rss_mb"] <= FLAT_FACTOR * small["ours"]["rss_mb"],
        )
    )
    figures.append(
        Figure(
            name="Python peak (tracemalloc) at full size",
            value=full["traced"]["traced_mb"],
            unit="MB",
            baseline_name="at a quarter of the size",
            baseline=small["traced"]["traced_mb"],
            target=f"<= {FLAT_FACTOR:g}x (flat)",
            met=full["traced"]["traced_mb"] <= FLAT_FACTOR * small["traced"]["traced_mb"],
        )
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--child":
        return child(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m bench.coordinator", description=__doc__)
    parser.add_argument(
        "--small",
        "--quick",
        dest="small",
        action="store_true",
        help="200 mentorships / 10,000 sessions instead of 2,000 / 100,000",
    )
    args = parser.parse_args(argv)
    print("bench.coordinator: import + report against a plain sqlite-utils insert", flush=True)
    for figure in run(quick=args.small):
        print(f"  {figure.line()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
