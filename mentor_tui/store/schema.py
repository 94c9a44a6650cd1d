"""The schema, as forward migrations.

sqlite-utils' Migrations records what ran; PRAGMA user_version is kept beside it so that
a database written by a newer mentor-tui is recognised (and refused) by an older one.
Add a migration by appending a function below and bumping SCHEMA_VERSION to match the
number of migrations; never edit one that has shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Declared as with sqlite_utils.migrations.Migrations, which runs them; importing
# sqlite-utils waits until one has to run (see migrating.py).
from mentor_tui.store.migrating import Migrations

if TYPE_CHECKING:
    import sqlite_utils

migrations = Migrations("mentor_tui")

# Columns every row carries: a stable id, UTC timestamps, and who wrote it.
COMMON = {"created_at": str, "updated_at": str, "author_id": str, "author_role": str}

# How the search index cuts a note into words (English stems: "grants" finds "grant"). The
# notes search matches what is not in the index (private notes) with the same tokenizer.
NOTES_TOKENIZER = "porter"


# Migrations below repeat one shape (`_table(...)` with its columns, then `create_index`): each
# is a table's declaration, read as data, and a shipped migration never changes; `_table` is
# the one helper they share, and folding the declarations further would hide the schema.
def _table(db: sqlite_utils.Database, name: str, columns: dict[str, type], **kwargs: Any) -> None:
    db.table(name).create(
        {"id": str, **columns, **COMMON},
        pk="id",
        not_null={"id", "created_at", "updated_at"},
        **kwargs,
    )


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    _table(
        db,
        "people",
        {
            "display_name": str,
            "email": str,
            "career_stage": str,
            "specialty": str,
            "pronouns": str,
        },
    )
    _table(
        db,
        "mentorships",
        {
            "title": str,
            "style": str,
            "cadence": str,
            "rrule": str,
            "start_date": str,
            "status": str,
        },
    )
    _table(
        db,
        "members",
        {"mentorship_id": str, "person_id": str, "role": str, "mentor_roles": str},
        foreign_keys=[("mentorship_id", "mentorships", "id"), ("person_id", "people", "id")],
    )
    db.table("members").create_index(["mentorship_id", "person_id"], unique=True)
    _table(
        db,
        "agreements",
        {
            "mentorship_id": str,
            "goals": str,
            "meeting_frequency": str,
            "meeting_length": str,
            "between_meetings": str,
            "confidentiality": str,
            "feedback": str,
            "ending": str,
            "review_date": str,
        },
        foreign_keys=[("mentorship_id", "mentorships", "id")],
    )
    db.table("agreements").create_index(["mentorship_id"], unique=True)
    _table(
        db,
        "sessions",
        {
            "mentorship_id": str,
            "agenda_key": str,
            "agenda_name": str,
            "mode": str,
            "status": str,
            "started_at": str,
            "ended_at": str,
            "current_section": int,
        },
        foreign_keys=[("mentorship_id", "mentorships", "id")],
    )
    db.table("sessions").create_index(["mentorship_id", "started_at"])
    db.table("sessions").create_index(["status"])
    _table(
        db,
        "session_sections",
        {
            "session_id": str,
            "position": int,
            "key": str,
            "title": str,
            "kind": str,
            "planned_minutes": int,
            "prompts": str,
            "started_at": str,
            "ended_at": str,
            "elapsed_seconds": float,
            "running_since": str,
        },
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db.table("session_sections").create_index(["session_id", "position"], unique=True)
    _table(
        db,
        "notes",
        {
            "session_id": str,
            "section_key": str,
            "visibility": str,
            "body": str,
        },
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db.table("notes").create_index(["session_id", "section_key"])
    db.table("notes").enable_fts(["body"], create_triggers=True, tokenize=NOTES_TOKENIZER)
    _table(
        db,
        "goals",
        {
            "mentorship_id": str,
            "owner_id": str,
            "title": str,
            "category": str,
            "specific": str,
            "measurable": str,
            "achievable": str,
            "relevant": str,
            "time_bound": str,
            "due": str,
            "status": str,
            "progress": int,
            "milestones": str,
            "topic_key": str,
        },
        foreign_keys=[("mentorship_id", "mentorships", "id"), ("owner_id", "people", "id")],
    )
    db.table("goals").create_index(["mentorship_id"])
    _table(
        db,
        "checkins",
        {"goal_id": str, "session_id": str, "progress": int, "comment": str},
        foreign_keys=[("goal_id", "goals", "id"), ("session_id", "sessions", "id")],
    )
    db.table("checkins").create_index(["goal_id", "created_at"])
    _table(
        db,
        "action_items",
        {
            "mentorship_id": str,
            "session_id": str,
            "owner_id": str,
            "text": str,
            "due": str,
            "done_at": str,
        },
        foreign_keys=[
            ("mentorship_id", "mentorships", "id"),
            ("session_id", "sessions", "id"),
            ("owner_id", "people", "id"),
        ],
    )
    db.table("action_items").create_index(["mentorship_id", "done_at"])
    db.table("action_items").create_index(["owner_id", "done_at"])
    _table(
        db,
        "ratings",
        {
            "session_id": str,
            "person_id": str,
            "score": int,
            "word": str,
            "pairing_working": int,
        },
        foreign_keys=[("session_id", "sessions", "id"), ("person_id", "people", "id")],
    )
    db.table("ratings").create_index(["session_id", "person_id"], unique=True)
    _table(db, "topics", {"key": str, "title": str, "summary": str})
    db.table("topics").create_index(["key"], unique=True)
    _table(
        db,
        "skill_ratings",
        {
            "session_id": str,
            "person_id": str,
            "topic_key": str,
            "topic_title": str,
            "before": int,
            "after": int,
        },
        foreign_keys=[("session_id", "sessions", "id"), ("person_id", "people", "id")],
    )
    db.table("skill_ratings").create_index(["session_id"])
    db.table("settings").create({"key": str, "value": str}, pk="key")
    db.execute(
        """
        CREATE TABLE changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            table_name TEXT NOT NULL,
            row_id TEXT NOT NULL,
            op TEXT NOT NULL,
            actor_id TEXT,
            session_id TEXT
        )
        """
    )
    # The change log is append-only: it is the event stream for sync and exports.
    db.execute(
        "CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes "
        "BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes "
        "BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END"
    )



@migrations()
def m002_remote(db: sqlite_utils.Database) -> None:
    """SSH keys per person, and who is in a live session right now (mentor_tui.server, mentor_tui.live)."""
    _table(
        db,
        "person_keys",
        {
            "person_id": str,
            "algorithm": str,
            "fingerprint": str,  # SHA256:... as ssh-keygen -l prints it
            "public_key": str,  # one OpenSSH authorized_keys line, comment stripped
            "comment": str,
        },
        foreign_keys=[("person_id", "people", "id")],
    )
    db.table("person_keys").create_index(["fingerprint"], unique=True)
    db.table("person_keys").create_index(["person_id"])
    # Ephemeral: one row per running app and person in it, refreshed by heartbeats and
    # deleted on leave; stale rows (no heartbeat for a while) are ignored and swept.
    # Not written to the change log: heartbeats are not history.
    db.execute(
        """
        CREATE TABLE presence (
            instance_id TEXT NOT NULL,
            person_id TEXT NOT NULL,
            session_id TEXT,
            role TEXT,
            host TEXT,
            pid INTEGER,
            via TEXT,
            joined_at TEXT NOT NULL,
            heartbeat_at TEXT NOT NULL,
            following INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (instance_id, person_id)
        )
        """
    )
    db.execute("CREATE INDEX idx_presence_session ON presence (session_id)")


@migrations()
def m003_development(db: sqlite_utils.Database) -> None:
    """Individual development plans and mentoring-competency answers (core/idp.py, core/competencies.py)."""
    _table(
        db,
        "development_plans",
        {
            "mentorship_id": str,
            "person_id": str,
            # JSON lists, as goals.milestones
            "skills": str,
            "interests": str,
            "values": str,
            "career_options": str,
            "six_month_goal_ids": str,
            "twelve_month_goal_ids": str,
            "reviewed_on": str,  # a calendar date, YYYY-MM-DD
        },
        foreign_keys=[("mentorship_id", "mentorships", "id"), ("person_id", "people", "id")],
    )
    db.table("development_plans").create_index(["mentorship_id", "person_id"], unique=True)
    _table(
        db,
        "competency_answers",
        {
            "mentorship_id": str,
            "session_id": str,
            "respondent_id": str,
            "subject_id": str,
            "respondent_role": str,
            "competency_key": str,
            "score": int,
            "taken_on": str,  # a calendar date, YYYY-MM-DD
        },
        foreign_keys=[
            ("mentorship_id", "mentorships", "id"),
            ("session_id", "sessions", "id"),
            ("respondent_id", "people", "id"),
            ("subject_id", "people", "id"),
        ],
    )
    db.table("competency_answers").create_index(
        ["mentorship_id", "subject_id", "respondent_id", "competency_key", "taken_on"],
        unique=True,
    )


@migrations()
def m004_credentials(db: sqlite_utils.Database) -> None:
    """Passphrases (core.passphrase): only what checks one; the passphrase itself never."""
    _table(
        db,
        "credentials",
        {
            "person_id": str,
            "kdf": str,  # "scrypt"
            "salt": str,  # hex
            "n": int,
            "r": int,
            "p": int,
            "verifier": str,  # hex
            "failed_tries": int,
            "last_failed_at": str,
        },
        foreign_keys=[("person_id", "people", "id")],
    )
    db.table("credentials").create_index(["person_id"], unique=True)


@migrations()
def m005_paused(db: sqlite_utils.Database) -> None:
    """When a session was left by quitting mid-session (tui: Home says "paused"), so a
    session nobody quit, its app killed or crashed, still reads as "interrupted".
    Cleared when the session is resumed. Not on the Session model: exports and bundles
    have no use for it."""
    db.table("sessions").add_column("paused_at", str)


@migrations()
def m006_private_keys(db: sqlite_utils.Database) -> None:
    """Private notes sealed for their author (store/vault.py): the wrapped data keys, and a
    search index that never holds private text again."""
    for column in ("dk_passphrase", "dk_recovery", "rc_salt"):
        db.table("credentials").add_column(column, str)
    for column in ("rc_n", "rc_r", "rc_p"):
        db.table("credentials").add_column(column, int)
    for trigger in ("notes_ai", "notes_ad", "notes_au"):
        db.execute(f"DROP TRIGGER IF EXISTS [{trigger}]")
    for trigger in FTS_SHARED_ONLY:
        db.execute(trigger)
    db.execute("INSERT INTO notes_fts (notes_fts) VALUES ('delete-all')")
    db.execute(
        "INSERT INTO notes_fts (rowid, body) SELECT rowid, body FROM notes "
        "WHERE visibility = 'shared'"
    )


# The note index holds shared notes only: a private note is neither indexed nor, since the
# index is external-content, ever asked to be removed from it.
FTS_SHARED_ONLY = (
    "CREATE TRIGGER notes_ai AFTER INSERT ON notes WHEN new.visibility = 'shared' BEGIN "
    "INSERT INTO notes_fts (rowid, body) VALUES (new.rowid, new.body); END",
    "CREATE TRIGGER notes_ad AFTER DELETE ON notes WHEN old.visibility = 'shared' BEGIN "
    "INSERT INTO notes_fts (notes_fts, rowid, body) VALUES ('delete', old.rowid, old.body); END",
    "CREATE TRIGGER notes_au_old AFTER UPDATE ON notes WHEN old.visibility = 'shared' BEGIN "
    "INSERT INTO notes_fts (notes_fts, rowid, body) VALUES ('delete', old.rowid, old.body); END",
    "CREATE TRIGGER notes_au_new AFTER UPDATE ON notes WHEN new.visibility = 'shared' BEGIN "
    "INSERT INTO notes_fts (rowid, body) VALUES (new.rowid, new.body); END",
)


@migrations()
def m007_private_answers(db: sqlite_utils.Database) -> None:
    """The rater's private answers, sealed like private notes (store/vault.py); the plain
    `pairing_working` column stays for answers from before (1 yes, 0 no, -1 not sure)."""
    db.table("ratings").add_column("private_answer", str)



@migrations()
def m008_sent_mail(db: sqlite_utils.Database) -> None:
    """Mail that left the app by SMTP (core/mail.py): follow-ups and reminders, when and to
    whom, with the Message-ID; reminders keyed so each goes once; follow-ups that could not
    go, queued in the outbox."""
    _table(
        db,
        "sent_mail",
        {
            "mentorship_id": str,
            "session_id": str,
            "kind": str,
            "recipients": str,
            "status": str,
            "message_id": str,
            "dedupe_key": str,
            "outbox_name": str,
            "sent_at": str,
        },
        foreign_keys=[("mentorship_id", "mentorships", "id"), ("session_id", "sessions", "id")],
    )
    db.table("sent_mail").create_index(["mentorship_id", "kind"])
    db.table("sent_mail").create_index(["session_id"])
    db.table("sent_mail").create_index(["dedupe_key"])


@migrations()
def m009_talking_points(db: sqlite_utils.Database) -> None:
    """Talking points either member adds between meetings (store/repo/points.py), and
    action items closed as "no longer needed" (kept in history, never deleted)."""
    _table(
        db,
        "talking_points",
        {
            "mentorship_id": str,
            "text": str,
            "raised_by": str,
            "status": str,
            "closed_in": str,
            "closed_at": str,
            "closed_by": str,
            "moved_from": str,
        },
        foreign_keys=[
            ("mentorship_id", "mentorships", "id"),
            ("raised_by", "people", "id"),
        ],
    )
    db.table("talking_points").create_index(["mentorship_id", "status"])
    db.table("action_items").add_column("dropped_at", str)


@migrations()
def m010_meeting_plans(db: sqlite_utils.Database) -> None:
    """The next meeting as the pair set it in the wrap-up (core/meetings.py MeetingPlan), one
    row per mentorship, and each person's own time zone (IANA name; empty means the zone of
    the machine or, under `serve`, of the SSH client)."""
    _table(
        db,
        "meeting_plans",
        {
            "mentorship_id": str,
            "starts_at": str,
            "zone": str,
            "minutes": int,
            "place": str,
            "planned_after": str,
            "sequence": int,
        },
        foreign_keys=[("mentorship_id", "mentorships", "id")],
    )
    db.table("meeting_plans").create_index(["mentorship_id"], unique=True)
    db.table("people").add_column("time_zone", str)


@migrations()
def m011_private_notes_by_author(db: sqlite_utils.Database) -> None:
    """Your own private notes are found by author (they are not in the search index): search,
    the "not encrypted yet" count on Home and sealing read them. Without this each of those
    scanned every note (25 ms at 200,000 notes on every search)."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS notes_private_by_author ON notes (author_id, updated_at) "
        "WHERE visibility = 'private'"
    )


# One per migration above; a database whose user_version is higher came from a newer app.
SCHEMA_VERSION = len(migrations._migrations)


def pending(db: sqlite_utils.Database) -> list[str]:
    return [m.name for m in migrations.pending(db)]


def apply(db: sqlite_utils.Database) -> None:
    migrations.apply(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
