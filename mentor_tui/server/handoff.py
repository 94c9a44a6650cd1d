"""Handing a person's identity and outbox from `serve` to the app it spawns.

The command line (`--as PERSON_ID`) can be read by anyone on the host and is only a claim;
the handoff is a one-use token naming a file only the server's account can read. The app
claims it at start, so what it is allowed to write (the outbox) comes from the key the
server checked, never from anything the client typed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from mentor_tui import files, paths

TOKEN_ENV = "MENTOR_TUI_SERVE_TOKEN"
# token_urlsafe(32) gives 43 characters; anything else is not one of ours.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")
# A handoff file never holds more than an id and a path.
_MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Handoff:
    person_id: str
    outbox: Path


def handoff_dir(data_dir: Path) -> Path:
    return data_dir / "serve" / "handoff"


def _private_dirs(data_dir: Path) -> Path:
    folder = handoff_dir(data_dir)
    paths.ensure_private_dir(folder.parent)
    paths.ensure_private_dir(folder)
    return folder


def issue(data_dir: Path, person_id: str, outbox: Path) -> str:
    """A fresh token for one app start; its file is 0600 in a 0700 folder."""
    folder = _private_dirs(data_dir)
    token = secrets.token_urlsafe(32)
    data = json.dumps({"person_id": person_id, "outbox": str(outbox)}).encode("utf-8")
    files.create_private(folder / token, data)
    return token


def claim(data_dir: Path, token: str) -> Handoff | None:
    """The handoff for `token`, once: the file is gone afterwards. None when the token is
    malformed, unknown, already used or its file is not one the server wrote."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    path = handoff_dir(data_dir) / token
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        raw = os.read(fd, _MAX_BYTES + 1)
    finally:
        os.close(fd)
    try:
        # Only one claimant can unlink: a token raced by two processes serves one of them.
        os.unlink(path)
    except FileNotFoundError:
        return None
    if len(raw) > _MAX_BYTES:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        person_id, outbox = data["person_id"], data["outbox"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(person_id, str) or not isinstance(outbox, str) or not person_id:
        return None
    return Handoff(person_id=person_id, outbox=Path(outbox))


def discard(data_dir: Path, token: str) -> None:
    """Drop a token the app never claimed (it failed to start, or quit at once)."""
    if _TOKEN.fullmatch(token):
        with contextlib.suppress(OSError):
            os.unlink(handoff_dir(data_dir) / token)
