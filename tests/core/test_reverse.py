"""Reverse mentoring's rules (core.reverse): skill change, topics, a goal from a topic."""

from __future__ import annotations

from datetime import date

import pytest
from cast import PAIR, ROSA, SAM

from mentor_tui.core.errors import UserError
from mentor_tui.core.reverse import (
    SkillRating,
    Topic,
    goal_from_topic,
    merge_topics,
    skill_change,
    skill_changes,
    topic_key_for,
)


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
