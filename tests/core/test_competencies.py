"""The competency check-in's rules (core.competencies): answers side by side, checked."""

from __future__ import annotations

from datetime import date

import pytest
from cast import KIM, LEE, ROSA, SAM, at

from mentor_tui.core.competencies import CompetencyAnswer, check_answer, competency_side_by_side
from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Role


class C:  # the shape of catalogue.Competency that the rule reads
    def __init__(self, key, title):
        self.key, self.title = key, title


def answer(who, role, key, score, day, created=None, subject=ROSA):
    return CompetencyAnswer(
        "group", who, subject, role, key, score, date(2026, day // 100, day % 100),
        created_at=created or at(1),
    )  # fmt: skip


def test_competency_answers_side_by_side_over_time():
    answers = [
        answer(ROSA, Role.MENTOR, "communication", 6, 301),
        answer(SAM, Role.MENTEE, "communication", 4, 301),
        answer(KIM, Role.MENTEE, "communication", 5, 301),
        answer(ROSA, Role.MENTOR, "communication", 5, 601),
        answer(SAM, Role.MENTEE, "communication", 5, 601, created=at(1, 9)),
        answer(SAM, Role.MENTEE, "communication", 6, 601, created=at(1, 12)),  # changed mind
        answer(SAM, Role.MENTEE, "independence", 3, 601),
        answer(SAM, Role.MENTEE, "custom-key", 2, 601),
        answer(SAM, Role.MENTEE, "communication", 1, 601, subject=LEE),
    ]
    competencies = [C("communication", "Maintaining effective communication"),
                    C("independence", "Fostering independence"), C("diversity", "Diversity")]
    series = competency_side_by_side(reversed(answers), competencies, subject_id=ROSA)
    assert [s.key for s in series] == ["communication", "independence", "diversity", "custom-key"]
    comm = series[0]
    assert comm.title == "Maintaining effective communication"
    assert [(p.taken_on.month, p.mentor_self, p.mentee_view, p.mentee_count) for p in comm.points] == [
        (3, 6, 4.5, 2), (6, 5, 6.0, 1),
    ]  # fmt: skip
    assert [p.gap for p in comm.points] == [1.5, -1.0]
    assert series[1].latest.mentor_self is None and series[1].latest.gap is None
    assert series[2].points == []
    assert series[3].title == "custom-key"


def test_competency_answers_are_checked():
    check_answer(answer(ROSA, Role.MENTOR, "communication", 7, 301))
    with pytest.raises(UserError, match="1 to 7"):
        check_answer(answer(ROSA, Role.MENTOR, "communication", 8, 301))
    with pytest.raises(UserError, match="0 to 10"):
        check_answer(answer(ROSA, Role.MENTOR, "communication", 11, 301), range(0, 11))
    with pytest.raises(UserError, match="about themself"):
        check_answer(answer(SAM, Role.MENTOR, "communication", 5, 301))
    with pytest.raises(UserError, match="about their mentor"):
        check_answer(answer(ROSA, Role.MENTEE, "communication", 5, 301))
