"""sqlite-utils' Migrations, with the import of sqlite-utils put off until a migration runs.

Importing sqlite-utils takes some 50 ms, about a fifth of the app's whole start-up, and a
database that is up to date needs none of it: `open_store` sees from `PRAGMA user_version`
that nothing is pending. Migrations are declared exactly as with sqlite-utils
(`@migrations()` above a function); `pending` and `apply` hand them to a real
`sqlite_utils.migrations.Migrations`, built on first use, which records what ran.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from mentor_tui.store.database import Database

if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils.migrations import Migrations as SqliteUtilsMigrations

# A migration: a function of the sqlite-utils Database it changes.
MigrationFn = TypeVar("MigrationFn", bound=Callable[["sqlite_utils.Database"], None])


# A NamedTuple, not a frozen dataclass: defined before Home's first frame, where a frozen
# dataclass costs five times as much (docs/performance.md, "Start-up").
class Migration(NamedTuple):
    """One named step of the schema, run once per database."""

    name: str
    fn: Callable[[sqlite_utils.Database], None]
    transactional: bool = True


class Migrations:
    """The same declarations as `sqlite_utils.migrations.Migrations`, registered lazily."""

    def __init__(self, name: str):
        self.name = name
        self._migrations: list[Migration] = []
        self._real: SqliteUtilsMigrations | None = None

    def __call__(
        self, *, name: str | None = None, transactional: bool = True
    ) -> Callable[[MigrationFn], MigrationFn]:
        def inner(fn: MigrationFn) -> MigrationFn:
            migration_name = name or fn.__name__
            if any(m.name == migration_name for m in self._migrations):
                raise ValueError(
                    f"Migration '{migration_name}' is already registered in set '{self.name}'"
                )
            self._migrations.append(Migration(migration_name, fn, transactional))
            self._real = None
            return fn

        return inner

    def real(self) -> SqliteUtilsMigrations:
        if self._real is None:
            from sqlite_utils.migrations import Migrations as SqliteUtilsMigrations

            real = SqliteUtilsMigrations(self.name)
            for migration in self._migrations:
                real(name=migration.name, transactional=migration.transactional)(migration.fn)
            self._real = real
        return self._real

    def pending(self, db: Database | sqlite_utils.Database) -> list[SqliteUtilsMigrations._Migration]:
        return self.real().pending(_full(db))

    def applied(
        self, db: Database | sqlite_utils.Database
    ) -> list[SqliteUtilsMigrations._AppliedMigration]:
        return self.real().applied(_full(db))

    def apply(self, db: Database | sqlite_utils.Database, *, stop_before: str | Iterable[str] | None = None) -> None:
        self.real().apply(_full(db), stop_before=stop_before)


def _full(db: Database | sqlite_utils.Database) -> sqlite_utils.Database:
    """The sqlite_utils.Database behind the store's lazy Database (or db itself)."""
    return db.full if isinstance(db, Database) else db
