"""The synthetic-data generator and the bulk path under it: the same rows the repository
writes, the search index and change log kept, and the same seed giving the same database."""

from __future__ import annotations

import sqlite3
from datetime import date

from bench.seed import Generator, note_text, seed
from mentor_tui.store import open_store
from mentor_tui.store.exchange import export_data
from mentor_tui.store.history import History
from mentor_tui.store.tables import DATA_TABLES

STAMPS = {"created_at", "updated_at", "author_id", "author_role"}
TODAY = date(2026, 3, 2)


def small_batch(seed_value: int = 5) -> History:
    gen = Generator(seed=seed_value, today=TODAY)
    per_m, per_s = gen.plan(3, 12, 40)
    batch = History(topics=list(gen.topics))
    mentors: list = []
    cursor = 0
    for index, count in enumerate(per_m):
        gen.mentorship(index, count, per_s[cursor : cursor + count], mentors, batch)
        cursor += count
    return batch


def through_the_repository(repo, batch: History) -> None:
    """The same objects, one repository call each, as the app would write them."""
    batch.save(repo)
    for goal in batch.goals:  # check-ins move a goal; put back its final state
        repo.goals.save(goal)


def without_stamps(tables: dict) -> dict:
    return {
        table: sorted(
            ({k: v for k, v in row.items() if k not in STAMPS} for row in rows),
            key=lambda r: r["id"],
        )
        for table, rows in tables.items()
    }


def test_bulk_writes_the_rows_the_repository_writes(tmp_path):
    batch = small_batch()
    with open_store(tmp_path / "bulk.db") as repo:
        counts = batch.write(repo)
        bulk = export_data(repo)["tables"]
        logged = dict(repo.db.execute(
            "SELECT table_name, count(*) FROM changes GROUP BY table_name").fetchall())
    with open_store(tmp_path / "repo.db") as repo:
        through_the_repository(repo, batch)
        slow = export_data(repo)["tables"]
    assert without_stamps(bulk) == without_stamps(slow)
    assert counts["notes"] == 40 and counts["sessions"] == 12
    # Every row has its change-log entry, as through the repository.
    assert logged == {table: n for table, n in counts.items()}
    # Bulk rows keep their own timestamps, as an import does.
    notes = {n.id: n for n in batch.notes}
    assert all(r["created_at"] == notes[r["id"]].created_at for r in bulk["notes"])


def test_bulk_keeps_the_search_index_in_step(tmp_path):
    batch = small_batch()
    db = tmp_path / "bulk.db"
    with open_store(db) as repo:
        batch.write(repo)
        shared = [n for n in batch.notes if n.visibility.value == "shared"]
        word = next(w for w in shared[0].body.split() if w.isalpha() and len(w) > 4)
        hits = repo.notes.search(word, limit=1000)
        assert shared[0].id in {h.note.id for h in hits}
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO notes_fts(notes_fts) VALUES ('integrity-check')")
    conn.close()


def test_same_seed_same_database_other_seed_other_database(tmp_path):
    sizes = {"mentorships": 4, "sessions": 30, "notes_per_session": 3}
    for name, value in (("a", 1), ("b", 1), ("c", 2)):
        seed(tmp_path / f"{name}.db", seed=value, today=TODAY, **sizes)
    exports = {}
    for name in "abc":
        with open_store(tmp_path / f"{name}.db") as repo:
            exports[name] = export_data(repo)["tables"]
    assert exports["a"] == exports["b"]
    assert exports["a"] != exports["c"]
    assert len(exports["a"]["notes"]) == 90 and len(exports["a"]["sessions"]) == 30
    assert set(exports["a"]) == set(DATA_TABLES)


def test_notes_run_from_a_few_words_to_a_few_paragraphs():
    gen = Generator(seed=9, today=TODAY)
    texts = [note_text(gen.rng) for _ in range(2000)]
    lengths = sorted(len(t) for t in texts)
    assert lengths[0] < 30 and lengths[-1] > 1000
    assert 60 < lengths[len(lengths) // 2] < 400  # most notes: a sentence or three
    assert any("\n\n" in t for t in texts)  # some run to paragraphs


def test_bulk_writes_in_the_one_table_order():
    """bulk_write follows store/tables.py; a table it fills but the order lacks would be
    silently skipped, so the order must hold every one (fails if _FILLED names a table
    DATA_TABLES does not list)."""
    from mentor_tui.store import bulk

    assert not bulk._FILLED - set(DATA_TABLES)
