"""The mentoring model as plain dataclasses: the people, their mentorships and what Home
shows of each (sessions, action items, goals, talking points).

The store takes and returns these; screens, renderers and the coordinator read them. A
concept that Home does not show keeps its dataclasses in its own module (core/notes.py,
core/feedback.py, core/reverse.py, core/changes.py; a goal's CheckIn in core/goals.py):
building a dataclass costs about 0.3 ms, and Home's first frame should not pay for the ones
it never reads (docs/performance.md, "Start-up").
Each has a docstring: without one, @dataclass writes one from inspect.signature, another
0.05 ms apiece when Home's first frame imports them.
Instants are UTC ISO 8601 strings (see core.clock); calendar dates are `datetime.date`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from mentor_tui.core.clock import new_id, now_iso


class Role(StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"


class Style(StrEnum):
    ONE_ON_ONE = "one-on-one"
    SHADOWING = "shadowing"
    NETWORKING = "networking"
    GROUP = "group"
    SPOT = "spot"
    VIRTUAL = "virtual"


class MentorRole(StrEnum):
    """What a mentor does for this mentee (Chopra, Arora, Saint 2018)."""

    COACH = "coach"
    SPONSOR = "sponsor"
    CONNECTOR = "connector"
    TRADITIONAL = "traditional"


class MentorshipStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class SessionStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class Mode(StrEnum):
    IN_PERSON = "in-person"
    REMOTE = "remote"


class Visibility(StrEnum):
    SHARED = "shared"
    PRIVATE = "private"


class PointStatus(StrEnum):
    """A talking point: still to raise, raised (ticked), or no longer needed (dropped).

    "Moved to next time" is not a status: the point stays open and remembers the session
    it was moved from, so it carries over like any unaddressed one.
    """

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class GoalStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    DROPPED = "dropped"


GOAL_CATEGORIES = (
    "research",
    "grants",
    "publications",
    "career",
    "clinical",
    "leadership",
    "teaching",
    "wellness",
    "networking",
    "digital",
    "other",
)


@dataclass
class Person:
    """Someone in the programme: a mentor, a mentee or both."""

    display_name: str
    email: str | None = None
    career_stage: str | None = None
    specialty: str | None = None
    pronouns: str | None = None
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    time_zone: str | None = None  # IANA name; None: the machine's (or SSH client's) zone


@dataclass
class Member:
    """A person's place in one mentorship: mentor or mentee, and as mentor which roles."""

    person_id: str
    role: Role
    mentor_roles: list[MentorRole] = field(default_factory=list)


@dataclass
class Agreement:
    """The mentoring compact: what the pair agreed on, and when to look at it again."""

    goals: str = ""
    meeting_frequency: str = ""
    meeting_length: str = ""
    between_meetings: str = ""
    confidentiality: str = ""
    feedback: str = ""
    ending: str = ""
    review_date: date | None = None
    updated_at: str = field(default_factory=now_iso)


@dataclass
class Mentorship:
    """A pair or group meeting to a rhythm, with the agreement they made."""

    title: str
    style: Style = Style.ONE_ON_ONE
    members: list[Member] = field(default_factory=list)
    cadence: str = ""  # the words the pair typed, e.g. "every 2 weeks on Tuesday"
    rrule: str = ""  # the RFC 5545 RRULE those words became
    start_date: date | None = None
    status: MentorshipStatus = MentorshipStatus.ACTIVE
    agreement: Agreement | None = None
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)

    def people_in(self, role: Role) -> list[str]:
        return [m.person_id for m in self.members if m.role == role]

    def role_of(self, person_id: str) -> Role | None:
        return next((m.role for m in self.members if m.person_id == person_id), None)


@dataclass
class SectionRun:
    """One agenda section as it ran in a session: planned minutes against the clock.

    The timer is `elapsed_seconds` banked so far plus the time since `running_since`
    when it is running; that survives a crash without a ticking writer.
    """

    key: str
    title: str
    kind: str
    planned_minutes: int
    position: int
    prompts: list[str] = field(default_factory=list)
    started_at: str | None = None
    ended_at: str | None = None
    elapsed_seconds: float = 0.0
    running_since: str | None = None


@dataclass
class Session:
    """One meeting of a mentorship, run section by section from an agenda."""

    mentorship_id: str
    agenda_key: str
    agenda_name: str
    mode: Mode = Mode.IN_PERSON
    status: SessionStatus = SessionStatus.ACTIVE
    started_at: str = field(default_factory=now_iso)
    ended_at: str | None = None
    current_section: int = 0
    sections: list[SectionRun] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)

    @property
    def planned_minutes(self) -> int:
        return sum(s.planned_minutes for s in self.sections)


@dataclass
class Milestone:
    """A step on the way to a goal."""

    text: str
    done: bool = False


@dataclass
class Goal:
    """A SMART goal one member works towards, with its milestones and progress."""

    mentorship_id: str
    owner_id: str
    title: str
    category: str = "other"
    specific: str = ""
    measurable: str = ""
    achievable: str = ""
    relevant: str = ""
    time_bound: str = ""
    due: date | None = None
    status: GoalStatus = GoalStatus.OPEN
    progress: int = 0  # percent, 0-100
    milestones: list[Milestone] = field(default_factory=list)
    topic_key: str | None = None  # set when the goal came from a reverse-mentoring topic
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)


@dataclass
class ActionItem:
    """Something a member promised to do before a later meeting."""

    mentorship_id: str
    text: str
    owner_id: str
    due: date | None = None
    session_id: str | None = None  # the session it was agreed in
    done_at: str | None = None
    # "No longer needed": closed without being done, kept in history (never deleted).
    dropped_at: str | None = None
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def dropped(self) -> bool:
        return self.dropped_at is not None

    @property
    def is_open(self) -> bool:
        """Still owed: neither done nor dropped. Only open items carry over."""
        return not self.done and not self.dropped

    @property
    def closed_at(self) -> str | None:
        """When it stopped being owed, done or dropped."""
        return self.done_at or self.dropped_at

    def overdue(self, on: date) -> bool:
        return self.is_open and self.due is not None and self.due < on


# A point is a line on an agenda, not a note: long enough for a sentence or two.
MAX_POINT_CHARS = 500


@dataclass
class TalkingPoint:
    """Something either member wants to raise at the next meeting.

    Shared by the two members of the mentorship (never private). `raised_by` is who added
    it; `closed_in` the session it was ticked or dropped in; `moved_from` the last session
    it was moved on from, so that session can show it as "next time".
    """

    mentorship_id: str
    text: str
    raised_by: str
    status: PointStatus = PointStatus.OPEN
    closed_in: str | None = None
    closed_at: str | None = None
    closed_by: str | None = None
    moved_from: str | None = None
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)

    @property
    def is_open(self) -> bool:
        return self.status == PointStatus.OPEN
