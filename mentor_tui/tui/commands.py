"""The command palette (ctrl+p): the current screen's actions and the app's, each with its key.

The names people and scripts rely on are listed in docs/architecture.md ("The palette's names").

One provider serves every screen. It offers:
- the screen's own commands, its `PALETTE` (a sequence of `Command`), run on the screen;
- then the commands below (`COMMANDS`), unless the screen has one of the same title. Each runs
  the screen's `action_<name>` when the screen has it, else the app's; when neither has it, the
  palette offers it only if it can say where it works (`unavailable`).

Each command's help ends with the keys that do the same on this screen (read from the bindings,
with the user's keymap), so the palette also teaches the keyboard.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import partial
from typing import NamedTuple

from textual.actions import parse
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from mentor_tui.tui import keymap
from mentor_tui.tui.saving import mentor_app

# Home's keys to other screens run `open_screen('<command>')` (keymap.HOME_QUIET explains why).
OPENS_SCREEN = ("open_screen", "open_screen_quietly")


# A NamedTuple, not a frozen dataclass: defined before Home's first frame, where a frozen
# dataclass costs five times as much (docs/performance.md, "Start-up").
class Command(NamedTuple):
    """One entry of the palette: what it says and the action it runs."""

    title: str
    help: str
    action: str = ""  # as in a binding: "next_section", "nudge(1)", "app.calendar_invite"
    unavailable: str = ""  # said instead when the command cannot run on the current screen
    on_app: bool = True  # False: only a screen's own action of that name runs it

    def here(self, action: str) -> Command:
        """The same command, done on this screen by its own action."""
        return self._replace(action=action)

    def not_here(self, reason: str) -> Command:
        """The same command on a screen where it cannot run: the palette says why."""
        return self._replace(action="", unavailable=reason)


_COMMANDS = [
    Command("Start session", "Pick an agenda and start a guided session", "start_session"),
    Command(
        "Next section", "Move on to the next part of the agenda", "next_section",
        "Next section works during a session; start or resume one first.",
    ),
    Command(
        "Previous section", "Go back to the previous part of the agenda", "previous_section",
        "Previous section works during a session; start or resume one first.",
    ),
    Command(
        "Add note", "Type a note in the current section", "add_note",
        "Notes are written during a session; start or resume one first.",
    ),
    Command("Add action item", "Something to do, with an owner and a date", "add_action_item"),
    Command("Add goal", "A new goal for the mentee or the mentor", "add_goal"),
    Command(
        "Add talking point",
        "Something to raise at the next meeting; your partner sees it at once",
        "add_talking_point",
    ),
    Command(
        "Switch speaker", "Change who is typing the notes", "switch_speaker",
        "Switch speaker works during a session; start or resume one first.",
    ),
    Command(
        "End session", "Finish the session and go to the wrap-up", "end_session",
        "There is no session open to end.",
    ),
    Command("Resume session", "Continue a session that was interrupted", "resume_session"),
    Command("Follow-up email", "Write the email that follows a session", "followup_email"),
    Command("Search notes", "Find words in the notes of past sessions", "history(True)"),
    Command(
        "Calendar invite",
        "Write the next meeting as an .ics invitation (under serve, into your outbox)",
        "calendar_invite",
    ),
    # Beyond the names in docs/architecture.md: the other things a session screen can do.
    Command(
        "Private note", "Switch the editor between the shared and your private note",
        "toggle_private", "Private notes are written during a session.",
    ),
    Command(
        "Pause or resume timer", "Stop or restart the section clock", "toggle_timer",
        "The timer runs during a session.",
    ),
    Command(
        "Goal check-in", "Record progress on a goal", "goal_checkin",
        "Goal check-ins are made during a session or on the Goals screen.",
    ),
    Command(
        "Skill rating", "The mentor's skill on a reverse-mentoring topic, before and after",
        "skill_rating", "Skill ratings are recorded during a session.",
    ),
    Command(
        "Read partner's note", "The notes the others wrote in this section, whole",
        "read_others", "The partner's notes are read during a session.",
    ),
    Command(
        "Follow partner",
        "Move with the others when they change section, or stop (in a shared session)",
        "toggle_follow",
        "Following works in a session shared with someone; start or resume one first.",
    ),
    # Goals, promises and development; each screen adds its own commands too.
    Command("Goals", "The mentorship's goals: filter, sort, edit, check in", "goals"),
    Command("What I owe", "Action items across all mentorships: what I owe, and to whom", "owed"),
    Command(
        "Reverse-mentoring topic",
        "Pick what the mentee teaches, rate the mentor's skill before and after, make a goal",
        "reverse_mentoring",
    ),
    Command("Development plan", "The mentee's individual development plan (IDP)", "development_plan"),
    Command("Mentoring agreement", "What the pair agreed, and when to review it", "agreement"),
    Command(
        "Competency check-in",
        "Six mentoring competencies: the mentor's view and the mentee's, side by side",
        "competencies",
    ),
    Command("Mentor roles", "Coach, sponsor, connector, traditional: who covers what", "mentor_roles"),
    Command(
        "Sign out",
        "The person typing leaves this app; the other one signed in types, or the app closes",
        "sign_out",
    ),
    Command(
        "Set time zone",
        "The zone you read meeting times in (Europe/Berlin); empty: this computer's",
        "set_time_zone",
    ),
    Command(
        "Set passphrase",
        "Set or change the passphrase of the person typing; it also keeps their private notes",
        "set_passphrase",
    ),
    Command(
        "Support resources",
        "If someone's safety is at risk: what to do now, and whom to call",
        "support_resources",
    ),
    Command(
        "Export pseudonymised log",
        "See exactly what would leave for your programme coordinator, then write the bundle",
        "export_anonymized",
    ),
    Command("History", "Past sessions and note search", "history"),
    Command("Home", "Back to the list of mentorships", "go_home"),
    Command("Help", "Keys, screens and tips", "help"),
    Command("Light or dark theme", "Switch between the light and the dark theme", "toggle_theme"),
    # Several screens' own actions under one name: offered only where the screen has them
    # (Textual's App has an action_back of its own, which is not "leave this screen").
    Command("Back", "Leave this screen", "back", on_app=False),
    Command("Close", "Close this page", "close", on_app=False),
    Command("Cancel", "Leave without saving", "cancel", on_app=False),
    Command(
        "Reveal private notes", "Show or hide the private notes you may read", "toggle_reveal",
        on_app=False,
    ),
]  # fmt: skip

COMMANDS: dict[str, Command] = {command.action: command for command in _COMMANDS}
# The exact names scripts and people rely on (docs/architecture.md); tests check them.
DESIGN_NAMES = (
    "Start session",
    "Next section",
    "Previous section",
    "Add note",
    "Add action item",
    "Add goal",
    "Switch speaker",
    "End session",
    "Resume session",
    "Follow-up email",
    "Search notes",
)


def _name_and_params(action: str) -> tuple[str, tuple[object, ...]]:
    _namespace, name, params = parse(action)
    return name, params


def runs(binding: Binding, action: str) -> bool:
    """Whether pressing the binding does what the palette's `action` does."""
    name, params = _name_and_params(binding.action)
    if name in OPENS_SCREEN:
        return params == (action,)
    return (name, params) == _name_and_params(action)


def has_action(node: DOMNode, action: str) -> bool:
    return callable(getattr(node, f"action_{_name_and_params(action)[0]}", None))


class Entry(NamedTuple):
    """One line of the palette: a command and where it runs (None: it says where it works)."""

    command: Command
    target: DOMNode | None
    keys: str

    @property
    def help(self) -> str:
        return f"{self.command.help} ({self.keys})" if self.keys else self.command.help


class MentorCommands(Provider):
    """The palette's one provider: the current screen's commands, then the app's."""

    def _bindings(self) -> Iterable[BindingType]:
        yield from self.screen.BINDINGS
        yield from self.app.BINDINGS

    def _keys(self, action: str) -> str:
        overrides = mentor_app(self.screen).key_overrides
        shown: list[str] = []
        for binding in self._bindings():
            if isinstance(binding, Binding) and runs(binding, action):
                for key in keymap.keys_for(binding, overrides).split(","):
                    display = self.app.get_key_display(replace(binding, key=key.strip()))
                    if display not in shown:
                        shown.append(display)
        return ", ".join(shown)

    def entries(self) -> list[Entry]:
        screen, app = self.screen, self.app
        own: Sequence[Command] = getattr(screen, "PALETTE", ())
        found = [Entry(c, screen if c.action else None, self._keys(c.action)) for c in own]
        titles = {c.title for c in own}
        for command in _COMMANDS:
            if command.title in titles:
                continue
            target: DOMNode | None = screen if has_action(screen, command.action) else app
            if target is app and not command.on_app:
                target = None
            if target is None or not has_action(target, command.action):
                if not command.unavailable:
                    continue
                target = None
            found.append(Entry(command, target, self._keys(command.action)))
        return found

    async def _run(self, entry: Entry) -> None:
        if entry.target is None:
            self.app.notify(entry.command.unavailable, severity="warning")
            return
        await self.app.run_action(entry.command.action, entry.target)

    async def discover(self) -> Hits:
        for entry in self.entries():
            yield DiscoveryHit(entry.command.title, partial(self._run, entry), help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self.entries():
            score = matcher.match(entry.command.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(entry.command.title),
                    partial(self._run, entry),
                    help=entry.help,
                )
