"""`mentor-tui --db FILE --as NAME` in a real terminal: the passphrase prompt of the app's
own start-up path (mentor_tui/launch.py, which opens the app without click's group)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time

from mentor_tui.core.models import Person
from mentor_tui.store import open_store
from mentor_tui.store.accounts import Accounts


def _own_terminal_with_ctrl_c() -> None:
    """The child's own terminal, which ctrl+c comes from, with SIGINT at its default: a
    process started with SIGINT ignored passes that on, and Python then never turns ctrl+c
    into KeyboardInterrupt (a test worker or a shell's background job can start us so)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.login_tty(0)


def _read_until(fd: int, needle: bytes, timeout: float = 60.0) -> bytes:
    seen = b""
    end = time.monotonic() + timeout
    while needle not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
    return seen


def test_ctrl_c_at_the_passphrase_prompt_is_one_line_not_a_crash(tmp_path):
    """click.prompt turns ctrl+c into click.Abort, which this path would otherwise report as
    a bug ("Something went wrong inside mentor-tui (Abort)") with a crash file."""
    db = tmp_path / "m.db"
    with open_store(db) as repo:
        person = repo.people.add(Person("Dr Lukas Berg"))
        Accounts(repo).set_passphrase(person.id, "correct horse battery staple")
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), TERM="xterm-256color")
    env.pop("MENTOR_TUI_DB", None)
    master, slave = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "mentor_tui", "--db", str(db), "--as", "Dr Lukas Berg"],
        stdin=slave, stdout=slave, stderr=slave, env=env,
        preexec_fn=_own_terminal_with_ctrl_c,
    )
    os.close(slave)
    try:
        assert b"Passphrase for Dr Lukas Berg" in _read_until(master, b"Passphrase for")
        os.write(master, b"\x03")
        said = _read_until(master, b"Interrupted.")
        assert child.wait(timeout=60) == 1, said
    finally:
        if child.poll() is None:
            child.kill()
        os.close(master)
    assert b"mentor-tui: Interrupted." in said
    assert not (tmp_path / "data" / "mentor-tui" / "crashes").exists()


def test_a_crash_report_that_cannot_be_written_still_ends_in_one_line(tmp_path, monkeypatch, capsys):
    """The data folder cannot be made (here a file stands where it belongs, as a full or
    read-only disk would also refuse it): the bug is still told in one line, exit 1, not a
    second traceback from the crash handler itself."""
    import pytest

    from mentor_tui import launch

    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    with pytest.raises(SystemExit) as ended:
        launch.explain_failure(RuntimeError("boom"))
    assert ended.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Something went wrong inside mentor-tui (RuntimeError: boom)." in err
