"""The one private-file writer (mentor_tui/files.py): 0600 whatever the umask, the old file
intact and no temporary file left after any failure, a unique temporary name per write, and
one sentence for a full disk or a folder that cannot be written."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from mentor_tui import files
from mentor_tui.core.errors import UserError

from .test_hostile_files import as_nobody, shared_folder  # noqa: F401  (a fixture)

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def open_umask():
    """umask 000: anything not made 0600 on purpose would come out world-readable."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_files_are_0600_and_new_folders_0700_even_under_umask_000(tmp_path, open_umask):
    written = files.write_private(tmp_path / "export.json", b"{}")
    assert mode(written) == 0o600
    created = files.create_private(tmp_path / "new" / "deeper" / "key", b"secret")
    assert mode(created) == 0o600
    assert mode(tmp_path / "new") == 0o700 and mode(tmp_path / "new" / "deeper") == 0o700
    # Replacing a file that was world-readable leaves a private one.
    loose = tmp_path / "loose.txt"
    loose.write_bytes(b"old")
    os.chmod(loose, 0o644)
    files.write_private(loose, b"new")
    assert mode(loose) == 0o600 and loose.read_bytes() == b"new"


def test_an_exception_mid_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "report.html"
    target.write_bytes(b"the old report")

    def half_then_fail() -> Iterator[bytes]:
        yield b"<html>" * 10_000
        raise RuntimeError("the renderer failed half-way")

    with pytest.raises(RuntimeError, match="half-way"):
        files.write_private(target, half_then_fail())
    assert target.read_bytes() == b"the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_two_writers_at_once_each_use_their_own_temporary_file(tmp_path):
    """With one fixed temporary name (coordinator/report.py had `.NAME.part`), the second
    writer would truncate or delete the first one's half-written file."""
    target = tmp_path / "overview.csv"
    both_half_written = threading.Barrier(2, timeout=60)
    seen: list[set[str]] = []
    errors: list[BaseException] = []

    def body(letter: bytes) -> Iterator[bytes]:
        yield letter * 50_000
        both_half_written.wait()
        seen.append({p.name for p in tmp_path.iterdir()})
        yield letter * 50_000

    def write(letter: bytes) -> None:
        try:
            files.write_private(target, body(letter))
        except BaseException as exc:
            errors.append(exc)

    writers = [threading.Thread(target=write, args=(x,)) for x in (b"a", b"b")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    assert not errors, errors
    temporary = {name for names in seen for name in names if name != target.name}
    assert len(temporary) == 2, seen  # both were there at once, under different names
    assert target.read_bytes() in (b"a" * 100_000, b"b" * 100_000)
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_a_symlink_at_the_target_is_replaced_never_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / "followup.eml").symlink_to(victim)
    files.write_private(tmp_path / "followup.eml", b"new")
    assert victim.read_text() == "keep me"
    assert not (tmp_path / "followup.eml").is_symlink()


def test_create_private_never_touches_what_is_already_there(tmp_path):
    taken = tmp_path / "signing.key"
    taken.write_bytes(b"theirs")
    with pytest.raises(FileExistsError):
        files.create_private(taken, b"mine")
    assert taken.read_bytes() == b"theirs"


FULL_DISK_CHILD = textwrap.dedent(
    """
    import json, resource, signal, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from mentor_tui import files
    from mentor_tui.core.errors import UserError
    target = Path(sys.argv[1])
    # Past the limit write() fails with EFBIG (as a quota or a full disk fails it) instead
    # of killing us with SIGXFSZ.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
    out = {}
    for name, write in [
        ("replace", lambda: files.write_private(target, b"x" * 300_000)),
        ("create", lambda: files.create_private(target.with_name("new.key"), b"x" * 300_000)),
    ]:
        try:
            write()
            out[name] = "written"
        except UserError as exc:
            out[name] = str(exc)
    print(json.dumps(out))
    """
)


def test_a_full_disk_gives_one_sentence_and_keeps_the_old_file(tmp_path):
    """RLIMIT_FSIZE stands in for a full disk (tests/reliability/test_hostile_files.py does
    the same): the write fails part-way, as it would on a full disk."""
    target = tmp_path / "export.json"
    target.write_bytes(b"the old export")
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK_CHILD, str(target), str(ROOT)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    assert said["replace"] == (
        f"The disk holding {tmp_path} is full; free some space and try again "
        "(export.json was not changed)."
    )
    assert said["create"].startswith(f"The disk holding {tmp_path} is full")
    assert target.read_bytes() == b"the old export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json"]


def test_a_folder_that_cannot_be_written_gives_one_sentence(shared_folder):  # noqa: F811
    """As another user (root is never refused): the folder is not theirs to write in."""
    target = shared_folder / "followup.eml"
    target.write_bytes(b"the old follow-up")
    os.chmod(target, 0o644)

    def attempt() -> dict[str, str]:
        said = {}
        for name, write in [
            ("replace", lambda: files.write_private(target, b"new")),
            ("create", lambda: files.create_private(shared_folder / "new.key", b"new")),
        ]:
            try:
                write()
                said[name] = "written"
            except UserError as exc:
                said[name] = str(exc)
        return said

    said = as_nobody(attempt)["result"]
    assert said["replace"] == (
        f"Cannot write in {shared_folder}; check its permissions or choose another path."
    )
    assert said["create"] == (
        f"Cannot write in {shared_folder} (read-only or not yours); choose another folder "
        "(new.key was not created)."
    )
    assert target.read_bytes() == b"the old follow-up"
    assert sorted(p.name for p in shared_folder.iterdir()) == ["followup.eml"]


def test_check_target_refuses_early_in_one_sentence(tmp_path):
    with pytest.raises(UserError, match=r"is a folder; give a file name for the invite\.$"):
        files.check_target(tmp_path, "invite")
    with pytest.raises(UserError, match="does not exist; create it"):
        files.check_target(tmp_path / "missing" / "x.ics", "invite")


def test_an_appended_file_is_0600_keeps_what_was_there_and_never_follows_a_link(
    tmp_path, open_umask
):
    log = tmp_path / "replaced-notes.txt"
    for entry in (b"first\n", b"second\n"):
        fd = files.open_private_append(log)
        os.write(fd, entry)
        os.close(fd)
    assert log.read_bytes() == b"first\nsecond\n" and mode(log) == 0o600
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep me")
    (tmp_path / "planted.txt").symlink_to(victim)
    with pytest.raises(OSError):
        files.open_private_append(tmp_path / "planted.txt")
    assert victim.read_bytes() == b"keep me"


def test_a_long_name_in_any_script_can_be_written(tmp_path):
    """Switched off: the temporary name cut to 80 characters rather than bytes. A name of
    80 characters that are 3 bytes each (Japanese, say) fits the 255-byte limit, but its
    temporary name did not, and the export failed with 'File name too long'."""
    name = "面談記録" * 20 + ".csv"  # 244 bytes
    assert len(os.fsencode(name)) <= 255
    target = files.write_private(tmp_path / name, b"the export")
    assert target.read_bytes() == b"the export" and mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
