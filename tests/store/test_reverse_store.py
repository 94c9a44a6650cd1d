"""Reverse mentoring in the store: the skill change and a goal from a taught topic."""

from __future__ import annotations

from datetime import date

import pytest
from builders import REVERSE_MENTORING as AGENDA

from mentor_tui.core.errors import UserError
from mentor_tui.core.reverse import SkillRating, Topic


def test_reverse_mentoring_skill_change_and_a_goal_from_the_topic(pair):
    repo, mentor, mentee, mentorship = pair
    topic = repo.reverse.add_pair_topic("Slack etiquette", "Threads, mentions, status.")
    assert topic.key == "slack-etiquette"
    assert repo.reverse.add_pair_topic("  slack   ETIQUETTE ").key == "slack-etiquette"  # no duplicate
    catalogue = [Topic("ai-assistants", "AI assistants and their limits")]
    assert [(c.topic.key, c.source) for c in repo.reverse.topic_choices(catalogue)] == [
        ("ai-assistants", "catalogue"), ("slack-etiquette", "pair"),
    ]  # fmt: skip
    session = repo.sessions.start(mentorship.id, AGENDA)
    rating = repo.feedback.save_skill_rating(SkillRating(session.id, mentor.id, topic.key, topic.title, 2))
    rating.after = 4
    repo.feedback.save_skill_rating(rating)
    (change,) = repo.reverse.skill_changes(mentorship.id)
    assert (change.before, change.after, change.delta) == (2, 4, 2)
    goal = repo.reverse.add_goal_from_topic(topic, mentorship.id, mentor.id, date(2026, 1, 31),
                                    skill=rating)  # fmt: skip
    stored = repo.goals.get(goal.id)
    assert (stored.owner_id, stored.topic_key, stored.category) == (mentor.id, topic.key, "digital")
    assert stored.due == date(2026, 4, 30) and "4/5 to 5/5" in stored.measurable
    assert [r.owner_name for r in repo.goals.rows(mentorship.id)] == ["Dr Rosa Mentor"]
    with pytest.raises(UserError):
        repo.reverse.add_goal_from_topic(topic, mentorship.id, mentee.id, date(2026, 1, 31))
