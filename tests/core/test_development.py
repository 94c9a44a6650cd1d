"""The rules of goals, action items, the IDP, the agreement, mentor roles, competencies and
reverse mentoring (core.goals, core.actions, core.idp ...): pure, with `today` always passed in."""

from __future__ import annotations

from datetime import date

import pytest

from mentor_tui.core.actions import owed, review_items
from mentor_tui.core.agreement import agreement_review_due, agreement_review_message
from mentor_tui.core.competencies import CompetencyAnswer, check_answer, competency_side_by_side
from mentor_tui.core.dates import describe_due, parse_due
from mentor_tui.core.errors import UserError
from mentor_tui.core.goals import (
    GoalRow,
    filter_goals,
    goal_overdue,
    milestone_progress,
    progress_points,
    progress_series,
    sort_goals,
)
from mentor_tui.core.idp import (
    CareerOption,
    DevelopmentPlan,
    SkillAssessment,
    check_plan,
    plan_review_due,
)
from mentor_tui.core.models import (
    ActionItem,
    Agreement,
    CheckIn,
    Goal,
    GoalStatus,
    Member,
    MentorRole,
    Mentorship,
    Milestone,
    Person,
    Role,
    Session,
    SkillRating,
    Topic,
)
from mentor_tui.core.reverse import (
    goal_from_topic,
    merge_topics,
    skill_change,
    skill_changes,
    topic_key_for,
)
from mentor_tui.core.roles import role_coverage

ROSA, SAM, KIM, LEE = "rosa", "sam", "kim", "lee"
PEOPLE = {
    ROSA: Person("Dr Rosa Mentor", id=ROSA),
    SAM: Person("Sam Mentee", id=SAM),
    KIM: Person("Kim Second Mentee", id=KIM),
    LEE: Person("Prof Lee Sponsor", id=LEE),
}
PAIR = Mentorship(
    "Rosa & Sam", id="pair",
    members=[Member(ROSA, Role.MENTOR, [MentorRole.COACH]), Member(SAM, Role.MENTEE)],
)  # fmt: skip
GROUP = Mentorship(
    "Writing group", id="group",
    members=[Member(ROSA, Role.MENTOR), Member(SAM, Role.MENTEE), Member(KIM, Role.MENTEE)],
)  # fmt: skip
SPONSORSHIP = Mentorship(
    "Lee & Sam", id="sponsor",
    members=[Member(LEE, Role.MENTOR, [MentorRole.SPONSOR, MentorRole.CONNECTOR]),
             Member(SAM, Role.MENTEE)],
)  # fmt: skip


def at(day: int, hour: int = 10, month: int = 3) -> str:
    return f"2026-{month:02d}-{day:02d}T{hour:02d}:00:00.000+00:00"


# -- goals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "words", "due"),
    [
        (date(2026, 1, 31), "end of month", date(2026, 1, 31)),
        (date(2026, 1, 31), "end of next month", date(2026, 2, 28)),
        (date(2026, 1, 31), "in a month", date(2026, 2, 28)),
        (date(2028, 2, 29), "end of month", date(2028, 2, 29)),
        (date(2028, 2, 29), "in 1 year", date(2029, 2, 28)),
        (date(2028, 2, 29), "end of next month", date(2028, 3, 31)),
    ],
)
def test_a_goal_due_at_the_end_of_a_short_or_leap_month(today, words, due):
    goal = Goal("pair", SAM, "Submit the abstract", due=parse_due(words, today))
    assert goal.due == due
    assert not goal_overdue(goal, due)  # due today is not overdue yet
    assert goal_overdue(goal, date.fromordinal(due.toordinal() + 1))
    if due == today:
        assert describe_due(goal.due, today) == "today"


def test_finished_and_undated_goals_are_never_overdue():
    today = date(2026, 3, 1)
    late = date(2026, 2, 1)
    assert goal_overdue(Goal("pair", SAM, "a", due=late, status=GoalStatus.IN_PROGRESS), today)
    assert not goal_overdue(Goal("pair", SAM, "b", due=late, status=GoalStatus.DONE), today)
    assert not goal_overdue(Goal("pair", SAM, "c", due=late, status=GoalStatus.DROPPED), today)
    assert not goal_overdue(Goal("pair", SAM, "d"), today)


@pytest.fixture
def goals() -> list[Goal]:
    return [
        Goal("pair", SAM, "paper", category="publications", due=date(2026, 6, 1), progress=40,
             status=GoalStatus.IN_PROGRESS),
        Goal("pair", ROSA, "Learn Zotero", category="digital", progress=80,
             status=GoalStatus.IN_PROGRESS),
        Goal("pair", SAM, "Grant", category="grants", due=date(2026, 4, 1), progress=0),
        Goal("pair", SAM, "Abstract", category="publications", due=date(2026, 2, 1),
             progress=100, status=GoalStatus.DONE),
    ]  # fmt: skip


def test_filter_goals_by_owner_status_category_and_overdue(goals):
    titles = lambda found: [g.title for g in found]  # noqa: E731
    assert titles(filter_goals(goals, owner_id=ROSA)) == ["Learn Zotero"]
    assert titles(filter_goals(goals, status="in-progress")) == ["paper", "Learn Zotero"]
    assert titles(filter_goals(goals, status=[GoalStatus.OPEN, GoalStatus.DONE])) == [
        "Grant", "Abstract",
    ]  # fmt: skip
    assert titles(filter_goals(goals, owner_id=SAM, category="publications")) == [
        "paper", "Abstract",
    ]  # fmt: skip
    assert titles(filter_goals(goals, overdue_on=date(2026, 5, 1))) == ["Grant"]


def test_sort_goals_keeps_undated_goals_last_either_way(goals):
    by_due = [g.title for g in sort_goals(goals, "due")]
    assert by_due == ["Abstract", "Grant", "paper", "Learn Zotero"]
    assert [g.title for g in sort_goals(goals, "due", reverse=True)] == [
        "paper", "Grant", "Abstract", "Learn Zotero",
    ]  # fmt: skip
    assert [g.progress for g in sort_goals(goals, "progress")] == [0, 40, 80, 100]
    assert [g.title for g in sort_goals(goals, "title")] == [
        "Abstract", "Grant", "Learn Zotero", "paper",
    ]  # fmt: skip
    rows = [GoalRow(g, "x", "Rosa & Sam") for g in goals]
    assert [r.goal.title for r in sort_goals(rows, "progress", reverse=True)][0] == "Abstract"
    with pytest.raises(UserError, match="sort by"):
        sort_goals(goals, "colour")


def test_milestones_give_a_share_done():
    goal = Goal("pair", SAM, "Paper", milestones=[Milestone("outline", True), Milestone("draft")])
    assert milestone_progress(goal) == 50
    assert milestone_progress(Goal("pair", SAM, "No steps")) is None


def test_check_ins_over_several_sessions_make_the_sparkline_series():
    checkins = [
        CheckIn("g", 10, "started", session_id="s1", created_at=at(3)),
        CheckIn("g", 25, "outline", session_id="s2", created_at=at(17)),
        CheckIn("g", 30, "typo: meant 35", session_id="s2", created_at=at(17, 11)),
        CheckIn("g", 35, "outline done", session_id="s2", created_at=at(17, 12)),
        CheckIn("g", 50, "between sessions", created_at=at(24)),
        CheckIn("g", 80, "draft", session_id="s3", created_at=at(31)),
    ]
    # Given out of order, as a merge might hand them over.
    shuffled = [checkins[i] for i in (4, 0, 5, 2, 1, 3)]
    assert progress_series(shuffled) == [10, 35, 50, 80]
    points = progress_points(shuffled)
    assert [(p.session_id, p.comment) for p in points] == [
        ("s1", "started"), ("s2", "outline done"), (None, "between sessions"), ("s3", "draft"),
    ]  # fmt: skip
    assert progress_series([]) == []


def test_a_mentor_owned_goal_from_a_topic_in_one_step():
    topic = Topic("reference-managers", "Reference managers", "Zotero and friends.")
    rating = SkillRating("s1", ROSA, topic.key, topic.title, before=2, after=3)
    goal = goal_from_topic(topic, PAIR, ROSA, date(2025, 11, 30), skill=rating)
    assert (goal.owner_id, goal.mentorship_id, goal.topic_key) == (ROSA, "pair", topic.key)
    assert goal.category == "digital" and goal.title == "Learn: Reference managers"
    assert goal.due == date(2026, 2, 28)  # three months on from 30 November
    assert "3/5 to 4/5" in goal.measurable
    assert goal.specific == "Zotero and friends."
    assert all([goal.specific, goal.measurable, goal.achievable, goal.relevant, goal.time_bound])
    with pytest.raises(UserError, match="mentor"):
        goal_from_topic(topic, PAIR, SAM, date(2026, 1, 1))


# -- reverse mentoring ------------------------------------------------------------------------


def test_skill_change_before_and_after():
    one = SkillRating("s1", ROSA, "ai", "AI assistants", before=2, after=4)
    assert skill_change(one) == 2
    assert skill_change(SkillRating("s1", ROSA, "ai", "AI assistants", before=2)) is None
    later = SkillRating("s2", ROSA, "ai", "AI assistants", before=3, after=5,
                        created_at="2026-04-01T10:00:00.000+00:00")  # fmt: skip
    other = SkillRating("s2", ROSA, "ehr", "EHR shortcuts", before=1,
                        created_at="2026-04-01T10:00:00.000+00:00")  # fmt: skip
    one.created_at = "2026-03-01T10:00:00.000+00:00"
    changes = skill_changes([later, other, one])
    assert [(c.topic_key, c.before, c.after, c.delta) for c in changes] == [
        ("ai", 2, 5, 3), ("ehr", 1, None, None),
    ]  # fmt: skip
    assert changes[0].session_ids == ["s1", "s2"]


def test_topics_merge_catalogue_first_and_keys_for_new_ones():
    catalogue = [Topic("ehr", "EHR shortcuts"), Topic("ai", "AI assistants")]
    added = [Topic("podcasts", "Podcasts"), Topic("ai", "Our AI wording"), Topic("apps", "Apps")]
    merged = merge_topics(catalogue, added)
    assert [(c.topic.key, c.source) for c in merged] == [
        ("ehr", "catalogue"), ("ai", "catalogue"), ("apps", "pair"), ("podcasts", "pair"),
    ]  # fmt: skip
    assert topic_key_for("Slack & Teams etiquette!") == "slack-teams-etiquette"
    assert topic_key_for("Podcasts", ["podcasts", "podcasts-2"]) == "podcasts-3"
    assert topic_key_for("¿¡!") == "topic"


# -- action items -----------------------------------------------------------------------------


def test_open_items_carry_over_through_three_sessions_and_count_the_carries():
    """Session 1 agrees two items; they are reviewed in sessions 2, 3 and 4 until done."""
    sessions = [Session("pair", "check-in", "Check-in", id=f"s{n}", started_at=at(n * 7))
                for n in range(1, 5)]  # fmt: skip
    s1, s2, s3, s4 = sessions
    draft = ActionItem("pair", "Send the draft", SAM, due=date(2026, 3, 20), session_id="s1",
                       created_at=at(7, 11))  # fmt: skip
    room = ActionItem("pair", "Book the room", ROSA, session_id="s1", created_at=at(7, 11))
    # Agreed in session 2, ticked off during session 3.
    intro = ActionItem("pair", "Introduce to the stats core", ROSA, session_id="s2",
                       created_at=at(14, 11), done_at=at(21, 10))  # fmt: skip
    other_pair = ActionItem("group", "Not ours", KIM, created_at=at(1))
    items = [draft, room, intro, other_pair]
    room.done_at = at(20)  # done between sessions 2 and 3

    def listed(session, today):
        return {r.item.text: (r.carried, r.overdue) for r in review_items(items, session, sessions, today)}

    assert listed(s1, date(2026, 3, 7)) == {}
    assert listed(s2, date(2026, 3, 14)) == {"Send the draft": (1, False), "Book the room": (1, False)}
    assert listed(s3, date(2026, 3, 21)) == {
        "Send the draft": (2, True),  # due the 20th: overdue on the 21st
        "Introduce to the stats core": (1, False),  # done during this session: still shown
    }
    assert listed(s4, date(2026, 3, 28)) == {"Send the draft": (3, True)}
    draft.done_at = at(28, 10, 3)  # ticked off in session 4
    assert listed(s4, date(2026, 3, 28)) == {"Send the draft": (3, False)}
    first, *_ = review_items(items, s4, sessions, date(2026, 3, 28))
    assert first.item.done


def test_what_do_i_owe_and_to_whom_across_mentorships():
    today = date(2026, 3, 10)
    items = [
        ActionItem("pair", "Send draft to Rosa", SAM, due=date(2026, 3, 12)),
        ActionItem("group", "Share slides with the group", SAM, due=date(2026, 3, 1)),
        ActionItem("sponsor", "CV to Lee", SAM),
        ActionItem("sponsor", "Done already", SAM, done_at=at(1)),
        ActionItem("pair", "Rosa reads the draft", ROSA, due=date(2026, 3, 20)),
        ActionItem("group", "Kim books the room", KIM),
        ActionItem("elsewhere", "Not a mentorship of Sam's", SAM),
    ]
    result = owed(items, [PAIR, GROUP, SPONSORSHIP], PEOPLE, SAM, today)
    assert [(g.label, [i.text for i in g.items], g.overdue) for g in result.i_owe] == [
        ("Dr Rosa Mentor and Kim Second Mentee", ["Share slides with the group"], 1),
        ("Dr Rosa Mentor", ["Send draft to Rosa"], 0),
        ("Prof Lee Sponsor", ["CV to Lee"], 0),
    ]
    assert result.overdue == 1
    assert [(g.label, [i.text for i in g.items]) for g in result.owed_to_me] == [
        ("Dr Rosa Mentor", ["Rosa reads the draft"]),
        ("Kim Second Mentee", ["Kim books the room"]),
    ]
    with_done = owed(items, [SPONSORSHIP], PEOPLE, SAM, today, open_only=False)
    assert [i.text for i in with_done.i_owe[0].items] == ["CV to Lee", "Done already"]
    assert owed(items, [PAIR], PEOPLE, "stranger", today).i_owe == []


# -- agreement, roles ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("review", "today", "expected"),
    [
        (None, date(2026, 3, 1), None),
        (date(2026, 3, 16), date(2026, 3, 1), None),  # 15 days away: not yet
        (date(2026, 3, 15), date(2026, 3, 1), "in 14 days"),
        (date(2028, 2, 29), date(2028, 2, 28), "tomorrow"),
        (date(2028, 2, 29), date(2028, 2, 29), "today"),
        (date(2028, 2, 29), date(2028, 3, 1), "1 day ago"),
        (date(2026, 1, 31), date(2026, 2, 3), "3 days ago"),
    ],
)
def test_agreement_review_due(review, today, expected):
    agreement = Agreement(review_date=review)
    message = agreement_review_message(agreement, today)
    if expected is None:
        assert message is None and not agreement_review_due(agreement, today)
    else:
        assert expected in message and agreement_review_due(agreement, today)
    assert agreement_review_message(None, today) is None


def test_a_mentee_with_several_mentors_sees_who_covers_what():
    cover = {c.role: c.mentor_ids for c in role_coverage([PAIR, GROUP, SPONSORSHIP], SAM)}
    assert cover == {
        MentorRole.COACH: [ROSA],
        MentorRole.SPONSOR: [LEE],
        MentorRole.CONNECTOR: [LEE],
        MentorRole.TRADITIONAL: [],
    }
    assert all(not c.mentor_ids for c in role_coverage([PAIR], ROSA))  # Rosa is no mentee


# -- development plan ---------------------------------------------------------------------------


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


# -- competency check-in ----------------------------------------------------------------------


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
