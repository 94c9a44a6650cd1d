"""A warm parent for the apps `serve` starts: one process imports the app once, then forks a
child for each SSH session instead of `serve` starting a fresh interpreter every time.

A fresh interpreter per session pays Python's start-up and every import again (about 0.3 s)
and keeps its own copy of every imported module: 55 MB a session. A forked child shares the
parent's pages until it writes to them, so twenty sessions share one copy of Textual.

The parent is started by `serve` (`python -m mentor_tui.cli.prefork FD`, where FD is one end
of a socket pair) and talks to it over that socket only: no socket file anyone else could
connect to. Each request carries the app's argv, environment and working directory, and two
descriptors: the PTY's slave side (the child's terminal) and one end of a fresh socket pair
on which the parent answers `{"pid": ...}` at once and `{"status": ...}` when the app ends.
The parent exits when `serve` closes its end (or dies); the children keep their terminals
and are hung up by the PTY as before.

This module holds both sides and imports neither Textual nor SQL: the warming (what to
import before forking) and the app's entry are handed in by `mentor_tui.cli.prefork`.
"""

from __future__ import annotations

import contextlib
import gc
import json
import locale
import logging
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger("mentor_tui.server.prefork")

# A request (argv, environment) is a few kilobytes; a bigger one is not from `serve`.
MAX_MESSAGE = 1 << 20
# How long `serve` waits for the parent to import the app, and for a fork to answer.
READY_TIMEOUT = 60.0
ANSWER_TIMEOUT = 10.0


def _send(sock: socket.socket, message: dict[str, Any], fds: list[int] | None = None) -> None:
    data = json.dumps(message).encode()
    if fds:
        socket.send_fds(sock, [data], fds)
    else:
        sock.send(data)


def _receive(sock: socket.socket, max_fds: int = 0) -> tuple[dict[str, Any] | None, list[int]]:
    """One message (None at end of stream) and the descriptors that came with it."""
    data, fds, _flags, _addr = socket.recv_fds(sock, MAX_MESSAGE, max_fds)
    if not data:
        for fd in fds:
            os.close(fd)
        return None, []
    return json.loads(data), fds


# -- the server's side -------------------------------------------------------------------


class ForkedApp:
    """An app the warm parent forked: the subset of `subprocess.Popen` the server uses.

    The app is not the server's child, so its exit status comes from the parent, on this
    app's own socket; `fileno()` turns readable when it arrives."""

    def __init__(self, answers: socket.socket, pid: int) -> None:
        self._answers = answers
        self.pid = pid
        self.returncode: int | None = None

    def fileno(self) -> int:
        return self._answers.fileno()

    def _read_status(self, timeout: float | None) -> None:
        self._answers.settimeout(timeout)
        try:
            message, _ = _receive(self._answers)
        except (TimeoutError, BlockingIOError):
            return
        except OSError:
            message = None
        # No status means the parent itself died: the app's own end is unknown, so report
        # it as killed rather than as a clean exit.
        self.returncode = int(message["status"]) if message else -signal.SIGKILL
        self._answers.close()

    def poll(self) -> int | None:
        if self.returncode is None:
            self._read_status(0)
        return self.returncode

    def wait(self) -> int:
        while self.returncode is None:
            self._read_status(ANSWER_TIMEOUT)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signum)


class Prefork:
    """The server's handle on the warm parent."""

    def __init__(self, proc: subprocess.Popen[bytes], control: socket.socket) -> None:
        self._proc = proc
        self._control = control

    @classmethod
    def start(cls, parent: list[str] | None = None) -> Prefork | None:
        """Start the parent and wait until it has imported the app; None if it could not
        (the server then starts each app as a fresh process, as before). `parent` is the
        command that runs `run_parent` (the app's by default), given the socket's fd."""
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        command = parent or [sys.executable, "-m", "mentor_tui.cli.prefork"]
        try:
            proc = subprocess.Popen(
                [*command, str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                close_fds=True,
            )
        except OSError as exc:
            log.warning("could not start the warm parent (%s); each app starts afresh", exc)
            mine.close()
            return None
        finally:
            theirs.close()
        mine.settimeout(READY_TIMEOUT)
        try:
            ready, _ = _receive(mine)
        except (OSError, ValueError):
            ready = None
        if not ready or not ready.get("ready"):
            log.warning("the warm parent did not start; each app starts afresh")
            mine.close()
            with contextlib.suppress(OSError):
                proc.kill()
            proc.wait()
            return None
        mine.settimeout(ANSWER_TIMEOUT)
        log.info("warm parent (pid %d) ready: apps are forked from it", proc.pid)
        return cls(proc, mine)

    @property
    def pid(self) -> int:
        return self._proc.pid

    def spawn(self, argv: list[str], env: dict[str, str], cwd: str, terminal: int) -> ForkedApp:
        """Fork the app on `terminal` (the PTY's slave side, which the caller still closes).

        Raises OSError when the parent is gone; the caller then starts the app itself."""
        answers, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            _send(
                self._control,
                {"argv": argv, "env": env, "cwd": cwd},
                [terminal, theirs.fileno()],
            )
            theirs.close()
            answers.settimeout(ANSWER_TIMEOUT)
            message, _ = _receive(answers)
            if not message or "pid" not in message:
                raise OSError("the warm parent did not fork the app")
        except BaseException:
            theirs.close()
            answers.close()
            raise
        return ForkedApp(answers, int(message["pid"]))

    def close(self) -> None:
        """Closing our end tells the parent to exit; apps already forked carry on."""
        self._control.close()
        try:
            self._proc.wait(timeout=ANSWER_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


# -- the warm parent's side ----------------------------------------------------------------


def run_parent(control_fd: int, run_app: Callable[[list[str]], int]) -> int:
    """Serve fork requests on `control_fd` until `serve` closes it.

    The caller has imported what the app needs; everything imported so far is moved out of
    the garbage collector's reach (gc.freeze), so a child collecting garbage does not touch,
    and so copy, the pages it shares with this parent."""
    control = socket.socket(fileno=control_fd)
    status_sockets: dict[int, socket.socket] = {}
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    # The parent never draws anything; `serve` stops it by closing the socket, not by a
    # signal meant for a terminal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    gc.collect()
    gc.freeze()
    _send(control, {"ready": True})
    try:
        while True:
            readable, _, _ = select.select([control_fd, wake_read], [], [])
            if wake_read in readable:
                with contextlib.suppress(BlockingIOError):
                    while os.read(wake_read, 512):
                        pass
                _reap(status_sockets)
            if control_fd in readable:
                message, fds = _receive(control, max_fds=2)
                if message is None:
                    return 0
                if len(fds) != 2:
                    for fd in fds:
                        os.close(fd)
                    continue
                terminal, status_fd = fds
                answers = socket.socket(fileno=status_fd)
                pid = os.fork()
                if pid == 0:  # pragma: no cover - the child; measured by the serve tests
                    control.close()
                    answers.close()
                    for other in status_sockets.values():
                        other.close()
                    os.close(wake_read)
                    os.close(wake_write)
                    os._exit(_become_app(terminal, message, run_app))
                os.close(terminal)
                status_sockets[pid] = answers
                with contextlib.suppress(OSError):
                    _send(answers, {"pid": pid})
    finally:
        _reap(status_sockets)


def _reap(status_sockets: dict[int, socket.socket]) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        answers = status_sockets.pop(pid, None)
        if answers is not None:
            with contextlib.suppress(OSError):
                _send(answers, {"status": os.waitstatus_to_exitcode(status)})
            answers.close()


def _become_app(terminal: int, request: dict[str, Any], run_app: Callable[[list[str]], int]) -> int:
    """In the child: become what a fresh `python -m mentor_tui` on this PTY would be."""
    signal.set_wakeup_fd(-1)
    for signum in (signal.SIGCHLD, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    # The parent's objects stay frozen: collecting them would write to (and so copy) every
    # page this child shares with the parent.
    # New session, the PTY as controlling terminal and as stdin/stdout/stderr (login(1)).
    os.login_tty(terminal)
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_CTYPE, "")
    try:
        os.chdir(request["cwd"])
    except OSError:
        os.chdir("/")
    _reopen_standard_streams()
    sys.argv = list(request["argv"])
    try:
        code = run_app(sys.argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # the app's own crash handler has already said what it could
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    return code


def _reopen_standard_streams() -> None:
    """Text streams on the new fds 0-2, in the encoding this environment's locale names,
    as the interpreter would have opened them at start."""
    encoding = locale.getpreferredencoding(False)
    stdin = open(0, encoding=encoding, errors="surrogateescape", closefd=False)  # noqa: SIM115
    stdout = open(  # noqa: SIM115
        1, "w", encoding=encoding, errors="surrogateescape", closefd=False, buffering=1
    )
    stderr = open(  # noqa: SIM115
        2, "w", encoding=encoding, errors="backslashreplace", closefd=False, buffering=1
    )
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = stdin, stdout, stderr  # type: ignore[misc]  # typeshed marks them Final; a fresh interpreter sets them, and this child must look like one
