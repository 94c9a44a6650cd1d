"""The full data export and import carry development plans and competency answers, and a
bad one in a file is named and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from mentor_tui.core.competencies import CompetencyAnswer
from mentor_tui.core.errors import ImportError_
from mentor_tui.core.idp import CareerOption, DevelopmentPlan, SkillAssessment
from mentor_tui.core.models import Role
from mentor_tui.store import exchange, open_store
from mentor_tui.store.demo import seed_demo


@pytest.fixture
def rich(tmp_path):
    """The demo, plus a development plan and competency answers."""
    repo = open_store(tmp_path / "rich.db")
    seed_demo(repo, today=date(2026, 11, 25))
    mentorship = repo.mentorships.list()[0]
    mentor, mentee = mentorship.people_in(Role.MENTOR)[0], mentorship.people_in(Role.MENTEE)[0]
    goals = repo.goals.list(mentorship.id, owner_id=mentee)
    repo.idp.save(DevelopmentPlan(
        mentorship.id, mentee, skills=[SkillAssessment("Grant writing", 2, "ünïcode ✓")],
        interests=["registries"], values=["honesty"],
        career_options=[CareerOption("Clinician scientist", fit=4)],
        six_month_goal_ids=[goals[0].id], twelve_month_goal_ids=[goals[-1].id],
        reviewed_on=date(2026, 11, 24),
    ))  # fmt: skip
    repo.competencies.save_answers([
        CompetencyAnswer(mentorship.id, mentor, mentor, Role.MENTOR, "communication", 6,
                         date(2026, 11, 24)),
        CompetencyAnswer(mentorship.id, mentee, mentor, Role.MENTEE, "communication", 7,
                         date(2026, 11, 24)),
    ])  # fmt: skip
    yield repo
    repo.close()


def test_export_round_trip_includes_plans_and_competency_answers(rich, tmp_path):
    out = tmp_path / "export.json"
    counts = exchange.write_export(rich, out)
    answers = len(rich.competencies.answers(rich.mentorships.list()[0].id))
    assert answers == 14  # the demo's own check-in (12) and the two above
    assert counts["development_plans"] == 1 and counts["competency_answers"] == answers
    fresh = open_store(tmp_path / "fresh.db")
    changed = exchange.import_data(fresh, exchange.read_import(out))
    assert changed["development_plans"] == 1 and changed["competency_answers"] == answers
    before = exchange.export_data(rich)["tables"]
    assert exchange.export_data(fresh)["tables"] == before
    assert exchange.import_data(fresh, exchange.read_import(out)) == {}
    assert exchange.export_data(fresh)["tables"] == before
    mentorship = fresh.mentorships.list()[0]
    assert fresh.idp.get(mentorship.id).skills[0].note == "ünïcode ✓"
    fresh.close()


@pytest.mark.parametrize(
    ("table", "field", "value", "expected"),
    [
        ("competency_answers", "score", 11, "not a whole number from 0 to 10"),
        ("competency_answers", "respondent_role", "coach", "not one of mentor, mentee"),
        ("competency_answers", "taken_on", "31/01/2026", "not a date"),
        ("competency_answers", "subject_id", "ghost", "neither in the file nor in the database"),
        ("development_plans", "skills", "[1, 2]", "JSON list of objects"),
        ("development_plans", "interests", "not json", "JSON list of texts"),
        ("development_plans", "reviewed_on", "someday", "not a date"),
    ],
)
def test_a_bad_plan_or_answer_in_a_file_is_named_and_nothing_changes(
    rich, tmp_path, table, field, value, expected
):
    data = exchange.export_data(rich)
    data["tables"][table][0][field] = value
    fresh = open_store(tmp_path / "fresh.db")
    with pytest.raises(ImportError_) as caught:
        exchange.import_data(fresh, data)
    assert expected in caught.value.message and table in caught.value.message
    assert fresh.people.list() == []
    fresh.close()
