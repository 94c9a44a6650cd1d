"""Full-fidelity JSON export and import-by-id (the format is documented in docs/data-format.md).

Import checks every record before it writes anything, then writes all of them in one
transaction, so a bad file changes nothing. A record identical to the one already stored
is skipped, which is what makes importing the same file twice a no-op.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from mentor_tui import __version__
from mentor_tui.core.clock import now_iso
from mentor_tui.core.errors import ImportError_
from mentor_tui.files import write_private
from mentor_tui.store.database import snapshot
from mentor_tui.store.import_checks import check_payload
from mentor_tui.store.repository import Repository
from mentor_tui.store.schema import SCHEMA_VERSION
from mentor_tui.store.tables import DATA_TABLES

FORMAT = "mentor-tui/data"
FORMAT_VERSION = 1


def export_data(repo: Repository) -> dict[str, Any]:
    """Every table but the local change log, rows ordered by id: two exports of equal data are equal."""
    # One moment for every table: a pair the partner's app adds between two reads would
    # otherwise leave members without their people, and the import would refuse the file.
    with snapshot(repo.db):
        tables = {
            table: list(repo.db.query(f"SELECT * FROM [{table}] ORDER BY id"))
            for table in DATA_TABLES
        }
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema": SCHEMA_VERSION,
        "app_version": __version__,
        "exported_at": now_iso(),
        "tables": tables,
    }


def write_export(repo: Repository, out: Path) -> dict[str, int]:
    data = export_data(repo)
    text = json.dumps(data, ensure_ascii=False, indent=1)
    write_private(out, text.encode("utf-8"), what="export")
    return {table: len(rows) for table, rows in data["tables"].items()}


def read_import(path: Path) -> object:
    """The file's JSON, not yet checked: import_data (check_payload) says if it is a data file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ImportError_(f"There is no file at {path}.") from exc
    except UnicodeDecodeError as exc:
        raise ImportError_(f"{path} is not a mentor-tui data file (it is not UTF-8 text).") from exc
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise ImportError_(
            f"{path} nests its JSON too deeply to be a mentor-tui data file; nothing was imported."
        ) from exc
    except json.JSONDecodeError as exc:
        raise ImportError_(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); nothing was imported."
        ) from exc


def import_data(repo: Repository, data: Any, *, source: str = "the file") -> dict[str, int]:
    """Merge by id. Returns how many rows were added or changed per table."""
    tables = check_payload(repo, data, DATA_TABLES, source)
    changed: dict[str, int] = {}
    with repo.write():
        for table in DATA_TABLES:
            count = 0
            for index, row in enumerate(tables.get(table, []), start=1):
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
                try:
                    repo._upsert(table, row, session_id=row.get("session_id"), stamp=False)
                except sqlite3.IntegrityError as exc:
                    raise ImportError_(
                        f"In {source}, {table} record {index} (id {row['id']}) clashes with "
                        f"another record ({exc}); nothing was imported."
                    ) from exc
                count += 1
            if count:
                changed[table] = count
    return changed


