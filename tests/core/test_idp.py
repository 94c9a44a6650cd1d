"""The individual development plan's rules (core.idp): checked input and a yearly review."""

from __future__ import annotations

from datetime import date

import pytest
from cast import SAM

from mentor_tui.core.errors import UserError
from mentor_tui.core.idp import (
    CareerOption,
    DevelopmentPlan,
    SkillAssessment,
    check_plan,
    plan_review_due,
)


def test_check_plan_tidies_and_refuses_bad_ratings():
    plan = DevelopmentPlan(
        "pair", SAM,
        skills=[SkillAssessment("  Grant   writing ", 2, " first R01 ")],
        interests=["registries", " ", "Registries", "teaching"],
        values=["honesty", ""],
        career_options=[CareerOption(" Clinician scientist ", fit=4), CareerOption("Industry")],
        six_month_goal_ids=["g1", "g1"], twelve_month_goal_ids=["g2", "g1"],
    )  # fmt: skip
    check_plan(plan)
    assert plan.skills == [SkillAssessment("Grant writing", 2, "first R01")]
    assert plan.interests == ["registries", "teaching"] and plan.values == ["honesty"]
    assert [o.title for o in plan.career_options] == ["Clinician scientist", "Industry"]
    assert plan.goal_ids == ["g1", "g2"]
    for bad, message in (
        (DevelopmentPlan("pair", SAM, skills=[SkillAssessment("Stats", 6)]), "1 to 5"),
        (DevelopmentPlan("pair", SAM, skills=[SkillAssessment(" ", 3)]), "needs a name"),
        (DevelopmentPlan("pair", SAM, skills=[SkillAssessment("a", 3), SkillAssessment("A", 2)]),
         "twice"),
        (DevelopmentPlan("pair", SAM, career_options=[CareerOption("Dean", fit=0)]), "1 to 5"),
    ):  # fmt: skip
        with pytest.raises(UserError, match=message):
            check_plan(bad)


def test_the_plan_is_reviewed_at_least_yearly():
    plan = DevelopmentPlan("pair", SAM)
    assert plan_review_due(plan, date(2026, 3, 1))  # never reviewed
    plan.reviewed_on = date(2025, 3, 1)
    assert not plan_review_due(plan, date(2026, 2, 28))
    assert plan_review_due(plan, date(2026, 3, 1))
    assert not plan_review_due(None, date(2026, 3, 1))
