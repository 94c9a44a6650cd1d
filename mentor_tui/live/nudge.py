"""Nudges: an app that has just saved tells the other apps in its session to look now.

Live sync polls `PRAGMA data_version` (live/sync.py); a poll interval short enough for
typing to feel live (tens of milliseconds) would wake every app twenty times a second for
nothing. Instead, after each commit an app sends one empty datagram to each partner app on
this host, and the partner's watcher polls at once; the slower poll stays as the safety net.

Each app listens on a Unix datagram socket named for its pid, in a folder of this account's
alone (SOCKETS: 0700, owned by this user, checked before every use), and drops datagrams from
any other user (the kernel vouches for the sender's uid with SCM_CREDENTIALS). Another
account on a shared server can therefore neither wake an app nor take a partner's address
before the partner's app binds it or after it has gone: an abstract socket, which has no
owner, would let it do both, and a draft (below) would then reach it.

A datagram with a payload is a message (live/sync.py sends a shared note's unsaved text,
the "live draft", this way): handed with the sender's kernel-vouched pid to `on_message`,
which decides whether that sender may say it. One longer than MAX_MESSAGE is dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import stat
import struct
from collections.abc import Callable, Iterable
from pathlib import Path

log = logging.getLogger("mentor_tui.live.nudge")

_UCRED = struct.Struct("3i")  # pid, uid, gid
# The biggest message accepted; a note's draft longer than this travels by the save alone.
MAX_MESSAGE = 32 * 1024

MessageListener = Callable[[int, bytes], None]
BATCH = 64


# One fixed place, so that every app of this account on this host finds every other, whatever
# its TMPDIR or XDG_RUNTIME_DIR (an SSH login and a local terminal can differ in both).
SOCKETS = "/tmp/mentor-tui-{uid}"


def folder(uid: int | None = None) -> Path | None:
    """This account's socket folder, made if need be; None unless it is a real folder of this
    user's that nobody else may enter (someone else made it first, say)."""
    mine = os.getuid()
    path = Path(SOCKETS.format(uid=mine if uid is None else uid))
    with contextlib.suppress(FileExistsError, OSError):
        path.mkdir(mode=0o700)
    try:
        st = path.lstat()
        if stat.S_ISDIR(st.st_mode) and st.st_uid == mine and st.st_mode & 0o077:
            path.chmod(0o700)  # ours, made looser by hand: close it again
            st = path.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != mine or st.st_mode & 0o077:
        log.warning("%s is not this account's private folder; live sync polls only", path)
        return None
    return path


def _sweep() -> None:
    """Remove the sockets of apps that were killed (a clean exit removes its own)."""
    root = folder()
    if root is None:
        return
    with contextlib.suppress(OSError):
        for entry in os.scandir(root):
            pid = entry.name.removeprefix("nudge-")
            if pid == entry.name or not pid.isdigit():
                continue
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
            except OSError:
                pass  # alive, someone else's: a pid is not ours to judge


def address(pid: int, uid: int | None = None) -> str:
    """Where the app with this pid listens (in SOCKETS)."""
    return str(Path(SOCKETS.format(uid=os.getuid() if uid is None else uid)) / f"nudge-{pid}")


class Nudges:
    """This process's nudge socket: `listen(on_nudge)` on the event loop, `send(pids)`."""

    def __init__(self) -> None:
        self._sock: socket.socket | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._path: str | None = None
        self.received = 0  # nudges accepted, for tests and benchmarks
        # Why this app cannot listen, in a sentence for the person, when the reason is one
        # they should hear of: their socket folder taken by someone else.
        self.refused = ""

    @property
    def listening(self) -> bool:
        return self._sock is not None

    def listen(
        self, on_nudge: Callable[[], None], on_message: MessageListener | None = None
    ) -> bool:
        """Start listening; False where that cannot be (no private socket folder, no
        SO_PASSCRED outside Linux), in which case the partner's slower poll is all there is. `on_message(pid, payload)` gets the
        datagrams that carry something."""
        if self._sock is not None:
            return True
        if folder() is None:
            self.refused = (
                f"Live typing between windows is off: {SOCKETS.format(uid=os.getuid())} is "
                "not a private folder of your account (another account may have made it "
                "first). Your partner's words still arrive with each save."
            )
            return False
        mine = address(os.getpid())
        _sweep()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            # A file left by an app that had this pid before and was killed.
            with contextlib.suppress(FileNotFoundError):
                os.unlink(mine)
            sock.bind(mine)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        except OSError as exc:
            sock.close()
            log.info("no nudges for this app (%s); live sync polls only", exc)
            return False
        self._path = mine
        sock.setblocking(False)
        self._sock = sock
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(sock.fileno(), self._readable, on_nudge, on_message)
        return True

    def _readable(self, on_nudge: Callable[[], None], on_message: MessageListener | None) -> None:
        assert self._sock is not None
        mine = os.getuid()
        woken = False
        messages: list[tuple[int, bytes]] = []
        # A bounded batch: a flood from another app of this account must not hold the event
        # loop; what is left wakes the reader again on the loop's next turn.
        for _ in range(BATCH):
            try:
                payload, ancillary, flags, _ = self._sock.recvmsg(
                    MAX_MESSAGE, socket.CMSG_SPACE(_UCRED.size)
                )
            except (BlockingIOError, InterruptedError):
                break
            except OSError:
                break
            for level, kind, data in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                    pid, uid, _gid = _UCRED.unpack(data[: _UCRED.size])
                    if uid != mine:
                        continue
                    if not payload:
                        self.received += 1
                        woken = True
                    elif not flags & socket.MSG_TRUNC:
                        messages.append((pid, payload))
        if on_message is not None:
            for pid, payload in messages:
                on_message(pid, payload)
        if woken:  # however many arrived together, one poll reads them all
            on_nudge()

    def send(self, pids: Iterable[int], payload: bytes = b"") -> None:
        """One datagram (empty: a nudge) to each app; one that is gone, not listening or
        too busy to take it is skipped (the save and the poll still bring everything)."""
        if self._sock is None or len(payload) > MAX_MESSAGE:
            return
        for pid in pids:
            with contextlib.suppress(OSError):
                self._sock.sendto(payload, address(pid))

    def close(self) -> None:
        if self._sock is not None:
            if self._loop is not None:
                with contextlib.suppress(Exception):
                    self._loop.remove_reader(self._sock.fileno())
            self._sock.close()
            self._sock = None
        if self._path is not None:
            if self._path == address(os.getpid()):  # not a forked child's copy of the parent's
                with contextlib.suppress(OSError):
                    os.unlink(self._path)
            self._path = None
