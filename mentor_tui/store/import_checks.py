"""The checks a data file passes before `data import` writes anything.

Every value is checked against what the app will later read back: the column's SQL type,
the enumerations, dates and times, JSON lists, ranges, required values and references.
A file that fails changes nothing, and the message names table, record, field and problem.
"""

from __future__ import annotations

import json
import math
from datetime import date
from enum import Enum
from typing import Any

from mentor_tui.core import models
from mentor_tui.core.clock import parse_iso
from mentor_tui.core.errors import ImportError_

FORMAT = "mentor-tui/data"
FORMAT_VERSION = 1

# Columns whose values must belong to a fixed set.
_CHOICES: dict[tuple[str, str], type[Enum]] = {
    ("members", "role"): models.Role,
    ("mentorships", "style"): models.Style,
    ("mentorships", "status"): models.MentorshipStatus,
    ("sessions", "status"): models.SessionStatus,
    ("sessions", "mode"): models.Mode,
    ("notes", "visibility"): models.Visibility,
    ("goals", "status"): models.GoalStatus,
    ("talking_points", "status"): models.PointStatus,
    ("competency_answers", "respondent_role"): models.Role,
}
_DATES = {("mentorships", "start_date"), ("agreements", "review_date"), ("goals", "due"),
          ("action_items", "due")}
_DATES |= {("development_plans", "reviewed_on"), ("competency_answers", "taken_on")}
# Lists kept as JSON text: each must be a JSON list of objects (dict) or of texts (str).
_JSON_LISTS: dict[tuple[str, str], type] = {
    ("members", "mentor_roles"): str,
    ("session_sections", "prompts"): str,
    ("goals", "milestones"): dict,
    ("development_plans", "skills"): dict,
    ("development_plans", "interests"): str,
    ("development_plans", "values"): str,
    ("development_plans", "career_options"): dict,
    ("development_plans", "six_month_goal_ids"): str,
    ("development_plans", "twelve_month_goal_ids"): str,
}
# Whole-number ranges that differ from the 1-5 of ratings (a competency check's scale is
# set by its file: from 0 up to 10 at most).
_RANGES = {("competency_answers", "score"): (0, 10)}
_INSTANTS = {"created_at", "updated_at", "started_at", "ended_at", "done_at", "running_since",
             "dropped_at", "closed_at", "sent_at", "starts_at", "planned_after"}
# Values the app cannot do without (their dataclass fields are not optional).
_REQUIRED = {
    "people": ("display_name",),
    "person_keys": ("person_id", "fingerprint", "public_key"),
    "mentorships": ("title", "style", "status"),
    "members": ("mentorship_id", "person_id", "role"),
    "agreements": ("mentorship_id",),
    "meeting_plans": ("mentorship_id", "starts_at", "zone", "minutes"),
    "sessions": (
        "mentorship_id", "status", "agenda_key", "agenda_name", "mode", "started_at",
        "current_section",
    ),
    "session_sections": (
        "session_id", "position", "key", "title", "kind", "planned_minutes", "elapsed_seconds",
    ),
    "notes": ("session_id", "section_key", "author_id", "visibility", "body"),
    "goals": ("mentorship_id", "owner_id", "title", "category", "status", "progress"),
    "checkins": ("goal_id", "progress"),
    "action_items": ("mentorship_id", "owner_id", "text"),
    "talking_points": ("mentorship_id", "raised_by", "text", "status"),
    "ratings": ("session_id", "person_id", "score"),
    "topics": ("key",),
    "skill_ratings": ("session_id", "person_id", "topic_key", "topic_title"),
    "development_plans": ("mentorship_id", "person_id"),
    "competency_answers": (
        "mentorship_id", "respondent_id", "subject_id", "respondent_role", "competency_key",
        "score", "taken_on",
    ),
    "sent_mail": ("mentorship_id", "kind", "recipients", "status"),
}
_REFERENCES = {
    "mentorship_id": "mentorships",
    "person_id": "people",
    "owner_id": "people",
    "session_id": "sessions",
    "goal_id": "goals",
    "respondent_id": "people",
    "subject_id": "people",
    "raised_by": "people",
}


def check_payload(
    repo: Any, data: Any, order: tuple[str, ...], source: str
) -> dict[str, list[dict[str, Any]]]:
    """Every check, before anything is written; returns the tables to import."""
    tables = _check_header(data, order, source)
    columns = {t: repo.db.full.table(t).columns_dict for t in order}
    known_ids: dict[str, set[str]] = {
        t: {r["id"] for r in repo.db.query(f"SELECT id FROM [{t}]")}
        for t in set(_REFERENCES.values())
    }
    for table in order:
        for index, row in enumerate(tables.get(table, []), start=1):
            _check_row(table, index, row, columns[table], source)
            if table in known_ids:
                known_ids[table].add(row["id"])
    sections: dict[str, int] = {}
    for row in tables.get("session_sections", []):
        sections[row["session_id"]] = sections.get(row["session_id"], 0) + 1
    for table in order:
        for index, row in enumerate(tables.get(table, []), start=1):
            where = f"In {source}, {table} record {index} (id {row['id']})"
            for column, target in _REFERENCES.items():
                value = row.get(column)
                if column in columns[table] and value is not None and value not in known_ids[target]:
                    raise ImportError_(
                        f"{where} points at {column} {value!r}, which is neither in the file "
                        "nor in the database; nothing was imported."
                    )
            count = sections.get(row["id"]) if table == "sessions" else None
            if count is not None and not 0 <= row["current_section"] < count:
                raise ImportError_(
                    f'{where}: "current_section" is {row["current_section"]}, but the '
                    f"session has {count} sections; nothing was imported."
                )
    return tables


def _check_header(
    data: Any, order: tuple[str, ...], source: str
) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportError_(f"{source} is not a mentor-tui data export; nothing was imported.")
    version = data.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ImportError_(
            f"{source} uses data format {version!r}, newer than this mentor-tui reads "
            f"({FORMAT_VERSION}); upgrade mentor-tui to import it."
        )
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise ImportError_(f'{source} has no "tables" object; nothing was imported.')
    unknown = sorted(set(tables) - set(order))
    if unknown:
        raise ImportError_(f'{source} has an unknown table "{unknown[0]}"; nothing was imported.')
    for table, rows in tables.items():
        if not isinstance(rows, list):
            raise ImportError_(f'In {source}, "{table}" must be a list of records; nothing was imported.')
    return tables


def _check_row(
    table: str, index: int, row: Any, columns: dict[str, type], source: str
) -> None:
    where = f"In {source}, {table} record {index}"
    if not isinstance(row, dict):
        raise ImportError_(f"{where} is not an object; nothing was imported.")
    if not isinstance(row.get("id"), str) or not row["id"]:
        raise ImportError_(f"{where} has no id; nothing was imported.")
    where += f" (id {row['id']})"
    unknown = sorted(set(row) - set(columns))
    if unknown:
        raise ImportError_(f'{where} has an unknown field "{unknown[0]}"; nothing was imported.')
    for column in ("created_at", "updated_at", *_REQUIRED.get(table, ())):
        if row.get(column) is None:
            raise ImportError_(f'{where} is missing "{column}"; nothing was imported.')
    for column, value in row.items():
        problem = _type_problem(value, columns[column]) or _problem(table, column, value)
        if problem:
            raise ImportError_(f'{where}: "{column}" {problem}; nothing was imported.')


def _type_problem(value: Any, kind: type) -> str | None:
    """The value must be what the column holds: SQLite itself would store anything."""
    if value is None:
        return None
    if kind is str and not isinstance(value, str):
        return f"must be text, not {value!r}"
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        return f"must be a whole number, not {value!r}"
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"must be a number, not {value!r}"
        if not math.isfinite(value) or value < 0:
            return f"must be a finite number of zero or more, not {value!r}"
    return None


def _problem(table: str, column: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return f"must be text or a number, not {type(value).__name__}"
    choices = _CHOICES.get((table, column))
    if choices and value not in {c.value for c in choices}:
        allowed = ", ".join(c.value for c in choices)
        return f"is {value!r}, which is not one of {allowed}"
    if (table, column) in _DATES:
        try:
            date.fromisoformat(str(value))
        except ValueError:
            return f"is {value!r}, not a date like 2026-12-03"
    if column in _INSTANTS:
        try:
            parse_iso(str(value))
        except ValueError:
            return f"is {value!r}, not a time like 2026-12-03T10:00:00+00:00"
    if (table, column) in _RANGES:
        low, high = _RANGES[(table, column)]
        if not (isinstance(value, int) and low <= value <= high):
            return f"is {value!r}, not a whole number from {low} to {high}"
        return None
    if (table, column) in _JSON_LISTS:
        return _json_list_problem(value, _JSON_LISTS[(table, column)])
    if column in ("score", "before", "after") and not (isinstance(value, int) and 1 <= value <= 5):
        return f"is {value!r}, not a whole number from 1 to 5"
    if column == "progress" and not (isinstance(value, int) and 0 <= value <= 100):
        return f"is {value!r}, not a whole number from 0 to 100"
    # Text never gets here: _type_problem has already held these columns to numbers.
    if (
        column in ("position", "current_section", "planned_minutes")
        and not isinstance(value, str)
        and value < 0
    ):
        return f"is {value!r}, not a whole number of zero or more"
    if (table, column) == ("members", "mentor_roles"):
        roles = {r.value for r in models.MentorRole}
        if isinstance(value, str) and not set(json.loads(value)) <= roles:
            return f"must list only {', '.join(sorted(roles))}"
    return None


def _json_list_problem(value: Any, kind: type) -> str | None:
    try:
        items = json.loads(value) if isinstance(value, str) else None
    except json.JSONDecodeError:
        items = None
    what = "objects" if kind is dict else "texts"
    if not isinstance(items, list) or not all(isinstance(i, kind) for i in items):
        return f"must be a JSON list of {what} in a string"
    return None
