"""Writing files that hold personal notes: owner-only (0600), atomically, or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from mentor_tui.core.errors import UserError


def check_target(path: str | os.PathLike[str]) -> Path:
    """The path to write, refused early (before any rendering) when it cannot be written."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise UserError(
            f"{target} is a folder; give a file name, for example {target / 'followup.eml'}."
        )
    parent = target.parent
    if not parent.is_dir():
        raise UserError(f"The folder {parent} does not exist; create it or choose another path.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UserError(f"Cannot write in {parent}; check its permissions or choose another path.")
    return target


def write_private(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` to a 0600 temporary file beside `path`, then rename it over `path`.

    A reader never sees half a file, and a failure leaves any earlier file untouched.
    """
    target = check_target(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target
