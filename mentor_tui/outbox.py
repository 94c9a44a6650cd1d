"""A person's outbox: the one folder the app may write to when it runs under `serve`.

Under `serve` no typed path reaches the file system (docs/architecture.md): a file is saved by name
into `<data dir>/outbox/<person id>`, and leaves through read-only SFTP with the same key.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from mentor_tui import files, paths
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
    handle (files.write_private), so nothing renamed or linked in meanwhile can redirect
    the write; a symlink planted at `name` is replaced, never followed.
    """
    name = check_name(name)
    return files.write_private(Path(outbox) / name, data, follow_folder_link=False)


def exists(outbox: Path, name: str) -> bool:
    """Whether `name` is already in the outbox (a save would replace it)."""
    try:
        return (Path(outbox) / check_name(name)).exists()
    except UserError:
        return False
