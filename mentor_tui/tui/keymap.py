"""Every key binding of the app, in one place.

Each binding has an id. To change a key, put a `keymap.toml` in the config directory
(`mentor-tui` under your XDG config home) that maps ids to keys, for example:

    "session.switch_speaker" = "f2,ctrl+o"
    "app.toggle_theme" = "f10"

Keys a note editor needs for itself (letters, ctrl+a/e/k/u/w/z/y, ctrl+c/x/v) are never
used here for actions that must work while typing; those use function keys and the few
control keys a text area leaves free. ctrl+b is left to tmux, ctrl+s/ctrl+q to flow control.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from mentor_tui import paths

KEYMAP_FILE = "keymap.toml"

APP = [
    Binding("f1", "app.help", "Help", id="app.help", priority=True),
    Binding("question_mark", "app.help", "Help", id="app.help_question", show=False),
    Binding("ctrl+t", "app.toggle_theme", "Theme", id="app.toggle_theme", show=False),
    # Works while typing a note: a text area leaves ctrl+g free.
    Binding(
        "ctrl+g", "app.support_resources", "Support", id="app.support_resources",
        priority=True, show=False,
    ),
    Binding("ctrl+q", "app.quit", "Quit", id="app.quit", priority=True, show=False),
    # Priority, so focus moves when the app reads the key, not after the key has bubbled up
    # from the field: keys typed right after Tab (a paste, a fast typist) then land in the
    # next field instead of the one being left.
    Binding("tab", "app.focus_next", "Next field", id="app.focus_next", priority=True, show=False),
    Binding(
        "shift+tab", "app.focus_previous", "Previous field", id="app.focus_previous",
        priority=True, show=False,
    ),
]

HOME = [
    Binding("s", "app.start_session", "Start", id="home.start_session"),
    Binding("r", "app.resume_session", "Resume", id="home.resume_session"),
    Binding("h", "app.history", "History", id="home.history"),
    Binding("g", "app.goals", "Goals", id="home.goals"),
    Binding("a", "app.add_action_item", "Action", id="home.add_action_item", show=False),
    Binding("t", "add_talking_point", "Talking point", id="home.add_talking_point", show=False),
    Binding("e", "app.agreement", "Agreement", id="home.agreement"),
    Binding("o", "open_screen('owed')", "Owed", id="home.owed"),
    Binding("p", "open_screen('development_plan')", "Plan", id="home.plan"),
    Binding("v", "open_screen('reverse_mentoring')", "Reverse", id="home.reverse"),
    Binding("c", "open_screen('competencies')", "Competencies", id="home.competencies"),
    Binding("m", "open_screen('mentor_roles')", "Roles", id="home.roles"),
    Binding("n", "new_mentorship", "New pair", id="home.new_mentorship", show=False),
    Binding("x", "app.export_anonymized", "Export", id="home.export", show=False),
    Binding("i", "app.calendar_invite", "Invite", id="home.invite", show=False),
    Binding("q", "app.quit", "Quit", id="home.quit"),
]

# The same keys, for when Home's footer is too narrow to show them (Home lists them itself).
_HOME_LONG = {
    "home.owed": "what I owe",
    "home.plan": "plan",
    "home.reverse": "reverse mentoring",
    "home.competencies": "competencies",
    "home.roles": "mentor roles",
}
HOME_QUIET = [
    Binding(b.key, b.action.replace("open_screen(", "open_screen_quietly("),
            _HOME_LONG.get(b.id or "", b.description), id=b.id, show=False)
    for b in HOME
    if b.action.startswith("open_screen(")
]  # fmt: skip

AGENDA_PICKER = [
    Binding("escape", "cancel", "Back", id="picker.cancel"),
    Binding("m", "toggle_mode", "In person/remote", id="picker.toggle_mode"),
]

SESSION = [
    Binding("f2", "switch_speaker", "Speaker", id="session.switch_speaker", priority=True),
    Binding("f3", "toggle_private", "Private", id="session.toggle_private", priority=True),
    Binding("f4", "add_action_item", "Action", id="session.add_action_item", priority=True),
    Binding("f5", "goal_checkin", "Goal", id="session.goal_checkin", priority=True, show=False),
    # ctrl+g is support resources everywhere and ctrl+l the section's list: these take others.
    Binding("ctrl+o", "add_goal", "Add goal", id="session.add_goal", priority=True, show=False),
    Binding("ctrl+b", "skill_rating", "Topic", id="session.skill_rating", priority=True, show=False),
    Binding("ctrl+r", "read_others", "Read partner", id="session.read_others", priority=True, show=False),
    Binding("f6", "toggle_timer", "Pause", id="session.toggle_timer", priority=True),
    Binding(
        "f7", "previous_section", "Prev", id="session.previous_section", priority=True, show=False
    ),
    Binding(
        "f8,ctrl+n", "next_section", "Next", id="session.next_section", priority=True
    ),
    Binding("f9", "end_session", "End", id="session.end_session", priority=True),
    # In the footer only while someone else is in the session (live sync).
    Binding("ctrl+f", "toggle_follow", "Follow", id="session.toggle_follow", priority=True),
    Binding("escape", "focus_sidebar", "Sections", id="session.focus_sidebar", show=False),
    # To the talking points and action items of this section (the list shows its keys).
    Binding(
        "ctrl+l", "focus_checklist", "List", id="session.focus_checklist", priority=True,
        show=False,
    ),
]

# In a session's list of talking points and action items, while it has the focus.
CHECKLIST = [
    Binding("space", "act('tick')", "Tick", id="checklist.tick"),
    Binding("x", "act('drop')", "Drop", id="checklist.drop"),
    # The list's border names these; the footer keeps room for the session's own keys.
    Binding("n", "act('later')", "Next time", id="checklist.later", show=False),
    Binding("o", "act('owner')", "Owner", id="checklist.owner", show=False),
    Binding("t", "act('due')", "Due date", id="checklist.due", show=False),
    Binding("escape", "leave", "Notes", id="checklist.leave"),
]

WRAPUP = [
    Binding("ctrl+e", "followup_email", "Follow-up email", id="wrapup.followup", priority=True),
    Binding("f6", "calendar_invite", "Invite .ics", id="wrapup.invite", priority=True),
    Binding("f7", "copy_invite", "Copy invite", id="wrapup.copy_invite", priority=True),
    Binding("f9", "done", "Finish", id="wrapup.done", priority=True),
    Binding("escape", "done", "Home", id="wrapup.home", show=False),
]

HISTORY = [
    Binding("escape", "back", "Back", id="history.back"),
    Binding("slash", "focus_search", "Search", id="history.search"),
    Binding("ctrl+r", "toggle_reveal", "Reveal private", id="history.reveal", priority=True),
]

SESSION_VIEW = [
    Binding("escape", "back", "Back", id="view.back"),
    Binding("r", "toggle_reveal", "Reveal private", id="view.reveal"),
    Binding("f", "followup_email", "Follow-up email", id="view.followup"),
]

GOALS = [
    Binding("escape", "back", "Back", id="goals.back"),
    Binding("a", "add_goal", "Add", id="goals.add"),
    Binding("e", "edit", "Edit", id="goals.edit"),
    Binding("c", "checkin", "Check in", id="goals.checkin"),
    Binding("s", "sort", "Sort", id="goals.sort"),
    Binding("r", "reverse", "Reverse order", id="goals.reverse", show=False),
    Binding("f", "filter", "Filter", id="goals.filter"),
    Binding("x", "clear_filters", "Clear filters", id="goals.clear_filters", show=False),
]

ACTIONS = [
    Binding("escape", "back", "Back", id="actions.back"),
    Binding("space", "toggle_done", "Tick", id="actions.toggle_done"),
    Binding("a", "add_item", "Add", id="actions.add"),
    Binding("d", "toggle_show_done", "Show done", id="actions.show_done"),
    Binding("w", "whose", "Whose list", id="actions.whose"),
    Binding("x", "drop", "Drop", id="actions.drop"),
    Binding("o", "reassign", "Owner", id="actions.reassign", show=False),
    Binding("t", "change_due", "Due date", id="actions.due", show=False),
]

REVERSE = [
    Binding("escape", "back", "Back", id="reverse.back"),
    Binding("n", "new_topic", "New topic", id="reverse.new_topic"),
    Binding("b", "rate_before", "Before", id="reverse.before"),
    Binding("a", "rate_after", "After", id="reverse.after"),
    Binding("g", "make_goal", "Make a goal", id="reverse.make_goal"),
]

DEVELOPMENT = [
    Binding("escape", "back", "Back", id="plan.back"),
    Binding("f5", "mark_reviewed", "Reviewed today", id="plan.reviewed"),
    Binding("f6", "export", "Export Markdown", id="plan.export"),
]

AGREEMENT = [
    Binding("escape", "back", "Back", id="agreement.back"),
    Binding("f5", "reviewed", "Reviewed today", id="agreement.reviewed"),
]

COMPETENCIES = [
    Binding("escape", "back", "Back", id="competencies.back"),
    Binding("w", "switch_respondent", "Who answers", id="competencies.who"),
    Binding("right,plus", "nudge(1)", "Higher", id="competencies.up", show=False),
    Binding("left,minus", "nudge(-1)", "Lower", id="competencies.down", show=False),
]

ROLES = [
    Binding("escape", "back", "Back", id="roles.back"),
    Binding("t", "toggle_role", "Tick role (or space)", id="roles.toggle"),
]

DIALOG = [
    Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
]

HELP = [
    Binding("escape,q", "close", "Close", id="help.close"),
]

SUPPORT = [
    Binding("escape,q", "close", "Close", id="support.close"),
]

EXPORT = [
    Binding("f2", "write", "Write bundle", id="export.write", priority=True),
    Binding("f3", "toggle_text", "Include text", id="export.toggle_text", priority=True),
    Binding("escape", "back", "Back", id="export.back"),
]

ALL: dict[str, list[Binding]] = {
    "Everywhere": APP,
    "Home": HOME,
    "Agenda picker": AGENDA_PICKER,
    "Session": SESSION,
    "Talking points and items (in a session)": CHECKLIST,
    "Wrap-up": WRAPUP,
    "History": HISTORY,
    "A past session": SESSION_VIEW,
    "Goals": GOALS,
    "What I owe": ACTIONS,
    "Reverse mentoring": REVERSE,
    "Development plan": DEVELOPMENT,
    "Agreement": AGREEMENT,
    "Competency check-in": COMPETENCIES,
    "Mentor roles": ROLES,
    "Export pseudonymised log": EXPORT,
    "Dialogs": DIALOG,
    "Help": HELP,
    "Support resources": SUPPORT,
}


def keymap_path() -> Path:
    return paths.config_dir() / KEYMAP_FILE


def load_user_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """The user's overrides, and one sentence about what was wrong with the file, if anything."""
    path = path or keymap_path()
    if not path.is_file():
        return {}, None
    import tomllib  # only when there is a file: the first screen does not wait for it

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, f"{path} could not be read ({exc}); the default keys are in use."
    known = {b.id for bindings in ALL.values() for b in bindings}
    keymap: dict[str, str] = {}
    unknown: list[str] = []
    for binding_id, keys in data.items():
        if binding_id in known and isinstance(keys, str) and keys.strip():
            keymap[binding_id] = keys.strip()
        else:
            unknown.append(binding_id)
    problem = None
    if unknown:
        problem = (
            f"{path}: {', '.join(sorted(unknown))} "
            f"{'is not a known key id' if len(unknown) == 1 else 'are not known key ids'} "
            "(see the help screen); the rest were applied."
        )
    return keymap, problem


def keys_for(binding: Binding, keymap: dict[str, str]) -> str:
    return keymap.get(binding.id or "", binding.key)
