"""The coordinator's repository: importing rows with later-export-wins, and the aggregates.

Every aggregate is a GROUP BY in SQLite that returns a handful of rows, so a report over a
large programme never holds the programme in memory. Each result row carries
`mentorships`, the number of distinct mentorships behind it: small-cell suppression in
mentor_tui.coordinator works from that.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from mentor_tui.core.clock import now_iso
from mentor_tui.store import database
from mentor_tui.store.base import StoreBase
from mentor_tui.store.programme.schema import JSON_COLUMNS, TABLES

_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
PROGRAMME_KEY = "programme"
BATCH = 2000
# Everything not in a group row: the report's "all" row.
TOTAL = "__total__"


def _upsert_sql(table: str) -> str:
    columns = list(TABLES[table])
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c not in ("id", "source"))
    # Later export wins; the same export again rewrites the same values (a no-op).
    return (
        f"INSERT INTO [{table}] ({names}) VALUES ({marks}) "
        f"ON CONFLICT(source, id) DO UPDATE SET {updates} "
        f"WHERE excluded.exported_at >= [{table}].exported_at"
    )


class ImportBatch:
    """Buffered upserts for one import; use inside ProgrammeRepo.write().

    At most `batch` rows wait in memory, all tables together: a budget per table would let
    a large bundle fill every table's buffer at once while a small one fills only some, and
    memory would then grow with the bundle.
    """

    def __init__(self, repo: ProgrammeRepo, batch: int = BATCH):
        self.repo = repo
        self.batch = batch
        self._sql = {table: _upsert_sql(table) for table in TABLES}
        self._columns = {table: list(columns) for table, columns in TABLES.items()}
        self._json = {
            table: [i for i, c in enumerate(columns) if c in JSON_COLUMNS]
            for table, columns in TABLES.items()
        }
        self._pending: dict[str, list[list[Any]]] = {table: [] for table in TABLES}
        self._waiting = 0
        self._sources: dict[str, str] = {}
        self.written = 0

    def add(self, table: str, row: dict[str, Any]) -> None:
        get = row.get
        values = [get(c) for c in self._columns[table]]
        for i in self._json[table]:
            values[i] = _encode(values[i])
        self._pending[table].append(values)
        self._waiting += 1
        if self._waiting >= self.batch:
            self.flush()

    def _flush(self, table: str) -> None:
        pending = self._pending[table]
        if pending:
            self.repo.db.conn.executemany(self._sql[table], pending)
            self.written += len(pending)
            self._waiting -= len(pending)
            pending.clear()

    def bundle(
        self,
        *,
        sha256: str,
        source: str,
        programme: str,
        exported_at: str,
        app_version: str,
        records: int,
        include_text: bool,
    ) -> bool:
        """Note a bundle and its source; False if this very bundle was imported before."""
        conn = self.repo.db.conn
        seen = conn.execute("SELECT 1 FROM bundles WHERE sha256 = ?", (sha256,)).fetchone()
        if not seen:
            conn.execute(
                "INSERT INTO bundles (sha256, source, programme, exported_at, imported_at, "
                "app_version, records, include_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    sha256,
                    source,
                    programme,
                    exported_at,
                    now_iso(),
                    app_version,
                    records,
                    int(include_text),
                ),
            )
        latest = self._sources.get(source)
        if latest is None or exported_at > latest:
            self._sources[source] = exported_at
        return not seen

    def flush(self) -> None:
        for table in TABLES:
            self._flush(table)

    def new_bundle(self) -> None:
        """Forget the mentorship ids noted for the previous bundle (mentorship_seen)."""
        conn = self.repo.db.conn
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS bundle_mentorships (id TEXT PRIMARY KEY) WITHOUT ROWID"
        )
        conn.execute("DELETE FROM temp.bundle_mentorships")

    def mentorship_seen(self, mentorship_id: str) -> bool:
        """True if the bundle being read held this mentorship already; notes it otherwise.

        Kept in a TEMP table (a file with its own bounded cache), not a Python set, so the
        memory an import needs does not grow with the number of mentorships.
        """
        cursor = self.repo.db.conn.execute(
            "INSERT OR IGNORE INTO temp.bundle_mentorships (id) VALUES (?)", (mentorship_id,)
        )
        return cursor.rowcount == 0

    def clashing_id(self, source: str) -> tuple[str, str] | None:
        """(table, id) of a row of `source` whose id another source holds too, if any."""
        conn = self.repo.db.conn
        for table in TABLES:
            found = conn.execute(
                f"SELECT a.id FROM [{table}] a JOIN [{table}] b "
                "ON b.id = a.id AND b.source <> a.source WHERE a.source = ? LIMIT 1",
                (source,),
            ).fetchone()
            if found:
                return table, found[0]
        return None

    def finish(self) -> None:
        """Write what is buffered, then keep only each source's latest snapshot."""
        for table in TABLES:
            self._flush(table)
        conn = self.repo.db.conn
        conn.execute("DROP TABLE IF EXISTS temp.bundle_mentorships")
        stamp = now_iso()
        for source, exported_at in self._sources.items():
            conn.execute(
                "INSERT INTO sources (id, exported_at, imported_at) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET exported_at = excluded.exported_at, "
                "imported_at = excluded.imported_at "
                "WHERE excluded.exported_at > sources.exported_at",
                (source, exported_at, stamp),
            )
            latest = conn.execute(
                "SELECT exported_at FROM sources WHERE id = ?", (source,)
            ).fetchone()[0]
            # A bundle is a whole snapshot of its source: what the latest one no longer
            # holds was deleted by the pair (or came from an older bundle imported later).
            for table in TABLES:
                conn.execute(
                    f"DELETE FROM [{table}] WHERE source = ? AND exported_at < ?",
                    (source, latest),
                )


class ProgrammeRepo(StoreBase):
    """One coordinator database. Not a pair's Repository: none of its tables are here."""

    # -- the programme ---------------------------------------------------------------

    def programme(self) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", (PROGRAMME_KEY,))
        return row["value"] if row else None

    def set_programme(self, code: str) -> None:
        """Inside write(): the first import decides which programme this database is for."""
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
            (PROGRAMME_KEY, code),
        )

    # -- pinned signing keys -----------------------------------------------------------

    def source_key(self, source: str) -> str | None:
        """The public key (hex) pinned for a source, or None if it was never seen."""
        row = self._one("SELECT public_key FROM source_keys WHERE source = ?", (source,))
        return row["public_key"] if row else None

    def pin_key(self, source: str, public_key: str, pinned_by: str) -> None:
        """Inside write(): pin a source's key; an existing pin is never replaced here."""
        self.db.execute(
            "INSERT INTO source_keys (source, public_key, pinned_at, pinned_by) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(source) DO NOTHING",
            (source, public_key, now_iso(), pinned_by),
        )
        self.log("pin", source, f"key {public_key} pinned by {pinned_by}")

    def log(self, action: str, source: str | None, detail: str) -> None:
        """Inside write(): note a deliberate act (pin, forget) in the events table."""
        self.db.execute(
            "INSERT INTO events (at, action, source, detail) VALUES (?, ?, ?, ?)",
            (now_iso(), action, source, detail),
        )

    def events(self) -> list[dict[str, Any]]:
        return self._read("SELECT * FROM events ORDER BY id")

    def source_rows(self, source: str) -> dict[str, int]:
        """How many rows of each imported table came from `source`."""
        return {
            table: self._count(f"SELECT count(*) AS n FROM [{table}] WHERE source = ?", (source,))
            for table in TABLES
        }

    def source_known(self, source: str) -> bool:
        return (
            self._one("SELECT 1 AS x FROM sources WHERE id = ?", (source,)) is not None
            or self.source_key(source) is not None
        )

    def forget(self, source: str) -> dict[str, int]:
        """Inside write(): remove every row of one source, its bundles and its pinned key.

        The one way anything leaves the coordinator database other than a newer signed
        export of the same source; logged in events.
        """
        removed = self.source_rows(source)
        for table in TABLES:
            self.db.execute(f"DELETE FROM [{table}] WHERE source = ?", (source,))
        self.db.execute("DELETE FROM bundles WHERE source = ?", (source,))
        self.db.execute("DELETE FROM sources WHERE id = ?", (source,))
        self.db.execute("DELETE FROM source_keys WHERE source = ?", (source,))
        detail = ", ".join(f"{n} {table}" for table, n in removed.items())
        self.log("forget", source, f"removed {detail} and the pinned key")
        return removed

    def importing(self, batch: int = BATCH) -> ImportBatch:
        return ImportBatch(self, batch)

    def counts(self) -> dict[str, int]:
        return {
            table: self._count(f"SELECT count(*) AS n FROM [{table}]")
            for table in ("sources", "bundles", *TABLES)
        }

    def _count(self, sql: str, params: Any = ()) -> int:
        """The n of a `SELECT count(*) AS n ...`."""
        row = self._one(sql, params)
        return int(row["n"]) if row else 0

    def rows(self, table: str) -> Iterable[dict[str, Any]]:
        """Every row of an imported table, streamed (for tests and the CSV of raw data)."""
        if table not in TABLES:
            raise ValueError(table)
        try:
            yield from self.db.query(f"SELECT * FROM [{table}] ORDER BY id")
        except sqlite3.Error as exc:
            raise database.translate(exc, self.path) from exc

    # -- aggregates --------------------------------------------------------------------

    def _grouped(self, select: str, source: str, group: str, order: str = "1") -> list[dict[str, Any]]:
        """Rows by `group` (as column `label`), then the same select over everything."""
        rows = self._read(
            f"SELECT {group} AS label, {select} {source} GROUP BY {group} ORDER BY {order}"
        )
        total = self._read(f"SELECT '{TOTAL}' AS label, {select} {source}")
        return rows + total

    def overview(self) -> dict[str, Any]:
        row = self._one(
            """
            SELECT (SELECT count(*) FROM mentorships) AS mentorships,
                   (SELECT count(*) FROM sessions) AS sessions,
                   (SELECT count(*) FROM sources) AS sources,
                   (SELECT count(*) FROM bundles) AS bundles,
                   (SELECT min(month) FROM sessions) AS first_month,
                   (SELECT max(month) FROM sessions) AS last_month,
                   (SELECT max(exported_at) FROM sources) AS latest_export,
                   (SELECT count(DISTINCT json_extract(j.value, '$.id'))
                      FROM mentorships m, json_each(m.members) j) AS members
            """
        )
        return dict(row or {})

    def sessions_by_month(self) -> list[dict[str, Any]]:
        return self._grouped(
            "count(*) AS sessions, count(DISTINCT mentorship_id) AS mentorships",
            "FROM sessions",
            "month",
        )

    def sessions_per_mentorship(self) -> list[dict[str, Any]]:
        """(sessions, mentorships): how many mentorships had exactly that many sessions."""
        return self._read(
            """
            SELECT n AS sessions, count(*) AS mentorships FROM (
              SELECT m.id, count(s.id) AS n
              FROM mentorships m LEFT JOIN sessions s ON s.mentorship_id = m.id
              GROUP BY m.id)
            GROUP BY n ORDER BY n
            """
        )

    def duration_by_agenda(self) -> list[dict[str, Any]]:
        return self._grouped(
            """count(*) AS sessions, count(DISTINCT mentorship_id) AS mentorships,
               avg(planned_minutes) AS planned, avg(actual_minutes) AS actual,
               sum(actual_minutes < 0.9 * planned_minutes) AS short,
               sum(actual_minutes BETWEEN 0.9 * planned_minutes AND 1.1 * planned_minutes)
                 AS on_time,
               sum(actual_minutes > 1.1 * planned_minutes) AS long""",
            "FROM sessions WHERE status = 'ended' AND planned_minutes > 0",
            "CASE WHEN agenda_builtin THEN agenda ELSE 'Custom agendas' END",
            "agenda_builtin DESC, label",
        )

    def time_by_section_kind(self) -> list[dict[str, Any]]:
        return self._grouped(
            """count(DISTINCT s.id) AS sessions, count(DISTINCT s.mentorship_id) AS mentorships,
               sum(json_extract(j.value, '$.planned')) AS planned,
               sum(json_extract(j.value, '$.actual')) AS actual""",
            "FROM sessions s, json_each(s.sections) j WHERE s.status = 'ended'",
            "json_extract(j.value, '$.kind')",
        )

    def goals_by_category(self) -> list[dict[str, Any]]:
        return self._grouped(
            """count(*) AS goals, count(DISTINCT mentorship_id) AS mentorships,
               sum(status = 'done') AS done, sum(status = 'dropped') AS dropped,
               avg(progress) AS progress""",
            "FROM goals",
            "category",
        )

    def actions_by_owner(self) -> list[dict[str, Any]]:
        return self._grouped(
            """count(*) AS created, count(DISTINCT mentorship_id) AS mentorships,
               sum(done) AS done, sum(overdue) AS overdue""",
            "FROM actions",
            "coalesce(owner_role, 'unknown')",
        )

    def topics(self) -> list[dict[str, Any]]:
        return self._grouped(
            """count(*) AS ratings, count(DISTINCT s.mentorship_id) AS mentorships,
               count(DISTINCT s.id) AS sessions,
               avg(json_extract(j.value, '$.before')) AS before,
               avg(json_extract(j.value, '$.after')) AS after,
               avg(json_extract(j.value, '$.after') - json_extract(j.value, '$.before'))
                 AS gain""",
            "FROM sessions s, json_each(s.skills) j",
            "CASE WHEN json_extract(j.value, '$.custom') THEN 'Custom topics' "
            "ELSE coalesce(json_extract(j.value, '$.topic_title'), "
            "json_extract(j.value, '$.topic')) END",
            "json_extract(j.value, '$.custom'), label",
        )

    def ratings_by_role(self) -> list[dict[str, Any]]:
        return self._grouped(
            """count(*) AS ratings, count(DISTINCT s.mentorship_id) AS mentorships,
               avg(json_extract(j.value, '$.score')) AS score,
               sum(json_extract(j.value, '$.pairing_working') = 1) AS working,
               sum(json_extract(j.value, '$.pairing_working') IS NOT NULL) AS answered""",
            "FROM sessions s, json_each(s.ratings) j",
            "coalesce(json_extract(j.value, '$.role'), 'unknown')",
        )

    def ratings_by_score(self) -> list[dict[str, Any]]:
        return self._grouped(
            "count(*) AS ratings, count(DISTINCT s.mentorship_id) AS mentorships",
            "FROM sessions s, json_each(s.ratings) j",
            "json_extract(j.value, '$.score')",
        )

    def activity(self, as_of_monday: str, dormant_weeks: int) -> list[dict[str, Any]]:
        """Mentorships by state: dormant means no session in the last N whole ISO weeks."""
        return self._read(
            """
            SELECT CASE
                     WHEN status = 'closed' THEN 'closed'
                     WHEN status = 'paused' THEN 'paused'
                     WHEN last IS NULL THEN 'not met yet'
                     WHEN julianday(?) - julianday(last) > 7 * ? THEN 'dormant'
                     ELSE 'active'
                   END AS label,
                   count(*) AS mentorships
            FROM (SELECT m.id, m.status, max(s.week_monday) AS last
                  FROM mentorships m LEFT JOIN sessions s ON s.mentorship_id = m.id
                  GROUP BY m.id)
            GROUP BY label
            """,
            (as_of_monday, int(dormant_weeks)),
        )

    def participation(self) -> list[dict[str, Any]]:
        return self._grouped(
            """count(DISTINCT json_extract(j.value, '$.id')) AS members,
               count(DISTINCT m.id) AS mentorships""",
            "FROM mentorships m, json_each(m.members) j",
            "json_extract(j.value, '$.career_stage') || ' / ' || json_extract(j.value, '$.role')",
        )

    def styles(self) -> list[dict[str, Any]]:
        return self._grouped("count(*) AS mentorships", "FROM mentorships", "style")
