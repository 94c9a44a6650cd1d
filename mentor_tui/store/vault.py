"""Private content at rest: sealed with a key only its author can unwrap.

Each person with a passphrase has a random 256-bit data key. It is stored only wrapped: once
by the key-encryption key their passphrase derives (core/passphrase.py), once by a key derived
from a one-time recovery code. Private text is sealed with AES-256-GCM from `cryptography`
(a reviewed AEAD; never a hand-made cipher) under the data key, with associated data naming
the row and its author, so a ciphertext copied to another row or author fails to open.

`cryptography` and the key derivation (core/passphrase.py: hashlib, hmac) are imported on
first use: most launches never seal or open anything before the first screen, and Home only
asks `is_sealed`.
"""

from __future__ import annotations

import base64
import os
from typing import TYPE_CHECKING, TypeGuard

from mentor_tui.core.errors import UserError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from mentor_tui.core import passphrase as pp

# Sealed text in a TEXT column: a prefix no typed note starts with (NUL is not typeable).
SEALED = "\x00sealed:v1:"
NONCE_BYTES = 12
KEY_BYTES = 32
# A recovery code: 20 random bytes as 8 groups of base32, easy to write down and type back.
RECOVERY_GROUPS = 8


class VaultError(UserError):
    """A private value that cannot be opened (wrong key, changed on disk, missing key)."""


def _aead(key: bytes) -> AESGCM:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def new_data_key() -> bytes:
    return os.urandom(KEY_BYTES)


def is_sealed(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and value.startswith(SEALED)


def seal(key: bytes, text: str, context: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = _aead(key).encrypt(nonce, text.encode("utf-8"), context.encode("utf-8"))
    return SEALED + base64.b64encode(nonce + sealed).decode("ascii")


def open_sealed(key: bytes, value: str, context: str) -> str:
    from cryptography.exceptions import InvalidTag

    try:
        raw = base64.b64decode(value[len(SEALED) :], validate=True)
        text = _aead(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode("utf-8"))
        return text.decode("utf-8")
    except (InvalidTag, ValueError, UnicodeDecodeError) as exc:
        raise VaultError(
            "A private note could not be opened: it was changed outside mentor-tui or belongs "
            "to another key; it was left as it is."
        ) from exc


def note_context(note_id: str, author_id: str) -> str:
    return f"note|{note_id}|{author_id}"


def rating_context(rating_id: str, person_id: str) -> str:
    return f"rating|{rating_id}|{person_id}"


def key_context(person_id: str, how: str) -> str:
    return f"data-key|{how}|{person_id}"


def wrap(kek: bytes, data_key: bytes, context: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    return (nonce + _aead(kek).encrypt(nonce, data_key, context.encode())).hex()


def unwrap(kek: bytes, wrapped_hex: str, context: str) -> bytes:
    from cryptography.exceptions import InvalidTag

    try:
        raw = bytes.fromhex(wrapped_hex)
        return _aead(kek).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
    except (InvalidTag, ValueError) as exc:
        raise VaultError(
            "Your key could not be opened with that; nothing was changed."
        ) from exc


def new_recovery_code() -> str:
    # os.urandom is what secrets.token_bytes reads; secrets would import hashlib and hmac.
    raw = base64.b32encode(os.urandom(20)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def recovery_kek(code: str, params: pp.KdfParams) -> bytes:
    from mentor_tui.core import passphrase as pp  # first use (see the module docstring)

    return pp.derive(normalise_recovery_code(code), params).key
