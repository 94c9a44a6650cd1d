"""Mentor roles (core.roles): which of a mentee's mentors covers which role."""

from __future__ import annotations

from cast import GROUP, LEE, PAIR, ROSA, SAM, SPONSORSHIP

from mentor_tui.core.models import MentorRole
from mentor_tui.core.roles import role_coverage


def test_a_mentee_with_several_mentors_sees_who_covers_what():
    cover = {c.role: c.mentor_ids for c in role_coverage([PAIR, GROUP, SPONSORSHIP], SAM)}
    assert cover == {
        MentorRole.COACH: [ROSA],
        MentorRole.SPONSOR: [LEE],
        MentorRole.CONNECTOR: [LEE],
        MentorRole.TRADITIONAL: [],
    }
    assert all(not c.mentor_ids for c in role_coverage([PAIR], ROSA))  # Rosa is no mentee
