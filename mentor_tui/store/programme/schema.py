"""The coordinator's database: its own file, its own migrations, its own user_version.

It never shares a file with a pair's database (open_programme refuses one), so its
migration set and version number are separate from store/schema.py's. Add a migration by
appending a function and never edit one that has shipped; SCHEMA_VERSION follows the count.

Every imported row carries `source` (the pseudonymous pair database it came from) and
`exported_at` (when that bundle was made), and is keyed by (source, id): a later signed
export of the same source replaces the earlier one row by row, and rows its latest export no
longer holds are dropped. Nothing else deletes, except `coordinator forget` (logged in
`events`).
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("mentor_tui_programme")

# Columns of the imported tables, in order; repo.py builds its upserts from these.
TABLES: dict[str, dict[str, type]] = {
    "mentorships": {
        "id": str,
        "source": str,
        "exported_at": str,
        "style": str,
        "status": str,
        "start_week": str,
        "members": str,  # JSON: [{"id", "role", "career_stage", "specialty"}]
    },
    "sessions": {
        "id": str,
        "source": str,
        "exported_at": str,
        "mentorship_id": str,
        "week": str,
        "week_monday": str,  # the ISO week's Monday as YYYY-MM-DD: date arithmetic in SQL
        "month": str,  # YYYY-MM, the month of the week's Thursday
        "agenda": str,
        "agenda_builtin": int,
        "mode": str,
        "status": str,
        "planned_minutes": float,
        "actual_minutes": float,
        "sections": str,  # JSON: [{"kind", "count", "planned", "actual"}], one per kind
        "notes": int,
        "checkins": int,
        "actions_created": int,
        "ratings": str,  # JSON: [{"member", "role", "score", "pairing_working", "word"?}]
        "skills": str,  # JSON: [{"member", "topic", "topic_title", "custom", "before", "after"}]
    },
    "goals": {
        "id": str,
        "source": str,
        "exported_at": str,
        "mentorship_id": str,
        "owner_role": str,
        "category": str,
        "status": str,
        "progress": int,
        "created_week": str,
        "due_week": str,
        "reverse": int,
        "checkins": int,
        "title": str,
    },
    "actions": {
        "id": str,
        "source": str,
        "exported_at": str,
        "mentorship_id": str,
        "session_id": str,
        "owner_role": str,
        "created_week": str,
        "due_week": str,
        "done": int,
        "done_week": str,
        "overdue": int,
        "text": str,
    },
    "notes": {
        "id": str,
        "source": str,
        "exported_at": str,
        "mentorship_id": str,
        "session_id": str,
        "section_kind": str,
        "text": str,
    },
}

# Columns holding a JSON list (sqlite's json_each reads them in the aggregates).
JSON_COLUMNS = frozenset({"members", "sections", "ratings", "skills"})


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("sources").create({"id": str, "exported_at": str, "imported_at": str}, pk="id")
    db.table("bundles").create(
        {
            "sha256": str,
            "source": str,
            "programme": str,
            "exported_at": str,
            "imported_at": str,
            "app_version": str,
            "records": int,
            "include_text": int,
        },
        pk="sha256",
    )
    for name, columns in TABLES.items():
        db.table(name).create(columns, pk="id", not_null={"id", "source", "exported_at"})
        db.table(name).create_index(["source", "exported_at"])
        if "mentorship_id" in columns:
            db.table(name).create_index(["mentorship_id"])
    db.table("sessions").create_index(["month"])


@migrations()
def m002_source_keys(db: sqlite_utils.Database) -> None:
    """Each source's pinned Ed25519 public key: at its first import, or by enrolment."""
    db.table("source_keys").create(
        {"source": str, "public_key": str, "pinned_at": str, "pinned_by": str},
        pk="source",
        not_null={"source", "public_key", "pinned_at", "pinned_by"},
    )


@migrations()
def m003_rows_keyed_by_source_and_id(db: sqlite_utils.Database) -> None:
    """Imported rows are keyed by (source, id), and the coordinator's deliberate acts logged.

    A bundle can only ever write its own source's rows; an id another source already holds
    is refused by the importer (repo.ImportBatch.check_ids), never overwritten.
    """
    for name, columns in TABLES.items():
        temp = f"{name}_by_source"
        db.table(temp).create(columns, pk=("source", "id"), not_null={"id", "source", "exported_at"})
        names = ", ".join(f"[{c}]" for c in columns)
        db.execute(f"INSERT INTO [{temp}] ({names}) SELECT {names} FROM [{name}]")
        db.execute(f"DROP TABLE [{name}]")
        db.execute(f"ALTER TABLE [{temp}] RENAME TO [{name}]")
        db.table(name).create_index(["id"])
        db.table(name).create_index(["source", "exported_at"])
        if "mentorship_id" in columns:
            db.table(name).create_index(["mentorship_id"])
    db.table("sessions").create_index(["month"])
    db.table("events").create(
        {"id": int, "at": str, "action": str, "source": str, "detail": str},
        pk="id",
        not_null={"at", "action"},
    )


SCHEMA_VERSION = len(migrations._migrations)

# Tables a pair's database has and a coordinator's never does: the tell-tale of a mix-up.
PAIR_TABLES = ("people", "members", "session_sections")


def pending(db: sqlite_utils.Database) -> list[str]:
    return [m.name for m in migrations.pending(db)]


def apply(db: sqlite_utils.Database) -> None:
    migrations.apply(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
