"""`mentor-tui people keys add|list|remove`, through the real command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from live.live_pair import make_shared

from mentor_tui.store import open_store

needs_keygen = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="ssh-keygen (openssh-client) is not installed"
)


def run(db: Path, *args: str, stdin: str | None = None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mentor_tui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        timeout=60,
    )


def keygen(tmp_path: Path, name: str, *opts: str) -> Path:
    path = tmp_path / name
    subprocess.run(
        ["ssh-keygen", "-q", "-N", "", "-C", f"{name}@laptop", "-f", str(path), *opts], check=True
    )
    return path


def fingerprint(pub: Path) -> str:
    out = subprocess.run(["ssh-keygen", "-l", "-f", str(pub)], capture_output=True, text=True)
    return out.stdout.split()[1]


@needs_keygen
def test_add_list_remove(db_path, tmp_path, cli_env):
    make_shared(db_path)
    key = keygen(tmp_path, "sam", "-t", "ed25519")
    fp = fingerprint(key.with_suffix(".pub"))

    added = run(db_path, "people", "keys", "add", "sam mentee", str(key.with_suffix(".pub")), env=cli_env)
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == f"Added ssh-ed25519 key {fp} for Sam Mentee."

    again = run(db_path, "people", "keys", "add", "Sam Mentee", str(key.with_suffix(".pub")), env=cli_env)
    assert again.returncode == 0
    assert "nothing changed" in again.stdout

    listed = run(db_path, "people", "keys", "list", env=cli_env)
    assert listed.returncode == 0
    header, row = listed.stdout.splitlines()
    assert header.split() == ["ID", "PERSON", "TYPE", "FINGERPRINT", "COMMENT", "ADDED"]
    assert "Sam Mentee" in row and fp in row and "sam@laptop" in row

    as_json = json.loads(run(db_path, "people", "keys", "list", "--json", env=cli_env).stdout)
    assert [(k["fingerprint"], k["person_name"], k["algorithm"]) for k in as_json] == [
        (fp, "Sam Mentee", "ssh-ed25519")
    ]
    assert as_json[0]["public_key"] == " ".join(
        key.with_suffix(".pub").read_text().split()[:2]
    )
    only_rosa = run(db_path, "people", "keys", "list", "Dr Rosa Mentor", env=cli_env)
    assert only_rosa.stdout.startswith("No keys yet")

    removed = run(db_path, "people", "keys", "remove", fp[:14], env=cli_env)
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.strip() == f"Removed ssh-ed25519 key {fp} of Sam Mentee."
    repo = open_store(db_path)
    assert repo.keys.list() == []
    # Adding and removing keys are on the change log like every other write.
    assert [c.op for c in repo.changes_since(0, limit=10_000) if c.table == "person_keys"] == [
        "insert",
        "delete",
    ]
    repo.close()


@needs_keygen
def test_a_key_lets_in_only_one_person_and_stdin_works(db_path, tmp_path, cli_env):
    make_shared(db_path)
    pub = keygen(tmp_path, "shared", "-t", "ed25519").with_suffix(".pub")
    ok = run(db_path, "people", "keys", "add", "Sam Mentee", "-", stdin=pub.read_text(), env=cli_env)
    assert ok.returncode == 0, ok.stderr
    taken = run(db_path, "people", "keys", "add", "Dr Rosa Mentor", str(pub), env=cli_env)
    assert taken.returncode == 1
    assert taken.stderr.strip().splitlines() == [
        f"mentor-tui: That key ({fingerprint(pub)}) already belongs to Sam Mentee; "
        "a key can let in only one person."
    ]


@needs_keygen
def test_bad_key_files_are_one_clear_line(db_path, tmp_path, cli_env):
    make_shared(db_path)
    private = keygen(tmp_path, "priv", "-t", "ed25519")
    weak = keygen(tmp_path, "weak", "-t", "rsa", "-b", "1024").with_suffix(".pub")
    garbage = tmp_path / "notes.txt"
    garbage.write_text("hello, this is not a key\n")
    two = tmp_path / "two.pub"
    two.write_text(
        private.with_suffix(".pub").read_text() + weak.read_text()
    )
    cases = {
        str(private): "is a private key; give the public one",
        str(weak): "1024-bit RSA key, too short",
        str(garbage): "is not an SSH public key",
        str(two): "holds 2 lines; add one public key at a time",
        str(tmp_path / "missing.pub"): "There is no file",
        str(tmp_path): "is a folder",
    }
    for path, expected in cases.items():
        result = run(db_path, "people", "keys", "add", "Sam Mentee", path, env=cli_env)
        assert result.returncode == 1, (path, result.stdout)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("mentor-tui: "), lines
        assert expected in lines[0], lines
    nobody = run(db_path, "people", "keys", "add", "Nobody", str(private) + ".pub", env=cli_env)
    assert nobody.returncode == 1
    assert "Nobody called" in nobody.stderr
    unknown = run(db_path, "people", "keys", "remove", "SHA256:doesnotexist", env=cli_env)
    assert unknown.returncode == 1
    assert "No registered key matches" in unknown.stderr
    usage = run(db_path, "people", "keys", "add", "Sam Mentee", env=cli_env)
    assert usage.returncode == 2


def test_the_group_is_listed_under_people(db_path, cli_env):
    result = run(db_path, "people", "--help", env=cli_env)
    assert result.returncode == 0
    assert "keys" in result.stdout
    empty = run(db_path, "people", "keys", "list", env=cli_env)
    assert empty.returncode == 0
    assert empty.stdout.startswith("No keys yet")
