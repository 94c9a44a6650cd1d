"""The people and mentorships the rule tests reason about: fixed ids, no database.

Rosa mentors Sam (as a coach), and with Kim in a writing group; Lee sponsors Sam.
"""

from __future__ import annotations

from mentor_tui.core.models import Member, MentorRole, Mentorship, Person, Role

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
