"""Scrubbing for `export --include-text`: leak rates on the planted corpus, and speed.

    python -m bench --only scrub        (or python -m bench.scrub [--quick])

The corpus is the one the tests build (tests/coordinator/scrub_corpus.py): 315 planted
identifiers in 15 categories and clean sentences. Printed: the per-category leak table and
over-scrubbing; figures: leak rate overall (target <= 5%), over-scrub on clean text (target
<= 2%), and the time to scrub 1,000 notes (four sentences each, from the corpus), shown beside
one pass of a single regular expression (the e-mail pattern) over the same notes so that a
slow machine can be told from a slow scrubber. Target: under 2 ms a note, so that exporting
10,000 notes with text takes seconds, not minutes.
"""

from __future__ import annotations

import importlib.util
import sys
import time

from bench.common import ROOT, Figure
from mentor_tui.share.scrub import EMAIL_RE, Scrubber

TARGET_MS_PER_1000 = 2000.0


def _corpus():
    path = ROOT / "tests" / "coordinator" / "scrub_corpus.py"
    spec = importlib.util.spec_from_file_location("scrub_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["scrub_corpus"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _best_seconds(action, notes: list[str], repeat: int) -> float:
    action(notes[0])  # name list read, patterns compiled
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for note in notes:
            action(note)
        best = min(best, time.perf_counter() - started)
    return best


def run(quick: bool = False, log=print) -> list[Figure]:
    corpus = _corpus()
    scrubber = Scrubber(*corpus.DB_KNOWS)
    measured = corpus.measure(scrubber)
    for line in measured.table().splitlines():
        log(f"  {line}")
    texts = [item.text for item in corpus.planted()] + corpus.CLEAN
    notes = [" ".join(texts[(k + i) % len(texts)] for i in range(4)) for k in range(1000)]
    repeat = 1 if quick else 5
    ours = _best_seconds(scrubber, notes, repeat)
    one_pattern = _best_seconds(EMAIL_RE.findall, notes, repeat)
    return [
        Figure(
            name="planted identifiers leaked (all categories)",
            value=round(measured.overall * 100, 2),
            unit="%",
            target="<= 5%",
            met=measured.overall <= 0.05,
        ),
        Figure(
            name="clean words changed (over-scrub)",
            value=round(measured.over_scrub * 100, 2),
            unit="%",
            target="<= 2%",
            met=measured.over_scrub <= 0.02,
        ),
        Figure(
            name="scrub 1,000 notes",
            value=ours * 1000,
            unit="ms",
            baseline_name="one regular-expression pass",
            baseline=one_pattern * 1000,
            target=f"< {TARGET_MS_PER_1000:,.0f} ms",
            met=ours * 1000 < TARGET_MS_PER_1000,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for figure in run(quick="--quick" in argv):
        print(f"  {figure.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
