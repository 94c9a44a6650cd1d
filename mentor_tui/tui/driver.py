"""The terminal driver: Textual's Linux driver, hardened against what a terminal can do.

- Invalid UTF-8 typed or pasted (a Latin-1 terminal sends 0xE9 for "é") becomes U+FFFD
  instead of killing the input thread.
- If the input thread dies all the same, the app goes through its crash path: drafts saved,
  a rescue file written, one sentence on the terminal, a non-zero exit status.
- A terminal that went away (tmux killed, SSH dropped) swallows output instead of killing
  the output thread; a dead output thread used to leave the app blocked for ever on its
  full queue, holding the database and deaf to SIGTERM.
- SIGHUP and SIGTERM leave the app from the moment the driver exists, before the first
  frame (see mentor_tui/tui/signals.py).
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import functools
import os
import termios
import types
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from textual.drivers.linux_driver import LinuxDriver

from mentor_tui.tui.signals import LeaveOnSignal

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

InputLoop = Callable[[LinuxDriver], None]


def _replacing_decoder(encoding: str) -> functools.partial[codecs.IncrementalDecoder]:
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


class _EndOfInputIsHangUp:
    """`os` as Textual's input loop sees it, except that a read at end of file raises EIO.

    A terminal that goes away without a SIGHUP (a pty whose master closed when it was not
    the app's controlling terminal) reads as end of file for ever; Textual's loop then
    spins at a full core (Textualize/textual#6690, open as of Textual 8.2) and the app
    never leaves. EIO is what a hung-up terminal gives otherwise, and it takes the same
    way out (TerminalDriver._input_stopped: save, then leave).
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    @staticmethod
    def read(fd: int, length: int) -> bytes:
        data = os.read(fd, length)
        if not data:
            raise OSError(errno.EIO, "the terminal is gone (end of input)")
        return data


def _hardened(method: InputLoop) -> InputLoop:
    """`method` reading its module's `getincrementaldecoder` as `_replacing_decoder` and its
    `os` as `_EndOfInputIsHangUp`.

    Textual decodes stdin strictly (Textualize/textual#6456, open as of Textual 8.2): one
    byte that is not UTF-8 raises in the input thread and the app stops reading keys. This
    is the upstream fix (errors="replace") applied to Textual's own code rather than a copy
    of it, and the same for end of input (#6690, above). Remove each, and
    `run_input_thread` below, when Textual fixes it; tests/security/test_terminal_input.py
    and tests/security/test_signals.py say whether they are still needed.
    """
    if not isinstance(method, types.FunctionType):
        return method  # not plain Python any more; the security tests will tell
    names = method.__code__.co_names
    if "getincrementaldecoder" not in names or "os" not in names:
        return method  # Textual changed how it reads; the security tests will tell
    scope = dict(
        method.__globals__, getincrementaldecoder=_replacing_decoder, os=_EndOfInputIsHangUp()
    )
    return types.FunctionType(
        method.__code__, scope, method.__name__, method.__defaults__, method.__closure__
    )


# What Textual's stop_application_mode writes, at once: keyboard protocol, alternate
# screen, cursor, focus events, mouse, bracketed paste.
LEAVE_APPLICATION_MODE = (
    b"\x1b[<u\x1b[?1049l\x1b[?25h\x1b[?1004l"
    b"\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l"
)


class _TerminalOutput:
    """The terminal as the output thread sees it: once it is gone, writes go nowhere."""

    def __init__(self, file: IO[str]) -> None:
        self._file = file
        self.gone = False

    def write(self, text: str) -> None:
        if self.gone:
            return
        try:
            self._file.write(text)
        except (OSError, ValueError):
            self.gone = True

    def flush(self) -> None:
        if self.gone:
            return
        try:
            self._file.flush()
        except (OSError, ValueError):
            self.gone = True

    def fileno(self) -> int:
        return self._file.fileno()


class InputThreadDied(RuntimeError):
    """The thread that reads keys stopped; the app cannot be used any more."""


class TerminalDriver(LinuxDriver):
    run_input_thread = _hardened(LinuxDriver.run_input_thread)

    def __init__(self, app: MentorApp, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        stream = self._file
        assert stream is not None  # Textual's LinuxDriver writes to sys.__stderr__
        self._output = _TerminalOutput(stream)
        # Textual's output thread only writes, flushes and asks for the fileno.
        self._file = self._output  # type: ignore[assignment]  # duck-typed stand-in for Textual's TextIOWrapper
        self._suspending = False
        # Installed here, in the event loop's thread and before application mode starts,
        # so a signal during start-up is handled like one at any later moment.
        self.leaving = LeaveOnSignal(app, self._loop, restore_terminal=self._restore_terminal)
        self.leaving.install()

    def _run_input_thread(self) -> None:
        try:
            self.run_input_thread()
        except BaseException as error:  # whatever it was, the app must know
            self._loop.call_soon_threadsafe(self._input_stopped, error)

    def _input_stopped(self, error: BaseException) -> None:
        if isinstance(error, OSError) and error.errno == errno.EIO:
            self.leaving.leave()  # the terminal hung up: the same as SIGHUP
            return
        try:
            # Raised here so Textual's crash handling runs with the error as the current
            # exception, as for an error in any handler.
            raise InputThreadDied(f"the keyboard stopped working: {error!r}") from error
        except InputThreadDied as died:
            self._app._handle_exception(died)

    def _sigcont_application(self, *args: object) -> None:
        # A hang-up sends SIGCONT with SIGHUP. Textual takes any SIGCONT as the end of a
        # ctrl+z and starts a second output thread on the dead terminal; only resume after
        # a suspend of our own.
        if self._must_signal_resume:
            super()._sigcont_application(*args)

    def _restore_terminal(self) -> None:
        """Leave the terminal usable when the app is abandoned (signals.py's last resort)."""
        if self.attrs_before is not None:
            with contextlib.suppress(termios.error):
                termios.tcsetattr(self.fileno, termios.TCSANOW, self.attrs_before)
        with contextlib.suppress(OSError):
            os.write(self._output.fileno(), LEAVE_APPLICATION_MODE)

    def suspend_application_mode(self) -> None:
        self._suspending = True
        try:
            super().suspend_application_mode()
        finally:
            self._suspending = False

    def close(self) -> None:
        super().close()
        if not self._suspending:  # ctrl+z closes the driver too, and comes back
            self.leaving.finished()
