"""Who a connection reads for: the viewer's scope, enforced by SQLite itself.

A repository bound to a viewer gets its own connection, on which every table that holds pair
data is shadowed by a TEMP view of the same name. SQLite resolves an unqualified name to the
temp schema first, so every query the repository runs (and any query written later that
forgets a filter) reads through the viewer's filter: the mentorships they are a member of,
and, of private rows, only their own. Writes go to `main.` explicitly and are checked against
the same views before and after (base.StoreBase._upsert), so a write outside the scope is
refused inside its transaction and rolls back.

Two scopes exist (docs/architecture.md, "Trust model"):
- a person: their mentorships only; private notes and private rating answers of their own;
- the database owner (the OS account, for commands run without `--as`): every mentorship,
  and no one's private content.
The unbound repository (no views at all) is for the owner's maintenance commands only:
data export/import/check/restore, demo, coordinator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Ids are the app's own hex UUIDs (or, in imported data, similar tokens); anything else is
# refused rather than quoted, since the id is written into the view's SQL.
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class Scope:
    """person_id None is the database owner: everything shared, nothing private."""

    person_id: str | None

    def __post_init__(self) -> None:
        if self.person_id is not None and not _SAFE_ID.match(self.person_id):
            raise ValueError("a person id of unexpected form")

    @property
    def label(self) -> str:
        return "the database owner" if self.person_id is None else f"person {self.person_id}"


def _views(scope: Scope) -> dict[str, str]:
    """The WHERE clause (over the table's own columns) of each scoped table."""
    me = f"'{scope.person_id}'" if scope.person_id else None
    if me is None:
        mentorships = "SELECT id FROM main.mentorships"
        private_note = "0"
        own = "0"
    else:
        mentorships = f"SELECT mentorship_id FROM main.members WHERE person_id = {me}"
        private_note = f"author_id = {me}"
        own = f"person_id = {me}"
    sessions = f"SELECT id FROM main.sessions WHERE mentorship_id IN ({mentorships})"
    goals = f"SELECT id FROM main.goals WHERE mentorship_id IN ({mentorships})"
    people = (
        "1"
        if me is None
        else f"id = {me} OR id IN (SELECT person_id FROM main.members "
        f"WHERE mentorship_id IN ({mentorships}))"
    )
    in_mentorship = f"mentorship_id IN ({mentorships})"
    in_session = f"session_id IN ({sessions})"
    return {
        "people": people,
        "mentorships": f"id IN ({mentorships})",
        "members": in_mentorship,
        "agreements": in_mentorship,
        "sessions": in_mentorship,
        "session_sections": in_session,
        "notes": f"{in_session} AND (visibility = 'shared' OR {private_note})",
        "goals": in_mentorship,
        "checkins": f"goal_id IN ({goals})",
        "action_items": in_mentorship,
        # Talking points are shared by the two members, never private.
        "talking_points": in_mentorship,
        "ratings": in_session,
        "skill_ratings": in_session,
        "development_plans": in_mentorship,
        "competency_answers": in_mentorship,
        "sent_mail": in_mentorship,
        "meeting_plans": in_mentorship,
        "person_keys": own,
        "credentials": own,
        "presence": f"session_id IS NULL OR {in_session}",
        "changes": f"session_id IS NULL OR {in_session}",
    }


# Columns only their author may read: the view shows NULL to everyone else.
PRIVATE_COLUMNS = {"ratings": ("pairing_working", "private_answer")}
# Who a row of these tables is written by: a viewer may write only rows that name them.
AUTHOR_COLUMNS = {
    "notes": "author_id",
    "ratings": "person_id",
    "competency_answers": "respondent_id",
    "credentials": "person_id",
    # The last writer: stamped by the repository, so a row naming someone else is forged.
    "talking_points": "author_id",
    # Partner apps trust a presence row (live drafts go to its pid): only its person writes it.
    "presence": "person_id",
}
# The change log is written by the store itself, next to a write that was checked.
UNCHECKED_WRITES = {"changes"}


# The search index is read only through repo.notes.search, which names main.notes_fts and joins
# the viewer's notes view; under the viewer these names show nothing, so a query that forgets
# the join finds no other mentorship's words (the index holds shared notes only, m006).
INDEX_TABLES = ("notes_fts", "notes_fts_data", "notes_fts_idx", "notes_fts_docsize",
                "notes_fts_config")


def scoped_tables(scope: Scope) -> list[str]:
    return list(_views(scope))


# The same tables whoever the viewer is: the write checks ask this on every autosave.
SCOPED_TABLES = frozenset(_views(Scope(None)))


def empty_view_sql(table: str, columns: list[str]) -> str:
    shown = ", ".join(f"NULL AS [{c}]" for c in columns) or "NULL AS nothing"
    return f"CREATE TEMP VIEW [{table}] AS SELECT {shown} WHERE 0"


def view_sql(scope: Scope, table: str, columns: list[str]) -> str:
    where = _views(scope)[table]
    private = PRIVATE_COLUMNS.get(table, ())
    author = AUTHOR_COLUMNS.get(table, "person_id")
    shown = []
    for column in columns:
        if column in private:
            mine = f"[{author}] = '{scope.person_id}'" if scope.person_id else "0"
            shown.append(f"CASE WHEN {mine} THEN [{column}] END AS [{column}]")
        else:
            shown.append(f"[{column}]")
    # rowid is named so that ORDER BY rowid and the FTS join keep working through the view.
    return (
        f"CREATE TEMP VIEW [{table}] AS SELECT rowid AS rowid, {', '.join(shown)} "
        f"FROM main.[{table}] WHERE {where}"
    )
