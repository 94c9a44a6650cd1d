"""Full-fidelity JSON export and import-by-id (the format is documented in docs/data-format.md).

Import checks every record before it writes anything, then writes all of them in one
transaction, so a bad file changes nothing. A record identical to the one already stored
is skipped, which is what makes importing the same file twice a no-op.
"""

from __future__ import annotations

import json
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from mentor_tui import __version__
from mentor_tui.core import models
from mentor_tui.core.clock import now_iso, parse_iso
from mentor_tui.core.errors import ImportError_
from mentor_tui.store.repository import Repository
from mentor_tui.store.schema import SCHEMA_VERSION

FORMAT = "mentor-tui/data"
FORMAT_VERSION = 1

# Parents before children, so foreign keys hold while importing.
TABLES = (
    "people",
    "person_keys",
    "mentorships",
    "members",
    "agreements",
    "sessions",
    "session_sections",
    "notes",
    "goals",
    "checkins",
    "action_items",
    "ratings",
    "topics",
    "skill_ratings",
    "development_plans",
    "competency_answers",
)

# Columns whose values must belong to a fixed set.
_CHOICES: dict[tuple[str, str], type[Enum]] = {
    ("members", "role"): models.Role,
    ("mentorships", "style"): models.Style,
    ("mentorships", "status"): models.MentorshipStatus,
    ("sessions", "status"): models.SessionStatus,
    ("sessions", "mode"): models.Mode,
    ("notes", "visibility"): models.Visibility,
    ("goals", "status"): models.GoalStatus,
    ("competency_answers", "respondent_role"): models.Role,
}
_DATES = {("mentorships", "start_date"), ("agreements", "review_date"), ("goals", "due"),
          ("action_items", "due")}
_DATES |= {("development_plans", "reviewed_on"), ("competency_answers", "taken_on")}
# Lists kept as JSON text: each must be a JSON list of objects (dict) or of texts (str).
_JSON_LISTS: dict[tuple[str, str], type] = {
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
_INSTANTS = {"created_at", "updated_at", "started_at", "ended_at", "done_at", "running_since"}
_REQUIRED = {
    "members": ("mentorship_id", "person_id", "role"),
    "agreements": ("mentorship_id",),
    "sessions": ("mentorship_id", "status"),
    "session_sections": ("session_id", "position"),
    "notes": ("session_id", "visibility"),
    "goals": ("mentorship_id", "owner_id", "title"),
    "checkins": ("goal_id",),
    "action_items": ("mentorship_id", "owner_id", "text"),
    "ratings": ("session_id", "person_id", "score"),
    "topics": ("key",),
    "skill_ratings": ("session_id", "person_id", "topic_key"),
    "development_plans": ("mentorship_id", "person_id"),
    "competency_answers": (
        "mentorship_id", "respondent_id", "subject_id", "respondent_role", "competency_key",
        "score", "taken_on",
    ),
}
_REFERENCES = {
    "mentorship_id": "mentorships",
    "person_id": "people",
    "owner_id": "people",
    "session_id": "sessions",
    "goal_id": "goals",
    "respondent_id": "people",
    "subject_id": "people",
}


def export_data(repo: Repository) -> dict[str, Any]:
    """Every table but the local change log, rows ordered by id: two exports of equal data are equal."""
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema": SCHEMA_VERSION,
        "app_version": __version__,
        "exported_at": now_iso(),
        "tables": {
            table: list(repo.db.query(f"SELECT * FROM [{table}] ORDER BY id"))
            for table in TABLES
        },
    }


def write_export(repo: Repository, out: Path) -> dict[str, int]:
    from mentor_tui.store.database import create_private_file

    data = export_data(repo)
    tmp = out.with_name(out.name + ".part")
    if tmp.exists():
        tmp.unlink()
    create_private_file(tmp)
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(out)
    return {table: len(rows) for table, rows in data["tables"].items()}


def read_import(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ImportError_(f"There is no file at {path}.") from exc
    except UnicodeDecodeError as exc:
        raise ImportError_(f"{path} is not a mentor-tui data file (it is not UTF-8 text).") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportError_(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); nothing was imported."
        ) from exc


def import_data(repo: Repository, data: Any, *, source: str = "the file") -> dict[str, int]:
    """Merge by id. Returns how many rows were added or changed per table."""
    tables = _check_header(data, source)
    columns = {t: set(repo.db[t].columns_dict) for t in TABLES}
    known_ids: dict[str, set[str]] = {
        t: {r["id"] for r in repo.db.query(f"SELECT id FROM [{t}]")}
        for t in set(_REFERENCES.values())
    }
    for table in TABLES:
        for index, row in enumerate(tables.get(table, []), start=1):
            _check_row(table, index, row, columns[table], source)
            if table in known_ids:
                known_ids[table].add(row["id"])
    for table in TABLES:
        for index, row in enumerate(tables.get(table, []), start=1):
            for column, target in _REFERENCES.items():
                value = row.get(column)
                if value and column in columns[table] and value not in known_ids[target]:
                    raise ImportError_(
                        f"In {source}, {table} record {index} (id {row['id']}) points at "
                        f"{column} {value}, which is neither in the file nor in the database; "
                        "nothing was imported."
                    )
    changed: dict[str, int] = {}
    with repo.write():
        for table in TABLES:
            count = 0
            for row in tables.get(table, []):
                current = next(
                    iter(repo.db.query(f"SELECT * FROM [{table}] WHERE id = ?", [row["id"]])),
                    None,
                )
                if current is not None:
                    merged = {**current, **row}
                    if merged == current:
                        continue
                    # Merge by id: the newer edit wins, so an old file never undoes new
                    # work; on a tie the copy already here stays.
                    if (row.get("updated_at") or "") <= (current.get("updated_at") or ""):
                        continue
                repo._upsert(table, row, session_id=row.get("session_id"), stamp=False)
                count += 1
            if count:
                changed[table] = count
    return changed


def _check_header(data: Any, source: str) -> dict[str, list[dict[str, Any]]]:
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
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise ImportError_(f'{source} has an unknown table "{unknown[0]}"; nothing was imported.')
    for table, rows in tables.items():
        if not isinstance(rows, list):
            raise ImportError_(f'In {source}, "{table}" must be a list of records; nothing was imported.')
    return tables


def _check_row(table: str, index: int, row: Any, columns: set[str], source: str) -> None:
    where = f"In {source}, {table} record {index}"
    if not isinstance(row, dict):
        raise ImportError_(f"{where} is not an object; nothing was imported.")
    if not isinstance(row.get("id"), str) or not row["id"]:
        raise ImportError_(f"{where} has no id; nothing was imported.")
    where += f" (id {row['id']})"
    unknown = sorted(set(row) - columns)
    if unknown:
        raise ImportError_(f'{where} has an unknown field "{unknown[0]}"; nothing was imported.')
    for column in ("created_at", "updated_at", *_REQUIRED.get(table, ())):
        if row.get(column) in (None, ""):
            raise ImportError_(f'{where} is missing "{column}"; nothing was imported.')
    for column, value in row.items():
        problem = _problem(table, column, value)
        if problem:
            raise ImportError_(f'{where}: "{column}" {problem}; nothing was imported.')


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
