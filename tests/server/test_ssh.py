"""The real OpenSSH client against the real `mentor-tui serve` on 127.0.0.1."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path

import pytest
from serve_kit import MENTOR_TUI, Server, needs_openssh, terminal_for, wait_for

from mentor_tui.server.ssh import get_winsize

pytestmark = needs_openssh


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("serve"))
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory):
    """Each app a new process (`serve --fresh-process`): its environment and command line
    are then what /proc shows (a forked app's /proc still shows its warm parent's)."""
    srv = Server(tmp_path_factory.mktemp("serve-fresh"), "--fresh-process")
    yield srv
    srv.stop()


@pytest.fixture
def tmux(server, tmp_path):
    yield from terminal_for(server, tmp_path)


@pytest.fixture
def tmux_for(tmp_path):
    """A terminal beside whichever server a test picks (killed when the test is done)."""
    made = []

    def make(server):
        gen = terminal_for(server, tmp_path)
        made.append(gen)
        return next(gen)

    yield make
    for gen in made:
        next(gen, None)


def _app_pids(server: Server) -> list[int]:
    return [int(p) for p in re.findall(r"started the app \(pid (\d+)\)", server.log())]


def _ppid(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def test_each_app_is_forked_from_the_warm_parent_not_started_afresh(server, tmux):
    started = len(_app_pids(server))
    command = " ".join(server.ssh_args(server.key, "-tt")) + " sam@127.0.0.1"
    tmux.start("t", command, size=(100, 30))
    wait_for(lambda: "You: Sam Mentee" in tmux.screen("t"), timeout=20, what="the app")
    pid = wait_for(lambda: _app_pids(server)[started:], what="the app's pid")[0]
    (warm,) = (int(p) for p in re.findall(r"warm parent \(pid (\d+)\) ready", server.log()))
    assert _ppid(pid) == warm and _ppid(warm) == server.proc.pid
    assert "mentor_tui.cli.prefork" in Path(f"/proc/{warm}/cmdline").read_text()
    tmux.keys("t", "C-q")
    wait_for(lambda: not Path(f"/proc/{pid}").exists(), what="the app to exit")


@pytest.mark.parametrize("fresh", [False, True], ids=["forked", "fresh-process"])
def test_a_registered_key_lands_in_the_app_as_its_person_in_a_real_pty(
    fresh, request, tmux_for
):
    server = request.getfixturevalue("fresh_server" if fresh else "server")
    tmux = tmux_for(server)
    started = len(_app_pids(server))
    command = " ".join(server.ssh_args(server.key, "-tt")) + " sam@127.0.0.1"
    tmux.start("t", f"{command}; echo SSH-EXIT=$?; sleep 60", size=(100, 30))
    screen = wait_for(
        lambda: (s := tmux.screen("t")) and "You: Sam Mentee" in s and "Rosa & Sam" in s and s,
        timeout=20,
        what="the app's first screen",
    )
    # A person sees only the mentorships they belong to.
    assert "Olga & Pat" not in screen
    pid = wait_for(lambda: _app_pids(server)[started:], what="the app's pid")[0]
    if fresh:
        environ = dict(
            item.split("=", 1)
            for item in Path(f"/proc/{pid}/environ").read_text().split("\0")
            if "=" in item
        )
        assert environ["TERM"] == "tmux-256color"
        assert "COLUMNS" not in environ and "LINES" not in environ
        assert environ["SSH_CONNECTION"].startswith("127.0.0.1 ")
        cmdline = Path(f"/proc/{pid}/cmdline").read_text().split("\0")
        assert cmdline[-3:-1] == ["--as", server.shared.mentee_id]
    tty = os.open(f"/proc/{pid}/fd/0", os.O_RDONLY | os.O_NOCTTY)
    try:
        assert get_winsize(tty) == (30, 100)
        assert os.getsid(pid) == pid  # its own session, the PTY its controlling terminal
        tmux.run("resize-window", "-t", "t", "-x", "120", "-y", "40")
        wait_for(lambda: get_winsize(tty) == (40, 120), what="the PTY to be resized")
    finally:
        os.close(tty)
    # The app lays itself out again for the new size: its header spans 120 columns.
    wait_for(
        lambda: any(len(line) >= 115 for line in tmux.screen("t").splitlines()[:3])
        and len(tmux.screen("t").splitlines()) >= 39,
        what="the app to re-lay out at 120x40",
    )
    assert "resized to 120x40" in server.log()
    # Quitting the app ends the SSH session with its exit status and restores the terminal.
    tmux.keys("t", "C-q")  # ctrl+q quits from any screen (q is Home-only)
    final = wait_for(
        lambda: (s := tmux.screen("t")) and "SSH-EXIT=" in s and s, timeout=20, what="ssh to exit"
    )
    assert "SSH-EXIT=0" in final
    assert "You: Sam Mentee" not in final  # back on the normal screen, not the app's
    wait_for(lambda: not Path(f"/proc/{pid}").exists(), what="the app to exit")


def test_when_the_client_disappears_the_app_is_hung_up(server, tmux):
    started = len(_app_pids(server))
    command = " ".join(server.ssh_args(server.key, "-tt")) + " sam@127.0.0.1"
    tmux.start("t", command, size=(80, 24))
    wait_for(lambda: "You: Sam Mentee" in tmux.screen("t"), timeout=20, what="the app")
    pid = wait_for(lambda: _app_pids(server)[started:], what="the app's pid")[0]
    tmux.kill_server()  # the client's terminal goes away, and ssh with it
    wait_for(lambda: not Path(f"/proc/{pid}").exists(), timeout=15, what="the app to quit")
    assert "hanging up the app" in server.log()


def test_an_unknown_key_is_refused_and_logged(server):
    result = server.ssh(server.stranger_key, "-tt")
    assert result.returncode == 255
    assert "Permission denied (publickey)" in result.stderr
    wait_for(lambda: "none registered" in server.log(), what="the refusal in the log")


def test_passwords_are_not_even_offered(server):
    result = server.ssh(
        None,
        "-o", "PubkeyAuthentication=no",
        "-o", "PreferredAuthentications=password,keyboard-interactive",
    )
    assert result.returncode == 255
    assert "Permission denied (publickey)" in result.stderr


def test_exec_requests_are_refused(server):
    result = subprocess.run(
        [*server.ssh_args(server.key, "-o", "BatchMode=yes"), "sam@127.0.0.1", "cat /etc/passwd"],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode != 0
    assert "root:" not in result.stdout
    assert "exec request failed" in result.stderr
    wait_for(lambda: "refused exec request 'cat /etc/passwd'" in server.log(), what="log")


def test_a_session_without_a_terminal_is_told_to_use_ssh_t(server):
    result = server.ssh(server.key, "-T")
    assert result.returncode == 1
    assert "needs a terminal" in result.stderr


def test_forwarding_and_subsystems_are_refused(server):
    stdio = server.ssh(server.key, "-W", f"127.0.0.1:{server.port}")
    assert stdio.returncode == 255
    assert "stdio forwarding failed" in stdio.stderr
    remote = server.ssh(server.key, "-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9")
    assert remote.returncode == 255
    assert "forwarding failed" in remote.stderr
    # sftp is offered (read-only, tests/security); no other subsystem is.
    other = server.ssh(server.key, "-s", command=("netconf",))
    assert other.returncode != 0
    log = server.log()
    assert "refused port forwarding" in log and "refused remote forwarding" in log
    assert "refused subsystem 'netconf'" in log


def test_host_key_and_log_are_private_and_the_banner_explains_colours(server):
    key = server.data_dir / "ssh_host_ed25519_key"
    assert key.stat().st_mode & 0o777 == 0o600
    assert (server.data_dir / "serve.log").stat().st_mode & 0o777 == 0o600
    banner = "".join(server.banner)
    assert "Created the host key" in banner
    assert "host key  SHA256:" in banner
    fingerprint = subprocess.run(
        ["ssh-keygen", "-l", "-f", str(key)], capture_output=True, text=True, check=True
    ).stdout.split()[1]
    assert fingerprint in banner


def test_binding_beyond_loopback_warns(server, tmp_path):
    proc = subprocess.Popen(
        [*MENTOR_TUI, "--db", str(server.db), "serve", "--host", "0.0.0.0", "--port", "0"],
        env=server.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "listening on 0.0.0.0:" in wait_for(proc.stdout.readline, what="banner")
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert "Warning: listening on 0.0.0.0" in err


def test_a_port_in_use_is_one_clear_line(server):
    result = subprocess.run(
        [*MENTOR_TUI, "--db", str(server.db), "serve", "--port", str(server.port)],
        env=server.env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"mentor-tui: 127.0.0.1:{server.port} is already in use; pick another port with --port."
    )


def test_keys_added_and_removed_while_serving_count_at_once(server):
    late = server.keygen("late")
    before = server.ssh(late, "-T")
    assert before.returncode == 255  # not registered yet
    server.cli("people", "keys", "add", "Olga Outsider", f"{late}.pub")
    admitted = server.ssh(late, "-T")
    assert admitted.returncode == 1 and "needs a terminal" in admitted.stderr  # logged in
    wait_for(lambda: "accepted Olga Outsider" in server.log(), what="the login in the log")
    fingerprint = subprocess.run(
        ["ssh-keygen", "-l", "-f", f"{late}.pub"], capture_output=True, text=True, check=True
    ).stdout.split()[1]
    server.cli("people", "keys", "remove", fingerprint)
    assert server.ssh(late, "-T").returncode == 255
