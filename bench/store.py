"""The store under a long history: autosave latency, history search, memory.

    python -m bench.store [--quick]

- Autosave: save_note updating one growing note, as the editor does while someone types,
  on the large database; against a bare sqlite3 INSERT + COMMIT with WAL and
  synchronous=FULL in a fresh file, timed alternately in the same loop. Target p99 < 10 ms.
- History search: search_notes (FTS5) for realistic queries over 200,000 notes; against a
  plain LIKE scan that returns the same page of results. Target < 100 ms.
- Memory: peak RSS of a fresh process that opens the database and gathers what Home shows,
  on the large database against the demo one. Target <= 1.5x.

The baselines speak SQL directly: they stand for "what SQLite alone costs", which the
application itself never does outside mentor_tui/store.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from bench.common import (
    LARGE,
    OUT,
    QUICK,
    Figure,
    copy_db,
    demo_db,
    discard,
    percentile,
    proc_peak_rss_mb,
    python,
    run_child,
    seeded_db,
    timed_ms,
)

AUTOSAVE_TARGET_MS = 10.0
SEARCH_TARGET_MS = 50.0
RSS_TARGET_RATIO = 1.5

# What people look for in their history: topics, a phrase, a half-typed word.
QUERIES = [
    "registry",
    "grant resubmission",
    "burnout",
    "sepsis handover",
    "reviewer comments",
    "imposter",
    "sponsorship",
    "AI assistant",
    "protected writing time",
    "ethics appl",
    "promotion criteria",
    "night shift",
]
# With its prefix ("agreed", "agreement") it matches over a third of the notes: about the
# worst a real query gets.
COMMON_WORD = "agreed"


# -- autosave ----------------------------------------------------------------------------


def _bare_insert_db(path: Path) -> sqlite3.Connection:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
    return conn


def autosave(db: Path, saves: int) -> list[Figure]:
    from mentor_tui import paths
    from mentor_tui.core.agendas import load_library
    from mentor_tui.core.models import Role
    from mentor_tui.core.notes import Note
    from mentor_tui.store import open_store

    agenda = load_library(paths.prompts_dir() / "agendas", None)["regular-check-in"]
    repo = open_store(db)
    bare = _bare_insert_db(OUT / "baseline-insert.db")
    try:
        mentorship = repo.mentorships.list(include_closed=False)[0]
        me = mentorship.people_in(Role.MENTOR)[0]
        repo.act_as(me)
        session = repo.sessions.start(mentorship.id, agenda)
        note = Note(session.id, agenda.sections[0].key, me, "")
        words = "Agreed to send the revised registry analysis plan to the statistician by Friday. "
        ours: list[float] = []
        base: list[float] = []
        for i in range(saves):
            # About ten keystrokes between saves: 200 ms of typing at 20 ms a key.
            note.body = (words * (1 + i // 8))[: 10 * (i + 1)]
            ours += timed_ms(lambda: repo.notes.save(note), 1)

            def insert(i: int = i) -> None:
                bare.execute("BEGIN IMMEDIATE")
                bare.execute("INSERT INTO t (body) VALUES (?)", (note.body,))
                bare.execute("COMMIT")

            base += timed_ms(insert, 1)
    finally:
        repo.close()
        bare.close()
    ours, base = ours[1:], base[1:]  # the first save is the insert; the rest are updates
    p99 = percentile(ours, 99)
    return [
        Figure("autosave save_note p50", percentile(ours, 50), "ms",
               "bare INSERT+COMMIT p50", percentile(base, 50)),
        Figure("autosave save_note p99", p99, "ms", "bare INSERT+COMMIT p99",
               percentile(base, 99), target=f"p99 < {AUTOSAVE_TARGET_MS:g} ms",
               met=p99 < AUTOSAVE_TARGET_MS, note=f"{len(ours)} saves, max {max(ours):.1f} ms"),
    ]


# -- history search ----------------------------------------------------------------------


def _like_scan(conn: sqlite3.Connection, text: str) -> list:
    """The same page search_notes returns, found without the index: every word a LIKE."""
    words = text.split()
    where = " AND ".join("n.body LIKE ?" for _ in words)
    return conn.execute(
        f"SELECT n.*, s.started_at, s.agenda_name FROM notes n "
        f"JOIN sessions s ON s.id = n.session_id "
        f"WHERE {where} AND n.visibility = 'shared' ORDER BY n.created_at DESC LIMIT 50",
        [f"%{w}%" for w in words],
    ).fetchall()


def search(db: Path, repeat: int) -> list[Figure]:
    from mentor_tui.store import open_store

    repo = open_store(db)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        notes = repo._one("SELECT count(*) AS n FROM notes")["n"]
        viewer = repo.people.list()[0].id
        # Warm both up once, so neither pays for the first read of the file.
        repo.notes.search(QUERIES[0])
        _like_scan(conn, QUERIES[0])
        ours, base, worst = [], [], {}
        for query in QUERIES:
            took = timed_ms(
                lambda q=query: repo.notes.search(q, viewer_id=viewer, include_private=True), repeat
            )
            worst[query] = max(took)
            ours += took
            base += timed_ms(lambda q=query: _like_scan(conn, q), max(1, repeat // 3))
        common = timed_ms(lambda: repo.notes.search(COMMON_WORD), repeat)
        common_base = timed_ms(lambda: _like_scan(conn, COMMON_WORD), 1)
        # Signed in, as under `serve`: the person's view filters every match by membership.
        busiest = repo._one(
            "SELECT person_id FROM members GROUP BY person_id ORDER BY count(*) DESC LIMIT 1"
        )["person_id"]
        with repo.as_viewer(busiest) as mine:
            scoped = timed_ms(lambda: mine.notes.search(COMMON_WORD, viewer_id=busiest), repeat)
    finally:
        repo.close()
        conn.close()
    slowest = max(worst, key=worst.get)
    top = max(ours)
    return [
        Figure(f"history search p50 ({notes} notes)", percentile(ours, 50), "ms",
               "LIKE scan p50", percentile(base, 50)),
        Figure(f"history search max ({notes} notes)", top, "ms", "LIKE scan max", max(base),
               target=f"< {SEARCH_TARGET_MS:g} ms", met=top < SEARCH_TARGET_MS,
               note=f"{len(QUERIES)} queries x {repeat}; slowest {slowest!r}"),
        Figure(f"search for a very common word ({COMMON_WORD!r})", max(common), "ms",
               "LIKE scan", percentile(common_base, 50),
               target=f"< {SEARCH_TARGET_MS:g} ms", met=max(common) < SEARCH_TARGET_MS,
               note="matches over a third of the notes; ranks the newest 2,000 matches"),
        Figure(f"the same, signed in as the busiest member ({COMMON_WORD!r})", max(scoped), "ms",
               "LIKE scan", percentile(common_base, 50),
               target=f"< {SEARCH_TARGET_MS:g} ms", met=max(scoped) < SEARCH_TARGET_MS,
               note="every match checked against the person's mentorships"),
    ]


# -- memory ------------------------------------------------------------------------------


def home(db: Path, person_id: str | None) -> dict[str, float]:
    """What Home gathers at start: the person's mentorships, their summaries, recent history."""
    from mentor_tui.core.models import GoalStatus
    from mentor_tui.store import open_store

    repo = open_store(db)
    try:
        counts = {"mentorships": 0, "items": 0, "goals": 0, "sessions": 0, "people": 0}
        repo.mentorships.any()
        repo.sessions.interrupted(person_id=person_id)
        people = set()
        for mentorship in repo.mentorships.list(person_id=person_id, include_closed=False):
            counts["mentorships"] += 1
            last = repo.sessions.list(mentorship_id=mentorship.id, limit=1)
            if last:
                repo.feedback.average_ratings([last[0].id])
            counts["items"] += len(repo.actions.list(mentorship.id, open_only=True))
            counts["goals"] += sum(
                1 for g in repo.goals.list(mentorship.id)
                if g.status in (GoalStatus.OPEN, GoalStatus.IN_PROGRESS)
            )
            people.update(m.person_id for m in mentorship.members)
        for person in people:
            repo.people.get(person)
        counts["people"] = len(people)
        counts["sessions"] = len(repo.sessions.list(person_id=person_id, limit=50))
        repo.mentorships.titles()
    finally:
        repo.close()
    counts["peak_rss_mb"] = proc_peak_rss_mb()
    return counts


def _busiest_mentor(db: Path) -> str:
    from mentor_tui.core.models import Role
    from mentor_tui.store import open_store

    with open_store(db) as repo:
        tally: dict[str, int] = {}
        for mentorship in repo.mentorships.list(include_closed=False):
            for person in mentorship.people_in(Role.MENTOR):
                tally[person] = tally.get(person, 0) + 1
    return max(tally, key=tally.get)


def memory(large: Path, demo: Path) -> list[Figure]:
    results = {}
    for label, db in (("demo", demo), ("large", large)):
        work = copy_db(db, OUT / f"rss-{label}.db")
        me = _busiest_mentor(work)
        out = run_child([python(), "-m", "bench.store", "home", "--db", str(work), "--as", me])
        discard(work)
        found = json.loads(out)
        results[label] = (found["peak_rss_mb"], found)
    (large_mb, large_counts), (demo_mb, _) = results["large"], results["demo"]
    ratio = large_mb / demo_mb
    return [
        Figure("peak RSS, open + Home data, seeded DB", large_mb, "MB", "demo DB", demo_mb,
               target=f"<= {RSS_TARGET_RATIO:g}x", met=ratio <= RSS_TARGET_RATIO,
               note=f"store only, no Textual; Home for the busiest mentor: "
               f"{large_counts['mentorships']} mentorships, {large_counts['items']} open items"),
    ]


# -- entry points ------------------------------------------------------------------------


def run(quick: bool = False, log=print) -> list[Figure]:
    params = QUICK if quick else LARGE
    big = seeded_db(params, log=log)
    work = copy_db(big, OUT / "store-work.db")
    try:
        figures = autosave(work, saves=120 if quick else 600)
        figures += search(work, repeat=3 if quick else 9)
    finally:
        discard(work)
        discard(OUT / "baseline-insert.db")
    figures += memory(big, demo_db())
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store")
    parser.add_argument("what", nargs="?", choices=["all", "home"], default="all")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--as", dest="person")
    args = parser.parse_args(argv)
    if args.what == "home":
        print(json.dumps(home(args.db, args.person)))
        return 0
    for figure in run(args.quick):
        print(figure.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
