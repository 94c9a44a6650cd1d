"""Closing the terminal (SIGHUP) or a polite kill (SIGTERM): keep the notes, and go.

The app saves its drafts, stops the clock of an open session and exits, as on ctrl+q. The
handler is a plain Python one (not the event loop's), so it runs even when the loop is
stuck; it only hands the work to the loop and starts a deadline. If the app is still
running GRACE_SECONDS later, the deadline writes the drafts' text to a rescue file
(without the database, which belongs to the loop's thread), puts the terminal back and
ends the process: a closed terminal must never leave an app holding the database open.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

SIGNALS = (signal.SIGHUP, signal.SIGTERM)
# Well inside the two seconds a closed terminal or `kill` is promised.
GRACE_SECONDS = 1.5
STARTING_RETRY_SECONDS = 0.02
# What signal.signal takes and gives back: a function, SIG_DFL / SIG_IGN, or None (not set
# from Python).
_Handler: TypeAlias = Callable[[int, FrameType | None], object] | int | None


class LeaveOnSignal:
    def __init__(
        self,
        app: MentorApp,
        loop: asyncio.AbstractEventLoop,
        *,
        restore_terminal: Callable[[], None] = lambda: None,
        grace: float = GRACE_SECONDS,
    ) -> None:
        self.app = app
        self.loop = loop
        self.restore_terminal = restore_terminal
        self.grace = grace
        self.received: int | None = None
        self._previous: dict[int, _Handler] = {}
        self._finished = threading.Event()

    def install(self) -> None:
        for signum in SIGNALS:
            self._previous[signum] = signal.signal(signum, self._on_signal)

    def finished(self) -> None:
        """The app has left: no deadline, and the signals mean what they did before."""
        self._finished.set()
        for signum, previous in self._previous.items():
            with contextlib.suppress(ValueError, TypeError):  # ValueError: not the main thread
                signal.signal(signum, previous)
        self._previous.clear()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        # Runs between two bytecodes of whatever the main thread was doing: no saving here.
        if self.received is not None:
            return  # already leaving
        self.received = signum
        threading.Thread(target=self._deadline, name="leave-deadline", daemon=True).start()
        with contextlib.suppress(RuntimeError):  # the loop is closed: the app has left
            self.loop.call_soon_threadsafe(self.leave)

    def leave(self) -> None:
        """In the event loop: the app's own way out (save drafts, pause the clock, exit)."""
        if self.received is None:
            self.received = signal.SIGHUP
            threading.Thread(target=self._deadline, name="leave-deadline", daemon=True).start()
        if not getattr(self.app, "_dom_ready", True):
            # Leaving while the first screen mounts makes its handlers fail on widgets
            # already taken down (a crash report for a closed terminal): wait for the frame.
            self.loop.call_later(STARTING_RETRY_SECONDS, self.leave)
            return
        try:
            self.app._on_terminate()
        except Exception:  # leaving matters more; the deadline keeps the text
            self.app.exit()

    def _deadline(self) -> None:
        if self._finished.wait(self.grace):
            return
        where = None
        with contextlib.suppress(Exception):
            where = self._rescue()
        with contextlib.suppress(Exception):
            self.restore_terminal()
        with contextlib.suppress(OSError):
            saved = f"; what you had typed is in {where}" if where else ""
            os.write(2, f"mentor-tui: stopped by a signal and could not close in time{saved}.\n"
                        .encode())
        os._exit(128 + (self.received or signal.SIGTERM))

    def _rescue(self) -> Path | None:
        from mentor_tui.tui.crash import Rescued, write_rescue

        unsaved = [draft for draft in list(self.app.drafts) if draft.dirty]
        if not unsaved:
            return None
        items = [
            Rescued(
                where=(
                    f"note in section {draft.key.section_key!r} ({draft.key.visibility.value}) "
                    f"of session {draft.key.session_id}"
                ),
                text=draft.text,
            )
            for draft in unsaved
        ]
        return write_rescue(items, None, context="Stopped by a signal; the app did not close in time.")
