"""Read models: several aggregates loaded together for one purpose."""

from __future__ import annotations

from dataclasses import dataclass, field

from mentor_tui.core.goals import CheckIn
from mentor_tui.core.models import ActionItem, Goal, Mentorship, Person, Session
from mentor_tui.core.notes import Note
from mentor_tui.core.reverse import SkillRating


@dataclass
class SessionRecord:
    """Everything a follow-up or a summary needs about one session, as loaded dataclasses."""

    session: Session
    mentorship: Mentorship
    people: dict[str, Person]  # the mentorship's members (and note authors), by id
    notes: list[Note] = field(default_factory=list)  # shared notes of this session
    actions: list[ActionItem] = field(default_factory=list)  # agreed in this session
    open_actions: list[ActionItem] = field(default_factory=list)  # the mentorship's open items
    goals: list[Goal] = field(default_factory=list)  # the mentorship's goals
    checkins: list[CheckIn] = field(default_factory=list)  # recorded in this session
    earlier_checkins: dict[str, list[CheckIn]] = field(default_factory=dict)  # by goal id
    skills: list[SkillRating] = field(default_factory=list)  # reverse mentoring, this session
