"""Mentor roles: which roles a mentor plays for this mentee, and, for a mentee with
several mentors, who covers what."""

from __future__ import annotations

import pytest
from screen_kit import SIZES, palette, settle
from textual.widgets import SelectionList
from tuikit import from_home, person_named, wait_for_screen

from mentor_tui.core.models import Member, MentorRole, Mentorship, Person, Role
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.screens.roles import RolesScreen


def second_mentor(repo) -> Person:
    """Lukas also has a coach for statistics."""
    lukas = person_named(repo, "Lukas")
    ines = repo.people.add(Person("Dr Ines Moreau"))
    repo.mentorships.add(
        Mentorship(
            "Ines & Lukas",
            members=[
                Member(ines.id, Role.MENTOR, [MentorRole.COACH]),
                Member(lukas.id, Role.MENTEE),
            ],
        )
    )
    return ines


def coverage(screen: RolesScreen) -> dict[str, str]:
    lines = str(screen.query_one("#coverage").render()).splitlines()
    return {line.split()[0]: line[15:].strip() for line in lines if line.startswith("  ")}


async def test_roles_recorded_and_who_covers_what(demo, make_app):
    """Seen by the mentee, who is in both mentorships (Amara sees only her own)."""
    second_mentor(demo)
    amara = person_named(demo, "Amara")
    lukas = person_named(demo, "Lukas")
    mentorship = next(m for m in demo.mentorships.list() if m.title == "Amara & Lukas")
    app = make_app(demo, me=lukas)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await from_home(pilot, "m", RolesScreen)
        assert "(2 mentors)" in str(screen.query_one("#coverage").render())
        assert coverage(screen) == {
            "Coach": "Dr Ines Moreau",
            "Sponsor": "Dr Amara Okafor",
            "Connector": "nobody yet",
            "Traditional": "Dr Amara Okafor",
        }
        roles = screen.query_one(f"#roles-{amara.id}", SelectionList)
        assert app.focused is roles
        await pilot.press("down", "down", "t")  # Amara becomes a connector too
        await pilot.press("down", "space")  # and is no longer the traditional mentor
        member = next(
            m for m in demo.mentorships.get(mentorship.id).members if m.person_id == amara.id
        )
        assert set(member.mentor_roles) == {MentorRole.SPONSOR, MentorRole.CONNECTOR}
        assert coverage(screen) == {
            "Coach": "Dr Ines Moreau",
            "Sponsor": "Dr Amara Okafor",
            "Connector": "Dr Amara Okafor",
            "Traditional": "nobody yet",
        }
        lukas = person_named(demo, "Lukas")
        covers = {c.role: c.mentor_ids for c in demo.mentorships.role_coverage(lukas.id)}
        assert covers[MentorRole.CONNECTOR] == [amara.id] and covers[MentorRole.TRADITIONAL] == []


async def test_the_palette_opens_mentor_roles(demo, make_app):
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await palette(pilot, "Mentor roles")
        await wait_for_screen(pilot, RolesScreen)


@pytest.mark.parametrize("size", SIZES)
def test_roles_snapshot(snap_compare, demo, make_app, size):
    second_mentor(demo)

    async def roles(pilot):
        await from_home(pilot, "m", RolesScreen)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=roles)
