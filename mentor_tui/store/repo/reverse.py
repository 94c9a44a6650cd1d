"""Reverse mentoring: the topics a pair may pick (catalogue and their own), the mentor's
skill change per topic, and a goal made from a topic in one step."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Goal
from mentor_tui.core.reverse import (
    SkillChange,
    SkillRating,
    Topic,
    TopicChoice,
    goal_from_topic,
    merge_topics,
    skill_changes,
    topic_key_for,
)
from mentor_tui.store.repo.base import SubRepository


class ReverseMentoringRepo(SubRepository):
    def skill_changes(self, mentorship_id: str) -> list[SkillChange]:
        """Each mentor's skill per reverse-mentoring topic: first before → latest after."""
        return skill_changes(self.repo.feedback.skill_ratings(mentorship_id=mentorship_id))

    def topic_choices(self, catalogue: Iterable[Topic]) -> list[TopicChoice]:
        """The catalogue (loaded by the caller) and the topics pairs added, merged by key."""
        return merge_topics(catalogue, self.repo.topics.list())

    def add_pair_topic(
        self, title: str, summary: str = "", catalogue: Iterable[Topic] = ()
    ) -> Topic:
        """A topic a session adds beside the catalogue's; its key is made from the title."""
        title = " ".join(title.split())
        if not title:
            raise UserError("A topic needs a title.")
        known = [*catalogue, *self.repo.topics.list()]
        for topic in known:
            if topic.title.casefold() == title.casefold():
                return topic
        key = topic_key_for(title, (t.key for t in known))
        return self.repo.topics.save(Topic(key=key, title=title, summary=summary.strip()))

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
        mentorship = self.repo.mentorships.get(mentorship_id)
        goal = goal_from_topic(topic, mentorship, mentor_id, today, skill=skill, months=months)
        return self.repo.goals.save(goal)
