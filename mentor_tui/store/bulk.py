"""Writing many rows at once: the synthetic-data generator and other large fills.

The repository writes one transaction per call, which is right for a person typing and far
too slow for 200,000 notes (each commit is an fsync under synchronous=FULL). `bulk_write`
takes the same dataclasses, builds the same rows the repository would, and writes them
with sqlite-utils `insert_all` inside one BEGIN IMMEDIATE transaction. The notes FTS index
follows through its triggers, and every row gets its change-log entry, as it would through
the repository.

Rows keep their own timestamps (like an import), so the same objects always give the same
database. Insert only: the ids must not be in the database yet.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from mentor_tui.core.feedback import Rating
from mentor_tui.core.goals import CheckIn
from mentor_tui.core.models import (
    ActionItem,
    Goal,
    Mentorship,
    Person,
    Session,
    TalkingPoint,
)
from mentor_tui.core.notes import Note
from mentor_tui.core.reverse import SkillRating, Topic
from mentor_tui.store.repository import Repository
from mentor_tui.store.rows import to_row
from mentor_tui.store.tables import DATA_TABLES

BATCH = 5000


def mentorship_rows(mentorship: Mentorship) -> dict[str, list[dict[str, Any]]]:
    """A mentorship with its members and agreement, shaped as MentorshipRepo writes them."""
    main = to_row(mentorship, skip=("members", "agreement"))
    members = [
        {
            "id": f"{mentorship.id[:16]}{m.person_id[:16]}",
            "mentorship_id": mentorship.id,
            "person_id": m.person_id,
            "role": m.role.value,
            "mentor_roles": json.dumps([r.value for r in m.mentor_roles]),
            "created_at": mentorship.created_at,
            "updated_at": mentorship.updated_at,
        }
        for m in mentorship.members
    ]
    agreements = []
    if mentorship.agreement is not None:
        row = to_row(mentorship.agreement)
        row.update(
            id=mentorship.id,
            mentorship_id=mentorship.id,
            created_at=mentorship.created_at,
        )
        agreements.append(row)
    return {"mentorships": [main], "members": members, "agreements": agreements}


def session_rows(session: Session) -> dict[str, list[dict[str, Any]]]:
    """A session and its sections, shaped as SessionRepo.save writes them."""
    sections = []
    for section in session.sections:
        row = to_row(section)
        row["prompts"] = json.dumps(section.prompts, ensure_ascii=False)
        row["id"] = f"{session.id}-{section.position}"
        row["session_id"] = session.id
        row["created_at"] = row["updated_at"] = section.started_at or session.started_at
        sections.append(row)
    return {"sessions": [to_row(session, skip=("sections",))], "session_sections": sections}


# The tables bulk_write fills, in the one parents-before-children order (store/tables.py),
# so foreign keys hold inside the transaction. Keys, credentials, plans, competency answers,
# mail and meeting plans are never made in bulk.
_FILLED = frozenset({
    "people", "topics", "mentorships", "members", "agreements", "sessions",
    "session_sections", "notes", "goals", "checkins", "action_items", "talking_points",
    "ratings", "skill_ratings",
})  # fmt: skip
_ORDER = tuple(name for name in DATA_TABLES if name in _FILLED)


def bulk_write(
    repo: Repository,
    *,
    people: Iterable[Person] = (),
    topics: Iterable[Topic] = (),
    mentorships: Iterable[Mentorship] = (),
    sessions: Iterable[Session] = (),
    notes: Iterable[Note] = (),
    goals: Iterable[Goal] = (),
    checkins: Iterable[CheckIn] = (),
    action_items: Iterable[ActionItem] = (),
    talking_points: Iterable[TalkingPoint] = (),
    ratings: Iterable[Rating] = (),
    skill_ratings: Iterable[SkillRating] = (),
) -> dict[str, int]:
    """Insert everything given in one write transaction; returns rows written per table."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in _ORDER}
    tables["people"] = [to_row(p) for p in people]
    for topic in topics:
        row = to_row(topic, skip=("safeguards",))  # catalogue-only, as in TopicsRepo.save
        row["id"] = topic.key
        row["created_at"] = row["updated_at"] = _EPOCH
        tables["topics"].append(row)
    roles: dict[tuple[str, str], str] = {}
    for mentorship in mentorships:
        for name, rows in mentorship_rows(mentorship).items():
            tables[name].extend(rows)
        for member in mentorship.members:
            roles[(mentorship.id, member.person_id)] = member.role.value
    session_of: dict[str, str] = {}
    for session in sessions:
        session_of[session.id] = session.mentorship_id
        for name, rows in session_rows(session).items():
            tables[name].extend(rows)
    tables["notes"] = [to_row(n) for n in notes]
    tables["goals"] = [to_row(g) for g in goals]
    tables["checkins"] = [to_row(c) for c in checkins]
    tables["action_items"] = [to_row(a) for a in action_items]
    # Written by whoever raised them, as PointsRepo stamps a new point.
    tables["talking_points"] = [{**to_row(p), "author_id": p.raised_by} for p in talking_points]
    tables["ratings"] = [_rating_row(r) for r in ratings]
    tables["skill_ratings"] = [to_row(r) for r in skill_ratings]

    with repo.write():
        roles.update(_known_roles(repo))
        session_of.update(_known_sessions(repo, tables))
        counts: dict[str, int] = {}
        for name in _ORDER:
            rows = tables[name]
            if not rows:
                continue
            _attribute(name, rows, roles, session_of)
            for start in range(0, len(rows), BATCH):
                chunk = rows[start : start + BATCH]
                repo.db.full.table(name).insert_all(chunk, pk="id", batch_size=BATCH)
                repo.db.conn.executemany(
                    "INSERT INTO changes (at, table_name, row_id, op, actor_id, session_id) "
                    "VALUES (?, ?, ?, 'insert', ?, ?)",
                    [
                        (
                            r["updated_at"],
                            name,
                            r["id"],
                            r.get("author_id"),
                            r["id"] if name == "sessions" else r.get("session_id"),
                        )
                        for r in chunk
                    ],
                )
            counts[name] = len(rows)
    return counts


_EPOCH = "2000-01-01T00:00:00.000+00:00"


def _attribute(
    table: str,
    rows: list[dict[str, Any]],
    roles: dict[tuple[str, str], str],
    session_of: dict[str, str],
) -> None:
    """Who wrote each row: notes and check-ins name their author; their role follows."""
    if table not in ("notes", "checkins"):
        return
    for row in rows:
        author = row.get("author_id")
        mentorship = session_of.get(row.get("session_id") or "")
        if author and mentorship and not row.get("author_role"):
            row["author_role"] = roles.get((mentorship, author))


def _known_roles(repo: Repository) -> dict[tuple[str, str], str]:
    return {
        (r["mentorship_id"], r["person_id"]): r["role"]
        for r in repo.db.query("SELECT mentorship_id, person_id, role FROM members")
    }


def _known_sessions(repo: Repository, tables: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """Mentorship of sessions already stored that the new notes or check-ins refer to."""
    wanted = {
        r["session_id"]
        for name in ("notes", "checkins")
        for r in tables[name]
        if r.get("session_id")
    } - {r["id"] for r in tables["sessions"]}
    found: dict[str, str] = {}
    ids = sorted(wanted)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" for _ in chunk)
        for r in repo.db.query(
            f"SELECT id, mentorship_id FROM sessions WHERE id IN ({marks})", chunk
        ):
            found[r["id"]] = r["mentorship_id"]
    return found


def optimize_search_index(repo: Repository) -> None:
    """Merge the notes search index into one segment after a large fill.

    Rows written in a few huge transactions leave FTS5 with a handful of big segments at
    the lowest level; the first automerge after that, triggered by an ordinary autosave,
    then rewrites one of them (130 ms on a 200,000-note index). An index grown by
    autosaves never looks like that, so a bulk fill ends with this.
    """
    with repo.write():
        repo.db.execute("INSERT INTO notes_fts(notes_fts) VALUES ('optimize')")


def _rating_row(rating: Rating) -> dict[str, Any]:
    """As the owner's repository stores a rating: the pairing answer in the plain column
    (sealed only through the rater's own repository, store/repo/feedback.py)."""
    from mentor_tui.store.repo.feedback import plain_pairing

    row = to_row(rating, skip=("pairing", "private_comment"))
    row["pairing_working"] = plain_pairing(rating.pairing)
    row["private_answer"] = None
    return row
