"""A real `mentor-tui serve` on 127.0.0.1 and the real OpenSSH client, for the tests of
tests/server (what serve does) and tests/security (attacks on it): the server with a pair, a
mentee's key and a mentorship they are no part of; a variant with a private HOME and sftp; a
private tmux beside it; and the marks for a test that needs OpenSSH."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from live.live_pair import make_shared
from tmux_terminal import Tmux

from mentor_tui.core.models import Member, Mentorship, Person, Role
from mentor_tui.store import open_store

# A module's `pytestmark`, or a test's marks through openssh(): without the client (ssh,
# sftp, ssh-keygen) the test is skipped, saying what to install.
needs_openssh = [
    pytest.mark.ssh,
    pytest.mark.skipif(
        any(shutil.which(tool) is None for tool in ("ssh", "sftp", "ssh-keygen")),
        reason="the OpenSSH client (ssh, sftp, ssh-keygen) is not installed: "
        "apt-get install openssh-client",
    ),
]

MENTOR_TUI = [sys.executable, "-m", "mentor_tui"]


def openssh(test):
    """The needs_openssh marks on one test (when the rest of its module needs no ssh)."""
    for mark in needs_openssh:
        test = mark(test)
    return test


def wait_for(check, timeout: float = 30.0, interval: float = 0.1, what: str = "condition"):
    """Poll `check` until it returns something true, and return that. The deadline is
    generous (a server, ssh and an app start on a busy 2-core machine); polling returns as
    soon as the check holds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(interval)


# What both OpenSSH clients are told: no config, no known hosts, no agent, one key.
CLIENT_OPTIONS = [
    "-o", "StrictHostKeyChecking=no",
    "-o", "UserKnownHostsFile=/dev/null",
    "-o", "LogLevel=ERROR",
    "-o", "IdentitiesOnly=yes",
    "-o", "IdentityAgent=none",
    "-o", "ConnectTimeout=10",
]  # fmt: skip


class Server:
    def __init__(self, root: Path, *serve_args: str, env: dict[str, str] | None = None):
        self.root = root
        self.env = dict(os.environ)
        self.env.update(
            LANG="C.UTF-8",
            XDG_DATA_HOME=str(root / "data"),
            XDG_CONFIG_HOME=str(root / "config"),
            XDG_STATE_HOME=str(root / "state"),
        )
        self.env.update(env or {})
        self.env.pop("MENTOR_TUI_DB", None)
        self.db = root / "pair.db"
        self.shared = make_shared(self.db)
        # A second mentorship the mentee is no part of: they must never see it.
        repo = open_store(self.db)
        other = repo.people.add(Person("Pat Elsewhere"))
        repo.mentorships.add(
            Mentorship(
                "Olga & Pat",
                members=[
                    Member(self.shared.outsider_id, Role.MENTOR),
                    Member(other.id, Role.MENTEE),
                ],
            )
        )
        repo.close()
        self.key = self.keygen("sam")
        self.stranger_key = self.keygen("stranger")
        self.cli("people", "keys", "add", "Sam Mentee", f"{self.key}.pub")
        self.data_dir = root / "data" / "mentor-tui"
        self.proc = subprocess.Popen(
            [*MENTOR_TUI, "--db", str(self.db), "serve", "--port", "0", *serve_args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.banner = []
        self.port = 0
        for line in self.proc.stdout:
            self.banner.append(line)
            found = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
            if found:
                self.port = int(found.group(1))
            if line.startswith("Connect:"):
                break
        if not self.port:
            raise AssertionError("serve did not start: " + self.proc.stderr.read())

    def keygen(self, name: str) -> Path:
        path = self.root / f"id_{name}"
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(path)],
            check=True,
        )
        return path

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*MENTOR_TUI, "--db", str(self.db), *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )

    def ssh_args(self, key: Path | None, *extra: str) -> list[str]:
        args = [
            "ssh",
            "-F", "/dev/null",
            "-p", str(self.port),
            *CLIENT_OPTIONS,
        ]
        if key is not None:
            args += ["-i", str(key)]
        return [*args, *extra]

    def ssh(self, key: Path | None, *extra: str, command: tuple[str, ...] = ()):
        return subprocess.run(
            [*self.ssh_args(key, "-o", "BatchMode=yes", *extra), "someone@127.0.0.1", *command],
            capture_output=True,
            text=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
        )

    def log(self) -> str:
        return (self.data_dir / "serve.log").read_text()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def terminal_for(server: Server, folder: Path):
    """A private tmux server beside `server`, killed when the test is done (a generator for
    a fixture to yield from)."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed: apt-get install tmux")
    env = dict(server.env)
    env.pop("TMUX", None)
    term = Tmux(folder, env)
    try:
        yield term
    finally:
        term.kill_server()


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
            *CLIENT_OPTIONS,
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
