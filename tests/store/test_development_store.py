"""Issue 4 in the store: development plans, competency answers and the goal/action queries,
against a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace as NS
from zoneinfo import ZoneInfo

import pytest

from mentor_tui.core.clock import iso
from mentor_tui.core.competencies import CompetencyAnswer
from mentor_tui.core.dates import parse_cadence, parse_due
from mentor_tui.core.errors import ImportError_, NotFound, UserError
from mentor_tui.core.idp import CareerOption, DevelopmentPlan, SkillAssessment
from mentor_tui.core.models import (
    ActionItem,
    Agreement,
    CheckIn,
    Goal,
    GoalStatus,
    Member,
    MentorRole,
    Mentorship,
    MentorshipStatus,
    Person,
    Role,
    Session,
    SessionStatus,
    SkillRating,
    Topic,
)
from mentor_tui.render.development import development_markdown
from mentor_tui.store import exchange, open_store, schema
from mentor_tui.store.demo import seed_demo

AGENDA = NS(
    key="reverse-mentoring",
    name="Reverse mentoring",
    sections=[
        NS(key="teach", title="Teach", minutes=20, kind="reverse-mentoring", prompts=["Show me"]),
        NS(key="goals", title="Goals", minutes=10, kind="goals-review", prompts=["Progress?"]),
    ],
)


@pytest.fixture
def pair(db_path):
    repo = open_store(db_path)
    mentor = repo.add_person(Person("Dr Rosa Mentor", email="rosa@example.org"))
    mentee = repo.add_person(Person("Sam Mentee"))
    mentorship = repo.add_mentorship(
        Mentorship(
            "Rosa & Sam",
            members=[Member(mentor.id, Role.MENTOR), Member(mentee.id, Role.MENTEE)],
        )
    )
    yield repo, mentor, mentee, mentorship
    repo.close()


def column(repo, table: str, name: str, row_id: str):
    return repo.db.execute(f"SELECT [{name}] FROM [{table}] WHERE id = ?", (row_id,)).fetchone()[0]


def test_the_migration_adds_both_tables_and_the_version(pair, db_path):
    repo, *_ = pair
    assert {"development_plans", "competency_answers"} <= set(repo.db.full.table_names())
    applied = [m.name for m in schema.migrations.applied(repo.db)]
    assert "m003_development" in applied  # later migrations follow it
    assert repo.db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


# -- dates at the edges -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "stored"), [(date(2026, 1, 31), "2026-01-31"), (date(2028, 2, 29), "2028-02-29")]
)
def test_end_of_month_due_dates_are_stored_as_plain_dates(pair, today, stored):
    repo, _, mentee, mentorship = pair
    goal = repo.save_checked_goal(
        Goal(mentorship.id, mentee.id, "Abstract", category="publications",
             due=parse_due("end of month", today))
    )  # fmt: skip
    item = repo.save_action_item(
        ActionItem(mentorship.id, "Send it", mentee.id, due=parse_due("end of month", today))
    )
    assert column(repo, "goals", "due", goal.id) == stored
    assert column(repo, "action_items", "due", item.id) == stored
    assert repo.overdue_counts(today).total == 0
    after = today + timedelta(days=1)
    counts = repo.overdue_counts(after, owner_id=mentee.id)
    assert (counts.goals, counts.action_items) == (1, 1)
    assert repo.overdue_counts(after, owner_id="someone else").total == 0


def test_a_cadence_across_a_daylight_saving_change_keeps_local_time_and_stores_utc(pair):
    """Meetings every 2 weeks at 18:00 London time, either side of the clocks going forward
    on 29 March 2026: the wall clock stays, the stored UTC instant moves by an hour."""
    repo, _, _, mentorship = pair
    cadence = parse_cadence("every 2 weeks on Tuesday")
    mentorship.cadence, mentorship.rrule = cadence.words, cadence.rrule
    mentorship.start_date = date(2026, 3, 17)
    repo.save_mentorship(mentorship)
    london = ZoneInfo("Europe/London")
    first = datetime(2026, 3, 17, 18, 0, tzinfo=london)
    meetings = [first, *cadence.next_occurrences(first, count=2, start=first)]
    assert [m.strftime("%d %H:%M %Z") for m in meetings] == [
        "17 18:00 GMT", "31 18:00 BST", "14 18:00 BST",
    ]  # fmt: skip
    stored = []
    for when in meetings:
        session = repo.save_session(
            Session(mentorship.id, "check-in", "Check-in", status=SessionStatus.ENDED,
                    started_at=iso(when), ended_at=iso(when + timedelta(minutes=45)))
        )  # fmt: skip
        stored.append(column(repo, "sessions", "started_at", session.id))
    assert stored == [
        "2026-03-17T18:00:00.000+00:00",
        "2026-03-31T17:00:00.000+00:00",
        "2026-04-14T17:00:00.000+00:00",
    ]
    assert column(repo, "mentorships", "start_date", mentorship.id) == "2026-03-17"
    assert column(repo, "mentorships", "rrule", mentorship.id) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"


# -- goals: the table, check-ins, reverse mentoring ------------------------------------------


def test_goal_rows_carry_the_last_check_in_and_the_series(pair):
    repo, mentor, mentee, mentorship = pair
    paper = repo.save_checked_goal(Goal(mentorship.id, mentee.id, "Registry paper",
                                        category="publications", due=date(2026, 6, 1)))  # fmt: skip
    quiet = repo.save_checked_goal(Goal(mentorship.id, mentor.id, "Learn Zotero",
                                        category="digital"))  # fmt: skip
    for progress in (20, 45, 70):
        session = repo.start_session(mentorship.id, AGENDA)
        repo.add_checkin(CheckIn(paper.id, progress, f"at {progress}", session_id=session.id))
        repo.end_session(session.id)
    rows = repo.goal_rows(mentorship.id)
    assert [r.goal.title for r in rows] == ["Registry paper", "Learn Zotero"]
    top = rows[0]
    assert (top.owner_name, top.mentorship_title, top.checkin_count) == (
        "Sam Mentee", "Rosa & Sam", 3,
    )  # fmt: skip
    assert (top.last_checkin.progress, top.last_checkin.comment) == (70, "at 70")
    assert top.goal.status == GoalStatus.IN_PROGRESS and rows[1].last_checkin is None
    assert repo.checkin_series(mentorship_id=mentorship.id) == {paper.id: [20, 45, 70]}
    assert repo.checkin_series([paper.id, quiet.id]) == {paper.id: [20, 45, 70]}
    assert repo.checkin_series([]) == {}
    assert [p.progress for p in repo.progress_points(paper.id)] == [20, 45, 70]
    assert [r.goal.title for r in repo.goal_rows(owner_id=mentor.id)] == ["Learn Zotero"]
    assert repo.goal_rows(status="done") == []
    assert [r.goal.title for r in repo.goal_rows(category="publications", person_id=mentee.id)] == [
        "Registry paper"
    ]
    assert repo.goal_rows(person_id="nobody") == []
    assert repo.find_goal(paper.id[:6]).id == paper.id
    with pytest.raises(NotFound, match="goals list"):
        repo.find_goal("zzzzzz")


def test_save_checked_goal_refuses_strangers_and_unknown_categories(pair):
    repo, _, mentee, mentorship = pair
    stranger = repo.add_person(Person("Not In The Pair"))
    with pytest.raises(UserError, match="member"):
        repo.save_checked_goal(Goal(mentorship.id, stranger.id, "x"))
    with pytest.raises(UserError, match="category"):
        repo.save_checked_goal(Goal(mentorship.id, mentee.id, "x", category="hobbies"))


def test_reverse_mentoring_skill_change_and_a_goal_from_the_topic(pair):
    repo, mentor, mentee, mentorship = pair
    topic = repo.add_pair_topic("Slack etiquette", "Threads, mentions, status.")
    assert topic.key == "slack-etiquette"
    assert repo.add_pair_topic("  slack   ETIQUETTE ").key == "slack-etiquette"  # no duplicate
    catalogue = [Topic("ai-assistants", "AI assistants and their limits")]
    assert [(c.topic.key, c.source) for c in repo.topic_choices(catalogue)] == [
        ("ai-assistants", "catalogue"), ("slack-etiquette", "pair"),
    ]  # fmt: skip
    session = repo.start_session(mentorship.id, AGENDA)
    rating = repo.save_skill_rating(SkillRating(session.id, mentor.id, topic.key, topic.title, 2))
    rating.after = 4
    repo.save_skill_rating(rating)
    (change,) = repo.skill_changes(mentorship.id)
    assert (change.before, change.after, change.delta) == (2, 4, 2)
    goal = repo.add_goal_from_topic(topic, mentorship.id, mentor.id, date(2026, 1, 31),
                                    skill=rating)  # fmt: skip
    stored = repo.get_goal(goal.id)
    assert (stored.owner_id, stored.topic_key, stored.category) == (mentor.id, topic.key, "digital")
    assert stored.due == date(2026, 4, 30) and "4/5 to 5/5" in stored.measurable
    assert [r.owner_name for r in repo.goal_rows(mentorship.id)] == ["Dr Rosa Mentor"]
    with pytest.raises(UserError):
        repo.add_goal_from_topic(topic, mentorship.id, mentee.id, date(2026, 1, 31))


# -- action items ------------------------------------------------------------------------------


def test_what_i_owe_across_mentorships_with_names(pair):
    repo, rosa, sam, mentorship = pair
    lee = repo.add_person(Person("Prof Lee Sponsor"))
    sponsorship = repo.add_mentorship(
        Mentorship("Lee & Sam", members=[Member(lee.id, Role.MENTOR), Member(sam.id, Role.MENTEE)])
    )
    today = date(2026, 3, 10)
    draft = repo.save_action_item(
        ActionItem(mentorship.id, "Send the draft", sam.id, due=date(2026, 3, 9))
    )
    repo.save_action_item(ActionItem(sponsorship.id, "CV to Lee", sam.id))
    repo.save_action_item(ActionItem(mentorship.id, "Read the draft", rosa.id))
    done = repo.save_action_item(ActionItem(sponsorship.id, "Old", sam.id))
    repo.set_action_done(done.id)

    owed = repo.owed(sam.id, today)
    assert [(g.label, [i.text for i in g.items], g.overdue) for g in owed.i_owe] == [
        ("Dr Rosa Mentor", ["Send the draft"], 1),
        ("Prof Lee Sponsor", ["CV to Lee"], 0),
    ]
    assert [(g.label, [i.text for i in g.items]) for g in owed.owed_to_me] == [
        ("Dr Rosa Mentor", ["Read the draft"]),
    ]
    assert repo.owed(lee.id, today).owed_to_me[0].label == "Sam Mentee"
    assert repo.owed(repo.add_person(Person("Loner")).id, today).i_owe == []

    rows = repo.action_rows(sam.id)
    assert [(r.owner_name, r.counterpart_names, r.mentorship_title, r.item.text) for r in rows] == [
        ("Sam Mentee", ["Dr Rosa Mentor"], "Rosa & Sam", "Send the draft"),
        ("Sam Mentee", ["Prof Lee Sponsor"], "Lee & Sam", "CV to Lee"),
        ("Dr Rosa Mentor", ["Sam Mentee"], "Rosa & Sam", "Read the draft"),
    ]
    assert len(repo.action_rows(sam.id, open_only=False)) == 4
    assert len(repo.action_rows(rosa.id)) == 2
    assert [r.item.text for r in repo.action_rows(mentorship_id=sponsorship.id)] == ["CV to Lee"]
    assert repo.overdue_counts(today, person_id=rosa.id).action_items == 1
    assert repo.overdue_counts(today, mentorship_id=sponsorship.id).action_items == 0
    assert repo.find_action_item(draft.id[:5]).text == "Send the draft"


def test_review_items_of_a_real_session(pair):
    """The carry-over itself is tested in tests/store/test_repository.py and at the domain
    level; here the repository hands the domain rule the right sessions and items."""
    repo, rosa, sam, mentorship = pair
    first = repo.start_session(mentorship.id, AGENDA)
    repo.save_action_item(ActionItem(mentorship.id, "Send the draft", sam.id, session_id=first.id))
    assert repo.review_items(first.id, date(2026, 3, 1)) == []
    repo.end_session(first.id)
    second = repo.start_session(mentorship.id, AGENDA)
    repo.save_action_item(ActionItem(mentorship.id, "New today", rosa.id, session_id=second.id))
    (listed,) = repo.review_items(second.id, date(2026, 3, 1))
    assert (listed.item.text, listed.carried) == ("Send the draft", 1)


# -- agreement and roles ----------------------------------------------------------------------


def test_agreements_due_for_review_are_listed_for_home(pair):
    repo, rosa, sam, mentorship = pair
    today = date(2028, 2, 15)
    repo.set_agreement(mentorship.id, Agreement(goals="Publish", review_date=date(2028, 2, 29)))
    later = repo.add_mentorship(Mentorship(
        "Later", members=[Member(rosa.id, Role.MENTOR), Member(sam.id, Role.MENTEE)],
        agreement=Agreement(review_date=date(2028, 6, 1)),
    ))  # fmt: skip
    closed = repo.add_mentorship(Mentorship(
        "Closed", status=MentorshipStatus.CLOSED,
        members=[Member(rosa.id, Role.MENTOR), Member(sam.id, Role.MENTEE)],
        agreement=Agreement(review_date=date(2028, 1, 1)),
    ))  # fmt: skip
    assert column(repo, "agreements", "review_date", mentorship.id) == "2028-02-29"
    (due,) = repo.agreement_reviews(today)
    assert (due.mentorship_id, due.mentorship_title, due.review_date) == (
        mentorship.id, "Rosa & Sam", date(2028, 2, 29),
    )  # fmt: skip
    assert due.message == "The mentoring agreement is due for review in 14 days."
    assert repo.agreement_reviews(date(2028, 2, 14)) == []
    assert [r.mentorship_title for r in repo.agreement_reviews(date(2028, 6, 1))] == [
        "Rosa & Sam", "Later",
    ]  # fmt: skip
    assert repo.agreement_reviews(today, person_id=repo.add_person(Person("Other")).id) == []
    assert later.id and closed.id


def test_role_coverage_across_a_mentees_mentors(pair):
    repo, rosa, sam, mentorship = pair
    lee = repo.add_person(Person("Prof Lee Sponsor"))
    repo.add_mentorship(Mentorship("Lee & Sam", members=[
        Member(lee.id, Role.MENTOR, [MentorRole.SPONSOR]), Member(sam.id, Role.MENTEE)]))  # fmt: skip
    repo.set_mentor_roles(mentorship.id, rosa.id, [MentorRole.COACH, MentorRole.TRADITIONAL])
    cover = {c.role.value: c.mentor_ids for c in repo.role_coverage(sam.id)}
    assert cover == {"coach": [rosa.id], "sponsor": [lee.id], "connector": [],
                     "traditional": [rosa.id]}  # fmt: skip


# -- the development plan ---------------------------------------------------------------------


def test_plan_save_load_replace_and_markdown(pair):
    repo, rosa, sam, mentorship = pair
    six = repo.save_checked_goal(Goal(mentorship.id, sam.id, "Submit | the abstract",
                                      category="publications", due=date(2026, 2, 27),
                                      specific="Poster at the regional meeting"))  # fmt: skip
    twelve = repo.save_checked_goal(Goal(mentorship.id, sam.id, "First grant", category="grants"))
    assert repo.get_plan(mentorship.id) is None
    plan = repo.save_plan(DevelopmentPlan(
        mentorship.id, sam.id,
        skills=[SkillAssessment("Grant writing", 2, "never\nwritten one"),
                SkillAssessment("Statistics", 4)],
        interests=["registries", "teaching"], values=["honesty", "family time"],
        career_options=[CareerOption("Clinician scientist", "50% research", 4),
                        CareerOption("Education track")],
        six_month_goal_ids=[six.id], twelve_month_goal_ids=[twelve.id],
    ))  # fmt: skip
    loaded = repo.get_plan(mentorship.id, sam.id)
    assert loaded == plan == repo.get_plan(mentorship.id)
    assert loaded.skills[0] == SkillAssessment("Grant writing", 2, "never\nwritten one")
    assert loaded.career_options[1] == CareerOption("Education track", "", None)
    stored = json.loads(column(repo, "development_plans", "skills", plan.id))
    assert stored[1] == {"name": "Statistics", "rating": 4, "note": ""}
    assert json.loads(column(repo, "development_plans", "values", plan.id)) == [
        "honesty", "family time",
    ]  # fmt: skip

    # One plan per mentee and mentorship: saving a new object replaces it, same id.
    again = repo.save_plan(DevelopmentPlan(mentorship.id, sam.id, interests=["global health"]))
    assert again.id == plan.id and again.created_at == plan.created_at
    assert again.skills == [] and len(repo.list_plans(mentorship_id=mentorship.id)) == 1
    repo.save_plan(plan)
    reviewed = repo.mark_plan_reviewed(mentorship.id, date(2026, 1, 31))
    assert column(repo, "development_plans", "reviewed_on", plan.id) == "2026-01-31"
    assert [g.id for g in repo.plan_goals(reviewed)] == [six.id, twelve.id]

    people = {p.id: p for p in repo.list_people()}
    text = development_markdown(reviewed, repo.plan_goals(reviewed), people,
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
    assert repo.list_plans(person_id=rosa.id) == []


def test_plan_rules_in_the_store(pair):
    repo, rosa, sam, mentorship = pair
    other = repo.add_mentorship(Mentorship(
        "Elsewhere", members=[Member(rosa.id, Role.MENTOR), Member(sam.id, Role.MENTEE)]))  # fmt: skip
    foreign = repo.save_goal(Goal(other.id, sam.id, "Not this pair's"))
    with pytest.raises(UserError, match="not a goal of this mentorship"):
        repo.save_plan(DevelopmentPlan(mentorship.id, sam.id, six_month_goal_ids=[foreign.id]))
    with pytest.raises(UserError, match="mentee"):
        repo.save_plan(DevelopmentPlan(mentorship.id, rosa.id))
    with pytest.raises(UserError, match="1 to 5"):
        repo.save_plan(DevelopmentPlan(mentorship.id, sam.id, skills=[SkillAssessment("x", 9)]))
    with pytest.raises(NotFound):
        repo.mark_plan_reviewed(mentorship.id, date(2026, 1, 1))
    assert repo.list_plans() == []


# -- the competency check-in ------------------------------------------------------------------


def test_competency_answers_side_by_side_over_time(pair):
    repo, rosa, sam, mentorship = pair
    session = repo.start_session(mentorship.id, AGENDA)

    def round_(day, mine, theirs, session_id=None):
        return repo.save_competency_answers([
            CompetencyAnswer(mentorship.id, rosa.id, rosa.id, Role.MENTOR, "communication",
                             mine, day, session_id=session_id),
            CompetencyAnswer(mentorship.id, sam.id, rosa.id, Role.MENTEE, "communication",
                             theirs, day, session_id=session_id),
        ])  # fmt: skip

    first = round_(date(2026, 1, 31), 6, 4, session.id)
    round_(date(2028, 2, 29), 5, 5)
    redo = round_(date(2028, 2, 29), 5, 6)  # changed their mind the same day: replaces
    assert len(repo.competency_answers(mentorship.id)) == 4
    assert column(repo, "competency_answers", "taken_on", first[0].id) == "2026-01-31"
    assert column(repo, "competency_answers", "session_id", first[0].id) == session.id
    assert redo[1].id == repo.competency_answers(mentorship.id)[-1].id
    check = [NS(key="communication", title="Communication"), NS(key="independence", title="Ind")]
    series = repo.competency_series(mentorship.id, check, subject_id=rosa.id)
    assert [(p.taken_on, p.mentor_self, p.mentee_view, p.gap) for p in series[0].points] == [
        (date(2026, 1, 31), 6, 4.0, 2.0), (date(2028, 2, 29), 5, 6.0, -1.0),
    ]  # fmt: skip
    assert series[1].points == []

    wrong = [
        (CompetencyAnswer(mentorship.id, sam.id, sam.id, Role.MENTEE, "communication", 3,
                          date(2026, 2, 1)), "about their mentor"),
        (CompetencyAnswer(mentorship.id, sam.id, rosa.id, Role.MENTOR, "communication", 3,
                          date(2026, 2, 1)), "about themself"),
        (CompetencyAnswer(mentorship.id, rosa.id, sam.id, Role.MENTEE, "communication", 3,
                          date(2026, 2, 1)), "about a mentor"),
        (CompetencyAnswer(mentorship.id, rosa.id, rosa.id, Role.MENTOR, "communication", 8,
                          date(2026, 2, 1)), "1 to 7"),
    ]  # fmt: skip
    for bad, message in wrong:
        with pytest.raises(UserError, match=message):
            repo.save_competency_answers([bad])
    # A bad answer in a round saves none of it.
    good = CompetencyAnswer(mentorship.id, rosa.id, rosa.id, Role.MENTOR, "diversity", 5,
                            date(2026, 2, 1))  # fmt: skip
    with pytest.raises(UserError):
        repo.save_competency_answers([good, wrong[0][0]])
    assert len(repo.competency_answers(mentorship.id)) == 4


# -- finding mentorships ----------------------------------------------------------------------


def test_resolve_mentorship(pair):
    repo, rosa, sam, mentorship = pair
    assert repo.resolve_mentorship().id == mentorship.id
    assert repo.find_mentorship("rosa & sam").id == mentorship.id
    assert repo.find_mentorship(mentorship.id[:6]).id == mentorship.id
    repo.add_mentorship(Mentorship("Second", members=[Member(rosa.id, Role.MENTOR)]))
    with pytest.raises(UserError, match="--mentorship: Rosa & Sam"):
        repo.resolve_mentorship()
    assert repo.resolve_mentorship(person_id=sam.id).id == mentorship.id
    with pytest.raises(NotFound, match="No mentorship"):
        repo.find_mentorship("Nope")


# -- the full export -----------------------------------------------------------------------------


@pytest.fixture
def rich(tmp_path):
    """The demo, plus a development plan and competency answers."""
    repo = open_store(tmp_path / "rich.db")
    seed_demo(repo, today=date(2026, 11, 25))
    mentorship = repo.list_mentorships()[0]
    mentor, mentee = mentorship.people_in(Role.MENTOR)[0], mentorship.people_in(Role.MENTEE)[0]
    goals = repo.list_goals(mentorship.id, owner_id=mentee)
    repo.save_plan(DevelopmentPlan(
        mentorship.id, mentee, skills=[SkillAssessment("Grant writing", 2, "ünïcode ✓")],
        interests=["registries"], values=["honesty"],
        career_options=[CareerOption("Clinician scientist", fit=4)],
        six_month_goal_ids=[goals[0].id], twelve_month_goal_ids=[goals[-1].id],
        reviewed_on=date(2026, 11, 24),
    ))  # fmt: skip
    repo.save_competency_answers([
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
    answers = len(rich.competency_answers(rich.list_mentorships()[0].id))
    assert answers == 14  # the demo's own check-in (12) and the two above
    assert counts["development_plans"] == 1 and counts["competency_answers"] == answers
    fresh = open_store(tmp_path / "fresh.db")
    changed = exchange.import_data(fresh, exchange.read_import(out))
    assert changed["development_plans"] == 1 and changed["competency_answers"] == answers
    before = exchange.export_data(rich)["tables"]
    assert exchange.export_data(fresh)["tables"] == before
    assert exchange.import_data(fresh, exchange.read_import(out)) == {}
    assert exchange.export_data(fresh)["tables"] == before
    mentorship = fresh.list_mentorships()[0]
    assert fresh.get_plan(mentorship.id).skills[0].note == "ünïcode ✓"
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
    assert fresh.list_people() == []
    fresh.close()


def test_competency_answers_keep_their_unique_round(pair):
    repo, rosa, _, mentorship = pair
    repo.save_competency_answers([CompetencyAnswer(
        mentorship.id, rosa.id, rosa.id, Role.MENTOR, "communication", 5, date(2026, 1, 1))])  # fmt: skip
    with pytest.raises(sqlite3.IntegrityError):
        repo.db.execute(
            "INSERT INTO competency_answers (id, mentorship_id, respondent_id, subject_id, "
            "respondent_role, competency_key, score, taken_on, created_at, updated_at) "
            "VALUES ('x', ?, ?, ?, 'mentor', 'communication', 4, '2026-01-01', ?, ?)",
            (mentorship.id, rosa.id, rosa.id, iso(datetime.now(UTC)), iso(datetime.now(UTC))),
        )
