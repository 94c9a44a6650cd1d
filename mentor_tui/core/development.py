"""Goals that move, promises kept, learning both ways: the rules behind issue 4.

Individual development plans (IDP), mentoring-competency answers, and pure rules over goals,
action items, agreements and reverse-mentoring skill ratings. Nothing here reads the clock:
every rule that depends on the day takes `today` from its caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from mentor_tui.core.clock import new_id, now_iso
from mentor_tui.core.errors import UserError
from mentor_tui.core.models import (
    GOAL_CATEGORIES,
    ActionItem,
    Agreement,
    CheckIn,
    Goal,
    GoalStatus,
    MentorRole,
    Mentorship,
    Person,
    Role,
    Session,
    SkillRating,
    Topic,
)

SKILL_SCALE = range(1, 6)  # self-assessed skills, career-option fit, reverse-mentoring skill
PLAN_REVIEW_DAYS = 365  # review the IDP with the mentor at least yearly (myIDP, AAMC)
AGREEMENT_REVIEW_WARNING_DAYS = 14

# --------------------------------------------------------------------------------------------
# The individual development plan


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


# --------------------------------------------------------------------------------------------
# Mentoring-competency check-in answers


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


# --------------------------------------------------------------------------------------------
# Goals


CLOSED_GOAL_STATUSES = (GoalStatus.DONE, GoalStatus.DROPPED)


def _goal(item: Any) -> Goal:
    """Rules take goals, or rows that carry one as `.goal` (see GoalRow)."""
    return item if isinstance(item, Goal) else item.goal


def goal_overdue(goal: Goal, today: date) -> bool:
    """Past its due day and neither done nor dropped. Due today is not overdue yet."""
    return goal.status not in CLOSED_GOAL_STATUSES and goal.due is not None and goal.due < today


def filter_goals(
    goals: Iterable[Any],
    *,
    owner_id: str | None = None,
    status: GoalStatus | str | Iterable[GoalStatus | str] | None = None,
    category: str | None = None,
    overdue_on: date | None = None,
) -> list[Any]:
    """Goals (or GoalRows) matching every filter given; `overdue_on` keeps overdue ones."""
    if isinstance(status, str | GoalStatus):
        statuses = {GoalStatus(status)}
    elif status is not None:
        statuses = {GoalStatus(s) for s in status}
    else:
        statuses = None
    kept = []
    for item in goals:
        goal = _goal(item)
        if owner_id and goal.owner_id != owner_id:
            continue
        if statuses is not None and goal.status not in statuses:
            continue
        if category and goal.category != category:
            continue
        if overdue_on is not None and not goal_overdue(goal, overdue_on):
            continue
        kept.append(item)
    return kept


_STATUS_ORDER = {s: i for i, s in enumerate(GoalStatus)}
_GOAL_SORTS: dict[str, Callable[[Goal], tuple]] = {
    # No due date sorts after every dated goal, whichever way the column is sorted.
    "due": lambda g: (g.due is None, g.due or date.max, g.title.casefold()),
    "progress": lambda g: (g.progress, g.title.casefold()),
    "title": lambda g: (g.title.casefold(),),
    "status": lambda g: (_STATUS_ORDER[g.status], g.due or date.max, g.title.casefold()),
    "category": lambda g: (g.category, g.title.casefold()),
    "created": lambda g: (g.created_at,),
}
GOAL_SORT_KEYS = tuple(_GOAL_SORTS)


def sort_goals(goals: Iterable[Any], by: str = "due", *, reverse: bool = False) -> list[Any]:
    """Goals (or GoalRows) by "due", "progress", "title", "status", "category" or "created"."""
    if by not in _GOAL_SORTS:
        raise UserError(f'Goals sort by {", ".join(GOAL_SORT_KEYS)}, not "{by}".')
    key = _GOAL_SORTS[by]
    items = list(goals)
    if by == "due" and reverse:
        dated = [i for i in items if _goal(i).due is not None]
        undated = [i for i in items if _goal(i).due is None]
        return sorted(dated, key=lambda i: key(_goal(i)), reverse=True) + sorted(
            undated, key=lambda i: key(_goal(i))
        )
    return sorted(items, key=lambda i: key(_goal(i)), reverse=reverse)


def check_goal(goal: Goal) -> None:
    if not goal.title.strip():
        raise UserError("A goal needs a title.")
    if goal.category not in GOAL_CATEGORIES:
        raise UserError(
            f'"{goal.category}" is not a goal category; use one of {", ".join(GOAL_CATEGORIES)}.'
        )
    if not 0 <= goal.progress <= 100:
        raise UserError("Progress is a percentage from 0 to 100.")


def milestone_progress(goal: Goal) -> int | None:
    """Percent of the goal's milestones ticked off, or None when it has none."""
    if not goal.milestones:
        return None
    done = sum(1 for m in goal.milestones if m.done)
    return round(100 * done / len(goal.milestones))


@dataclass
class ProgressPoint:
    at: str  # UTC ISO instant of the check-in
    progress: int
    session_id: str | None = None
    comment: str = ""


def progress_points(checkins: Iterable[CheckIn]) -> list[ProgressPoint]:
    """A goal's check-ins in time order, one per session (the session's last word counts)."""
    ordered = sorted(checkins, key=lambda c: c.created_at)
    points: list[ProgressPoint] = []
    index_of_session: dict[str, int] = {}
    for c in ordered:
        point = ProgressPoint(c.created_at, c.progress, c.session_id, c.comment)
        if c.session_id and c.session_id in index_of_session:
            points[index_of_session[c.session_id]] = point
            continue
        if c.session_id:
            index_of_session[c.session_id] = len(points)
        points.append(point)
    return points


def progress_series(checkins: Iterable[CheckIn]) -> list[int]:
    """The numbers a sparkline draws: progress at each session's check-in, oldest first."""
    return [p.progress for p in progress_points(checkins)]


@dataclass
class GoalRow:
    """A goal as the goals table shows it: names resolved, the last check-in attached."""

    goal: Goal
    owner_name: str
    mentorship_title: str
    last_checkin: CheckIn | None = None
    checkin_count: int = 0

    def overdue(self, today: date) -> bool:
        return goal_overdue(self.goal, today)


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


# --------------------------------------------------------------------------------------------
# Action items


@dataclass
class ReviewItem:
    """An action item as a session's review section lists it."""

    item: ActionItem
    carried: int  # how many sessions it has been carried into, this one included
    overdue: bool


def review_items(
    items: Iterable[ActionItem], session: Session, earlier: Iterable[Session], today: date
) -> list[ReviewItem]:
    """What a session's review section lists: items agreed before it that were open when it began.

    An item ticked off during this session stays on the list (so it does not vanish under the
    pair's eyes); one done before the session started does not. `earlier` are the
    mentorship's other sessions (any order), used to count how often each item was carried.
    """
    starts = sorted(
        s.started_at
        for s in earlier
        if s.mentorship_id == session.mentorship_id and s.id != session.id
    )
    listed = []
    for item in items:
        if item.mentorship_id != session.mentorship_id or item.session_id == session.id:
            continue
        if item.created_at >= session.started_at:
            continue  # added during (or after) this session: not a carry-over
        closed = item.closed_at
        if closed is not None and closed < session.started_at:
            continue
        carried = 1 + sum(
            1
            for start in starts
            if item.created_at < start < session.started_at
            and (closed is None or start < closed)
        )
        listed.append(ReviewItem(item, carried, item.overdue(today)))
    listed.sort(
        key=lambda r: (
            not r.item.is_open, r.item.due is None, r.item.due or date.max, r.item.created_at
        )
    )
    return listed


@dataclass
class ActionRow:
    """An action item with the names a list across mentorships needs."""

    item: ActionItem
    owner_name: str
    mentorship_title: str
    counterpart_ids: list[str]  # the others in the mentorship: whom the owner owes it to
    counterpart_names: list[str]


@dataclass
class OwedGroup:
    """Action items between me and one counterpart (or one set of them, in a group)."""

    counterpart_ids: list[str]
    counterpart_names: list[str]
    items: list[ActionItem]
    mentorship_titles: list[str]
    overdue: int = 0

    @property
    def label(self) -> str:
        return _join_names(self.counterpart_names)


@dataclass
class Owed:
    """What do I owe, and to whom; and what is owed to me, by whom."""

    person_id: str
    i_owe: list[OwedGroup] = field(default_factory=list)
    owed_to_me: list[OwedGroup] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(g.overdue for g in self.i_owe)


def _join_names(names: Sequence[str]) -> str:
    if not names:
        return "nobody"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def owed(
    items: Iterable[ActionItem],
    mentorships: Iterable[Mentorship],
    people: Mapping[str, Person],
    person_id: str,
    today: date,
    *,
    open_only: bool = True,
) -> Owed:
    """Group action items across every mentorship `person_id` is in.

    What I owe: my items, grouped by the others in the mentorship (in a pair, the other
    person; in a group, everyone else), so two mentorships with the same other person share
    a group. Owed to me: others' items in my mentorships, grouped by their owner. Groups with
    overdue items come first, then by the earliest due date, then by name.
    """
    by_id = {m.id: m for m in mentorships if m.role_of(person_id) is not None}

    def name(pid: str) -> str:
        person = people.get(pid)
        return person.display_name if person else "someone"

    mine: dict[tuple[str, ...], OwedGroup] = {}
    theirs: dict[tuple[str, ...], OwedGroup] = {}
    for item in items:
        mentorship = by_id.get(item.mentorship_id)
        if mentorship is None or (open_only and not item.is_open):
            continue
        if item.owner_id == person_id:
            others = sorted(
                {m.person_id for m in mentorship.members if m.person_id != person_id},
                key=lambda pid: (name(pid).casefold(), pid),
            )
            groups, key = mine, tuple(others)
        else:
            groups, key = theirs, (item.owner_id,)
        group = groups.get(key)
        if group is None:
            group = groups[key] = OwedGroup(list(key), [name(p) for p in key], [], [])
        group.items.append(item)
        if mentorship.title not in group.mentorship_titles:
            group.mentorship_titles.append(mentorship.title)
        group.overdue += item.overdue(today)

    def arranged(groups: dict[tuple[str, ...], OwedGroup]) -> list[OwedGroup]:
        for group in groups.values():
            group.items.sort(
                key=lambda i: (not i.is_open, i.due is None, i.due or date.max, i.created_at)
            )
        return sorted(
            groups.values(),
            key=lambda g: (
                g.overdue == 0,
                min((i.due for i in g.items if i.due and i.is_open), default=date.max),
                g.label.casefold(),
            ),
        )

    return Owed(person_id, arranged(mine), arranged(theirs))


# --------------------------------------------------------------------------------------------
# The agreement, mentor roles, reverse mentoring, topics


def agreement_review_message(
    agreement: Agreement | None, today: date, within_days: int = AGREEMENT_REVIEW_WARNING_DAYS
) -> str | None:
    """One sentence for Home when the agreement's review date is near or past; else None."""
    if agreement is None or agreement.review_date is None:
        return None
    days = (agreement.review_date - today).days
    if days > within_days:
        return None
    if days > 1:
        return f"The mentoring agreement is due for review in {days} days."
    if days == 1:
        return "The mentoring agreement is due for review tomorrow."
    if days == 0:
        return "The mentoring agreement is due for review today."
    late = -days
    return (
        f"The mentoring agreement was due for review {late} day{'s' if late != 1 else ''} ago; "
        "look at it together at your next session."
    )


def agreement_review_due(
    agreement: Agreement | None, today: date, within_days: int = AGREEMENT_REVIEW_WARNING_DAYS
) -> bool:
    return agreement_review_message(agreement, today, within_days) is not None


@dataclass
class RoleCover:
    role: MentorRole
    mentor_ids: list[str]
    mentorship_ids: list[str]


def role_coverage(mentorships: Iterable[Mentorship], mentee_id: str) -> list[RoleCover]:
    """Which of the mentee's mentors covers which role (coach, sponsor, ...), every role listed.

    A role nobody covers has empty lists: a gap the mentee may want to fill.
    """
    covers = {role: RoleCover(role, [], []) for role in MentorRole}
    for mentorship in mentorships:
        if mentorship.role_of(mentee_id) != Role.MENTEE:
            continue
        for member in mentorship.members:
            if member.role != Role.MENTOR:
                continue
            for role in member.mentor_roles:
                cover = covers[role]
                if member.person_id not in cover.mentor_ids:
                    cover.mentor_ids.append(member.person_id)
                if mentorship.id not in cover.mentorship_ids:
                    cover.mentorship_ids.append(mentorship.id)
    return list(covers.values())


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


# --------------------------------------------------------------------------------------------
# Read models the repository fills for Home and the lists


@dataclass
class OverdueCounts:
    goals: int = 0
    action_items: int = 0

    @property
    def total(self) -> int:
        return self.goals + self.action_items


@dataclass
class AgreementReview:
    """A mentorship whose agreement is due (or overdue) for review: what Home says."""

    mentorship_id: str
    mentorship_title: str
    review_date: date
    message: str
