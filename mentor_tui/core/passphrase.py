"""Passphrases: what is stored to check one, and the key it also yields.

scrypt (RFC 7914) through the standard library's hashlib, which is OpenSSL's implementation,
the same one `cryptography` wraps; the domain layer keeps to the standard library. One
derivation gives 64 bytes: the first half is hashed into the stored verifier, the second half
is a key-encryption key that is never stored (it will wrap the person's data key).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

# About 0.16 s and 64 MiB on the 2-core reference machine: slow for a guesser, quick to sign in.
N = 2**16
R = 8
P = 1
SALT_BYTES = 16
MIN_LENGTH = 8
# Wrong tries before each further try has to wait, and the longest wait.
FREE_TRIES = 5
LONGEST_WAIT_SECONDS = 300.0


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    n: int = N
    r: int = R
    p: int = P

    @classmethod
    def fresh(cls) -> KdfParams:
        return cls(salt=os.urandom(SALT_BYTES))


@dataclass(frozen=True)
class Derived:
    verifier: bytes
    key: bytes


def derive(passphrase: str, params: KdfParams) -> Derived:
    raw = hashlib.scrypt(
        passphrase.encode("utf-8", "surrogatepass"),
        salt=params.salt,
        n=params.n,
        r=params.r,
        p=params.p,
        maxmem=256 * 1024 * 1024,
        dklen=64,
    )
    return Derived(verifier=hashlib.sha256(raw[:32]).digest(), key=raw[32:])


def matches(passphrase: str, params: KdfParams, verifier: bytes) -> Derived | None:
    derived = derive(passphrase, params)
    return derived if hmac.compare_digest(derived.verifier, verifier) else None


def problem(passphrase: str) -> str | None:
    """Why a new passphrase will not do, in one sentence, or None."""
    if len(passphrase) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters for a passphrase (a few words work well)."
    if passphrase.strip() != passphrase:
        return "A passphrase cannot start or end with a space."
    return None


def wait_after(failed_tries: int) -> float:
    """Seconds to wait before the next try: none for the first few, then doubling."""
    if failed_tries < FREE_TRIES:
        return 0.0
    return min(LONGEST_WAIT_SECONDS, 2.0 ** (failed_tries - FREE_TRIES + 1))
