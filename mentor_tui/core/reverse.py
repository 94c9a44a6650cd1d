"""Reverse mentoring: the mentee teaches the mentor a topic (from the catalogue or one the
pair adds), the mentor rates their skill before and after, and a topic can become a goal."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta

from mentor_tui.core.clock import new_id, now_iso
from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Goal, Mentorship, Role


@dataclass
class Topic:
    """A reverse-mentoring topic: from the catalogue, or added by a pair."""

    key: str
    title: str
    summary: str = ""
    # Inclusion topics: the conditions under which a junior colleague shares lived experience.
    safeguards: str = ""


@dataclass
class SkillRating:
    """The mentor's self-rated skill on a topic, before and after the mentee taught it."""

    session_id: str
    person_id: str
    topic_key: str
    topic_title: str
    before: int | None = None  # 1-5
    after: int | None = None  # 1-5
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)


@dataclass
class SkillChange:
    """A mentor's skill on one topic, from the first rating before to the latest after."""

    person_id: str
    topic_key: str
    topic_title: str
    before: int | None
    after: int | None
    session_ids: list[str] = field(default_factory=list)

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def skill_change(rating: SkillRating) -> int | None:
    """after - before for one session's rating, or None until both are given."""
    if rating.before is None or rating.after is None:
        return None
    return rating.after - rating.before


def skill_changes(ratings: Iterable[SkillRating]) -> list[SkillChange]:
    """Per person and topic across sessions: the earliest "before" and the latest "after"."""
    changes: dict[tuple[str, str], SkillChange] = {}
    for rating in sorted(ratings, key=lambda r: r.created_at):
        key = (rating.person_id, rating.topic_key)
        change = changes.get(key)
        if change is None:
            change = changes[key] = SkillChange(
                rating.person_id, rating.topic_key, rating.topic_title, None, None
            )
        if change.before is None and rating.before is not None:
            change.before = rating.before
        if rating.after is not None:
            change.after = rating.after
        if rating.session_id not in change.session_ids:
            change.session_ids.append(rating.session_id)
    return list(changes.values())


@dataclass
class TopicChoice:
    topic: Topic
    source: str  # "catalogue" or "pair"


def merge_topics(catalogue: Iterable[Topic], pair_added: Iterable[Topic]) -> list[TopicChoice]:
    """The catalogue in its order, then the pair's own topics by title; a pair's topic with a
    catalogue key is the catalogue's (the key is what goals and ratings point at)."""
    merged = {t.key: TopicChoice(t, "catalogue") for t in catalogue}
    extra = [t for t in pair_added if t.key not in merged]
    for topic in sorted(extra, key=lambda t: t.title.casefold()):
        merged[topic.key] = TopicChoice(topic, "pair")
    return list(merged.values())


def topic_key_for(title: str, taken: Iterable[str] = ()) -> str:
    """A catalogue-style key for a topic a pair adds: lowercase words joined by "-"."""
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in title.casefold()).split()
    base = "-".join(words)[:40].strip("-") or "topic"
    used = set(taken)
    key, n = base, 2
    while key in used:
        key, n = f"{base}-{n}", n + 1
    return key


def goal_from_topic(
    topic: Topic,
    mentorship: Mentorship,
    mentor_id: str,
    today: date,
    *,
    skill: SkillRating | None = None,
    months: int = 3,
) -> Goal:
    """A mentor-owned, SMART-shaped goal made from a reverse-mentoring topic in one step.

    The mentor's skill rating, when given, sets the measurable target: one point above the
    latest rating (after, else before), capped at 5.
    """
    if mentorship.role_of(mentor_id) != Role.MENTOR:
        raise UserError("Goals made from a reverse-mentoring topic belong to a mentor of the pair.")
    if months < 1:
        raise UserError("Give the goal at least a month.")
    due = today + relativedelta(months=months)
    current = None
    if skill is not None:
        current = skill.after if skill.after is not None else skill.before
    if current is not None:
        target = min(5, current + 1)
        measurable = f"My self-rated skill goes from {current}/5 to {target}/5."
    else:
        measurable = "I rate my own skill at least one point higher than today, on a 1-5 scale."
    return Goal(
        mentorship_id=mentorship.id,
        owner_id=mentor_id,
        title=f"Learn: {topic.title}",
        category="digital",
        specific=topic.summary or f"Get comfortable with {topic.title.lower()}.",
        measurable=measurable,
        achievable="Practise with my mentee's help between sessions.",
        relevant="Reverse mentoring: staying current with the tools my mentee and colleagues use.",
        time_bound=f"By {due.isoformat()}.",
        due=due,
        topic_key=topic.key,
    )
