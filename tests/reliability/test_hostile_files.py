"""A full disk, a read-only database, a truncated or corrupted file: each gives one clear
sentence, loses nothing already saved, and a damaged file can be brought back."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import traceback
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

import mentor_tui.cli.data  # noqa: F401  (registers `data`; imported before any fork below)
import mentor_tui.cli.people  # noqa: F401
from bench.stress import prepare
from mentor_tui.cli import main
from mentor_tui.core.errors import StoreError
from mentor_tui.core.models import Person
from mentor_tui.core.notes import Note
from mentor_tui.store import exchange, open_store
from mentor_tui.store.database import take_backup
from mentor_tui.store.demo import seed_demo

NOBODY = 65534
WORDS = "registry grant reviewer handover " * 400  # about 13 kB a note


def write_notes_until_full(repo, target) -> tuple[list[tuple[str, str]], StoreError]:
    saved: list[tuple[str, str]] = []
    for number in range(10_000):
        body = f"note {number}: {WORDS}"
        try:
            note = repo.notes.save(Note(target.session_id, target.section_key, target.author_id, body))
        except StoreError as exc:
            return saved, exc
        saved.append((note.id, body))
    raise AssertionError("the disk never filled up")


def all_there(db: Path, saved: list[tuple[str, str]]) -> None:
    with open_store(db) as repo:
        assert repo.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for note_id, body in saved:
            assert repo.notes.get(note_id).body == body


# -- a full disk ---------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs, where the machine lets us mount one (root, CAP_SYS_ADMIN)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount)],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path, leave: int) -> Path:
    stat = os.statvfs(folder)
    filler = folder / "filler"
    with open(filler, "wb") as out:
        out.write(b"\0" * max(0, stat.f_bavail * stat.f_frsize - leave))
    return filler


def test_full_disk_gives_a_clear_message_and_keeps_every_saved_note(small_disk):
    target = prepare(small_disk / "mentor.db")
    filler = fill(small_disk, leave=200_000)
    repo = open_store(target.db)
    try:
        saved, error = write_notes_until_full(repo, target)
        assert saved, "nothing could be saved before the disk filled"
        assert str(error).startswith(f"The disk holding {target.db} is full")
        assert "\n" not in str(error)
        # Reading still works on a full disk, and the failed note left nothing behind.
        assert len(repo.notes.for_session(target.session_id)) == len(saved)
    finally:
        repo.close()
    filler.unlink()  # space comes back
    all_there(target.db, saved)
    with open_store(target.db) as repo:
        repo.notes.save(Note(target.session_id, target.section_key, target.author_id, "after"))


def test_full_disk_through_the_command_line(small_disk, tmp_path):
    source = tmp_path / "big.db"
    with open_store(source) as repo:
        seed_demo(repo, today=date(2026, 3, 2))
        session = repo.sessions.list()[0]
        author = repo.people.list()[0].id
        for number in range(150):
            repo.notes.save(Note(session.id, "wins", author, f"{number} {WORDS}"))
        exported = tmp_path / "big.json"
        exchange.write_export(repo, exported)
    db = small_disk / "mentor.db"
    open_store(db).close()
    fill(small_disk, leave=300_000)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    result = run_cli("--db", str(db), "data", "import", str(exported))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("mentor-tui: ")
    assert "full" in result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    with open_store(db) as repo:
        assert repo.people.list() == []


CHILD_FILE_SIZE_LIMIT = textwrap.dedent(
    """
    import json, resource, signal, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from bench.stress import Target
    from mentor_tui.core.errors import StoreError
    from mentor_tui.core.notes import Note
    from mentor_tui.store import open_store
    target = Target(Path(sys.argv[1]), sys.argv[3], sys.argv[4], sys.argv[5])
    repo = open_store(target.db)
    # Past the limit write() fails with EFBIG instead of killing us with SIGXFSZ.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    limit = target.db.stat().st_size + 300_000
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    saved, error = [], None
    for number in range(10_000):
        body = f"note {number}: " + "registry grant reviewer handover " * 400
        try:
            saved.append([repo.notes.save(Note(target.session_id, target.section_key,
                                              target.author_id, body)).id, body])
        except StoreError as exc:
            error = str(exc)
            break
    print(json.dumps({"saved": saved, "error": error}))
    """
)


def fill_to_file_size_limit(tmp_path: Path) -> tuple[Path, list, str]:
    target = prepare(tmp_path / "mentor.db")
    done = subprocess.run(
        [sys.executable, "-c", CHILD_FILE_SIZE_LIMIT, str(target.db),
         str(Path(__file__).resolve().parents[2]), target.session_id, target.author_id,
         target.section_key],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    return target.db, [tuple(s) for s in report["saved"]], report["error"]


def test_file_size_limit_refuses_the_write_and_keeps_every_saved_note(tmp_path):
    """RLIMIT_FSIZE (a quota, or where no tmpfs can be mounted): no traceback, nothing lost."""
    db, saved, error = fill_to_file_size_limit(tmp_path)
    assert saved and error is not None
    assert "\n" not in error and str(db) in error
    all_there(db, saved)


def test_file_size_limit_message_says_what_to_do(tmp_path):
    _, _, error = fill_to_file_size_limit(tmp_path)
    assert "full" in error or "space" in error, error


# -- a read-only database ------------------------------------------------------------------


def as_nobody(action) -> dict:
    """Run `action()` in a forked child that has dropped to uid/gid 65534; return its result.

    Permission bits do not stop root, so only another user shows what a read-only file
    does. The child is forked rather than started afresh because the interpreter under
    /root is not readable by that user; everything it needs is imported before the fork.
    """
    sqlite_utils.Database(memory=True)  # loads sqlite-utils' plugins while we may still read them
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(reader)
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            outcome = {"result": action()}
        except BaseException as exc:
            outcome = {"error": type(exc).__name__, "message": str(exc),
                       "traceback": traceback.format_exc()}
        with os.fdopen(writer, "w") as out:
            out.write(json.dumps(outcome, default=str))
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as inp:
        text = inp.read()
    os.waitpid(pid, 0)
    return json.loads(text)


@pytest.fixture
def shared_folder():
    """A folder outside pytest's 0700 tmp tree, so that user 65534 can reach it."""
    folder = Path(tempfile.mkdtemp(prefix="mentor-ro-"))
    os.chmod(folder, 0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def read_only_copy(folder: Path, *, folder_writable: bool) -> Path:
    db = folder / "mentor.db"
    with open_store(db) as repo:
        seed_demo(repo, today=date(2026, 3, 2))
    os.chmod(db, 0o444)
    if folder_writable:  # the person owns the folder and the file, and made the file read-only
        os.chown(folder, NOBODY, NOBODY)
        os.chown(db, NOBODY, NOBODY)
    return db


def reads_and_refuses_writes(db: Path) -> dict:
    repo = open_store(db)
    result = {
        "read_only": repo.read_only,
        "people": len(repo.people.list()),
        "sessions": len(repo.sessions.list()),
        "found": len(repo.notes.search("registry")),
    }
    try:
        repo.people.add(Person("Someone New"))
        result["write"] = "allowed"
    except StoreError as exc:
        result["write"] = str(exc)
    repo.close()
    runner = CliRunner()
    listed = runner.invoke(main, ["--db", str(db), "people", "list"])
    result["cli_list"] = [listed.exit_code, listed.stdout, listed.stderr]
    export = db.parent / "copy.json"
    out = runner.invoke(main, ["--db", str(db), "data", "export", "--out", str(db.parent / "out.json")])
    result["cli_export"] = [out.exit_code, out.stderr]
    imported = runner.invoke(main, ["--db", str(db), "data", "import", str(export)])
    result["cli_import"] = [imported.exit_code, imported.stderr]
    return result


def test_read_only_database_reads_and_refuses_writes_in_one_line(shared_folder):
    db = read_only_copy(shared_folder, folder_writable=True)
    with open_store(db) as repo:
        exchange.write_export(repo, shared_folder / "copy.json")
    os.chmod(shared_folder / "copy.json", 0o444)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    outcome = as_nobody(lambda: reads_and_refuses_writes(db))
    assert "error" not in outcome, outcome.get("traceback")
    result = outcome["result"]
    assert result["read_only"] is True
    assert (result["people"], result["sessions"]) == (2, 3) and result["found"] > 0
    assert result["write"] == (
        f"{db} is read-only, so nothing can be saved; open a writable copy with --db."
    )
    code, out, err = result["cli_list"]
    assert code == 0 and "Dr Amara Okafor" in out
    assert result["cli_export"][0] == 0, result["cli_export"]
    code, err = result["cli_import"]
    assert code == 1 and err.count("\n") == 1 and "read-only" in err and "Traceback" not in err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_read_only_database_in_a_read_only_folder_is_not_called_damaged(shared_folder):
    db = read_only_copy(shared_folder, folder_writable=False)
    outcome = as_nobody(lambda: reads_and_refuses_writes(db))
    assert "error" not in outcome, outcome["message"]
    assert "damaged" not in json.dumps(outcome)


def test_read_only_folder_never_points_at_restore_as_a_traceback(shared_folder):
    """Whatever the message says today, it is one StoreError line and the file is untouched."""
    db = read_only_copy(shared_folder, folder_writable=False)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    outcome = as_nobody(lambda: open_store(db).read_only)
    assert outcome.get("result") is True or outcome["error"] == "StoreError"
    assert "\n" not in outcome.get("message", "")
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


# -- truncated and corrupted files -----------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mentor_tui", *args],
        capture_output=True, text=True, timeout=60,
    )


def one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("mentor-tui: "), result.stderr
    return lines[0]


def truncate(db: Path) -> None:
    with open(db, "r+b") as out:
        out.truncate(db.stat().st_size // 2)


def garble_pages(db: Path) -> None:
    with open(db, "r+b") as out:
        out.seek(4096 * 3)
        out.write(os.urandom(4096 * 20))


def garble_header(db: Path) -> None:
    with open(db, "r+b") as out:
        out.write(os.urandom(100))


@pytest.fixture
def backed_up(tmp_path) -> tuple[Path, set[str]]:
    """A database with history and an automatic backup of it, as after an upgrade."""
    db = tmp_path / "mentor.db"
    with open_store(db) as repo:
        seed_demo(repo, today=date(2026, 3, 2))
        names = {p.display_name for p in repo.people.list()}
        take_backup(repo.db.conn, db, "before-migration")
    return db, names


@pytest.mark.parametrize("damage", [truncate, garble_pages, garble_header])
def test_damaged_database_points_at_restore_and_restore_brings_it_back(backed_up, damage):
    db, names = backed_up
    damage(db)
    damaged_bytes = db.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_store(db)
    assert f"mentor-tui --db {db} data restore" in str(caught.value)
    line = one_line(run_cli("--db", str(db), "sessions", "list"))
    assert "is damaged and was not changed" in line and "data restore" in line
    assert db.read_bytes() == damaged_bytes  # "not changed" is true
    restored = run_cli("--db", str(db), "data", "restore")
    assert restored.returncode == 0, restored.stderr
    # The damaged file is kept beside the restored one, never deleted (its -wal and -shm
    # beside it under the same name).
    kept = [
        p for p in db.parent.iterdir()
        if p.name.startswith("mentor.db.damaged-") and not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged_bytes
    with open_store(db) as repo:
        assert {p.display_name for p in repo.people.list()} == names
        assert len(repo.sessions.list()) == 3
    listed = run_cli("--db", str(db), "people", "list", "--json")
    assert listed.returncode == 0 and {p["display_name"] for p in json.loads(listed.stdout)} == names


def test_restore_without_a_backup_says_so_in_one_line(tmp_path):
    db = tmp_path / "mentor.db"
    with open_store(db) as repo:
        seed_demo(repo, today=date(2026, 3, 2))
    truncate(db)
    line = one_line(run_cli("--db", str(db), "data", "restore"))
    assert "no automatic backup" in line
    assert db.exists()  # nothing was moved away
