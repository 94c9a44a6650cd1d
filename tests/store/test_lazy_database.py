"""The store reads and writes through plain sqlite3 and never imports sqlite-utils for it
(start-up time, docs/architecture.md); sqlite-utils is reached only through `db.full`, for
migrations and bulk writes, on the same connection."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import date

import pytest
import sqlite_utils

from mentor_tui.core.models import Person
from mentor_tui.store import database, open_store, schema
from mentor_tui.store.demo import seed_demo


def test_schema_version_counts_the_migrations():
    # open_store trusts user_version == SCHEMA_VERSION to mean "nothing pending".
    assert len(schema.migrations._migrations) == schema.SCHEMA_VERSION
    assert [m.name for m in schema.migrations._migrations] == [
        m.name for m in schema.migrations.real()._migrations
    ]


def test_reading_and_writing_an_up_to_date_database_never_imports_sqlite_utils(tmp_path):
    path = tmp_path / "mentor.db"
    repo = open_store(path)
    seed_demo(repo, today=date(2025, 5, 13))
    repo.close()
    code = textwrap.dedent(
        f"""
        import sys
        from mentor_tui.store import open_store
        repo = open_store({str(path)!r})
        mentorships = repo.mentorships.list()
        assert mentorships and repo.sessions.list(mentorship_id=mentorships[0].id)
        repo.agreement.reviews(__import__("datetime").date(2030, 1, 1))
        print("sqlite_utils" in sys.modules)
        repo.people.add(__import__("mentor_tui.core.models").core.models.Person("Late"))
        print("sqlite_utils" in sys.modules)
        repo.db.full
        print("sqlite_utils" in sys.modules)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    ).stdout.split()
    assert out == ["False", "False", "True"]


def test_queries_give_what_sqlite_utils_gives(tmp_path):
    repo = open_store(tmp_path / "mentor.db")
    seed_demo(repo, today=date(2025, 5, 13))
    plain = sqlite_utils.Database(repo.db.conn, recursive_triggers=False, execute_plugins=False)
    for sql, params in [
        ("SELECT * FROM people ORDER BY display_name", None),
        ("SELECT m.id, m.title, a.* FROM agreements a JOIN mentorships m ON m.id = a.mentorship_id", ()),
        ("SELECT id, id, id AS id_2 FROM people WHERE display_name LIKE ?", ["%Amara%"]),
        ("  select count(*) AS n FROM sessions", ()),
        ("WITH x AS (SELECT 1 AS one) SELECT * FROM x", None),
        ("PRAGMA table_info(people)", None),
    ]:
        assert list(repo.db.query(sql, params)) == list(plain.query(sql, params)), sql
    repo.close()


def test_writes_and_sqlite_utils_features_go_to_one_connection(tmp_path):
    repo = open_store(tmp_path / "mentor.db")
    assert isinstance(repo.db, database.Database)
    person = repo.people.add(Person("Dr Ada Example"))
    assert repo.db.full["people"].get(person.id)["display_name"] == "Dr Ada Example"
    assert "people" in repo.db.full.table_names()
    assert repo.db.full.conn is repo.db.conn
    assert repo.db.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
    # sqlite-utils is reached only through `full`: nothing is forwarded to it any more.
    assert not hasattr(repo.db, "table_names")
    repo.close()


def test_a_write_outside_a_transaction_is_committed_at_once(tmp_path):
    path = tmp_path / "mentor.db"
    repo = open_store(path)
    person = repo.people.add(Person("Dr Ada Example"))
    repo.db.execute("UPDATE people SET pronouns = 'she/her' WHERE id = ?", [person.id])
    assert not repo.db.conn.in_transaction
    other = sqlite3.connect(path)
    seen = other.execute("SELECT pronouns FROM people WHERE id = ?", [person.id]).fetchone()
    assert seen == ("she/her",)
    # A failed write leaves no transaction open to swallow the next one.
    with pytest.raises(sqlite3.IntegrityError):
        repo.db.execute("INSERT INTO people (id, display_name) VALUES (?, 'Twin')", [person.id])
    assert not repo.db.conn.in_transaction
    # Inside write() a statement joins the transaction, and is undone with it.
    with pytest.raises(RuntimeError), repo.write():
        repo.db.execute("UPDATE people SET pronouns = 'they' WHERE id = ?", [person.id])
        assert repo.db.conn.in_transaction
        raise RuntimeError("undo")
    seen = other.execute("SELECT pronouns FROM people WHERE id = ?", [person.id]).fetchone()
    assert seen == ("she/her",)
    # A transaction begun by hand stays the caller's to end.
    repo.db.execute("BEGIN")
    repo.db.execute("UPDATE people SET pronouns = 'he' WHERE id = ?", [person.id])
    assert repo.db.conn.in_transaction
    repo.db.execute("ROLLBACK")
    other.close()
    repo.close()


def test_query_is_for_reads_only(tmp_path):
    repo = open_store(tmp_path / "mentor.db")
    with pytest.raises(ValueError, match="query\\(\\) is for reads"):
        repo.db.query("DELETE FROM people")
    repo.close()


def test_an_older_database_is_still_migrated(tmp_path):
    path = tmp_path / "mentor.db"
    older = sqlite_utils.Database(path)
    names = [m.name for m in schema.migrations._migrations]
    schema.migrations.real().apply(older, stop_before=names[1])
    older.execute("PRAGMA user_version = 1")
    older.close()
    repo = open_store(path)
    assert repo.db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert schema.pending(repo.db) == []
    repo.people.add(Person("Works"))
    repo.close()
