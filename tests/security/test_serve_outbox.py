"""Under serve no typed path reaches the file system: files go by name into the outbox.

Unit tests of the name rules, the atomic no-symlink save and the one-use handoff; then
the real app over real ssh, where Save as is given names that try to write elsewhere.
"""

from __future__ import annotations

import json
import shlex
import stat
import subprocess
import sys

import pytest
from serve_kit import SecureServer, files_under, openssh, terminal_for, wait_for
from tmux_terminal import Tmux

from mentor_tui import outbox
from mentor_tui.core.errors import UserError
from mentor_tui.server import handoff
from mentor_tui.share.anonymize import PROGRAMME_SETTING
from mentor_tui.store import open_store

# -- the name rules ---------------------------------------------------------------------------

HOSTILE = [
    "../x",
    "~/.bashrc",
    "/tmp/x",
    ".hidden",
    "..",
    ".",
    "a/b.eml",
    "a\\b.eml",
    "x..eml/..",
    "notes\x00.eml",
    "notes\x1b[31m.eml",
    "notes\n.eml",
    "\u202egpj.exe",  # right-to-left override: shows as exe.jpg
    "x" * (outbox.MAX_NAME + 1),
    "",
    "   ",
]


@pytest.mark.parametrize("name", HOSTILE, ids=repr)
def test_a_name_that_could_leave_the_outbox_is_refused_in_one_sentence(tmp_path, name):
    box = outbox.outbox_dir(tmp_path, "p1")
    with pytest.raises(UserError) as refused:
        outbox.save(box, name, b"data")
    message = str(refused.value)
    assert message.endswith(".") and "\n" not in message
    assert list(tmp_path.rglob("*")) == [tmp_path / "outbox", box]


@pytest.mark.parametrize(
    "name", ["followup-2026-03-02.eml", "nw-2025-2026-03-02.jsonl", "Plan für Łukasz.md", "a.b.c"]
)
def test_plain_names_with_extensions_are_saved_0600(tmp_path, name):
    box = outbox.outbox_dir(tmp_path, "p1")
    saved = outbox.save(box, name, b"hello")
    assert saved == box / name and saved.read_bytes() == b"hello"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert stat.S_IMODE(box.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "outbox").stat().st_mode) == 0o700
    assert sorted(p.name for p in box.iterdir()) == [name]  # no temporary file left


def test_a_symlink_in_the_outbox_is_replaced_never_followed(tmp_path):
    box = outbox.outbox_dir(tmp_path, "p1")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (box / "notes.eml").symlink_to(victim)
    outbox.save(box, "notes.eml", b"new")
    assert victim.read_text() == "keep me"
    assert not (box / "notes.eml").is_symlink()
    assert (box / "notes.eml").read_bytes() == b"new"


def test_an_outbox_that_is_a_symlink_is_not_written_through(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "outbox").mkdir()
    (tmp_path / "outbox" / "p1").symlink_to(elsewhere)
    with pytest.raises(UserError, match="not a plain folder"):
        outbox.save(tmp_path / "outbox" / "p1", "notes.eml", b"x")
    assert list(elsewhere.iterdir()) == []


def test_a_person_id_that_is_a_path_gets_no_outbox(tmp_path):
    with pytest.raises(UserError):
        outbox.outbox_dir(tmp_path, "../p1")


# -- the handoff ------------------------------------------------------------------------------


def test_a_handoff_is_private_and_serves_once(tmp_path):
    box = outbox.outbox_dir(tmp_path, "p1")
    token = handoff.issue(tmp_path, "p1", box)
    file = tmp_path / "serve" / "handoff" / token
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert stat.S_IMODE(file.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(file.parent.parent.stat().st_mode) == 0o700
    assert json.loads(file.read_text()) == {"person_id": "p1", "outbox": str(box)}
    assert handoff.claim(tmp_path, token) == handoff.Handoff("p1", box)
    assert not file.exists()
    assert handoff.claim(tmp_path, token) is None  # one use only


@pytest.mark.parametrize(
    "token", ["", "../../outbox/p1", "a/b", "." * 43, "x" * 43 + "\n", "x" * 500], ids=repr
)
def test_a_token_that_is_not_one_of_ours_is_refused(tmp_path, token):
    handoff.issue(tmp_path, "p1", tmp_path)
    assert handoff.claim(tmp_path, token) is None


def test_a_handoff_file_that_is_a_symlink_is_not_followed(tmp_path):
    folder = tmp_path / "serve" / "handoff"
    folder.mkdir(parents=True)
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({"person_id": "p2", "outbox": "/"}))
    token = "A" * 43
    (folder / token).symlink_to(forged)
    assert handoff.claim(tmp_path, token) is None
    assert forged.exists()


# -- Save as under serve, through real ssh ---------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve-outbox")
    srv = SecureServer(root)
    repo = open_store(srv.db)
    try:
        # A programme code, so the export screen has a bundle ready to write at once.
        repo.set_setting(PROGRAMME_SETTING, "NW-2025")
    finally:
        repo.close()
    yield srv
    srv.stop()


@pytest.fixture
def tmux(server, tmp_path):
    yield from terminal_for(server, tmp_path)


def _flat(screen: str) -> str:
    """The screen's words in one line: a notification wraps and has a border."""
    return " ".join(screen.replace("▌", " ").replace("▐", " ").split())


def _save_as_field(tmux: Tmux) -> str:
    lines = [line for line in tmux.screen("t").splitlines() if line.startswith(" Save as ")]
    return lines[-1][len(" Save as ") :].replace("Write bundle", "").strip() if lines else "?"


def _type_into_save_as(tmux: Tmux, text: str) -> None:
    # One step at a time, each seen on screen before the next: keys sent in one burst
    # can arrive before the field has caught up.
    tmux.keys("t", "C-u")
    wait_for(lambda: _save_as_field(tmux) == "", timeout=30, what="an empty Save-as field")
    tmux.keys("t", text, literal=True)
    wait_for(lambda: _save_as_field(tmux) == text, timeout=30, what=f"{text!r} in Save as")
    tmux.keys("t", "Enter")


@pytest.mark.e2e
@openssh
def test_save_as_under_serve_never_writes_outside_the_outbox(server, tmux):
    sam_box = server.outbox(server.shared.mentee_id)
    absolute = server.root / "absolute-x"
    before = files_under(server.root)
    command = " ".join(server.ssh_args(server.key, "-tt")) + " sam@127.0.0.1"
    tmux.start("t", command, size=(120, 40))
    wait_for(
        lambda: "Resume session?" in tmux.screen("t"), timeout=60, what="the app's first screen"
    )
    tmux.keys("t", "Escape")  # "Later": stay on Home
    wait_for(lambda: "Resume session?" not in tmux.screen("t"), timeout=30, what="Home")
    tmux.keys("t", "x")
    wait_for(
        lambda: "nw-2025-" in tmux.screen("t") and "Write bundle" in tmux.screen("t"),
        timeout=30,
        what="the export screen with a name (not a path) in Save as",
    )
    assert "~/nw-2025" not in tmux.screen("t")
    # From the programme code (focused first) back to the Save-as field.
    tmux.keys("t", "BTab")
    tmux.keys("t", "BTab")
    for hostile in ("../x", "~/.bashrc", str(absolute), ".hidden"):
        _type_into_save_as(tmux, hostile)
        wait_for(
            lambda: "without a folder" in tmux.screen("t") or "start with a dot" in tmux.screen("t"),
            timeout=30,
            what=f"the refusal of {hostile!r}",
        )
    _type_into_save_as(tmux, "bundle.jsonl")
    wait_for(
        lambda: f"sftp -P {server.port} 127.0.0.1:bundle.jsonl" in _flat(tmux.screen("t")),
        timeout=30,
        what="the saved name and how to fetch it",
    )
    assert "bundle.jsonl in your outbox" in _flat(tmux.screen("t"))
    # Nothing anywhere but the one file in Sam's outbox (the data folder's own files aside).
    new = {p for p in files_under(server.root) - before}
    escaped = {
        p for p in new
        if not p.is_relative_to(server.data_dir) or p.name in ("x", ".hidden", ".bashrc")
    }
    assert escaped == set(), escaped
    assert not absolute.exists() and not (server.home / ".bashrc").exists()
    assert sorted(p.name for p in sam_box.iterdir()) == ["bundle.jsonl"]
    assert stat.S_IMODE((sam_box / "bundle.jsonl").stat().st_mode) == 0o600
    # And it leaves through sftp with the same key.
    fetched = server.root / "fetched"
    fetched.mkdir()
    got = server.sftp_batch(server.key, "get bundle.jsonl", cwd=fetched)
    assert got.returncode == 0, got.stderr
    assert (fetched / "bundle.jsonl").read_bytes() == (sam_box / "bundle.jsonl").read_bytes()
    assert (fetched / "bundle.jsonl").read_bytes().startswith(b"{")
    # The app claimed its handoff: no token is left lying around.
    assert list((server.data_dir / "serve" / "handoff").iterdir()) == []


@openssh
def test_the_app_refuses_a_token_that_was_not_issued(server, tmp_path):
    env = dict(server.env, MENTOR_TUI_SERVE_TOKEN="A" * 43)
    # `script` gives the app the terminal it insists on.
    result = subprocess.run(
        ["script", "-qec",
         f"{shlex.quote(sys.executable)} -m mentor_tui --db {shlex.quote(str(server.db))} "
         f"--as {server.shared.mentee_id}", "/dev/null"],
        env=env,
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    assert result.returncode != 0
    assert "expired or was already used" in result.stdout + result.stderr
