"""A realistic demo mentorship, so a new user (and every screenshot) has something to look at.

Everything is relative to `today`, so the demo always has a recent history, one overdue
action item and a meeting coming up. All people and contact details are invented.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from mentor_tui import paths
from mentor_tui.core.agendas import AgendaLibrary, load_library
from mentor_tui.core.catalogue import load_competencies, new_agreement
from mentor_tui.core.clock import iso
from mentor_tui.core.competencies import CompetencyAnswer
from mentor_tui.core.feedback import Rating
from mentor_tui.core.goals import CheckIn
from mentor_tui.core.idp import CareerOption, DevelopmentPlan, SkillAssessment
from mentor_tui.core.models import (
    ActionItem,
    Agreement,
    Goal,
    GoalStatus,
    Member,
    MentorRole,
    Mentorship,
    MentorshipStatus,
    Milestone,
    Person,
    Role,
    Session,
    Style,
    Visibility,
)
from mentor_tui.core.notes import Note
from mentor_tui.core.reverse import SkillRating
from mentor_tui.store.history import History, ended_session
from mentor_tui.store.repository import Repository

# Each past session: (days ago, agenda key, {section key: (speaker, text)}, ratings).
_HISTORY = [
    (
        63,
        "first-meeting",
        {
            "introductions": [
                ("mentor", "Amara: cardiology, 14 years; runs the heart-failure outcomes group."),
                ("mentee", "Lukas: second-year fellow, interested in registry research and teaching."),
            ],
            "mentee-hopes": [
                ("mentee", "Wants a first-author paper from the registry data within a year, "
                 "and to understand how grant funding actually works."),
            ],
            "agreement-essentials": [
                ("mentor", "Every two weeks, 45 minutes, Tuesday late afternoon; email between. "
                 "I said the limits of confidentiality first, and that I sit on the fellowship "
                 "competency committee, so I keep that role out of our meetings."),
            ],
        },
        (5, 5),
    ),
    (
        35,
        "regular-check-in",
        {
            "wins": [("mentee", "Abstract accepted as a poster at the regional meeting.")],
            "items-goals": [
                ("mentor", "Registry paper: data request approved; analysis plan next."),
            ],
            "topic": [
                ("mentee", "Worried about balancing night shifts with writing. Agreed on two "
                 "protected writing mornings a month."),
                ("mentor", "Shared how I blocked writing time as a fellow; offered to talk to "
                 "the rota lead if needed."),
            ],
        },
        (4, 5),
    ),
    (
        14,
        "reverse-mentoring",
        {
            "choose-topic": [("mentee", "Topic: AI assistants and their limits in research.")],
            "lesson": [
                ("mentee", "Showed how to use an assistant to draft a literature search "
                 "strategy, then checked every reference by hand. Never paste patient data."),
                ("mentor", "Useful for a first draft of search terms; the invented references "
                 "are a real risk."),
            ],
            "wrap-up": [
                ("mentee", "Explaining it out loud showed me where my own checks are loose."),
            ],
        },
        (5, 4),
    ),
]


def _library() -> AgendaLibrary:
    return load_library(paths.prompts_dir() / "agendas", None)


def _agreement(start: date) -> Agreement:
    """The built-in template as a pair would leave it: their own goals and rhythm, the
    template's confidentiality limits and no-fault ending kept, a review date set by it."""
    agreement = new_agreement(start, paths.prompts_dir(), None)
    agreement.goals = (
        "Support Lukas towards a first-author registry paper and a first grant application; "
        "Amara learns current digital research tools."
    )
    agreement.meeting_frequency = "Every two weeks"
    agreement.meeting_length = "45 minutes"
    agreement.between_meetings = "Email for anything non-urgent; a reply within three working days."
    return agreement


def seed_demo(repo: Repository, *, today: date) -> Mentorship:
    """Fill an empty database with one mentorship and its recent history.

    All in one transaction: a demo cut short (a full disk, Ctrl+C) leaves the database
    empty, so the next `mentor-tui demo` seeds it again instead of finding people in it.
    """
    with repo.write():
        return _seed(repo, today=today)


def _seed(repo: Repository, *, today: date) -> Mentorship:
    library = _library()
    history = History()
    mentor = history.add(
        Person(
            "Dr Amara Okafor",
            email="amara.okafor@example.org",
            career_stage="associate professor",
            specialty="cardiology",
            pronouns="she/her",
        )
    )
    mentee = history.add(
        Person(
            "Dr Lukas Berg",
            email="lukas.berg@example.org",
            career_stage="fellow",
            specialty="cardiology",
            pronouns="he/him",
        )
    )
    start = today - timedelta(days=63)
    mentorship = history.add(
        Mentorship(
            "Amara & Lukas",
            style=Style.ONE_ON_ONE,
            members=[
                Member(mentor.id, Role.MENTOR, [MentorRole.TRADITIONAL, MentorRole.SPONSOR]),
                Member(mentee.id, Role.MENTEE),
            ],
            cadence="every 2 weeks on Tuesday",
            rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            start_date=start,
            status=MentorshipStatus.ACTIVE,
            agreement=_agreement(start),
        )
    )
    who = {"mentor": mentor.id, "mentee": mentee.id}

    sessions: list[Session] = []
    for days_ago, agenda_key, notes, (mentor_score, mentee_score) in _HISTORY:
        agenda = library[agenda_key]
        started = datetime.combine(today - timedelta(days=days_ago), time(16, 30), UTC)
        # Sections run a little over or under plan, as real ones do.
        seconds = [
            section.minutes * 60 * (1.0 + 0.15 * ((position % 3) - 1))
            for position, section in enumerate(agenda.sections)
        ]
        session = history.add(ended_session(mentorship.id, agenda, started, seconds))
        for section_key, entries in notes.items():
            for offset, (speaker, text) in enumerate(entries):
                at = iso(started + timedelta(minutes=5 + offset))
                history.add(
                    Note(session.id, section_key, who[speaker], text, created_at=at, updated_at=at)
                )
        history.add(Rating(session.id, mentor.id, mentor_score, "useful", "yes"))
        history.add(Rating(session.id, mentee.id, mentee_score, "encouraging", "yes"))
        sessions.append(session)

    first, check_in, reverse = sessions
    # A private note: Lukas's own worry, never shown to Amara nor exported.
    history.add(
        Note(
            check_in.id,
            "topic",
            mentee.id,
            "Private: not sure I want a fully academic career; not ready to say so yet.",
            visibility=Visibility.PRIVATE,
        )
    )

    paper = history.add(
        Goal(
            mentorship.id,
            mentee.id,
            "First-author paper from the heart-failure registry",
            category="publications",
            specific="Readmission after discharge in the registry cohort.",
            measurable="Manuscript submitted to a journal.",
            achievable="Data access approved; Amara reviews drafts.",
            relevant="Needed for the academic track application.",
            time_bound="Submitted by the end of next summer.",
            due=today + timedelta(days=240),
            status=GoalStatus.IN_PROGRESS,
            milestones=[
                Milestone("Data request approved", True),
                Milestone("Analysis plan agreed"),
                Milestone("First full draft"),
            ],
        )
    )
    grant = history.add(
        Goal(
            mentorship.id,
            mentee.id,
            "Apply for the early-career research grant",
            category="grants",
            due=today + timedelta(days=120),
            status=GoalStatus.OPEN,
        )
    )
    wellness = history.add(
        Goal(
            mentorship.id,
            mentee.id,
            "Two protected writing mornings a month",
            category="wellness",
            due=today - timedelta(days=7),
            status=GoalStatus.DONE,
            progress=100,
        )
    )
    ai_goal = history.add(
        Goal(
            mentorship.id,
            mentor.id,
            "Use an AI assistant safely for literature search drafts",
            category="digital",
            due=today + timedelta(days=60),
            status=GoalStatus.IN_PROGRESS,
            topic_key="ai-assistants",
        )
    )
    for session, goal, progress, comment in (
        (check_in, paper, 20, "Data request approved."),
        (reverse, paper, 35, "Analysis plan drafted."),
        (check_in, wellness, 50, "One writing morning so far."),
        (reverse, wellness, 100, "Both mornings protected this month."),
        (reverse, ai_goal, 30, "Tried it on one search with Lukas."),
    ):
        history.add(
            CheckIn(
                goal.id,
                progress,
                comment,
                session_id=session.id,
                created_at=session.started_at,
                updated_at=session.started_at,
            )
        )
    # The grant goal has no check-in yet: it shows as open on the goals list.

    items = [
        ActionItem(mentorship.id, "Send Lukas the registry data dictionary", mentor.id,
                   due=start + timedelta(days=7), session_id=first.id,
                   done_at=iso(datetime.combine(start + timedelta(days=5), time(9), UTC))),
        ActionItem(mentorship.id, "Draft the analysis plan (one page)", mentee.id,
                   due=today - timedelta(days=3), session_id=check_in.id),
        ActionItem(mentorship.id, "Introduce Lukas to the grants office lead", mentor.id,
                   due=today + timedelta(days=9), session_id=check_in.id),
        ActionItem(mentorship.id, "Share a short checklist for verifying AI-suggested references",
                   mentee.id, due=today + timedelta(days=5), session_id=reverse.id),
    ]
    for item in items:
        history.add(replace(item, created_at=_session_time(sessions, item.session_id)))

    history.add(
        SkillRating(
            reverse.id,
            mentor.id,
            "ai-assistants",
            "AI assistants and their limits",
            before=2,
            after=4,
        )
    )
    history.save(repo)
    # The IDP: a self-assessment, paths that include full-time clinical practice, and goals
    # for six and twelve months, last reviewed at the reverse-mentoring session.
    repo.idp.save(
        DevelopmentPlan(
            mentorship.id,
            mentee.id,
            skills=[
                SkillAssessment("Registry analysis", 3, "Needs help with missing data."),
                SkillAssessment("Scientific writing", 2),
                SkillAssessment("Teaching on the ward", 4),
            ],
            interests=["Heart-failure outcomes", "Teaching fellows"],
            values=["Time with family", "Patient contact"],
            career_options=[
                CareerOption("Clinician-scientist on the academic track", "Needs a K-type award.", 3),
                CareerOption("Full-time clinical cardiology in a community hospital",
                             "Two colleagues to ask about their week.", 4),
                CareerOption("Clinician-educator", "", None),
            ],
            six_month_goal_ids=[paper.id],
            twelve_month_goal_ids=[grant.id],
            reviewed_on=today - timedelta(days=14),
        )
    )
    # A competency check-in: Amara about herself, Lukas about her, on the same day.
    check = load_competencies(paths.prompts_dir(), None)
    assert check is not None, "the built-in competencies.toml ships with the package"
    mine = (6, 5, 5, 4, 5, 6)
    theirs = (6, 6, 5, 5, 4, 6)
    taken = today - timedelta(days=14)
    answers = []
    for competency, own, seen in zip(check.competencies, mine, theirs, strict=False):
        answers += [
            CompetencyAnswer(mentorship.id, mentor.id, mentor.id, Role.MENTOR, competency.key,
                             own, taken, session_id=reverse.id),
            CompetencyAnswer(mentorship.id, mentee.id, mentor.id, Role.MENTEE, competency.key,
                             seen, taken, session_id=reverse.id),
        ]  # fmt: skip
    repo.competencies.save_answers(answers, scale=check.scale)
    # Talking points for the next meeting, one from each of them (written as themselves).
    before = repo.actor_id
    for person, text in (
        (mentee, "Whether to apply for the spring fellowship or wait a year"),
        (mentor, "Your poster for the regional meeting: one round of comments before you print"),
    ):
        repo.act_as(person.id)
        repo.points.add(mentorship.id, text)
    repo.act_as(before)
    return repo.mentorships.get(mentorship.id)


def _session_time(sessions: list[Session], session_id: str | None) -> str:
    return next(s.started_at for s in sessions if s.id == session_id)
