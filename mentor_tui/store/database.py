"""Opening the SQLite file: permissions, pragmas, sanity checks, migrations.

The order matters. A database from a newer version must be refused before anything
could write to it, so the first look is through a read-only URI; switching to WAL or
running a migration would otherwise change the file.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentor_tui import files
from mentor_tui.core.clock import now
from mentor_tui.core.errors import StoreError, UserError

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000
# Lock waits happen at BEGIN IMMEDIATE; a few retries on top of busy_timeout cover a
# writer that holds the lock for longer than one timeout (a long import, say).
WRITE_ATTEMPTS = 4


def translate(exc: sqlite3.Error, path: Path) -> StoreError:
    """One sentence for each SQLite failure a user can run into."""
    text = str(exc).lower()
    if "database or disk is full" in text:
        return StoreError(
            f"The disk holding {path} is full; free some space and try again "
            "(everything saved before this is safe)."
        )
    if "disk i/o" in text:
        # What SQLite says when a write hits a file-size limit or a failing disk.
        return StoreError(
            f"Writing to {path} failed: the disk may be full or failing; free some space "
            "and try again (everything saved before this is safe)."
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"{path} is read-only, so nothing can be saved; open a writable copy with --db."
        )
    if "locked" in text or "busy" in text:
        return StoreError(
            f"{path} is busy in another window for too long; try again in a moment."
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(corrupt_message(path))
    if "unable to open" in text:
        return StoreError(f"Cannot open {path}; check that its folder exists and is writable.")
    return StoreError(f"The database {path} failed: {exc}.")


SQLITE_HEADER = b"SQLite format 3\x00"


def not_ours_message(path: Path) -> str:
    return (
        f"{path} is not a mentor-tui database and was not changed; give the right file "
        "with --db."
    )


def corrupt_message(path: Path) -> str:
    """Damaged, or never ours: only a file with a backup is sent to `data restore`.

    A file that does not even start as SQLite, with no backup of it beside, was most likely
    never a mentor-tui database (a wrong --db), and restoring has nothing to bring back.
    """
    if not list_backups(path) and not _starts_as_sqlite(path):
        return not_ours_message(path)
    return (
        f"{path} is damaged and was not changed; run `mentor-tui --db {path} data restore` "
        "to bring back the latest automatic backup."
    )


def backups_dir(path: Path) -> Path:
    return path.parent / "backups"


def take_backup(conn: sqlite3.Connection, path: Path, reason: str) -> Path:
    """Copy the live database with SQLite's backup API into a 0600 file.

    The copy is made under a temporary name and renamed into place only once whole: a backup
    cut short (a full disk, Ctrl+C) must never be the newest one `data restore` would pick,
    nor count as today's backup.
    """
    folder = backups_dir(path)
    stamp = now().strftime("%Y%m%dT%H%M%SZ")
    partial = folder / f".{path.stem}.{stamp}.{reason}.{os.urandom(8).hex()}.part"
    try:
        files.create_private(partial)  # in a 0700 folder, made if missing
        dest = sqlite3.connect(partial)
        try:
            conn.backup(dest)
        finally:
            dest.close()
        target = folder / f"{path.stem}.{stamp}.{reason}.db"
        counter = 1
        while target.exists():
            counter += 1
            target = folder / f"{path.stem}.{stamp}.{reason}.{counter}.db"
        os.replace(partial, target)
        files.sync_folder(folder)
    except BaseException as exc:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        if isinstance(exc, sqlite3.Error):
            raise translate(exc, folder) from exc  # the backup failed, not the database
        raise
    return target


DAILY_KEEP = 7


def backup_if_due(conn: sqlite3.Connection, path: Path, *, max_age_hours: float = 24) -> Path | None:
    """Take a "daily" backup when the newest one is older than a day; keep the last week's.

    Called after the app closes cleanly, so a database damaged later (a disk fault, a copy
    cut short) always has a recent copy for `mentor-tui data restore`.
    """
    backups = list_backups(path)
    if backups and (time.time() - backups[-1].stat().st_mtime) < max_age_hours * 3600:
        return None
    taken = take_backup(conn, path, "daily")
    daily = [b for b in list_backups(path) if ".daily" in b.name]
    for old in daily[:-DAILY_KEEP]:
        old.unlink(missing_ok=True)
    return taken


def list_backups(path: Path) -> list[Path]:
    """This database's backups, oldest first: named `<stem>.<stamp>.<reason>[.<n>].db`.

    Matched exactly, not by a `<stem>.*.db` glob: that would also take the backups of
    pair.old.db for pair.db's, to restore or to prune.
    """
    folder = backups_dir(path)
    if not folder.is_dir():
        return []
    name = re.compile(re.escape(path.stem) + _BACKUP_SUFFIX)
    found = [p for p in folder.iterdir() if name.fullmatch(p.name)]
    return sorted(found, key=lambda p: p.stat().st_mtime)


_BACKUP_SUFFIX = r"\.\d{8}T\d{6}Z\.[a-z][a-z-]*(?:\.\d+)?\.db"


def _starts_as_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return True  # unreadable is not evidence that it is someone else's file


def refuse_other_apps_database(path: Path) -> None:
    """A SQLite file with tables but none of ours belongs to another program: migrating it
    would write our tables into it, so it is refused untouched."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise StoreError(corrupt_message(path)) from exc
    finally:
        conn.close()
    if tables and "_sqlite_migrations" not in tables:
        raise StoreError(not_ours_message(path))


def read_only_uri(path: Path) -> str:
    """A URI that can never write to the file.

    A WAL database needs its -shm file even to be read; in a folder we cannot write, SQLite
    cannot create it, so the file is opened as immutable (as of its last checkpoint).
    """
    uri = f"file:{path.as_posix()}?mode=ro"
    shm = path.with_name(path.name + "-shm")
    if not os.access(path.parent, os.W_OK) and not shm.exists():
        uri += "&immutable=1"
    return uri


def peek_user_version(path: Path) -> int:
    """Read PRAGMA user_version without any chance of writing to the file."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    try:
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
        return version
    except sqlite3.DatabaseError as exc:
        raise StoreError(corrupt_message(path)) from exc
    finally:
        conn.close()


def _keyword(sql: str) -> str:
    """The statement's first word, upper-case ("" for none)."""
    found = _FIRST_WORD.match(sql)
    return found.group(1).upper() if found else ""


_FIRST_WORD = re.compile(r"\s*(\w+)")


def _dedupe_keys(keys: list[str]) -> list[str]:
    """Duplicate column names as sqlite-utils' query() names them: `id`, `id_2`, `id_3` ..."""
    taken = set(keys)
    if len(taken) == len(keys):
        return keys
    seen: set[str] = set()
    result = []
    for key in keys:
        if key in seen:
            new_key, suffix = key, 2
            while new_key in seen or new_key in taken:
                new_key = f"{key}_{suffix}"
                suffix += 1
            key = new_key
        seen.add(key)
        result.append(key)
    return result


# Statements that only read (a WITH here is always a SELECT's common table expressions).
_READS = frozenset({"SELECT", "WITH", "PRAGMA", "EXPLAIN", "VALUES"})
# Statements that open or close a transaction themselves: never committed behind their back.
_TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})


class Database:
    """The connection the repository holds: plain sqlite3, with sqlite-utils on request.

    Reads and the ordinary writes of the app (`execute`, `query`) are plain sqlite3; nothing
    on the path from launch to a saved note imports sqlite-utils. `full` is the one way to
    sqlite-utils, for what it does well and what is rare: migrations (with the FTS set-up),
    and the bulk writes of `data import` (store/bulk.py, store/import_checks.py). The
    decision and its measurements are in docs/architecture.md ("SQLite, and where
    sqlite-utils is used").
    """

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._full: sqlite_utils.Database | None = None
        # What sqlite_utils.Database(conn) does on creation; done here so it holds from the start.
        conn.execute("PRAGMA recursive_triggers=on;")

    @property
    def full(self) -> sqlite_utils.Database:
        """sqlite-utils on this connection, made (and imported, some 20-60 ms) on first use:
        for migrations, FTS set-up and bulk writes only."""
        if self._full is None:
            import sqlite_utils

            # No sqlite-utils plugins: the app registers none, and looking for them scans
            # every installed package's entry points.
            self._full = sqlite_utils.Database(
                self.conn, recursive_triggers=False, execute_plugins=False
            )
        return self._full

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        """Run one statement. A write outside a transaction is committed at once, as
        sqlite-utils' execute() does; inside write() it joins that transaction."""
        args = () if parameters is None else (parameters,)
        if _keyword(sql) in _READS:
            return self.conn.execute(sql, *args)
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql, *args)
        except Exception:
            # A failed statement may have opened an implicit transaction nothing would end.
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if (
            not was_in_transaction
            and self.conn.in_transaction
            and cursor.description is None
            and _keyword(sql) not in _TRANSACTION_CONTROL
        ):
            self.conn.execute("COMMIT")
        return cursor

    def query(self, sql: str, params: Any = None) -> Iterator[dict[str, Any]]:
        """The rows of a read as dicts, keyed as sqlite-utils' query() keys them."""
        if _keyword(sql) not in _READS:
            raise ValueError(f"query() is for reads; run {_keyword(sql) or sql!r} with execute()")
        cursor = self.conn.execute(sql, params) if params is not None else self.conn.execute(sql)
        keys = _dedupe_keys([d[0] for d in cursor.description])
        return (dict(zip(keys, row, strict=True)) for row in cursor)

    def close(self) -> None:
        self.conn.close()


def connect(path: Path, *, read_only: bool) -> Database:
    try:
        if read_only:
            conn = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        db = Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        # Deleted and overwritten content is zeroed, not left in free pages: a private
        # note's plain text must not outlive its sealing (store/vault.py).
        db.execute("PRAGMA secure_delete = ON")
        if not read_only:
            # Outside any transaction (as sqlite-utils' ensure_autocommit_on does).
            level = conn.isolation_level
            conn.isolation_level = None
            try:
                db.execute("PRAGMA journal_mode = WAL")
            finally:
                conn.isolation_level = level
            # FULL: in WAL mode NORMAL can drop the last commit on power loss, and the
            # last commit is the note someone just typed.
            db.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    return db


def quick_check(db: Database, path: Path, *, full: bool = False) -> None:
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = db.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:
        raise StoreError(corrupt_message(path)) from exc
    if [r[0] for r in rows] != ["ok"]:
        raise StoreError(corrupt_message(path))


@contextlib.contextmanager
def immediate(db: Database, path: Path) -> Iterator[None]:
    """A write transaction that takes the write lock up front.

    A deferred transaction that later upgrades to a write can fail with "database is
    locked" however long busy_timeout is; BEGIN IMMEDIATE waits for the lock instead.
    """
    conn = db.conn
    if conn.in_transaction:
        # Nested: join the transaction that is already open.
        yield
        return
    for attempt in range(WRITE_ATTEMPTS):
        try:
            conn.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or attempt == WRITE_ATTEMPTS - 1:
                raise translate(exc, path) from exc
            time.sleep(0.05 * (attempt + 1))
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise translate(exc, path) from exc


@contextlib.contextmanager
def snapshot(db: Database) -> Iterator[None]:
    """Reads that all see one moment of the database, however the other apps write meanwhile.

    One read transaction: in WAL mode it keeps the snapshot of its first read until it ends,
    and blocks no writer. For reads only (an export, a bundle): a write inside would have to
    upgrade a snapshot others have moved past. Inside a transaction already: that one holds.
    """
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")  # nothing was written: this only ends the read


def restore_latest_backup(path: Path) -> Path:
    """Put the newest backup back in place, keeping the damaged file beside it.

    The copy is written whole under a temporary name first: if that fails (a full disk),
    nothing has moved and the database is where it was. Only then does the damaged file move
    aside, with its -wal and -shm under the same name, so the kept copy still opens with its
    newest commits (a -wal left at the old name would be replayed onto the restored copy).
    """
    backups = list_backups(path)
    if not backups:
        raise StoreError(f"There is no automatic backup of {path} to restore.")
    latest = backups[-1]
    staged = path.with_name(f".{path.name}.restoring")
    try:
        files.write_private(staged, _chunks(latest))
    except UserError as exc:
        # Said of the database, which is untouched, not of the temporary name.
        raise StoreError(
            exc.message.replace(f"({staged.name} was not changed)", f"({path.name} was not changed)")
        ) from exc
    try:
        stamp = now().strftime("%Y%m%dT%H%M%SZ")
        damaged = path.with_name(f"{path.name}.damaged-{stamp}")
        counter = 1
        while any(Path(f"{damaged}{s}").exists() for s in ("", "-wal", "-shm")):
            counter += 1
            damaged = path.with_name(f"{path.name}.damaged-{stamp}.{counter}")
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(f"{damaged}{suffix}")
        if path.exists():
            path.rename(damaged)
        os.replace(staged, path)
        files.sync_folder(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            staged.unlink()
        raise
    return latest


def _chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    with open(path, "rb") as source:
        while chunk := source.read(size):
            yield chunk


def scrub(db: Database, path: Path) -> None:
    """Leave no copy of overwritten text in the file or its WAL: VACUUM, then a checkpoint
    that truncates the WAL. Runs outside any transaction."""
    try:
        db.conn.execute("VACUUM")
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
