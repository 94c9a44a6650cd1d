"""The individual development plan (IDP): the mentee's self-assessment, career options and
the goals that carry it, reviewed with the mentor at least once a year.

Nothing here reads the clock: rules that depend on the day take `today` from the caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from mentor_tui.core.clock import new_id, now_iso
from mentor_tui.core.errors import UserError

SKILL_SCALE = range(1, 6)  # self-assessed skills and career-option fit
PLAN_REVIEW_DAYS = 365  # review the IDP with the mentor at least yearly (myIDP, AAMC)


@dataclass
class SkillAssessment:
    """One line of the mentee's self-assessment: a skill and how good they feel at it (1-5)."""

    name: str
    rating: int
    note: str = ""


@dataclass
class CareerOption:
    """A career path the mentee is exploring, and how well it fits them (1-5, or not yet)."""

    title: str
    notes: str = ""
    fit: int | None = None


@dataclass
class DevelopmentPlan:
    """The mentee's IDP within one mentorship: self-assessment, options, and linked goals.

    `six_month_goal_ids` and `twelve_month_goal_ids` point at real goals of the mentorship,
    so progress shows in the plan without being typed twice.
    """

    mentorship_id: str
    person_id: str  # the mentee whose plan this is
    skills: list[SkillAssessment] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    career_options: list[CareerOption] = field(default_factory=list)
    six_month_goal_ids: list[str] = field(default_factory=list)
    twelve_month_goal_ids: list[str] = field(default_factory=list)
    reviewed_on: date | None = None  # when it was last reviewed with the mentor
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)

    @property
    def goal_ids(self) -> list[str]:
        """Every linked goal once, six-month ones first."""
        return list(dict.fromkeys([*self.six_month_goal_ids, *self.twelve_month_goal_ids]))


def _clean_texts(items: Iterable[str]) -> list[str]:
    """Stripped, without blanks or case-insensitive repeats, in the order given."""
    seen: set[str] = set()
    kept = []
    for item in items:
        text = " ".join(str(item).split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            kept.append(text)
    return kept


def check_plan(plan: DevelopmentPlan) -> DevelopmentPlan:
    """Tidy a plan (blank lines dropped, repeats removed) or raise one UserError saying why not."""
    skills = []
    seen: set[str] = set()
    for skill in plan.skills:
        name = " ".join(skill.name.split())
        if not name:
            raise UserError("Each skill in the development plan needs a name.")
        if name.casefold() in seen:
            raise UserError(f'The skill "{name}" is in the development plan twice; keep one.')
        seen.add(name.casefold())
        if not isinstance(skill.rating, int) or skill.rating not in SKILL_SCALE:
            raise UserError(f'Rate the skill "{name}" with a whole number from 1 to 5.')
        skills.append(SkillAssessment(name, skill.rating, skill.note.strip()))
    options = []
    for option in plan.career_options:
        title = " ".join(option.title.split())
        if not title:
            raise UserError("Each career option in the development plan needs a title.")
        if option.fit is not None and (
            not isinstance(option.fit, int) or option.fit not in SKILL_SCALE
        ):
            raise UserError(f'Rate the fit of "{title}" with a whole number from 1 to 5.')
        options.append(CareerOption(title, option.notes.strip(), option.fit))
    plan.skills = skills
    plan.career_options = options
    plan.interests = _clean_texts(plan.interests)
    plan.values = _clean_texts(plan.values)
    plan.six_month_goal_ids = list(dict.fromkeys(plan.six_month_goal_ids))
    plan.twelve_month_goal_ids = list(dict.fromkeys(plan.twelve_month_goal_ids))
    return plan


def plan_review_due(plan: DevelopmentPlan | None, today: date) -> bool:
    """An IDP is reviewed with the mentor at least once a year; a plan never reviewed is due."""
    if plan is None:
        return False
    return plan.reviewed_on is None or (today - plan.reviewed_on).days >= PLAN_REVIEW_DAYS
