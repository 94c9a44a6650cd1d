"""The pair's secret key and the pseudonyms it makes.

A pseudonym is HMAC-SHA256(key, "<kind>:<id>") cut to 20 hex digits (80 bits). The key is 32
random bytes in a 0600 file in the data directory, made on the first export and never
exported, so a pair keeps its pseudonyms across exports and nobody without the key can go
from a pseudonym back to a row (or test a guess). Whoever holds the key can: that is why
this is pseudonymous data, not anonymous data (see docs/coordinator.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from mentor_tui.core.errors import UserError

KEY_FILE = "anonymization.key"
KEY_BYTES = 32
PSEUDONYM_HEX = 20


def load_or_create_key(path: Path) -> bytes:
    """Read the key, or make it (0600, whatever the umask) if there is none yet."""
    path = Path(path)
    if not path.exists():
        if not path.parent.exists():
            old = os.umask(0o077)
            try:
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            finally:
                os.umask(old)
        key = secrets.token_bytes(KEY_BYTES)
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return load_or_create_key(path)  # another export won the race; use theirs
        try:
            os.write(fd, key)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(path, 0o600)
        return key
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise UserError(
            f"The anonymization key {path} is damaged; restore it from a backup, or move it "
            "away to start new pseudonyms (the coordinator will then see your pairs as new)."
        )
    with contextlib.suppress(OSError):
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    return key


class Pseudonymizer:
    def __init__(self, key: bytes):
        if len(key) < 16:
            raise ValueError("the anonymization key is too short")
        self._key = key
        self._cache: dict[tuple[str, str], str] = {}

    def __call__(self, kind: str, value: str) -> str:
        cached = self._cache.get((kind, value))
        if cached is None:
            digest = hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256)
            cached = digest.hexdigest()[:PSEUDONYM_HEX]
            self._cache[(kind, value)] = cached
        return cached
