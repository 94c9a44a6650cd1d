"""Reading a person's SSH public key file, with one clear sentence for each way it can be wrong."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import asyncssh

from mentor_tui.core.errors import UserError

# DSA is limited to 1024 bits and OpenSSH itself stopped accepting it.
REFUSED_ALGORITHMS = {"ssh-dss": "DSA keys are too weak and OpenSSH no longer accepts them"}
MIN_RSA_BITS = 2048


@dataclass(frozen=True)
class ParsedKey:
    algorithm: str
    fingerprint: str  # SHA256:..., as `ssh-keygen -l` prints it
    public_key: str  # "ALGORITHM BASE64", no comment
    comment: str


def describe(key: asyncssh.SSHKey, comment: str | None = None) -> ParsedKey:
    algorithm = key.get_algorithm()
    text = key.export_public_key("openssh").decode("ascii").split()
    return ParsedKey(
        algorithm=algorithm,
        fingerprint=key.get_fingerprint("sha256"),
        public_key=" ".join(text[:2]),
        comment=(comment if comment is not None else key.get_comment() or "").strip(),
    )


def parse_public_key(data: bytes | str, source: str = "the key") -> ParsedKey:
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
    text = raw.decode("utf-8", "replace")
    if "PRIVATE KEY" in text:
        raise UserError(
            f"{source} is a private key; give the public one (usually the same name with .pub)."
        )
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise UserError(f"{source} is empty; give an SSH public key file such as ~/.ssh/id_ed25519.pub.")
    if len(lines) > 1 and not text.lstrip().startswith("---- BEGIN"):
        raise UserError(f"{source} holds {len(lines)} lines; add one public key at a time.")
    if "-cert-v01@openssh.com" in lines[0]:
        raise UserError(f"{source} is an SSH certificate; give the plain public key.")
    try:
        key = asyncssh.import_public_key(raw)
    except (asyncssh.KeyImportError, ValueError, TypeError) as exc:
        raise UserError(
            f"{source} is not an SSH public key ({exc}); give a file like ~/.ssh/id_ed25519.pub."
        ) from exc
    algorithm = key.get_algorithm()
    if algorithm in REFUSED_ALGORITHMS:
        raise UserError(f"{source}: {REFUSED_ALGORITHMS[algorithm]}; use an ed25519 key.")
    if algorithm == "ssh-rsa":
        bits = getattr(getattr(key, "pyca_key", None), "key_size", None)
        if bits is not None and bits < MIN_RSA_BITS:
            raise UserError(
                f"{source} is a {bits}-bit RSA key, too short to be safe; use an ed25519 key "
                "(ssh-keygen -t ed25519)."
            )
    return describe(key)


def read_public_key_file(path: str | Path) -> ParsedKey:
    path = Path(path).expanduser()
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a public key file such as ~/.ssh/id_ed25519.pub.")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"There is no file {path}; give a public key file such as ~/.ssh/id_ed25519.pub.") from None
    except PermissionError:
        raise UserError(f"{path} cannot be read; check its permissions.") from None
    if len(data) > 64 * 1024:
        raise UserError(f"{path} is too big to be an SSH public key.")
    return parse_public_key(data, str(path))
