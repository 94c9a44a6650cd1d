"""Development plans, competency answers, and the goal and action queries the issue-4 screens
draw from: each list in one or two queries, names resolved, ready to show.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from mentor_tui.core import development as dev
from mentor_tui.core.development import (
    ActionRow,
    AgreementReview,
    CompetencyAnswer,
    DevelopmentPlan,
    GoalRow,
    OverdueCounts,
    Owed,
    ReviewItem,
    RoleCover,
    SkillChange,
)
from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.models import (
    ActionItem,
    Agreement,
    CheckIn,
    Goal,
    GoalStatus,
    Mentorship,
    MentorshipStatus,
    Person,
    Role,
    SkillRating,
    Topic,
)
from mentor_tui.store.repo.part import RepositoryPart
from mentor_tui.store.rows import from_row, to_row

_CHECKIN_COLUMNS = ("id", "goal_id", "session_id", "progress", "comment", "author_id",
                    "created_at", "updated_at")  # fmt: skip
_OPEN_GOAL = f"status NOT IN ('{GoalStatus.DONE.value}', '{GoalStatus.DROPPED.value}')"


def _in(values: list[str]) -> str:
    return ",".join("?" for _ in values)


class DevelopmentRepo(RepositoryPart):
    """Issue 4: goals that move, promises kept, learning both ways (see core.development)."""

    # -- looking things up by what people type ----------------------------------------------

    def find_mentorship(self, text: str) -> Mentorship:
        """By id, id prefix (4+ characters) or title (case-insensitive); ambiguity is an error."""
        text = text.strip()
        rows = self._read(
            "SELECT id FROM mentorships WHERE id = ? OR title = ? COLLATE NOCASE", (text, text)
        )
        if not rows and len(text) >= 4:
            rows = self._read("SELECT id FROM mentorships WHERE id LIKE ?", (text + "%",))
        if not rows:
            raise NotFound(f'No mentorship matches "{text}"; give its id or its exact title.')
        if len(rows) > 1:
            raise UserError(f'More than one mentorship matches "{text}"; give its id instead.')
        return self.get_mentorship(rows[0]["id"])

    def resolve_mentorship(
        self, text: str | None = None, person_id: str | None = None
    ) -> Mentorship:
        """The mentorship named by `text`, else the only open one (of `person_id`, if given)."""
        if text:
            return self.find_mentorship(text)
        found = [
            m
            for m in self.list_mentorships(person_id=person_id)
            if m.status != MentorshipStatus.CLOSED
        ]
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFound("There is no open mentorship yet; run `mentor-tui` to set one up.")
        listed = "; ".join(f"{m.title} ({m.id[:8]})" for m in found[:5])
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        raise UserError(
            f"There are {len(found)} mentorships, so choose one with --mentorship: {listed}{more}."
        )

    def _by_prefix(self, table: str, text: str, what: str, hint: str) -> dict[str, Any]:
        text = text.strip()
        row = self._one(f"SELECT * FROM [{table}] WHERE id = ?", (text,))
        if row is None and len(text) >= 4:
            rows = self._read(f"SELECT * FROM [{table}] WHERE id LIKE ? LIMIT 2", (text + "%",))
            if len(rows) > 1:
                raise UserError(f"More than one {what} starts with {text}; give more of the id.")
            row = rows[0] if rows else None
        if row is None:
            raise NotFound(f"No {what} with id {text}; {hint}.")
        return row

    def find_goal(self, text: str) -> Goal:
        """By id or an id prefix of 4 or more characters."""
        return from_row(
            Goal, self._by_prefix("goals", text, "goal", "`mentor-tui goals list` shows them")
        )

    def find_action_item(self, text: str) -> ActionItem:
        return from_row(
            ActionItem,
            self._by_prefix(
                "action_items", text, "action item", "`mentor-tui actions list` shows them"
            ),
        )

    # -- development plans ------------------------------------------------------------------

    def save_plan(self, plan: DevelopmentPlan) -> DevelopmentPlan:
        """Insert or replace the plan of one mentee in one mentorship (there is one per pair)."""
        dev.check_plan(plan)
        mentorship = self.get_mentorship(plan.mentorship_id)
        if mentorship.role_of(plan.person_id) != Role.MENTEE:
            raise UserError("A development plan belongs to a mentee of the mentorship.")
        linked = plan.goal_ids
        if linked:
            found = {
                r["id"]
                for r in self._read(
                    f"SELECT id FROM goals WHERE mentorship_id = ? AND id IN ({_in(linked)})",
                    [plan.mentorship_id, *linked],
                )
            }
            missing = [g for g in linked if g not in found]
            if missing:
                raise UserError(
                    f"The plan links goal {missing[0][:8]}, which is not a goal of this "
                    "mentorship; link goals from its goal list."
                )
        existing = self._one(
            "SELECT id, created_at FROM development_plans WHERE mentorship_id = ? AND person_id = ?",
            (plan.mentorship_id, plan.person_id),
        )
        if existing:
            plan.id, plan.created_at = existing["id"], existing["created_at"]
        with self.write():
            self._upsert("development_plans", to_row(plan), mentorship_id=plan.mentorship_id)
        found_plan = self.get_plan(plan.mentorship_id, plan.person_id)
        assert found_plan is not None
        return found_plan

    def get_plan(self, mentorship_id: str, person_id: str | None = None) -> DevelopmentPlan | None:
        """The plan of `person_id` (default: the mentorship's first mentee), or None."""
        if person_id is None:
            mentees = self.get_mentorship(mentorship_id).people_in(Role.MENTEE)
            if not mentees:
                return None
            person_id = mentees[0]
        row = self._one(
            "SELECT * FROM development_plans WHERE mentorship_id = ? AND person_id = ?",
            (mentorship_id, person_id),
        )
        return from_row(DevelopmentPlan, row) if row else None

    def list_plans(
        self, *, mentorship_id: str | None = None, person_id: str | None = None
    ) -> list[DevelopmentPlan]:
        where, params = [], []
        if mentorship_id:
            where.append("mentorship_id = ?")
            params.append(mentorship_id)
        if person_id:
            where.append("person_id = ?")
            params.append(person_id)
        sql = "SELECT * FROM development_plans"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [
            from_row(DevelopmentPlan, r) for r in self._read(sql + " ORDER BY created_at, rowid", params)
        ]

    def mark_plan_reviewed(
        self, mentorship_id: str, on: date, person_id: str | None = None
    ) -> DevelopmentPlan:
        """Record that the mentee went through the plan with the mentor on `on`."""
        plan = self.get_plan(mentorship_id, person_id)
        if plan is None:
            raise NotFound("There is no development plan to review yet; write one first.")
        plan.reviewed_on = on
        return self.save_plan(plan)

    def plan_goals(self, plan: DevelopmentPlan) -> list[Goal]:
        """The goals a plan links, in the plan's order (six-month ones first)."""
        ids = plan.goal_ids
        if not ids:
            return []
        rows = self._read(f"SELECT * FROM goals WHERE id IN ({_in(ids)})", ids)
        by_id = {r["id"]: from_row(Goal, r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    # -- competency check-in ----------------------------------------------------------------

    def save_competency_answers(
        self, answers: Iterable[CompetencyAnswer], *, scale: range = range(1, 8)
    ) -> list[CompetencyAnswer]:
        """Save one round of answers in one transaction; answering again on the same day
        replaces that person's earlier answer. `scale` is CompetencyCheck.scale."""
        answers = list(answers)
        members: dict[str, Mentorship] = {}
        for answer in answers:
            dev.check_answer(answer, scale)
            if answer.mentorship_id not in members:
                members[answer.mentorship_id] = self.get_mentorship(answer.mentorship_id)
            mentorship = members[answer.mentorship_id]
            if mentorship.role_of(answer.subject_id) != Role.MENTOR:
                raise UserError("The competency check-in is about a mentor of the mentorship.")
            if mentorship.role_of(answer.respondent_id) != answer.respondent_role:
                raise UserError(
                    f"The person answering is not a {answer.respondent_role.value} "
                    "of this mentorship."
                )
        with self.write():
            for answer in answers:
                existing = self.db.execute(
                    "SELECT id, created_at FROM competency_answers WHERE mentorship_id = ? "
                    "AND subject_id = ? AND respondent_id = ? AND competency_key = ? "
                    "AND taken_on = ?",
                    (
                        answer.mentorship_id,
                        answer.subject_id,
                        answer.respondent_id,
                        answer.competency_key,
                        answer.taken_on.isoformat(),
                    ),
                ).fetchone()
                if existing:
                    answer.id, answer.created_at = existing[0], existing[1]
                self._upsert(
                    "competency_answers",
                    to_row(answer),
                    mentorship_id=answer.mentorship_id,
                    session_id=answer.session_id,
                )
        return answers

    def competency_answers(
        self, mentorship_id: str, *, subject_id: str | None = None
    ) -> list[CompetencyAnswer]:
        sql = "SELECT * FROM competency_answers WHERE mentorship_id = ?"
        params: list[Any] = [mentorship_id]
        if subject_id:
            sql += " AND subject_id = ?"
            params.append(subject_id)
        rows = self._read(sql + " ORDER BY taken_on, created_at, rowid", params)
        return [from_row(CompetencyAnswer, r) for r in rows]

    def competency_series(
        self,
        mentorship_id: str,
        competencies: Sequence[Any] = (),
        *,
        subject_id: str | None = None
    ) -> list[dev.CompetencySeries]:
        """The side-by-side view: per competency, per date, mentor's self-view and mentee's view."""
        return dev.competency_side_by_side(
            self.competency_answers(mentorship_id, subject_id=subject_id),
            competencies,
            subject_id=subject_id,
        )

    # -- goals ------------------------------------------------------------------------------

    def save_checked_goal(self, goal: Goal) -> Goal:
        """save_goal with the rules a person's input needs: a known category, and an owner
        who is a member of the mentorship (either side may own a goal)."""
        dev.check_goal(goal)
        mentorship = self.get_mentorship(goal.mentorship_id)
        if mentorship.role_of(goal.owner_id) is None:
            raise UserError("A goal's owner must be a member of the mentorship.")
        return self.save_goal(goal)

    def add_goal_from_topic(
        self,
        topic: Topic,
        mentorship_id: str,
        mentor_id: str,
        today: date,
        *,
        skill: SkillRating | None = None,
        months: int = 3,
    ) -> Goal:
        """One step: a mentor-owned goal from a reverse-mentoring topic, saved."""
        mentorship = self.get_mentorship(mentorship_id)
        goal = dev.goal_from_topic(topic, mentorship, mentor_id, today, skill=skill, months=months)
        return self.save_goal(goal)

    def goal_rows(
        self,
        mentorship_id: str | None = None,
        *,
        owner_id: str | None = None,
        status: GoalStatus | str | None = None,
        category: str | None = None,
        person_id: str | None = None,
    ) -> list[GoalRow]:
        """The goals table in one query: each goal with owner, mentorship and last check-in.

        `person_id` keeps the goals of every mentorship that person is in.
        """
        where, params = [], []
        for clause, value in (
            ("g.mentorship_id = ?", mentorship_id),
            ("g.owner_id = ?", owner_id),
            ("g.status = ?", GoalStatus(status).value if status else None),
            ("g.category = ?", category),
            (
                "g.mentorship_id IN (SELECT mentorship_id FROM members WHERE person_id = ?)",
                person_id,
            ),
        ):
            if value:
                where.append(clause)
                params.append(value)
        last = ", ".join(f"c.[{c}] AS [c_{c}]" for c in _CHECKIN_COLUMNS)
        sql = (
            f"SELECT g.*, p.display_name AS owner_name, m.title AS mentorship_title, {last}, "
            "(SELECT count(*) FROM checkins WHERE goal_id = g.id) AS checkin_count "
            "FROM goals g "
            "LEFT JOIN people p ON p.id = g.owner_id "
            "LEFT JOIN mentorships m ON m.id = g.mentorship_id "
            "LEFT JOIN checkins c ON c.id = (SELECT id FROM checkins WHERE goal_id = g.id "
            "ORDER BY created_at DESC, rowid DESC LIMIT 1)"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY g.due IS NULL, g.due, g.created_at, g.rowid"
        found = []
        for row in self._read(sql, params):
            checkin = None
            if row["c_id"]:
                checkin = from_row(CheckIn, {c: row[f"c_{c}"] for c in _CHECKIN_COLUMNS})
            found.append(
                GoalRow(
                    goal=from_row(Goal, row),
                    owner_name=row["owner_name"] or "someone",
                    mentorship_title=row["mentorship_title"] or "",
                    last_checkin=checkin,
                    checkin_count=row["checkin_count"],
                )
            )
        return found

    def checkin_series(
        self, goal_ids: Iterable[str] | None = None, *, mentorship_id: str | None = None
    ) -> dict[str, list[int]]:
        """Sparkline numbers for many goals in one query: goal id -> progress, oldest first."""
        if goal_ids is not None:
            ids = list(goal_ids)
            if not ids:
                return {}
            rows = self._read(
                f"SELECT * FROM checkins WHERE goal_id IN ({_in(ids)}) ORDER BY created_at, rowid",
                ids,
            )
        else:
            rows = self._read(
                "SELECT c.* FROM checkins c JOIN goals g ON g.id = c.goal_id "
                "WHERE (? IS NULL OR g.mentorship_id = ?) ORDER BY c.created_at, c.rowid",
                (mentorship_id, mentorship_id),
            )
        grouped: dict[str, list[CheckIn]] = {}
        for row in rows:
            grouped.setdefault(row["goal_id"], []).append(from_row(CheckIn, row))
        return {goal_id: dev.progress_series(items) for goal_id, items in grouped.items()}

    def progress_points(self, goal_id: str) -> list[dev.ProgressPoint]:
        """One goal's check-in history, one point per session: the detail under a sparkline."""
        return dev.progress_points(self.checkins(goal_id))

    # -- action items -----------------------------------------------------------------------

    def _people_by_id(self, ids: Iterable[str]) -> dict[str, Person]:
        ids = sorted(set(ids))
        if not ids:
            return {}
        rows = self._read(f"SELECT * FROM people WHERE id IN ({_in(ids)})", ids)
        return {r["id"]: from_row(Person, r) for r in rows}

    def action_rows(
        self,
        person_id: str | None = None,
        *,
        open_only: bool = True,
        mentorship_id: str | None = None,
    ) -> list[ActionRow]:
        """Action items across mentorships (those `person_id` is in, if given), with names."""
        where, params = [], []
        if person_id:
            where.append(
                "a.mentorship_id IN (SELECT mentorship_id FROM members WHERE person_id = ?)"
            )
            params.append(person_id)
        if mentorship_id:
            where.append("a.mentorship_id = ?")
            params.append(mentorship_id)
        if open_only:
            where.append("a.done_at IS NULL AND a.dropped_at IS NULL")
        sql = (
            "SELECT a.*, p.display_name AS owner_name, m.title AS mentorship_title "
            "FROM action_items a LEFT JOIN people p ON p.id = a.owner_id "
            "LEFT JOIN mentorships m ON m.id = a.mentorship_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY (a.done_at IS NOT NULL OR a.dropped_at IS NOT NULL), a.due IS NULL, a.due, a.created_at, a.rowid"
        rows = self._read(sql, params)
        mentorship_ids = sorted({r["mentorship_id"] for r in rows})
        members: dict[str, list[tuple[str, str]]] = {}
        if mentorship_ids:
            for r in self._read(
                "SELECT mb.mentorship_id, mb.person_id, p.display_name FROM members mb "
                f"JOIN people p ON p.id = mb.person_id WHERE mb.mentorship_id IN "
                f"({_in(mentorship_ids)}) ORDER BY p.display_name COLLATE NOCASE",
                mentorship_ids,
            ):
                members.setdefault(r["mentorship_id"], []).append(
                    (r["person_id"], r["display_name"])
                )
        found = []
        for row in rows:
            others = [m for m in members.get(row["mentorship_id"], []) if m[0] != row["owner_id"]]
            found.append(
                ActionRow(
                    item=from_row(ActionItem, row),
                    owner_name=row["owner_name"] or "someone",
                    mentorship_title=row["mentorship_title"] or "",
                    counterpart_ids=[pid for pid, _ in others],
                    counterpart_names=[name for _, name in others],
                )
            )
        return found

    def owed(self, person_id: str, today: date, *, open_only: bool = True) -> Owed:
        """ "What do I owe, and to whom" (and what others owe me), across all my mentorships."""
        mentorships = self.list_mentorships(person_id=person_id)
        ids = [m.id for m in mentorships]
        if not ids:
            return Owed(person_id)
        sql = f"SELECT * FROM action_items WHERE mentorship_id IN ({_in(ids)})"
        if open_only:
            sql += " AND done_at IS NULL AND dropped_at IS NULL"
        items = [from_row(ActionItem, r) for r in self._read(sql + " ORDER BY created_at, rowid", ids)]
        people = self._people_by_id(m.person_id for ms in mentorships for m in ms.members)
        return dev.owed(items, mentorships, people, person_id, today, open_only=open_only)

    def review_items(self, session_id: str, today: date) -> list[ReviewItem]:
        """The action items a session's review section lists (carried over from before)."""
        session = self.get_session(session_id)
        earlier = self.list_sessions(mentorship_id=session.mentorship_id)
        items = self.list_action_items(session.mentorship_id)
        return dev.review_items(items, session, earlier, today)

    # -- Home -------------------------------------------------------------------------------

    def overdue_counts(
        self,
        today: date,
        *,
        owner_id: str | None = None,
        mentorship_id: str | None = None,
        person_id: str | None = None,
    ) -> OverdueCounts:
        """Open goals and action items past their due day; two counts, one query."""
        where, params = [], []
        for clause, value in (
            ("owner_id = ?", owner_id),
            ("mentorship_id = ?", mentorship_id),
            ("mentorship_id IN (SELECT mentorship_id FROM members WHERE person_id = ?)", person_id),
        ):
            if value:
                where.append(clause)
                params.append(value)
        extra = "".join(f" AND {w}" for w in where)
        day = today.isoformat()
        row = self._one(
            f"SELECT (SELECT count(*) FROM goals WHERE due < ? AND {_OPEN_GOAL}{extra}) AS goals, "
            f"(SELECT count(*) FROM action_items WHERE due < ? AND done_at IS NULL "
            f"AND dropped_at IS NULL{extra}) "
            "AS action_items",
            [day, *params, day, *params],
        )
        assert row is not None
        return OverdueCounts(goals=row["goals"], action_items=row["action_items"])

    def agreement_reviews(
        self,
        today: date,
        *,
        person_id: str | None = None,
        within_days: int = dev.AGREEMENT_REVIEW_WARNING_DAYS,
    ) -> list[AgreementReview]:
        """Open mentorships whose agreement is due for review within `within_days` (or past)."""
        horizon = date.fromordinal(today.toordinal() + within_days).isoformat()
        sql = (
            "SELECT m.id, m.title, a.* FROM agreements a JOIN mentorships m ON m.id = a.mentorship_id "
            "WHERE a.review_date IS NOT NULL AND a.review_date <= ? AND m.status != 'closed'"
        )
        params: list[Any] = [horizon]
        if person_id:
            sql += " AND m.id IN (SELECT mentorship_id FROM members WHERE person_id = ?)"
            params.append(person_id)
        found = []
        for row in self._read(sql + " ORDER BY a.review_date, m.title", params):
            agreement = from_row(Agreement, row)
            message = dev.agreement_review_message(agreement, today, within_days)
            if message and agreement.review_date:
                found.append(
                    AgreementReview(
                        row["mentorship_id"], row["title"], agreement.review_date, message
                    )
                )
        return found

    # -- mentor roles, reverse mentoring, topics --------------------------------------------

    def role_coverage(self, mentee_id: str) -> list[RoleCover]:
        """Who among the mentee's mentors covers coach, sponsor, connector, traditional."""
        return dev.role_coverage(
            self.list_mentorships(person_id=mentee_id),
            mentee_id,
        )

    def skill_changes(self, mentorship_id: str) -> list[SkillChange]:
        """Each mentor's skill per reverse-mentoring topic: first before → latest after."""
        return dev.skill_changes(self.skill_ratings(mentorship_id=mentorship_id))

    def topic_choices(self, catalogue: Iterable[Topic]) -> list[dev.TopicChoice]:
        """The catalogue (loaded by the caller) and the topics pairs added, merged by key."""
        return dev.merge_topics(catalogue, self.list_topics())

    def add_pair_topic(
        self, title: str, summary: str = "", catalogue: Iterable[Topic] = ()
    ) -> Topic:
        """A topic a session adds beside the catalogue's; its key is made from the title."""
        title = " ".join(title.split())
        if not title:
            raise UserError("A topic needs a title.")
        known = [*catalogue, *self.list_topics()]
        for topic in known:
            if topic.title.casefold() == title.casefold():
                return topic
        key = dev.topic_key_for(title, (t.key for t in known))
        return self.save_topic(Topic(key=key, title=title, summary=summary.strip()))
