"""A registered person over serve: SFTP reads and lists their own outbox, and nothing else.

Real `sftp` (and `scp`) against the real server. Each refused command is run alone, since
sftp's batch mode stops at the first failure.
"""

from __future__ import annotations

import subprocess

import pytest
from serve_kit import SecureServer, files_under, needs_openssh

from mentor_tui import outbox

pytestmark = needs_openssh

NOTE = b"Subject: follow-up\r\n\r\nSee you on Monday.\r\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = SecureServer(tmp_path_factory.mktemp("serve-sftp"))
    sam = outbox.outbox_dir(srv.data_dir, srv.shared.mentee_id)
    outbox.save(sam, "notes.eml", NOTE)
    rosa = outbox.outbox_dir(srv.data_dir, srv.shared.mentor_id)
    outbox.save(rosa, "rosa-private.eml", b"Rosa's own file\n")
    (srv.data_dir / "secret.txt").write_text("the operator's file\n")
    # Links the app never makes, planted as if by someone with a shell on the host:
    # following them would read outside the outbox.
    (sam / "passwd-link").symlink_to("/etc/passwd")
    (sam / "rosa-link").symlink_to(rosa)
    (sam / "up-link").symlink_to("..")
    yield srv
    srv.stop()


def snapshot(root) -> dict:
    """Every file's mode and bytes (a link's target), to see that nothing changed."""
    seen = {}
    for path in files_under(root):
        info = path.lstat()
        body = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        seen[path] = (info.st_mode, body, path.readlink() if path.is_symlink() else None)
    return seen


@pytest.fixture
def work(tmp_path):
    (tmp_path / "upload.txt").write_text("not allowed in\n")
    return tmp_path


def test_a_file_in_the_outbox_downloads(server, work):
    result = server.sftp_batch(server.key, "get notes.eml fetched.eml", cwd=work)
    assert result.returncode == 0, result.stderr
    assert (work / "fetched.eml").read_bytes() == NOTE


def test_listing_shows_the_outbox_files_only(server, work):
    result = server.sftp_batch(server.key, "ls -1", "ls -1 ..", "ls -1 /", cwd=work)
    assert result.returncode == 0, result.stderr
    listed = {
        line.strip() for line in result.stdout.splitlines()
        if line.strip() and not line.startswith("sftp>")
    }
    assert listed == {"notes.eml", "../notes.eml", "/notes.eml"}


@pytest.mark.parametrize(
    "command",
    [
        pytest.param("put upload.txt", id="put"),
        pytest.param("put upload.txt notes.eml", id="put-over"),
        pytest.param("put upload.txt ../escaped.txt", id="put-dotdot"),
        pytest.param("mkdir newdir", id="mkdir"),
        pytest.param("rm notes.eml", id="rm"),
        pytest.param("rename notes.eml moved.eml", id="rename"),
        pytest.param("chmod 666 notes.eml", id="chmod"),
        pytest.param("ln -s notes.eml alias.eml", id="symlink"),
        pytest.param("ln notes.eml hard.eml", id="hardlink"),
        pytest.param("get ../secret.txt", id="get-dotdot"),
        pytest.param("get /etc/passwd", id="get-absolute"),
        pytest.param("get passwd-link", id="get-through-link"),
        pytest.param("get rosa-link/rosa-private.eml", id="get-through-dir-link"),
        pytest.param("get up-link/secret.txt", id="get-through-up-link"),
        pytest.param("ls /etc", id="ls-absolute"),
        pytest.param("ls rosa-link", id="ls-through-link"),
        pytest.param("ls up-link", id="ls-up-link"),
        pytest.param("df", id="statvfs"),
    ],
)
def test_every_change_and_every_way_out_is_refused(server, work, command):
    before = snapshot(server.root)
    result = server.sftp_batch(server.key, command, cwd=work)
    assert result.returncode != 0, f"{command!r} succeeded:\n{result.stdout}"
    # Nothing secret reached the client, and nothing on the server changed.
    fetched = {p.name for p in work.iterdir()} - {"upload.txt", "batch.sftp"}
    assert fetched == set(), fetched
    assert "root:" not in result.stdout and "operator" not in result.stdout
    after = snapshot(server.root)
    changed = {p for p in after if before.get(p, "new") != after[p] and p.name != "serve.log"}
    assert changed == set(), changed


def test_another_person_sees_their_own_outbox(server, work):
    result = server.sftp_batch(server.rosa_key, "ls -1", "get notes.eml", cwd=work)
    assert "rosa-private.eml" in result.stdout
    assert result.returncode != 0  # Sam's file is not in Rosa's outbox
    assert not (work / "notes.eml").exists()


def _scp(server, key, *args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            "scp", "-F", "/dev/null", "-P", str(server.port),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
            "-o", "BatchMode=yes", "-i", str(key), *args,
        ],
        capture_output=True, text=True, timeout=60, cwd=cwd, stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("legacy", [False, True], ids=["scp-over-sftp", "scp-legacy"])
def test_scp_downloads_and_cannot_upload(server, work, legacy):
    mode = ["-O"] if legacy else []
    got = _scp(server, server.key, *mode, "someone@127.0.0.1:notes.eml", "scp.eml", cwd=work)
    assert got.returncode == 0, got.stderr
    assert (work / "scp.eml").read_bytes() == NOTE
    sent = _scp(server, server.key, *mode, "upload.txt", "someone@127.0.0.1:up.txt", cwd=work)
    assert sent.returncode != 0
    assert not (server.outbox(server.shared.mentee_id) / "up.txt").exists()
    out = _scp(server, server.key, *mode, "someone@127.0.0.1:/etc/passwd", "pw", cwd=work)
    assert out.returncode != 0 and not (work / "pw").exists()


def test_the_outbox_is_as_it_was(server):
    sam = server.outbox(server.shared.mentee_id)
    assert (sam / "notes.eml").read_bytes() == NOTE
    assert sorted(p.name for p in sam.iterdir()) == [
        "notes.eml", "passwd-link", "rosa-link", "up-link"
    ]
