"""Competency check-in: the mentor about themself and the mentee about the mentor, typed
from the keyboard, then side by side over time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from screen_kit import SIZES, settle
from textual.widgets import DataTable, OptionList
from tuikit import TODAY, Notices, from_home, person_named, wait_for_screen

from mentor_tui import paths
from mentor_tui.core.catalogue import load_competencies
from mentor_tui.core.competencies import CompetencyAnswer
from mentor_tui.core.models import Role
from mentor_tui.tui.screens.competencies import CompetenciesScreen
from mentor_tui.tui.screens.home import HomeScreen

CHECK = load_competencies(paths.prompts_dir())
KEYS = [c.key for c in CHECK.competencies]


def seed_round(repo, days_ago: int, mentor_scores, mentee_scores) -> None:
    mentorship = repo.mentorships.list()[0]
    amara, lukas = person_named(repo, "Amara"), person_named(repo, "Lukas")
    day = TODAY - timedelta(days=days_ago)
    answers = []
    for key, own, view in zip(KEYS, mentor_scores, mentee_scores, strict=True):
        answers.append(
            CompetencyAnswer(mentorship.id, amara.id, amara.id, Role.MENTOR, key, own, day)
        )
        answers.append(
            CompetencyAnswer(mentorship.id, lukas.id, amara.id, Role.MENTEE, key, view, day)
        )
    repo.competencies.save_answers(answers, scale=CHECK.scale)


async def test_both_sides_answer_and_see_each_other(demo, make_app):
    mentorship = demo.mentorships.list()[0]
    amara, lukas = person_named(demo, "Amara"), person_named(demo, "Lukas")
    seed_round(demo, 90, [4, 4, 4, 3, 5, 4], [3, 4, 3, 3, 4, 4])
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await from_home(pilot, "c", CompetenciesScreen)
        assert screen.respondent.role == Role.MENTOR
        assert "How well do I" in str(screen.query_one("#question").render())
        await pilot.press(*"564356")  # one score each; the list moves on after each
        await pilot.press("w")  # now the mentee, about the mentor
        assert screen.respondent.person_id == lukas.id
        assert "your mentor" in str(screen.query_one("#question").render())
        options = screen.query_one("#competency-list", OptionList)
        assert options.highlighted == 5  # stays where it was: w only changes who answers
        await pilot.press("home", *"4432", "right", "right")  # the 5th: middle (4), then 5
        await pilot.press("left")  # and back to 4

        table = screen.query_one("#series", DataTable)
        assert [c.key.value for c in table.ordered_columns] == [
            # The last two rounds fit at this width: the demo's own check-in and today's.
            "title", (TODAY - timedelta(days=14)).isoformat(), TODAY.isoformat(), "gap",
        ]  # fmt: skip
        today_cell = table.get_cell("communication", TODAY.isoformat())
        assert today_cell.plain == "5 │ 4"
        assert table.get_cell("communication", "gap").plain == "+1"
        assert table.get_cell("diversity", "gap").plain == "+1"  # 3 against 2

    today = [a for a in demo.competencies.answers(mentorship.id) if a.taken_on == TODAY]
    mine = {a.competency_key: a.score for a in today if a.respondent_role == Role.MENTOR}
    theirs = {a.competency_key: a.score for a in today if a.respondent_role == Role.MENTEE}
    assert mine == dict(zip(KEYS, [5, 6, 4, 3, 5, 6], strict=True))
    assert theirs == dict(zip(KEYS[:5], [4, 4, 3, 2, 4], strict=True))
    assert {a.respondent_id for a in today if a.respondent_role == Role.MENTOR} == {amara.id}
    assert {a.subject_id for a in today} == {amara.id}
    series = demo.competencies.series(mentorship.id, CHECK.competencies, subject_id=amara.id)
    # 90 days ago, the demo's own round 14 days ago, today.
    assert [(p.mentor_self, p.mentee_view) for p in series[0].points] == [
        (4, 3.0), (6, 6.0), (5, 4.0),
    ]  # fmt: skip


async def test_a_score_off_the_scale_is_refused(demo, make_app):
    before = demo.competencies.answers(demo.mentorships.list()[0].id)
    app = make_app(demo)
    notices = Notices()
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("c")
        await wait_for_screen(pilot, CompetenciesScreen)
        await pilot.press("9")
        await pilot.pause()
        await notices.shown(pilot, "from 1 to 7")
    assert demo.competencies.answers(demo.mentorships.list()[0].id) == before


@pytest.mark.parametrize("size", SIZES)
def test_competencies_snapshot(snap_compare, demo, make_app, size):
    seed_round(demo, 180, [4, 4, 5, 3, 5, 4], [3, 4, 3, 3, 4, 4])
    seed_round(demo, 90, [5, 4, 5, 3, 5, 5], [4, 4, 4, 3, 4, 5])
    seed_round(demo, 0, [5, 5, 5, 4, 5, 5], [5, 4, 4, 2, 5, 5])

    async def competencies(pilot):
        await from_home(pilot, "c", CompetenciesScreen)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=competencies)
