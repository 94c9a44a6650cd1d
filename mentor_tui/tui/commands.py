"""The command palette (ctrl+p): every action of the app under a plain name.

The names people and scripts rely on are listed in docs/architecture.md ("The palette's names").

A command runs on the current screen when that screen knows how (a method named
`command_<key>`), else on the app; when neither can, the palette says where it works.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True)
class CommandSpec:
    key: str
    title: str
    help: str
    unavailable: str = ""


_SPECS = [
    CommandSpec("start_session", "Start session", "Pick an agenda and start a guided session"),
    CommandSpec(
        "next_section", "Next section", "Move on to the next part of the agenda",
        "Next section works during a session; start or resume one first.",
    ),
    CommandSpec(
        "previous_section", "Previous section", "Go back to the previous part of the agenda",
        "Previous section works during a session; start or resume one first.",
    ),
    CommandSpec(
        "add_note", "Add note", "Type a note in the current section",
        "Notes are written during a session; start or resume one first.",
    ),
    CommandSpec("add_action_item", "Add action item", "Something to do, with an owner and a date"),
    CommandSpec("add_goal", "Add goal", "A new goal for the mentee or the mentor"),
    CommandSpec(
        "add_talking_point", "Add talking point",
        "Something to raise at the next meeting; your partner sees it at once",
    ),
    CommandSpec(
        "switch_speaker", "Switch speaker", "Change who is typing the notes",
        "Switch speaker works during a session; start or resume one first.",
    ),
    CommandSpec(
        "end_session", "End session", "Finish the session and go to the wrap-up",
        "There is no session open to end.",
    ),
    CommandSpec("resume_session", "Resume session", "Continue a session that was interrupted"),
    CommandSpec("followup_email", "Follow-up email", "Write the email that follows a session"),
    CommandSpec("search_notes", "Search notes", "Find words in the notes of past sessions"),
    CommandSpec(
        "calendar_invite", "Calendar invite",
        "Write the next meeting as an .ics invitation (under serve, into your outbox)",
    ),
    # Beyond the names in docs/architecture.md: the other things a session screen can do.
    CommandSpec(
        "toggle_private", "Private note", "Switch the editor between the shared and your private note",
        "Private notes are written during a session.",
    ),
    CommandSpec(
        "toggle_timer", "Pause or resume timer", "Stop or restart the section clock",
        "The timer runs during a session.",
    ),
    CommandSpec(
        "goal_checkin", "Goal check-in", "Record progress on a goal",
        "Goal check-ins are made during a session or on the Goals screen.",
    ),
    CommandSpec(
        "skill_rating", "Skill rating", "The mentor's skill on a reverse-mentoring topic, before and after",
        "Skill ratings are recorded during a session.",
    ),
    CommandSpec(
        "read_others", "Read partner's note",
        "The notes the others wrote in this section, whole (ctrl+r)",
        "The partner's notes are read during a session.",
    ),
    CommandSpec(
        "follow_partner", "Follow partner",
        "Move with the others when they change section, or stop (in a shared session)",
        "Following works in a session shared with someone; start or resume one first.",
    ),
    # Goals, promises and development (issue 4); each screen adds its own commands too.
    CommandSpec("goals", "Goals", "The mentorship's goals: filter, sort, edit, check in"),
    CommandSpec("owed", "What I owe", "Action items across all mentorships: what I owe, and to whom"),
    CommandSpec(
        "reverse_mentoring", "Reverse-mentoring topic",
        "Pick what the mentee teaches, rate the mentor's skill before and after, make a goal",
    ),
    CommandSpec("development_plan", "Development plan", "The mentee's individual development plan (IDP)"),
    CommandSpec("agreement", "Mentoring agreement", "What the pair agreed, and when to review it"),
    CommandSpec(
        "competencies", "Competency check-in",
        "Six mentoring competencies: the mentor's view and the mentee's, side by side",
    ),
    CommandSpec("mentor_roles", "Mentor roles", "Coach, sponsor, connector, traditional: who covers what"),
    CommandSpec(
        "set_passphrase", "Set passphrase",
        "Set or change the passphrase of the person typing; it also keeps their private notes",
    ),
    CommandSpec(
        "support_resources", "Support resources",
        "If someone's safety is at risk: what to do now, and whom to call (ctrl+g)",
    ),
    CommandSpec(
        "export_anonymized", "Export pseudonymised log",
        "See exactly what would leave for your programme coordinator, then write the bundle",
    ),
]

COMMANDS: dict[str, CommandSpec] = {spec.key: spec for spec in _SPECS}
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


class MentorCommands(Provider):
    """Offers every command on an empty search, and fuzzy-matches them as you type."""

    def _run(self, key: str) -> None:
        self.app.run_command(key)  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for spec in _SPECS:
            yield DiscoveryHit(spec.title, partial(self._run, spec.key), help=spec.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for spec in _SPECS:
            score = matcher.match(spec.title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(spec.title), partial(self._run, spec.key),
                    help=spec.help,
                )
