"""Private files: readable by their owner only (0600, folders 0700), written whole or not at all.

Every file the app writes that holds someone's data goes through here: exports, bundles,
reports, follow-ups and invites, the outbox, keys, tokens, rescue and crash files, the
database file itself when it is created. Two ways in, and a third for the files that only
ever grow (`open_private_append`: a log, the replaced-notes file):

- `write_private` replaces a file atomically: the bytes go to a temporary file with a unique
  name in the same folder, created 0600, flushed to disk (fsync), renamed over the target,
  and the folder is flushed so the rename survives a power cut. A reader never sees half a
  file; a failure (a full disk, an exception half-way) leaves the old file as it was and no
  temporary file behind.
- `create_private` makes a new file that must not exist yet (O_EXCL: a race or a planted
  symlink raises FileExistsError instead of being followed), 0600, flushed to disk.

Both turn a full disk or a folder that cannot be written into one sentence (UserError).
Outside the layers (docs/architecture.md): it imports only `core` and `paths`, so every
layer that writes files can use it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from mentor_tui import paths
from mentor_tui.core.errors import UserError

PRIVATE_FILE = 0o600


def check_target(path: str | os.PathLike[str], what: str = "file") -> Path:
    """The path to write, refused early (before anything is rendered) when it cannot be."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name for the {what}.")
    folder = _folder(target)
    if not folder.is_dir():
        raise UserError(f"The folder {folder} does not exist; create it or choose another path.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"Cannot write in {folder}; check its permissions or choose another path.")
    return target


def write_private(
    path: str | os.PathLike[str],
    data: bytes | Iterable[bytes],
    *,
    what: str = "file",
    follow_folder_link: bool = True,
) -> Path:
    """Replace `path` with `data` (bytes, or chunks of bytes), 0600, atomically.

    Every step works relative to the folder, opened once: a file or link renamed in
    meanwhile cannot redirect the write, and a symlink at `path` is replaced, never
    followed. `follow_folder_link=False` refuses a folder that is itself a link (the outbox
    under `serve`, where the folder must be the one the server made).
    """
    target = check_target(path, what)
    folder = _folder(target)
    flags = os.O_RDONLY | os.O_DIRECTORY | (0 if follow_folder_link else os.O_NOFOLLOW)
    try:
        dir_fd = os.open(folder, flags)
    except OSError as exc:
        raise _sentence(exc, target) from exc
    try:
        temp = f".{_prefix(target.name)}.{os.urandom(8).hex()}.part"
        try:
            _write_new(temp, dir_fd, [data] if isinstance(data, bytes) else data)
            existing = _lstat(target.name, dir_fd)
            if existing is not None and stat.S_ISDIR(existing.st_mode):
                raise UserError(f"{target} is a folder; give a file name for the {what}.")
            os.replace(temp, target.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=dir_fd)
            if isinstance(exc, OSError):
                raise _sentence(exc, target) from exc
            raise
        # The rename is in the folder's entry: flush it too, or a power cut can undo it.
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return target


def create_private(path: str | os.PathLike[str], data: bytes = b"") -> Path:
    """Create `path` holding `data`, 0600 whatever the umask, in a 0700 folder if it is new.

    Raises FileExistsError if anything (a file, a link) is already there: the caller decides
    whether someone else won a race or the name is taken.
    """
    target = Path(path).expanduser()
    folder = paths.ensure_private_dir(_folder(target))
    try:
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise _sentence(exc, target) from exc
    try:
        try:
            _write_new(target.name, dir_fd, [data])
        except FileExistsError:
            raise
        except OSError as exc:
            raise _sentence(exc, target, "created") from exc
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return target


def broken_link(path: Path) -> UserError:
    """For a caller of create_private that found the name taken (FileExistsError) and
    nothing to read there: a link to nothing, which retrying would never get past."""
    return UserError(f"{path} is a link to nothing; remove it and try again.")


def open_private_append(path: str | os.PathLike[str]) -> int:
    """A descriptor to append to `path`, created 0600 if new (a log, the replaced-notes file).

    Appending is the one write that does not replace: each entry goes to the end, and what
    was there stays. A symlink at `path` is refused, never followed.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)  # also an older file made looser by hand
    except BaseException:
        os.close(fd)
        raise
    return fd


def sync_folder(folder: str | os.PathLike[str]) -> None:
    """Flush a folder's entries to disk, so a rename into it survives a power cut."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_new(name: str, dir_fd: int, chunks: Iterable[bytes]) -> None:
    """Write a file that must not exist yet, 0600, and flush it to disk; on any failure
    the file this call created is removed (one that was already there is never touched)."""
    fd = os.open(
        name, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, PRIVATE_FILE, dir_fd=dir_fd
    )
    try:
        # The umask can only take bits away, but a umask of 0200 would leave it 0400.
        os.fchmod(fd, PRIVATE_FILE)
        for chunk in chunks:
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=dir_fd)
        raise
    os.close(fd)


def _prefix(name: str, limit: int = 80) -> str:
    """The start of `name` in at most `limit` bytes: a name's limit (255) is in bytes, and a
    character outside ASCII takes up to four of them."""
    return os.fsencode(name)[:limit].decode("utf-8", "ignore")


def _folder(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def _lstat(name: str, dir_fd: int) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None


def _sentence(exc: OSError, target: Path, done: str = "changed") -> UserError:
    """One sentence for a failed write; what was there before is always left as it was."""
    folder = _folder(target)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return UserError(
            f"The disk holding {folder} is full; free some space and try again "
            f"({target.name} was not {done})."
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return UserError(
            f"Cannot write in {folder} (read-only or not yours); choose another folder "
            f"({target.name} was not {done})."
        )
    if exc.errno == errno.ENOENT:
        return UserError(f"The folder {folder} does not exist; create it or choose another path.")
    if exc.errno in (errno.ELOOP, errno.ENOTDIR):
        return UserError(f"{folder} is not a plain folder (a link?); choose another path.")
    if exc.errno == errno.EISDIR:
        return UserError(f"{target} is a folder; give a file name.")
    return UserError(f"Could not write {target}: {exc.strerror or exc}.")
