"""The mentoring-competency check-in: the mentor's view of themself beside their mentees'
view of them, per competency and per date."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mentor_tui.core.clock import new_id, now_iso
from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Role


@dataclass
class CompetencyAnswer:
    """One score on one competency: by the mentor about themself, or by a mentee about them."""

    mentorship_id: str
    respondent_id: str
    subject_id: str  # the mentor being assessed
    respondent_role: Role  # mentor: a self-assessment; mentee: the mentee's view
    competency_key: str
    score: int
    taken_on: date
    session_id: str | None = None
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)


def check_answer(answer: CompetencyAnswer, scale: range = range(1, 8)) -> None:
    if not answer.competency_key:
        raise UserError("A competency answer needs the competency it is about.")
    if (
        not isinstance(answer.score, int)
        or isinstance(answer.score, bool)
        or (answer.score not in scale)
    ):
        raise UserError(
            f"A competency score is a whole number from {scale.start} to {scale.stop - 1}."
        )
    if answer.respondent_role == Role.MENTOR and answer.respondent_id != answer.subject_id:
        raise UserError("A mentor answers the competency check-in about themself only.")
    if answer.respondent_role == Role.MENTEE and answer.respondent_id == answer.subject_id:
        raise UserError("A mentee answers the competency check-in about their mentor.")


@dataclass
class CompetencyPoint:
    """One date of the check-in for one competency: the two views side by side."""

    taken_on: date
    mentor_self: int | None  # the mentor about themself
    mentee_view: float | None  # the mentee's score of the mentor (the mean, if several mentees)
    mentee_count: int = 0

    @property
    def gap(self) -> float | None:
        """Positive when the mentor rates themself higher than the mentee does."""
        if self.mentor_self is None or self.mentee_view is None:
            return None
        return self.mentor_self - self.mentee_view


@dataclass
class CompetencySeries:
    key: str
    title: str
    points: list[CompetencyPoint] = field(default_factory=list)

    @property
    def latest(self) -> CompetencyPoint | None:
        return self.points[-1] if self.points else None


def competency_side_by_side(
    answers: Iterable[CompetencyAnswer],
    competencies: Sequence[Any] = (),
    *,
    subject_id: str | None = None,
) -> list[CompetencySeries]:
    """Answers → per competency, per date: the mentor's self-view beside the mentee's view.

    `competencies` (objects with `key` and `title`, such as CompetencyCheck.competencies) set
    the order and titles and appear even when unanswered; other keys follow in the order met.
    A person who answered twice on one day counts once, with their later answer. Several
    mentees on one day are averaged. `subject_id` keeps the answers about one mentor.
    """
    titles = {c.key: c.title for c in competencies}
    order = list(titles)
    latest: dict[tuple[str, date, str], CompetencyAnswer] = {}
    for answer in sorted(answers, key=lambda a: (a.taken_on, a.created_at)):
        if subject_id and answer.subject_id != subject_id:
            continue
        if answer.competency_key not in titles:
            titles[answer.competency_key] = answer.competency_key
            order.append(answer.competency_key)
        latest[(answer.competency_key, answer.taken_on, answer.respondent_id)] = answer
    by_key_date: dict[tuple[str, date], list[CompetencyAnswer]] = {}
    for (key, taken_on, _), answer in latest.items():
        by_key_date.setdefault((key, taken_on), []).append(answer)
    series = {key: CompetencySeries(key, titles[key]) for key in order}
    for (key, taken_on), found in sorted(by_key_date.items(), key=lambda kv: kv[0][1]):
        mentors = [a.score for a in found if a.respondent_role == Role.MENTOR]
        mentees = [a.score for a in found if a.respondent_role == Role.MENTEE]
        series[key].points.append(
            CompetencyPoint(
                taken_on=taken_on,
                mentor_self=mentors[-1] if mentors else None,
                mentee_view=round(sum(mentees) / len(mentees), 2) if mentees else None,
                mentee_count=len(mentees),
            )
        )
    return list(series.values())
