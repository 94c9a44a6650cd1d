"""Live sync between processes on one database file: what others wrote, who is here, where.

Textual-free and asyncio-friendly: everything runs as tasks on the caller's event loop
and reports through plain callbacks (sync functions or coroutines), so the app, a test
or a benchmark use it the same way.

How a change travels
    Process A commits (BEGIN IMMEDIATE ... COMMIT, one change-log row per written row).
    Process B's ChangeWatcher polls `PRAGMA data_version` on B's own connection. That
    number changes only when *another* connection has committed, so B's own writes never
    wake it. When it changes, B reads `changes WHERE seq > cursor` and hands the rows that
    B did not write itself (the repository remembers its own seqs) to its listeners.
    Writers are serialised by SQLite's write lock and take their seq inside the
    transaction, so seqs become visible in order: the cursor never skips a change.

What it costs
    One poll is one `PRAGMA data_version` (a few microseconds of CPU: no disk access, the
    value lives in shared memory) plus one event-loop wake-up. A partner's app nudges this
    one after each of its commits (live/nudge.py), so a change is read at once; polling
    every ACTIVE_INTERVAL (0.15 s) while a live session is open is the safety net (a nudge
    lost, an app on another host), relaxed to NUDGED_INTERVAL (0.5 s) while every partner
    in the session is an app on this host (so it nudges), and every IDLE_INTERVAL (1 s)
    outside a session. Measured by
    `python -m bench.remote`: well under 0.2 % of one core either way. Presence adds one
    small write every HEARTBEAT_SECONDS.

Live drafts
    A word is in the partner's store only once the autosave commits it (0.1 s after the
    last key while someone watches, with fsync: the durability promise). So that the word
    is on the partner's screen sooner, the typing app also sends the note's text as it
    stands (LiveSession.send_draft, as soon as the keys read are handled) in a datagram
    to each partner app on this host (live/nudge.py), which shows it until its store has
    caught up. Only a shared note is ever sent, and a partner takes a draft only from an
    app whose presence row in this very session is the note's author (the kernel vouches
    for the sending pid). A draft is never stored by the partner; the save is what lasts.

Where it works
    WAL and data_version work between processes on one host (several SSH logins to one
    server, or `mentor-tui serve`). Never put the database on a network filesystem.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import os
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from mentor_tui.core.changes import Change
from mentor_tui.core.clock import new_id, now_iso
from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Session, SessionStatus, Visibility
from mentor_tui.core.notes import Note
from mentor_tui.core.presence import HEARTBEAT_SECONDS, STALE_SECONDS, Presence
from mentor_tui.live.nudge import MAX_MESSAGE, Nudges
from mentor_tui.store.base import after_commit

if TYPE_CHECKING:
    from mentor_tui.store import Repository

log = logging.getLogger("mentor_tui.live.sync")

ACTIVE_INTERVAL = 0.15
IDLE_INTERVAL = 1.0
# In a live session whose every partner is an app on this host, which nudges this one after
# each commit: the poll is then only the safety net for a lost nudge, and at 0.15 s its
# wake-ups were most of the app's idle CPU in a session (bench.remote, "pair").
NUDGED_INTERVAL = 0.5
# Read the change log in pages this big when a lot arrived at once (an import, say).
PAGE = 1000

ChangesListener = Callable[[list[Change]], Any]
MessageListener = Callable[[int, bytes], None]
CommitListener = Callable[[], Any]
# What a partner's presence row shows: who, in which role, how, and whether following.
PresenceKey = tuple[str, str, str, str, bool]


async def _call(callback: Callable[..., Any], *args: Any) -> None:
    """Run a listener, sync or async; a failing listener is logged, never fatal to sync."""
    try:
        result = callback(*args)
        if inspect.isawaitable(result):
            await result
    except Exception:  # a bug in one listener must not stop live sync for the others
        log.exception("live-sync listener %r failed", callback)


class ChangeWatcher:
    """Watches one database for other processes' commits; one per app is enough.

    Pass the app's own Repository: the watcher then skips the changes this app wrote.
    Listeners get lists of Change records in seq order (never empty lists).
    """

    def __init__(
        self,
        repo: Repository,
        *,
        active_interval: float = ACTIVE_INTERVAL,
        idle_interval: float = IDLE_INTERVAL,
        nudged_interval: float = NUDGED_INTERVAL,
    ) -> None:
        self.repo = repo
        self.active_interval = active_interval
        self.idle_interval = idle_interval
        self.nudged_interval = nudged_interval
        # Set by the live session while every partner nudges this app (see NUDGED_INTERVAL).
        self.partners_nudge = False
        repo.track_own_changes()
        self.cursor = repo.last_change()
        self._version = repo.data_version()
        self._listeners: list[ChangesListener] = []
        self._commit_listeners: list[CommitListener] = []
        self._message_listeners: list[MessageListener] = []
        self._active = 0
        self._task: asyncio.Task[None] | None = None
        self._sleeper: asyncio.Future[None] | None = None
        self._stopping = False
        # Partners' apps nudge this one after they save, so a change is read at once
        # rather than at the next poll (live/nudge.py).
        self.nudges = Nudges()
        # Counters for benchmarks and tests.
        self.polls = 0
        self.commits_seen = 0
        self.changes_delivered = 0

    # -- subscribing ---------------------------------------------------------------------

    def subscribe(self, listener: ChangesListener) -> Callable[[], None]:
        """Call `listener(changes)` for every batch of other processes' changes."""
        self._listeners.append(listener)
        return lambda: _remove(self._listeners, listener)

    def on_commit(self, listener: CommitListener) -> Callable[[], None]:
        """Call `listener()` after any foreign commit, even one with no logged change
        (presence heartbeats are not logged)."""
        self._commit_listeners.append(listener)
        return lambda: _remove(self._commit_listeners, listener)

    def on_message(self, listener: MessageListener) -> Callable[[], None]:
        """Call `listener(pid, payload)` for each message a same-user app on this host sent
        here (live/nudge.py); the listener judges whether that pid may say it."""
        self._message_listeners.append(listener)
        return lambda: _remove(self._message_listeners, listener)

    def _message(self, pid: int, payload: bytes) -> None:
        for listener in list(self._message_listeners):
            try:
                listener(pid, payload)
            except Exception:  # one listener's bug must not stop the others
                log.exception("live-sync message listener %r failed", listener)

    def activate(self) -> Callable[[], None]:
        """Poll fast until the returned function is called (a live session is open)."""
        self._active += 1
        self.wake()
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                self._active -= 1

        return release

    @property
    def active(self) -> bool:
        return self._active > 0

    @property
    def interval(self) -> float:
        if not self.active:
            return self.idle_interval
        if self.partners_nudge and self.nudges.listening:
            return self.nudged_interval
        return self.active_interval

    # -- polling -------------------------------------------------------------------------

    def check(self) -> list[Change] | None:
        """One poll. None when nobody else committed; else the new foreign changes."""
        self.polls += 1
        version = self.repo.data_version()
        if version == self._version:
            return None
        self._version = version
        self.commits_seen += 1
        found: list[Change] = []
        while True:
            page = self.repo.changes_since(self.cursor, limit=PAGE)
            if not page:
                break
            self.cursor = page[-1].seq
            found.extend(c for c in page if not self.repo.is_own_change(c.seq))
            if len(page) < PAGE:
                break
        self.repo.forget_own_changes(self.cursor)
        return found

    async def poll_once(self) -> list[Change] | None:
        """check(), then tell the listeners."""
        try:
            found = self.check()
        except UserError as exc:  # e.g. the disk went away: keep trying, quietly
            log.warning("live sync could not read the database: %s", exc)
            return None
        if found is None:
            return None
        for commit_listener in list(self._commit_listeners):
            await _call(commit_listener)
        if found:
            self.changes_delivered += len(found)
            for listener in list(self._listeners):
                await _call(listener, found)
        return found

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        while not self._stopping:
            await self.poll_once()
            if self._stopping:
                break
            self._sleeper = loop.create_future()
            handle = loop.call_later(self.interval, _resolve, self._sleeper)
            try:
                await self._sleeper
            finally:
                handle.cancel()
                self._sleeper = None

    def wake(self) -> None:
        """Poll now rather than at the end of the current interval."""
        if self._sleeper is not None:
            _resolve(self._sleeper)

    def start(self) -> asyncio.Task[None]:
        self.nudges.listen(self.wake, self._message)
        if self._task is None or self._task.done():
            self._stopping = False
            self._task = asyncio.get_running_loop().create_task(
                self.run(), name="mentor-tui live sync"
            )
        return self._task

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def request_stop(self) -> None:
        """Stop polling without waiting: the task ends at its next wake-up (now)."""
        self._stopping = True
        self.nudges.close()
        self.wake()

    async def stop(self) -> None:
        self.request_stop()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _remove(items: list[Any], item: Any) -> None:
    with contextlib.suppress(ValueError):
        items.remove(item)


def _alive(presence: Presence, host: str) -> bool:
    """False for a row of an app on this host whose process is gone.

    A killed app (SIGKILL, a crash) leaves its row fresh for up to STALE_SECONDS; on the
    same host its pid tells at once that nobody is there any more. A pid of another user's
    process (two system accounts on one server) answers PermissionError: alive.
    """
    if presence.host != host or not presence.pid:
        return True
    try:
        os.kill(presence.pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return not _zombie(presence.pid)


def _zombie(pid: int) -> bool:
    """A killed process its parent has not reaped yet still answers kill(pid, 0)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            # The state follows the command name, which is in parentheses and may hold any byte.
            return stat.read().rpartition(b")")[2].split()[0] in (b"Z", b"X")
    except (OSError, IndexError):
        return False


def present(repo: Repository, session_id: str, *, stale_after: float = STALE_SECONDS) -> list[Presence]:
    """Everyone in a session now: fresh heartbeats, minus apps on this host that died."""
    host = socket.gethostname()
    return [p for p in repo.presence.in_session(session_id, stale_after=stale_after) if _alive(p, host)]


def _signature(people: Iterable[Presence]) -> tuple[PresenceKey, ...]:
    return tuple(
        sorted((p.instance_id, p.person_id, p.role or "", p.via or "", p.following) for p in people)
    )


@dataclass(frozen=True)
class LiveDraft:
    """A partner's shared note as they are typing it, not yet saved (see "Live drafts")."""

    section_key: str
    author_id: str
    text: str
    # When the author's app took the text (ISO, this host's clock): a save stamped later
    # holds newer text, so the draft gives way to it even when later drafts were lost.
    at: str = ""


DRAFT_KIND = "draft"
# A partner's draft the store has not caught up with by then gives way to the stored text
# (their save failed, say): the autosave commits within a second of any key.
DRAFT_SECONDS = 2.0


class PartnerDrafts:
    """The partners' drafts this app was sent, laid over the stored notes until the store
    holds their text or a save made after it (then the draft is forgotten), or until
    DRAFT_SECONDS have passed."""

    def __init__(
        self, *, keep_seconds: float = DRAFT_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.keep_seconds = keep_seconds
        self._clock = clock
        self._drafts: dict[tuple[str, str], tuple[LiveDraft, float]] = {}

    def __bool__(self) -> bool:
        return bool(self._drafts)

    def take(self, draft: LiveDraft) -> None:
        self._drafts[(draft.section_key, draft.author_id)] = (draft, self._clock())

    def over(self, session_id: str, section_key: str, stored: Iterable[Note]) -> list[Note]:
        """The section's stored shared notes with the partners' newer typing in place of
        their text, plus the notes they have begun and not yet saved."""
        too_old = self._clock() - self.keep_seconds
        self._drafts = {key: d for key, d in self._drafts.items() if d[1] >= too_old}
        typing = {
            author: draft for (section, author), (draft, _) in self._drafts.items()
            if section == section_key
        }  # fmt: skip
        shown = []
        for note in stored:
            draft = typing.pop(note.author_id, None)
            if draft is not None:
                # A save stamped after the draft was taken holds newer text, even when the
                # drafts after this one were lost (a full queue, a note too long to send).
                if draft.text == note.body or note.updated_at > draft.at:
                    del self._drafts[(section_key, note.author_id)]
                else:
                    note = replace(note, body=draft.text)
            shown.append(note)
        shown += [
            Note(session_id=session_id, section_key=section_key, author_id=author, body=d.text)
            for author, d in typing.items()
        ]
        return shown


class LiveSession:
    """Being in a session together: presence, heartbeats, position and the session's changes.

    The app creates one when a session screen opens and stops it when it closes:

        live = LiveSession(repo, session.id, [me.id], watcher=app_watcher,
                           on_changes=..., on_presence=..., on_position=...)
        await live.start()
        ...
        await live.stop()

    Callbacks (sync or async, all on the event loop):
      on_changes(changes)          other processes' changes that belong to this session
                                   (notes, sections, action items, goals check-ins ...);
      on_presence(others)          who else is here changed (arrived, left, went stale,
                                   toggled following); `others` excludes this app;
      on_position(position, actor) another process moved the session to another section;
                                   called whether or not this app follows (`following`).
      on_ended(actor)              another process ended the session.
      on_draft(draft)              a partner app on this host is typing a shared note
                                   (sync only; see "Live drafts" above).
    """

    def __init__(
        self,
        repo: Repository,
        session_id: str,
        people: Iterable[str],
        *,
        watcher: ChangeWatcher | None = None,
        following: bool = True,
        via: str | None = None,
        instance_id: str | None = None,
        on_changes: ChangesListener | None = None,
        on_presence: Callable[[list[Presence]], Any] | None = None,
        on_position: Callable[[int, str | None], Any] | None = None,
        on_ended: Callable[[str | None], Any] | None = None,
        on_draft: Callable[[LiveDraft], None] | None = None,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
        stale_after: float = STALE_SECONDS,
    ) -> None:
        self.repo = repo
        self.session_id = session_id
        self.people = list(people)
        # Presence rows are written only by their person's own repository (store/repo/
        # presence.py): someone who sat down later at this app beats through theirs.
        self._seats: dict[str, Repository] = {}
        self.instance_id = instance_id or new_id()
        self.via = via or ("ssh" if os.environ.get("SSH_CONNECTION") else "local")
        self.on_changes = on_changes
        self.on_presence = on_presence
        self.on_position = on_position
        self.on_ended = on_ended
        self.on_draft = on_draft
        self.heartbeat_seconds = heartbeat_seconds
        self.stale_after = stale_after
        self._following = following
        self._own_watcher = watcher is None
        self.watcher = watcher or ChangeWatcher(repo)
        self._unsubscribe: list[Callable[[], None]] = []
        self._heartbeat_task: asyncio.Task[None] | None = None
        self._presence_sig: tuple[PresenceKey, ...] = ()
        self.others: list[Presence] = []
        self.position: int | None = None
        self.ended = False
        self.started = False

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> LiveSession:
        session = self.repo.sessions.get(self.session_id)
        self.position = session.current_section
        self.ended = session.status == SessionStatus.ENDED
        self._join()
        with contextlib.suppress(UserError):
            self.repo.presence.sweep()
        self._unsubscribe = [
            self.watcher.subscribe(self._changes),
            self.watcher.on_commit(self._commit),
            self.watcher.on_message(self._message),
            self.watcher.activate(),
            after_commit(self._nudge_partners),
        ]
        if not self.watcher.running:
            self.watcher.start()
        self._heartbeat_task = asyncio.get_running_loop().create_task(
            self._beat(), name="mentor-tui presence heartbeat"
        )
        self.started = True
        await self.refresh_presence(force=True)
        return self

    async def stop(self) -> None:
        if not self.started:
            return
        beat = self._unhook()
        if beat is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await beat
        if self._own_watcher:
            await self.watcher.stop()
        self._leave()

    def close(self) -> None:
        """stop() for a caller that cannot await (a screen being unmounted): the same steps,
        without waiting for the cancelled heartbeat (or an own watcher) to finish."""
        if not self.started:
            return
        self._unhook()
        if self._own_watcher:
            self.watcher.request_stop()
        self._leave()

    def _unhook(self) -> asyncio.Task[None] | None:
        """What stop() and close() undo first: the subscriptions, the partners' nudge and the
        heartbeat, cancelled and handed back for stop() to await."""
        self.started = False
        for undo in self._unsubscribe:
            undo()
        self._unsubscribe = []
        self.watcher.partners_nudge = False
        beat, self._heartbeat_task = self._heartbeat_task, None
        if beat is not None:
            beat.cancel()
        return beat

    async def __aenter__(self) -> LiveSession:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def _partner_pids(self) -> set[int]:
        """The partners' apps on this host (each once, however many people sit at it)."""
        host = socket.gethostname()
        me = os.getpid()
        return {p.pid for p in self.others if p.pid and p.pid != me and p.host == host}

    def _nudge_partners(self) -> None:
        """After this process commits: the partners' apps on this host read it now."""
        self.watcher.nudges.send(self._partner_pids())

    def send_draft(
        self, section_key: str, author_id: str, visibility: Visibility, text: str
    ) -> bool:
        """Show the partners' apps on this host a note as typed so far (see "Live drafts").

        False, and nothing sent, for a private note (it never leaves its author), when no
        partner app is on this host, or when the text is too long for one datagram (the
        save brings it a moment later).
        """
        if visibility != Visibility.SHARED or not self.started:
            return False
        pids = self._partner_pids()
        if not pids:
            return False
        payload = json.dumps(
            {"kind": DRAFT_KIND, "session": self.session_id, "section": section_key,
             "author": author_id, "text": text, "at": now_iso()},
            ensure_ascii=False,
        ).encode()  # fmt: skip
        if len(payload) > MAX_MESSAGE:
            return False
        self.watcher.nudges.send(pids, payload)
        return True

    def _message(self, pid: int, payload: bytes) -> None:
        """A datagram from a same-user app: a draft of this session, from an app whose
        presence row here is the draft's author, goes to on_draft; anything else is dropped."""
        if self.on_draft is None:
            return
        try:
            message = json.loads(payload)
        except (ValueError, RecursionError):  # not ours, or nested to crash a parser
            return
        if not isinstance(message, dict) or message.get("kind") != DRAFT_KIND:
            return
        section, author, text = message.get("section"), message.get("author"), message.get("text")
        at = message.get("at")
        if message.get("session") != self.session_id or not (
            isinstance(section, str) and isinstance(author, str) and isinstance(text, str)
            and isinstance(at, str)
        ):
            return
        host = socket.gethostname()
        if not any(p.pid == pid and p.host == host and p.person_id == author for p in self.others):
            return
        self.on_draft(LiveDraft(section, author, text, at))

    # -- what the app calls ----------------------------------------------------------------

    @property
    def following(self) -> bool:
        return self._following

    def set_following(self, following: bool) -> None:
        """The follow toggle: others see it in their header (presence row)."""
        self._following = following
        try:
            for repo in self._repos():
                repo.presence.heartbeat(self.instance_id, following=following)
        except UserError as exc:
            log.warning("could not save the follow setting: %s", exc)

    def go_to_section(self, position: int) -> Session:
        """Move the session (repo.sessions.go_to_section) and remember it, so it is not echoed back."""
        session = self.repo.sessions.go_to_section(self.session_id, position)
        self.position = position
        return session

    def add_person(self, person_id: str, repo: Repository | None = None) -> None:
        """Someone else sat down at this app (shared laptop): show them as present too,
        through `repo`, their own repository (the store refuses a row in another's name)."""
        if person_id not in self.people:
            if repo is not None:
                self._seats[person_id] = repo
            self.people.append(person_id)
            try:
                self._join()
            except UserError:
                # Refused (not their repository): not counted, so the heartbeat does not
                # keep trying to bring them back.
                self.people.remove(person_id)
                self._seats.pop(person_id, None)
                raise

    def everyone(self) -> list[Presence]:
        return present(self.repo, self.session_id, stale_after=self.stale_after)

    async def refresh_presence(self, *, force: bool = False) -> list[Presence]:
        try:
            others = [p for p in self.everyone() if p.instance_id != self.instance_id]
        except UserError as exc:
            log.warning("could not read who is in the session: %s", exc)
            return self.others
        host = socket.gethostname()
        me = os.getpid()
        self.watcher.partners_nudge = all(
            p.host == host and p.pid and p.pid != me for p in others
        )
        signature = _signature(others)
        if force or signature != self._presence_sig:
            self._presence_sig = signature
            self.others = others
            if self.on_presence is not None:
                await _call(self.on_presence, others)
        return self.others

    # -- internals -------------------------------------------------------------------------

    def _join(self) -> None:
        host = socket.gethostname()
        for person_id in self.people:
            self._seats.get(person_id, self.repo).presence.join(
                Presence(
                    instance_id=self.instance_id,
                    person_id=person_id,
                    session_id=self.session_id,
                    host=host,
                    pid=os.getpid(),
                    via=self.via,
                    following=self._following,
                )
            )

    def _repos(self) -> list[Repository]:
        """Each repository that writes this app's rows, once."""
        return list({id(r): r for r in (self.repo, *self._seats.values())}.values())

    def _leave(self) -> None:
        for repo in self._repos():
            try:
                repo.presence.leave(self.instance_id)
            except UserError as exc:
                log.warning("could not leave the session cleanly: %s", exc)

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_seconds)
            try:
                beats = sum(r.presence.heartbeat(self.instance_id) for r in self._repos())
                if beats < len(self.people):
                    # Swept as stale (the laptop slept, say): come back.
                    self._join()
            except UserError as exc:
                log.warning("presence heartbeat failed: %s", exc)
            # Also notices peers that went silent (no commit tells us about those).
            await self.refresh_presence()

    async def _commit(self) -> None:
        await self.refresh_presence()

    async def _changes(self, changes: list[Change]) -> None:
        mine = [c for c in changes if c.session_id == self.session_id]
        if not mine:
            return
        if self.on_changes is not None:
            await _call(self.on_changes, mine)
        moved = [c for c in mine if c.table == "sessions" and c.row_id == self.session_id]
        if not moved:
            return
        try:
            session = self.repo.sessions.get(self.session_id)
        except UserError as exc:
            log.warning("could not read the session after a change: %s", exc)
            return
        actor = moved[-1].actor_id
        if session.current_section != self.position:
            self.position = session.current_section
            if self.on_position is not None:
                await _call(self.on_position, session.current_section, actor)
        if session.status == SessionStatus.ENDED and not self.ended:
            self.ended = True
            if self.on_ended is not None:
                await _call(self.on_ended, actor)


# -- the same note edited in two places ------------------------------------------------------


class NoteAction(StrEnum):
    KEEP = "keep"  # nothing to do: our own write coming back, or no change in the text
    RELOAD = "reload"  # show the stored text; nothing typed here is lost
    CONFLICT = "conflict"  # both changed it: ours is saved next and wins (last writer wins)


@dataclass(frozen=True)
class NoteResolution:
    action: NoteAction
    text: str  # what the editor should hold afterwards
    saved_text: str  # what the editor should now believe is stored
    message: str | None = None  # one sentence for the person at this screen
    replaced: str | None = None  # the text that loses, for a rescue copy


def resolve_note_change(saved_text: str, text: str, stored_text: str | None) -> NoteResolution:
    """Decide what an open note editor does when its row was changed by another process.

    `saved_text` is what this editor last wrote (or loaded), `text` what it holds now,
    `stored_text` the row's body in the database now (None: the row was deleted).

    Notes are one row per (section, author, visibility), so two people never write the
    same row; only one person in two windows can. Then the last writer wins per row:
    an editor with nothing unsaved takes the stored text (RELOAD, told when the text
    it showed is replaced); an editor with unsaved typing keeps it and saves it next,
    replacing the other window's text (CONFLICT: both sides are told, and the replaced
    text is handed back so the app can keep a rescue copy).
    """
    stored = stored_text or ""
    if stored == saved_text:
        return NoteResolution(NoteAction.KEEP, text, saved_text)
    if text == saved_text:
        return NoteResolution(
            NoteAction.RELOAD,
            stored,
            stored,
            "This note was changed in another window; it now shows the latest text.",
        )
    if text == stored:
        return NoteResolution(NoteAction.KEEP, text, stored)
    return NoteResolution(
        NoteAction.CONFLICT,
        text,
        stored,
        "This note was also changed in another window; your text will be saved over it "
        "(the last save wins) and the other text was kept in a rescue copy.",
        replaced=stored,
    )


def presence_summary(
    others: Iterable[Presence], name_of: Callable[[str], str], *, me: Iterable[str] = ()
) -> str:
    """One line for the header: "Also here: Dr Lukas Berg (mentee, over SSH, not following)"."""
    mine = set(me)
    parts = []
    seen: set[tuple[str, str]] = set()
    for p in others:
        key = (p.person_id, p.via or "")
        if key in seen:
            continue
        seen.add(key)
        bits = [p.role] if p.role else []
        if p.person_id in mine:
            bits.append("another window")
        if p.via == "ssh":
            bits.append("over SSH")
        if not p.following:
            bits.append("not following")
        detail = f" ({', '.join(bits)})" if bits else ""
        parts.append(f"{name_of(p.person_id)}{detail}")
    return "Also here: " + "; ".join(parts) if parts else "Nobody else is here"
