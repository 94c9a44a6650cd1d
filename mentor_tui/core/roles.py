"""Mentor roles (coach, sponsor, connector, traditional): which of a mentee's mentors covers
which, and the gaps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mentor_tui.core.models import MentorRole, Mentorship, Role


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
