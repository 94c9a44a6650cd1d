"""What the TUI tests share: the frozen clock, the app on a real file, typing key by key."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from mentor_tui.tui.app import MentorApp
from mentor_tui.tui.themes import DARK

# A Tuesday in the past, so that every instant the store stamps with the real clock is later
# than the app's frozen "now" (running timers then show what was banked, never a live count).
TODAY = date(2025, 5, 13)
NOW = datetime(2025, 5, 13, 15, 0, tzinfo=UTC)


def build_app(
    repo,
    *,
    me=None,
    theme: str = DARK,
    tmp_path: Path | None = None,
    alone: bool = False,
    signed_in: bool = True,
) -> MentorApp:
    """The app on a real file. Without `me`, the pair at one laptop: both signed in, the
    first mentorship's first member typing (people without a passphrase, as in a demo).
    signed_in=False: nobody yet, as `mentor-tui` without --as (the sign-in screen)."""
    keymap_file = (tmp_path / "keymap.toml") if tmp_path else Path("/nonexistent/keymap.toml")
    people = []
    if me is None and signed_in:
        first = next(iter(repo.mentorships.list(include_closed=True)), None)
        if first is not None:
            people = [repo.people.get(m.person_id) for m in first.members]
    return MentorApp(
        repo,
        me=me,
        signed_in=people,
        alone=alone,
        today=lambda: TODAY,
        now=lambda: NOW,
        theme=theme,
        keymap_file=keymap_file,
    )


def person_named(repo, name: str):
    return next(p for p in repo.people.list() if name in p.display_name)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*text)


async def type_into(pilot, selector: str, text: str) -> None:
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    await type_text(pilot, text)
    await pilot.pause()


@contextlib.contextmanager
def time_zone(name: str) -> Iterator[None]:
    """Times on screen are local: pin the zone so every machine draws the same screen."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


async def wait_for_screen(pilot, screen_type, timeout: float = 20.0):
    """Wait for a screen of this type to be on top; polls, so a quiet machine returns at once."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if isinstance(pilot.app.screen, screen_type):
            await pilot.pause()  # let it finish mounting
            return pilot.app.screen
        await pilot.pause(0.02)
    raise AssertionError(f"expected {screen_type.__name__}, got {type(pilot.app.screen).__name__}")


async def layout_settled(pilot, polls: int = 200) -> None:
    """Wait until no widget on the screen changes size or children for three polls in a row:
    a Markdown document mounts its blocks over several frames, more of them on a loaded
    machine, and a snapshot taken half-way shows another scrollbar."""
    last, steady = None, 0
    for _ in range(polls):
        await pilot.pause(0.05)
        shape = tuple(
            (id(w), w.size, w.virtual_size, len(w.children)) for w in pilot.app.screen.query("*")
        )
        if shape == last:
            steady += 1
            if steady == 3:
                return
        else:
            last, steady = shape, 0


async def focus_settled(pilot, polls: int = 40) -> None:
    """Wait until focus has landed and stayed put for one poll: it can land a frame or more
    late on a loaded machine, and a snapshot shows the focused field's cursor. A screen with
    nothing to focus gives up after `polls` polls."""
    focused, steady = None, 0
    for _ in range(polls):
        await pilot.pause(0.05)
        if pilot.app.focused is focused and focused is not None:
            steady += 1
            if steady == 3:  # a screen can focus one widget, then its chosen one a frame later
                return
        else:
            focused, steady = pilot.app.focused, 0


async def until(pilot, predicate, timeout: float = 20.0, *, what: str = "the condition") -> None:
    """Wait for `predicate()` to hold (`what` names it in the failure). Timers fire late on a
    busy machine, so a deadline is never shorter than 20 s: a test that passes 5 means
    "soon", and polling returns as soon as it holds (how fast is bench/'s question, not a
    test's)."""
    from textual.css.query import NoMatches

    def holds() -> bool:
        try:
            return bool(predicate())
        except NoMatches:  # a widget being recomposed (a busy machine catches it mid-way)
            return False

    deadline = time.monotonic() + max(timeout, 20.0)
    while not holds():
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what} did not come true in time")
        await pilot.pause(0.05)


async def palette(pilot, text: str) -> None:
    """Open the command palette, type `text`, and run the best match once it is one whose
    name holds what was typed (the palette searches in the background, later on a busy
    machine)."""
    from textual.command import CommandPalette
    from textual.widgets import OptionList

    await pilot.press("ctrl+p")
    screen = await wait_for_screen(pilot, CommandPalette)
    await type_text(pilot, text)
    hits = screen.query_one(OptionList)

    def best() -> str:
        if not hits.option_count or hits.highlighted is None:
            return ""
        return str(hits.get_option_at_index(hits.highlighted).prompt).lower()

    await until(pilot, lambda: text.lower() in best())
    await pilot.press("enter")
    await pilot.pause()


class Notices:
    """Every notification the app raises, in order, as Textual's public message hook sees it:
    `async with app.run_test(message_hook=notices)` (run_test draws no toasts, and a toast
    would expire on a slow machine before the test looked)."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message) -> None:
        from textual.notifications import Notify

        if isinstance(message, Notify):
            self.messages.append(str(message.notification.message))

    async def shown(self, pilot, text: str) -> str:
        """Wait for a notification containing `text`; returns it."""
        await until(pilot, lambda: any(text in m for m in self.messages))
        return next(m for m in self.messages if text in m)


PASSPHRASE = "correct horse battery"


async def set_passphrase_when_offered(pilot, passphrase: str = PASSPHRASE) -> None:
    """The first private note offers a passphrase: set it, and pass the recovery code."""
    from mentor_tui.tui.screens.signin import RecoveryCodeDialog, SetPassphraseDialog

    await wait_for_screen(pilot, SetPassphraseDialog)
    await type_text(pilot, passphrase)
    await pilot.press("tab")
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await wait_for_screen(pilot, RecoveryCodeDialog)
    await pilot.press("enter")


def type_ahead(pilot, *keys: str) -> None:
    """Queue key events all at once, as a paste or a fast typist does: unlike `pilot.press`,
    nothing waits for the app to be idle between two keys."""
    from textual import events

    app = pilot.app
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app.post_message(event)  # the queue the terminal's driver posts keys to


async def from_home(pilot, way, screen_type):
    """From Home to a screen: by its key, or pushed (a screen of one past session has no key)."""
    from mentor_tui.tui.screens.home import HomeScreen

    await wait_for_screen(pilot, HomeScreen)
    if isinstance(way, str):
        await pilot.press(way)
    else:
        pilot.app.push_screen(way)
    return await wait_for_screen(pilot, screen_type)


def two_apps(pair, tmp_path, *, second_as: str = "Lukas"):
    """Amara's app on pair[0] and `second_as`'s on pair[1]: two connections to one database,
    as two `mentor-tui --as` processes run (pair[2], if any, is not used)."""
    first_repo, second_repo, _ = pair
    amara = person_named(first_repo, "Amara")
    second = person_named(second_repo, second_as)
    first_repo.act_as(amara.id)
    second_repo.act_as(second.id)
    return (
        build_app(first_repo, me=amara, tmp_path=tmp_path),
        build_app(second_repo, me=second, tmp_path=tmp_path),
    )
