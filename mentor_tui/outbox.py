"""A person's outbox: the one folder the app may write to when it runs under `serve`.

Under `serve` no typed path reaches the file system (docs/architecture.md): a file is saved by name
into `<data dir>/outbox/<person id>`, and leaves through read-only SFTP with the same key.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import unicodedata
from pathlib import Path

from mentor_tui import paths
from mentor_tui.core.errors import UserError

MAX_NAME = 120
# Person ids are the store's hex ids; anything else must not become a folder name.
_PERSON_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def outbox_dir(data_dir: Path, person_id: str) -> Path:
    """`<data_dir>/outbox/<person_id>`, created 0700 (and its parent too)."""
    if not _PERSON_ID.fullmatch(person_id):
        raise UserError("That person has no outbox; their id is not a valid one.")
    root = paths.ensure_private_dir(Path(data_dir) / "outbox")
    return paths.ensure_private_dir(root / person_id)


def check_name(name: str) -> str:
    """The name as it will be saved, or a UserError saying what a name may be."""
    name = name.strip()
    if not name:
        raise UserError("Type a file name, for example followup.eml.")
    if "/" in name or "\\" in name:
        raise UserError(
            f"Give a file name only, without a folder (for example {_example(name)}); "
            "it is saved in your outbox."
        )
    if name.startswith(".") or ".." in name:
        raise UserError("A file name cannot start with a dot or contain '..'.")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise UserError("A file name cannot contain control or invisible characters.")
    if len(name) > MAX_NAME or len(name.encode("utf-8")) > 240:
        raise UserError(f"A file name can be at most {MAX_NAME} characters long.")
    return name


def _example(typed: str) -> str:
    tail = re.split(r"[/\\]", typed)[-1].lstrip(".")
    try:
        return check_name(tail)
    except UserError:
        return "followup.eml"


def save(outbox: Path, name: str, data: bytes) -> Path:
    """Write `data` as `name` in `outbox`: 0600, atomically, never through a symlink.

    The folder is opened without following links and every step works relative to that
    handle, so nothing renamed or linked in meanwhile can redirect the write.
    """
    name = check_name(name)
    dir_fd = os.open(outbox, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        tmp = f".{secrets.token_hex(8)}.tmp"
        fd = os.open(
            tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600, dir_fd=dir_fd
        )
        try:
            try:
                os.fchmod(fd, 0o600)
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            existing = _lstat(name, dir_fd)
            if existing is not None and stat.S_ISDIR(existing.st_mode):
                raise UserError(f"{name} is a folder in your outbox; choose another name.")
            # rename replaces a symlink itself, never the file it points to.
            os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dir_fd)
            raise
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return Path(outbox) / name


def _lstat(name: str, dir_fd: int) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None


def exists(outbox: Path, name: str) -> bool:
    """Whether `name` is already in the outbox (a save would replace it)."""
    try:
        return (Path(outbox) / check_name(name)).exists()
    except UserError:
        return False
