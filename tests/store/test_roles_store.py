"""Mentor roles in the store: which of a mentee's mentors covers which role."""

from __future__ import annotations

from mentor_tui.core.models import Member, MentorRole, Mentorship, Person, Role


def test_role_coverage_across_a_mentees_mentors(pair):
    repo, rosa, sam, mentorship = pair
    lee = repo.people.add(Person("Prof Lee Sponsor"))
    repo.mentorships.add(Mentorship("Lee & Sam", members=[
        Member(lee.id, Role.MENTOR, [MentorRole.SPONSOR]), Member(sam.id, Role.MENTEE)]))  # fmt: skip
    repo.mentorships.set_mentor_roles(mentorship.id, rosa.id, [MentorRole.COACH, MentorRole.TRADITIONAL])
    cover = {c.role.value: c.mentor_ids for c in repo.mentorships.role_coverage(sam.id)}
    assert cover == {"coach": [rosa.id], "sponsor": [lee.id], "connector": [],
                     "traditional": [rosa.id]}  # fmt: skip
