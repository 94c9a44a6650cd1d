"""The individual development plan in the store: its migration, save/load/replace, the
Markdown, and its rules; against a real SQLite file."""

from __future__ import annotations

import json
from datetime import date

import pytest
from builders import column

from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.idp import CareerOption, DevelopmentPlan, SkillAssessment
from mentor_tui.core.models import Goal, Member, Mentorship, Role
from mentor_tui.render.development import development_markdown
from mentor_tui.store import schema


def test_the_migration_adds_both_tables_and_the_version(pair, db_path):
    repo, *_ = pair
    assert {"development_plans", "competency_answers"} <= set(repo.db.full.table_names())
    applied = [m.name for m in schema.migrations.applied(repo.db)]
    assert "m003_development" in applied  # later migrations follow it
    assert repo.db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_plan_save_load_replace_and_markdown(pair):
    repo, rosa, sam, mentorship = pair
    six = repo.goals.save_checked(Goal(mentorship.id, sam.id, "Submit | the abstract",
                                      category="publications", due=date(2026, 2, 27),
                                      specific="Poster at the regional meeting"))  # fmt: skip
    twelve = repo.goals.save_checked(Goal(mentorship.id, sam.id, "First grant", category="grants"))
    assert repo.idp.get(mentorship.id) is None
    plan = repo.idp.save(DevelopmentPlan(
        mentorship.id, sam.id,
        skills=[SkillAssessment("Grant writing", 2, "never\nwritten one"),
                SkillAssessment("Statistics", 4)],
        interests=["registries", "teaching"], values=["honesty", "family time"],
        career_options=[CareerOption("Clinician scientist", "50% research", 4),
                        CareerOption("Education track")],
        six_month_goal_ids=[six.id], twelve_month_goal_ids=[twelve.id],
    ))  # fmt: skip
    loaded = repo.idp.get(mentorship.id, sam.id)
    assert loaded == plan == repo.idp.get(mentorship.id)
    assert loaded.skills[0] == SkillAssessment("Grant writing", 2, "never\nwritten one")
    assert loaded.career_options[1] == CareerOption("Education track", "", None)
    stored = json.loads(column(repo, "development_plans", "skills", plan.id))
    assert stored[1] == {"name": "Statistics", "rating": 4, "note": ""}
    assert json.loads(column(repo, "development_plans", "values", plan.id)) == [
        "honesty", "family time",
    ]  # fmt: skip

    # One plan per mentee and mentorship: saving a new object replaces it, same id.
    again = repo.idp.save(DevelopmentPlan(mentorship.id, sam.id, interests=["global health"]))
    assert again.id == plan.id and again.created_at == plan.created_at
    assert again.skills == [] and len(repo.idp.list(mentorship_id=mentorship.id)) == 1
    repo.idp.save(plan)
    reviewed = repo.idp.mark_reviewed(mentorship.id, date(2026, 1, 31))
    assert column(repo, "development_plans", "reviewed_on", plan.id) == "2026-01-31"
    assert [g.id for g in repo.idp.goals(reviewed)] == [six.id, twelve.id]

    people = {p.id: p for p in repo.people.list()}
    text = development_markdown(reviewed, repo.idp.goals(reviewed), people,
                                mentorship_title="Rosa & Sam", today=date(2026, 3, 1))  # fmt: skip
    assert text.startswith("# Individual development plan: Sam Mentee\n")
    assert "Last reviewed with the mentor on Saturday 31 January 2026." in text
    assert "| Grant writing | ●●○○○ 2/5 | never written one |" in text
    assert "| Education track | not rated |   |" in text
    assert "- family time" in text
    six_month = text.split("## Goals for the next 6 months")[1].split("## Goals for the next 12")[0]
    assert "**Submit | the abstract** — Sam Mentee, publications, 0%, open, due Friday 27 " \
           "February 2026 (overdue)" in six_month
    assert "  - Specific: Poster at the regional meeting" in six_month
    assert "First grant" in text.split("## Goals for the next 12 months")[1]
    assert repo.idp.list(person_id=rosa.id) == []


def test_plan_rules_in_the_store(pair):
    repo, rosa, sam, mentorship = pair
    other = repo.mentorships.add(Mentorship(
        "Elsewhere", members=[Member(rosa.id, Role.MENTOR), Member(sam.id, Role.MENTEE)]))  # fmt: skip
    foreign = repo.goals.save(Goal(other.id, sam.id, "Not this pair's"))
    with pytest.raises(UserError, match="not a goal of this mentorship"):
        repo.idp.save(DevelopmentPlan(mentorship.id, sam.id, six_month_goal_ids=[foreign.id]))
    with pytest.raises(UserError, match="mentee"):
        repo.idp.save(DevelopmentPlan(mentorship.id, rosa.id))
    with pytest.raises(UserError, match="1 to 5"):
        repo.idp.save(DevelopmentPlan(mentorship.id, sam.id, skills=[SkillAssessment("x", 9)]))
    with pytest.raises(NotFound):
        repo.idp.mark_reviewed(mentorship.id, date(2026, 1, 1))
    assert repo.idp.list() == []
