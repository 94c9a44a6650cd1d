"""`mentor-tui serve`: an SSH server that runs the app in a PTY for each registered key.

No system accounts: a connection authenticates with a public key registered for a person
(`mentor-tui people keys add NAME FILE`); the SSH user name is ignored, the key decides
who you are. Each session gets a real pseudo-terminal running

    python -m mentor_tui --db DB --as PERSON_ID

as that person, with the client's TERM, size and resizes (TIOCSWINSZ on the PTY master,
so the app gets SIGWINCH like under sshd; never COLUMNS/LINES). Everything else SSH can
ask for is refused: passwords, keyboard-interactive, host-based auth, exec requests
(`ssh host command`), subsystems other than sftp, port/agent/X11 forwarding and tunnels.
The sftp subsystem (and legacy `scp -f`) serves the person's own outbox, read-only
(server/file_transfer.py). The app learns that outbox from a one-use handoff token
(server/handoff.py), not from its command line.
Connections and refusals are logged to stderr and to a rotating 0600 log file in the data
dir; text the client chose (user name, commands, TERM) is logged length-capped and escaped.

Built on asyncssh's low-level session API rather than `process_factory`: a session object
can *refuse* an exec or subsystem request at the protocol level (the client sees
"exec request failed"), where a process factory would accept it and then have to hang up.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import io
import ipaddress
import logging
import logging.handlers
import os
import pty
import signal
import socket
import struct
import subprocess
import sys
import termios
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import asyncssh

# Not exported at the top level: the stream session that runs asyncssh's sftp and scp
# servers over a channel, used here for the outbox only.
from asyncssh.channel import SSHChannel
from asyncssh.stream import SSHServerStreamSession

from mentor_tui import files, outbox, paths
from mentor_tui.core.errors import UserError
from mentor_tui.server import handoff
from mentor_tui.server.file_transfer import OutboxSFTPServer
from mentor_tui.server.keys import describe
from mentor_tui.server.prefork import ForkedApp, Prefork

if TYPE_CHECKING:
    from mentor_tui.store import Repository

log = logging.getLogger("mentor_tui.server.ssh")

HOST_KEY_NAME = "ssh_host_ed25519_key"
LOG_NAME = "serve.log"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 2222
# After the client goes away the app gets SIGHUP (it saves its drafts and quits); if it is
# still running this long after, SIGTERM, and as long again, SIGKILL.
HANGUP_GRACE = 10.0
# An authenticated person cannot exhaust the machine by opening PTYs over one connection.
MAX_SESSIONS = 64
# One person cannot take every slot: a few windows and a file transfer are plenty.
MAX_PER_PERSON = 4
# A connection that has not authenticated by then is dropped, so idle half-open
# connections cannot pile up.
LOGIN_TIMEOUT = 20
# A client that vanished without closing (lid shut, network gone) is noticed after
# KEEPALIVE_INTERVAL * KEEPALIVE_COUNT_MAX seconds and its sessions are freed.
KEEPALIVE_INTERVAL = 15
KEEPALIVE_COUNT_MAX = 3
# serve.log rotates at this size, keeping LOG_BACKUPS older files (all 0600).
LOG_MAX_BYTES = 1024 * 1024
LOG_BACKUPS = 3
# Text the client chose is cut to this many characters in the log.
LOG_TEXT_LIMIT = 80
# Sent to the client when the app died without restoring the terminal (killed, crashed):
# leave the alternate screen, show the cursor, stop mouse and bracketed-paste reporting.
TERMINAL_RESET = (
    b"\x1b[0m\x1b[?1049l\x1b[?25h\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\r\n"
)
# Client environment variables (OpenSSH SendEnv/SetEnv) passed on to the app.
CLIENT_ENV = ("COLORTERM", "LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TZ", "NO_COLOR")
# The server's own environment passed on: where things live, and how Python runs.
SERVER_ENV = (
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "XDG_STATE_HOME",
    "XDG_CACHE_HOME",
    "PYTHONPATH",
    "VIRTUAL_ENV",
)
# TERM values that always mean a 24-bit colour terminal. Anything else gets no COLORTERM
# and the app falls back to 256 colours (xterm-256color) or fewer.
TRUECOLOR_TERMS = {"xterm-kitty", "alacritty", "wezterm", "foot", "xterm-ghostty", "contour"}


def colorterm_for(term: str | None, client_env: dict[str, str]) -> str | None:
    """COLORTERM for the app. OpenSSH does not forward COLORTERM unless the client asks
    (`ssh -o SetEnv=COLORTERM=truecolor`, or SendEnv COLORTERM): then the client's value
    is used; otherwise it follows from TERM (…-direct, …-truecolor or a terminal known
    to be 24-bit means truecolor)."""
    sent = client_env.get("COLORTERM", "").strip()
    if sent:
        return sent
    name = (term or "").strip().lower()
    if name.endswith(("-direct", "-truecolor", "-24bit")) or name in TRUECOLOR_TERMS:
        return "truecolor"
    return None


def app_command(db_path: Path, person_id: str) -> list[str]:
    return [sys.executable, "-m", "mentor_tui", "--db", str(db_path), "--as", person_id]


@dataclass
class ServerConfig:
    db_path: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    host_key_path: Path = field(default_factory=lambda: paths.data_dir() / HOST_KEY_NAME)
    log_path: Path | None = field(default_factory=lambda: paths.data_dir() / LOG_NAME)
    # What runs in each PTY; the app by default. (Benchmarks and tests of the PTY plumbing
    # may run something else; `mentor-tui serve` always runs the app.)
    command: Callable[[Path, str], list[str]] = app_command
    hangup_grace: float = HANGUP_GRACE
    max_sessions: int = MAX_SESSIONS
    max_per_person: int = MAX_PER_PERSON
    # Where handoff tokens and outboxes live; the spawned app resolves the same folder.
    data_dir: Path = field(default_factory=paths.data_dir)
    keepalive_interval: float = KEEPALIVE_INTERVAL
    keepalive_count_max: int = KEEPALIVE_COUNT_MAX
    # Fork each app from a warm parent that has imported it once (server/prefork.py), when
    # the command is the app; otherwise, or if the parent cannot start, a fresh process each.
    prefork: bool = True


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# -- files in the data directory -------------------------------------------------------------


def load_or_create_host_key(path: Path) -> tuple[asyncssh.SSHKey, bool]:
    """The server's ed25519 host key; created 0600 on first start. Returns (key, created)."""
    if path.exists():
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise UserError(
                f"The host key {path} can be read by others (mode {mode:o}); "
                f"run `chmod 600 {path}` and start again."
            )
        try:
            return asyncssh.read_private_key(str(path)), False
        except (asyncssh.KeyImportError, OSError) as exc:
            raise UserError(
                f"The host key {path} cannot be read ({exc}); move it away to have a new "
                "one made (clients will then warn that the host key changed)."
            ) from exc
    key = asyncssh.generate_private_key("ssh-ed25519", comment="mentor-tui serve")
    try:
        files.create_private(path, key.export_private_key())
    except FileExistsError:  # another server started at the same moment: use theirs
        if not path.exists():
            raise files.broken_link(path) from None
        return load_or_create_host_key(path)
    return key, True


def shown(text: object, limit: int = LOG_TEXT_LIMIT) -> str:
    """Client-chosen text as it may appear in the log: quoted, escaped, capped.

    repr() escapes every control and invisible character, so a user name or TERM cannot
    forge log lines or send escape sequences to whoever reads the log in a terminal.
    """
    text = str(text)
    cut = text[:limit]
    return repr(cut) + ("..." if len(text) > limit else "")


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose every file (the first and each after a rollover) is
    created 0600, whatever the umask."""

    def _open(self) -> io.TextIOWrapper:
        fd = files.open_private_append(self.baseFilename)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)  # noqa: SIM115


def setup_logging(log_path: Path | None, *, stream: TextIO | None = None) -> logging.Logger:
    """Connections and refusals go to stderr and to a rotating 0600 log file."""
    logger = logging.getLogger("mentor_tui.server")
    logger.setLevel(logging.INFO)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(message)s")
    console = logging.StreamHandler(stream or sys.stderr)
    console.setFormatter(fmt)
    logger.addHandler(console)
    if log_path is not None:
        if not log_path.exists():
            with contextlib.suppress(FileExistsError):
                files.create_private(log_path)
        os.chmod(log_path, 0o600)
        to_file = PrivateRotatingFileHandler(
            log_path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
        to_file.setFormatter(fmt)
        logger.addHandler(to_file)
    logger.propagate = False
    # asyncssh logs every packet-level detail at INFO; keep only its warnings.
    logging.getLogger("asyncssh").setLevel(logging.WARNING)
    return logger


# -- PTY helpers ---------------------------------------------------------------------------


# Input is UTF-8 (erase removes a whole character); termios.IUTF8 is missing before 3.12.
IUTF8 = getattr(termios, "IUTF8", 0o040000 if sys.platform.startswith("linux") else 0)


def set_winsize(fd: int, rows: int, cols: int, xpixels: int = 0, ypixels: int = 0) -> None:
    rows = rows or 24
    cols = cols or 80
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, xpixels, ypixels))


def get_winsize(fd: int) -> tuple[int, int]:
    rows, cols, _, _ = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    return rows, cols


def _become_terminal_owner() -> None:  # pragma: no cover - runs in the child before exec
    # stdin/stdout/stderr are already the PTY's slave side: new session, slave as the
    # controlling terminal (what login(1) and sshd do).
    os.login_tty(0)


@dataclass
class Peer:
    address: str
    username: str = ""
    person_id: str | None = None
    person_name: str = ""
    fingerprint: str = ""

    def __str__(self) -> str:
        who = f"{self.person_name} ({self.person_id[:8]})" if self.person_id else "unauthenticated"
        return f"{who} from {self.address} as user {shown(self.username)}"


class AppSession(asyncssh.SSHServerSession[bytes]):
    """One SSH session channel: a PTY with the app in it, bytes pumped both ways."""

    def __init__(self, connection: MentorConnection) -> None:
        self.connection = connection
        self.service = connection.service
        self.peer = connection.peer
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self._pty_requested = False
        self._master: int | None = None
        self._proc: subprocess.Popen[bytes] | ForkedApp | None = None
        self._pidfd: int | None = None
        self._inbuf = bytearray()
        self._reading_master = False
        self._writer_added = False
        self._input_paused = False
        self._output_paused = False
        self._channel_closed = False
        self._finished = False
        self._escalation: list[asyncio.TimerHandle] = []
        self.size: tuple[int, int] = (0, 0)
        self.term = ""
        self._token: str | None = None

    # -- channel requests --------------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self._chan = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Mapping[int, int]
    ) -> bool:
        self._pty_requested = True
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        log.warning("refused exec request %s: %s", shown(command), self.peer)
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        log.warning("refused subsystem %s: %s", shown(subsystem), self.peer)
        return False

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal: str) -> None:
        log.info("ignored signal %s from the client: %s", shown(signal), self.peer)

    def eof_received(self) -> bool:
        # A terminal session has no end of input; the app decides when to quit.
        return True

    # -- starting the app ----------------------------------------------------------------

    def session_started(self) -> None:
        chan = self._chan
        assert chan is not None
        if not self._pty_requested:
            log.warning("refused a session without a terminal: %s", self.peer)
            chan.write_stderr(
                b"mentor-tui needs a terminal: connect with `ssh -t` (no command).\r\n"
            )
            chan.exit(1)
            return
        try:
            self._spawn(chan)
        except Exception as exc:  # one refused session must never take the server down
            log.exception("could not start the app for %s", self.peer)
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
            chan.write_stderr(f"mentor-tui could not start: {reason}.\r\n".encode())
            chan.exit(1)

    def _child_env(self, chan: asyncssh.SSHServerChannel[bytes], term: str) -> dict[str, str]:
        env = {k: os.environ[k] for k in SERVER_ENV if k in os.environ}
        client_env = {
            str(k): str(v)
            for k, v in (chan.get_environment() or {}).items()
            if str(k) in CLIENT_ENV
        }
        env.update(client_env)
        env.setdefault("LANG", "C.UTF-8")
        env["TERM"] = term
        env.pop("COLORTERM", None)
        colorterm = colorterm_for(term, client_env)
        if colorterm:
            env["COLORTERM"] = colorterm
        # The usual marker that a program runs over SSH (sshd sets it too); the app's
        # presence shows "over SSH" from it.
        client = chan.get_extra_info("peername") or ("", 0)
        local = chan.get_extra_info("sockname") or ("", 0)
        env["SSH_CONNECTION"] = f"{client[0]} {client[1]} {local[0]} {local[1]}"
        return env

    def _spawn(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        loop = asyncio.get_running_loop()
        term = chan.get_terminal_type() or "xterm-256color"
        width, height, pixwidth, pixheight = chan.get_terminal_size()
        self.term = term
        self.size = (width or 80, height or 24)
        person_id = self.peer.person_id
        assert person_id is not None
        data_dir = self.service.config.data_dir
        env = self._child_env(chan, term)
        self._token = handoff.issue(data_dir, person_id, outbox.outbox_dir(data_dir, person_id))
        env[handoff.TOKEN_ENV] = self._token
        master, slave = pty.openpty()
        try:
            set_winsize(slave, height, width, pixwidth, pixheight)
            attrs = termios.tcgetattr(slave)
            attrs[0] |= IUTF8
            termios.tcsetattr(slave, termios.TCSANOW, attrs)
            cwd = paths.data_dir()
            argv = self.service.config.command(self.service.config.db_path, person_id)
            workdir = str(cwd) if cwd.is_dir() else "/"
            self._proc = self.service.fork_app(argv, env, workdir, slave)
            if self._proc is None:
                self._proc = subprocess.Popen(
                    argv,
                    stdin=slave,
                    stdout=slave,
                    stderr=slave,
                    env=env,
                    cwd=workdir,
                    preexec_fn=_become_terminal_owner,
                    close_fds=True,
                )
        except BaseException:
            os.close(master)
            handoff.discard(data_dir, self._token)
            raise
        finally:
            os.close(slave)
        self._master = master
        os.set_blocking(master, False)
        self.service.sessions.add(self)
        self._start_reading_master()
        try:
            # A forked app is not our child: its parent sends the status on its socket.
            self._pidfd = (
                os.dup(self._proc.fileno()) if isinstance(self._proc, ForkedApp)
                else os.pidfd_open(self._proc.pid)
            )
            loop.add_reader(self._pidfd, self._child_exited)
        except (AttributeError, OSError):  # no pidfd (old kernel): poll instead
            self._pidfd = None
            loop.call_later(0.25, self._poll_child)
        log.info(
            "started the app (pid %d) for %s: TERM=%s size %dx%d",
            self._proc.pid, self.peer, shown(term), self.size[0], self.size[1],
        )

    # -- bytes: app -> client ------------------------------------------------------------

    def _start_reading_master(self) -> None:
        if self._master is not None and not self._reading_master:
            asyncio.get_running_loop().add_reader(self._master, self._master_readable)
            self._reading_master = True

    def _stop_reading_master(self) -> None:
        if self._master is not None and self._reading_master:
            asyncio.get_running_loop().remove_reader(self._master)
            self._reading_master = False

    def _read_master(self) -> bytes | None:
        """Bytes the app wrote; b"" when none are waiting; None when the PTY is gone."""
        assert self._master is not None
        try:
            return os.read(self._master, 65536)
        except BlockingIOError:
            return b""
        except OSError:  # EIO: every slave end is closed (the app is gone)
            return None

    def _master_readable(self) -> None:
        data = self._read_master()
        if data is None:
            self._stop_reading_master()
            return
        if data and not self._channel_closed:
            assert self._chan is not None  # the master exists only after connection_made
            self._chan.write(data)

    def pause_writing(self) -> None:
        # The client reads slower than the app writes: stop reading the PTY, which in
        # turn blocks the app's writes. Nothing piles up in memory.
        self._output_paused = True
        self._stop_reading_master()

    def resume_writing(self) -> None:
        self._output_paused = False
        if not self._finished:
            self._start_reading_master()

    # -- bytes: client -> app ------------------------------------------------------------

    def data_received(self, data: bytes, datatype: int | None) -> None:
        if self._master is None or self._finished:
            return
        self._inbuf += data
        self._flush_input()

    def _flush_input(self) -> None:
        loop = asyncio.get_running_loop()
        while self._inbuf and self._master is not None:
            try:
                written = os.write(self._master, self._inbuf)
            except BlockingIOError:
                break
            except OSError:
                self._inbuf.clear()
                break
            del self._inbuf[:written]
        if self._inbuf and self._master is not None:
            if not self._writer_added:
                loop.add_writer(self._master, self._flush_input)
                self._writer_added = True
            if len(self._inbuf) > 256 * 1024 and not self._input_paused and self._chan:
                self._chan.pause_reading()
                self._input_paused = True
        else:
            if self._writer_added and self._master is not None:
                loop.remove_writer(self._master)
            self._writer_added = False
            if self._input_paused and self._chan and not self._channel_closed:
                self._chan.resume_reading()
            self._input_paused = False

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        if self._master is None or self._finished:
            return
        try:
            # On the master: the kernel sends SIGWINCH to the app's process group.
            set_winsize(self._master, height, width, pixwidth, pixheight)
        except OSError as exc:
            log.warning("could not resize the terminal for %s: %s", self.peer, exc)
            return
        self.size = (width, height)
        log.info("resized to %dx%d for %s", width, height, self.peer)

    # -- the end ---------------------------------------------------------------------------

    def _poll_child(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            asyncio.get_running_loop().call_later(0.25, self._poll_child)
        else:
            self._child_exited()

    def _child_exited(self) -> None:
        if self._finished:
            return
        loop = asyncio.get_running_loop()
        if self._pidfd is not None:
            loop.remove_reader(self._pidfd)
            os.close(self._pidfd)
            self._pidfd = None
        assert self._proc is not None
        status = self._proc.wait()
        self._finished = True
        for handle in self._escalation:
            handle.cancel()
        # Whatever the app wrote last (restoring the terminal) is still in the PTY.
        tail = bytearray()
        if self._master is not None:
            while (chunk := self._read_master()) and len(tail) < 1 << 20:
                tail += chunk
        self._stop_reading_master()
        if self._writer_added and self._master is not None:
            loop.remove_writer(self._master)
            self._writer_added = False
        if self._master is not None:
            os.close(self._master)
            self._master = None
        self.service.sessions.discard(self)
        if self._token is not None:
            handoff.discard(self.service.config.data_dir, self._token)
        log.info("the app (pid %d) for %s ended with status %s", self._proc.pid, self.peer, status)
        if self._channel_closed or self._chan is None:
            return
        if tail:
            self._chan.write(bytes(tail))
        if status != 0:
            self._chan.write(TERMINAL_RESET)
        if status < 0:
            name = signal.Signals(-status).name.removeprefix("SIG")
            self._chan.exit_with_signal(name)
        else:
            self._chan.exit(status)

    def connection_lost(self, exc: Exception | None) -> None:
        self._channel_closed = True
        if self._finished or self._proc is None:
            return
        log.info("client went away; hanging up the app (pid %d) for %s", self._proc.pid, self.peer)
        # Keep draining the PTY (the app writes as it quits) but send nothing.
        if not self._output_paused:
            self._start_reading_master()
        self.hang_up()

    def hang_up(self) -> None:
        """SIGHUP to the app (it saves its notes and quits), then SIGTERM, then SIGKILL."""
        if self._finished or self._proc is None:
            return
        loop = asyncio.get_running_loop()
        grace = self.service.config.hangup_grace
        self._signal(signal.SIGHUP)
        self._signal(signal.SIGCONT)
        self._escalation = [
            loop.call_later(grace, self._signal, signal.SIGTERM),
            loop.call_later(2 * grace, self._signal, signal.SIGKILL),
        ]

    def _signal(self, signum: int) -> None:
        if self._finished or self._proc is None:
            return
        try:
            # login_tty made the app a session (and process group) leader: signal the group.
            os.killpg(self._proc.pid, signum)
        except ProcessLookupError:
            pass
        except PermissionError:
            with contextlib.suppress(ProcessLookupError):
                self._proc.send_signal(signum)

    @property
    def has_terminal(self) -> bool:
        return self._pty_requested

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    async def wait_closed(self) -> None:
        while not self._finished and self._proc is not None:
            await asyncio.sleep(0.05)


def is_scp_download(command: str) -> bool:
    """A legacy scp asking to send files (`scp -f`); uploads (`scp -t`) are not offered."""
    words = command.split()
    return len(words) >= 2 and words[0] == "scp" and "-f" in words and "-t" not in words


class SessionChannel(asyncssh.SSHServerSession[bytes]):
    """One session channel, routed by what the client asks for: a shell goes to the app
    (AppSession), the sftp subsystem or an `scp -f` to the read-only outbox. Both kinds
    count toward the global and the per-person limits."""

    def __init__(self, connection: MentorConnection) -> None:
        self.connection = connection
        self.service = connection.service
        self.peer = connection.peer
        self.app = AppSession(connection)
        self.transfer: SSHServerStreamSession[bytes] = SSHServerStreamSession(
            None, self._outbox_server, sftp_version=3, allow_scp=True
        )
        self.active: asyncssh.SSHServerSession[bytes] = self.app
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self.counted = False

    def _outbox_server(self, chan: SSHChannel[bytes]) -> OutboxSFTPServer:
        # asyncssh hands the SFTP factory this session's server channel; its type says only
        # "a channel".
        assert isinstance(chan, asyncssh.SSHServerChannel)
        assert self.peer.person_id is not None
        data_dir = self.service.config.data_dir
        return OutboxSFTPServer(chan, outbox.outbox_dir(data_dir, self.peer.person_id))

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self._chan = chan
        self.app.connection_made(chan)
        self.transfer.connection_made(chan)

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Mapping[int, int]
    ) -> bool:
        return self.app.pty_requested(term_type, term_size, term_modes)

    def shell_requested(self) -> bool:
        return self.app.shell_requested()

    def exec_requested(self, command: str) -> bool:
        if is_scp_download(command):
            log.info("scp download %s: %s", shown(command), self.peer)
            self.active = self.transfer
            return True
        return self.app.exec_requested(command)

    def subsystem_requested(self, subsystem: str) -> bool:
        if subsystem == "sftp":
            self.active = self.transfer
            return True
        return self.app.subsystem_requested(subsystem)

    def session_started(self) -> None:
        chan = self._chan
        assert chan is not None
        if self.active is self.app and not self.app.has_terminal:
            self.app.session_started()  # tells the client to use ssh -t
            return
        refusal = self.service.refusal_for(self.peer)
        if refusal is not None:
            log.warning("refused a session (%s): %s", refusal, self.peer)
            chan.write_stderr(f"mentor-tui: {refusal}\r\n".encode())
            chan.exit(1)
            return
        self.service.channels.add(self)
        self.counted = True
        if self.active is self.transfer:
            log.info("file transfer from the outbox started: %s", self.peer)
        self.active.session_started()

    def connection_lost(self, exc: Exception | None) -> None:
        self.service.channels.discard(self)
        self.active.connection_lost(exc)

    def data_received(self, data: bytes, datatype: int | None) -> None:
        self.active.data_received(data, datatype)

    def eof_received(self) -> bool:
        return self.active.eof_received()

    def pause_writing(self) -> None:
        self.active.pause_writing()

    def resume_writing(self) -> None:
        self.active.resume_writing()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.active.terminal_size_changed(width, height, pixwidth, pixheight)

    def break_received(self, msec: int) -> bool:
        return self.active.break_received(msec)

    def signal_received(self, signal: str) -> None:
        self.active.signal_received(signal)

    def soft_eof_received(self) -> None:
        self.active.soft_eof_received()


class MentorConnection(asyncssh.SSHServer):
    """One SSH connection: public-key authentication against the registered keys."""

    def __init__(self, service: SSHService) -> None:
        self.service = service
        self.peer = Peer("?")
        self._candidate: tuple[str, str, str] | None = None
        self.offered = 0

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        address = conn.get_extra_info("peername") or ("?", 0)
        self.peer = Peer(f"{address[0]}:{address[1]}")
        log.info("connection from %s", self.peer.address)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.peer.person_id is None:
            reason = f"{self.offered} key(s) offered, none registered" if self.offered else (
                "no public key offered"
            )
            log.warning("refused %s: %s", self.peer, reason)
        else:
            log.info("disconnected: %s", self.peer)

    def begin_auth(self, username: str) -> bool:
        self.peer.username = username
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        self.offered += 1
        found = self.service.person_for_key(key)
        if found is None:
            log.info("key %s is not registered (%s)", key.get_fingerprint("sha256"), self.peer)
            return False
        # Called again for the signed request of the same key just before success, so
        # the last accepted key is the one that authenticated.
        self._candidate = found
        return True

    def validate_ca_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        return False

    def auth_completed(self) -> None:
        assert self._candidate is not None
        self.peer.person_id, self.peer.person_name, self.peer.fingerprint = self._candidate
        log.info("accepted %s with key %s", self.peer, self.peer.fingerprint)

    def session_requested(self) -> SessionChannel | bool:
        if self.peer.person_id is None:
            return False
        return SessionChannel(self)

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        log.warning("refused port forwarding to %s:%s: %s", shown(dest_host), dest_port, self.peer)
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        log.warning(
            "refused remote forwarding of %s:%s: %s", shown(listen_host), listen_port, self.peer
        )
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        log.warning("refused socket forwarding to %s: %s", shown(dest_path), self.peer)
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        log.warning("refused socket forwarding of %s: %s", shown(listen_path), self.peer)
        return False

    def tun_requested(self, unit: int | None) -> bool:
        log.warning("refused a tunnel: %s", self.peer)
        return False

    def tap_requested(self, unit: int | None) -> bool:
        log.warning("refused a tunnel: %s", self.peer)
        return False


class SSHService:
    """The listening server; `await start()`, then `await close()`."""

    def __init__(self, config: ServerConfig, repo: Repository) -> None:
        self.config = config
        self.repo = repo
        # Running apps (hung up on close) and every counted channel, apps and transfers.
        self.sessions: set[AppSession] = set()
        self.channels: set[SessionChannel] = set()
        self.host_key: asyncssh.SSHKey | None = None
        self.host_key_created = False
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self.prefork: Prefork | None = None

    def fork_app(
        self, argv: list[str], env: dict[str, str], cwd: str, terminal: int
    ) -> ForkedApp | None:
        """The app forked from the warm parent, or None to start it as a fresh process."""
        if self.prefork is None:
            return None
        try:
            return self.prefork.spawn(argv, env, cwd, terminal)
        except (OSError, ValueError) as exc:
            log.warning("the warm parent could not fork the app (%s); starting it afresh", exc)
            self.prefork = None
            return None

    def person_for_key(self, key: asyncssh.SSHKey) -> tuple[str, str, str] | None:
        """(person id, name, fingerprint) for a registered key; read fresh every time, so
        keys added or removed while the server runs count at once."""
        try:
            parsed = describe(key)
            found = self.repo.keys.by_fingerprint(parsed.fingerprint)
        except (UserError, ValueError, asyncssh.Error) as exc:
            log.error("could not look up a key: %s", exc)
            return None
        if found is None or found.public_key != parsed.public_key or not found.person_name:
            return None
        return found.person_id, found.person_name, found.fingerprint

    def refusal_for(self, peer: Peer) -> str | None:
        """Why a new session of `peer` must be refused (one sentence), or None."""
        if len(self.channels) >= self.config.max_sessions:
            return "too many sessions are open on this server; try again later."
        mine = sum(1 for c in self.channels if c.peer.person_id == peer.person_id)
        if mine >= self.config.max_per_person:
            return (
                f"you already have {mine} sessions open, the most one person may have; "
                "close one and try again."
            )
        return None

    async def start(self) -> SSHService:
        self.host_key, self.host_key_created = load_or_create_host_key(self.config.host_key_path)
        try:
            self._acceptor = await asyncssh.listen(
                self.config.host,
                self.config.port,
                server_host_keys=[self.host_key],
                server_factory=lambda: MentorConnection(self),
                line_editor=False,
                encoding=None,
                allow_pty=True,
                agent_forwarding=False,
                x11_forwarding=False,
                allow_scp=False,
                login_timeout=LOGIN_TIMEOUT,
                keepalive_interval=self.config.keepalive_interval,
                keepalive_count_max=self.config.keepalive_count_max,
                reuse_address=True,
            )
        except OSError as exc:
            where = f"{self.config.host}:{self.config.port}"
            if exc.errno == errno.EADDRINUSE:
                raise UserError(f"{where} is already in use; pick another port with --port.") from exc
            if exc.errno in (errno.EACCES, errno.EPERM):
                raise UserError(
                    f"Not allowed to listen on {where}; ports below 1024 need root, use --port 2222."
                ) from exc
            if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
                raise UserError(
                    f"Cannot listen on {where}: this machine has no such address; use --host."
                ) from exc
            raise
        if self.config.prefork and self.config.command is app_command:
            self.prefork = await asyncio.to_thread(Prefork.start)
        return self

    @property
    def port(self) -> int:
        assert self._acceptor is not None
        port: int = self._acceptor.sockets[0].getsockname()[1]  # (host, port[, ...])
        return port

    @property
    def fingerprint(self) -> str:
        assert self.host_key is not None
        return self.host_key.get_fingerprint("sha256")

    async def close(self) -> None:
        """Stop listening, hang up every app (they save their notes), wait for them."""
        if self._acceptor is not None:
            self._acceptor.close()
        for session in list(self.sessions):
            session.hang_up()
        waits = [s.wait_closed() for s in list(self.sessions)]
        if waits:
            await asyncio.wait_for(
                asyncio.gather(*waits), timeout=2 * self.config.hangup_grace + 5
            )
        if self._acceptor is not None:
            self._acceptor.close()
            with contextlib.suppress(Exception):
                await self._acceptor.wait_closed()
        if self.prefork is not None:
            await asyncio.to_thread(self.prefork.close)
            self.prefork = None


async def serve_forever(
    config: ServerConfig, repo: Repository, ready: Callable[[SSHService], None] | None = None
) -> None:
    """Run until SIGINT or SIGTERM, then close cleanly."""
    service = await SSHService(config, repo).start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    log.info(
        "listening on %s:%d (database %s, host key %s)",
        config.host, service.port, config.db_path, service.fingerprint,
    )
    if ready is not None:
        ready(service)
    try:
        await stop.wait()
    finally:
        log.info("stopping: hanging up %d session(s)", len(service.sessions))
        with contextlib.suppress(TimeoutError):
            await service.close()
