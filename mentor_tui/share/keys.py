"""The pair's secret keys: the pseudonym key and the bundle signing key.

A pseudonym is HMAC-SHA256(key, "<kind>:<id>") cut to 20 hex digits (80 bits). The key is 32
random bytes in a 0600 file in the data directory, made on the first export and never
exported, so a pair keeps its pseudonyms across exports and nobody without the key can go
from a pseudonym back to a row (or test a guess). Whoever holds the key can: that is why
this is pseudonymous data, not anonymous data (see docs/coordinator.md).

The signing key is an Ed25519 private key (its 32 raw bytes) in `signing.key` beside the
pseudonym key, made the same way (0600, on the first export, never exported). Every bundle is
signed with it; the coordinator pins its public key per source, so nobody else can send a
bundle in the pair's name.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from mentor_tui import files
from mentor_tui.core.errors import UserError

KEY_FILE = "anonymization.key"
SIGNING_KEY_FILE = "signing.key"
KEY_BYTES = 32
PSEUDONYM_HEX = 20


def load_or_create_key(path: Path) -> bytes:
    """Read the key, or make it (0600, whatever the umask) if there is none yet."""
    return _load_or_create_secret(
        Path(path),
        "The anonymization key {path} is damaged; restore it from a backup, or move it "
        "away to start new pseudonyms (the coordinator will then see your pairs as new).",
    )


def load_or_create_signing_key(path: Path) -> Ed25519PrivateKey:
    """The Ed25519 key bundles are signed with: read it, or make it (0600) on first use."""
    raw = _load_or_create_secret(
        Path(path),
        "The bundle signing key {path} is damaged; restore it from a backup (a new key "
        "must be enrolled with your coordinator again before they accept your bundles).",
    )
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_hex(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The raw 32-byte public key as 64 lower-case hex digits (as bundles carry it)."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def fingerprint(public_hex: str) -> str:
    """A short, readable fingerprint of a public key to compare over the phone."""
    digest = hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:16].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def _load_or_create_secret(path: Path, damaged: str) -> bytes:
    path = Path(path)
    if not path.exists():
        key = secrets.token_bytes(KEY_BYTES)
        try:
            files.create_private(path, key)
        except FileExistsError:
            if not path.exists():
                raise files.broken_link(path) from None
            return _load_or_create_secret(path, damaged)  # another export won the race
        return key
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise UserError(damaged.format(path=path))
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
