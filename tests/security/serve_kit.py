"""A `mentor-tui serve` for attacks: two people with keys, a private HOME, sftp helpers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_ssh import MENTOR_TUI, Server, Tmux, terminal_for, wait_for

__all__ = [
    "MENTOR_TUI", "SecureServer", "Tmux", "needs_openssh", "openssh", "terminal_for", "wait_for",
]

needs_openssh = [
    pytest.mark.ssh,
    pytest.mark.skipif(
        any(shutil.which(tool) is None for tool in ("ssh", "sftp", "ssh-keygen")),
        reason="the OpenSSH client (ssh, sftp) is not installed: apt-get install openssh-client",
    ),
]



def openssh(test):
    """The needs_openssh marks on one test (when the rest of its module needs no ssh)."""
    for mark in needs_openssh:
        test = mark(test)
    return test


class SecureServer(Server):
    """HOME points into the test's folder, so a write that escapes lands where the test
    can see it (and never in the real home)."""

    def __init__(self, root: Path, *serve_args: str) -> None:
        home = root / "home"
        home.mkdir()
        super().__init__(root, *serve_args, env={"HOME": str(home)})
        self.home = home
        self.rosa_key = self.keygen("rosa")
        self.cli("people", "keys", "add", "Dr Rosa Mentor", f"{self.rosa_key}.pub")

    def outbox(self, person_id: str) -> Path:
        return self.data_dir / "outbox" / person_id

    def sftp_args(self, key: Path, *extra: str) -> list[str]:
        return [
            "sftp",
            "-F", "/dev/null",
            "-P", str(self.port),
            "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null",
            "-o", "LogLevel=ERROR",
            "-o", "IdentitiesOnly=yes",
            "-o", "IdentityAgent=none",
            "-o", "ConnectTimeout=10",
            "-i", str(key),
            *extra,
        ]

    def sftp_batch(self, key: Path, *commands: str, cwd: Path) -> subprocess.CompletedProcess:
        """Run sftp commands in batch mode (it stops at the first one that fails)."""
        batch = cwd / "batch.sftp"
        batch.write_text("".join(f"{c}\n" for c in commands))
        return subprocess.run(
            [*self.sftp_args(key, "-b", str(batch)), "someone@127.0.0.1"],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
        )


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file() or p.is_symlink()}
