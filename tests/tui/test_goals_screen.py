"""The goals screen: SMART goals with milestones, check-ins over sessions drawn as a
sparkline, filters, sorting (keys and header clicks), overdue goals, and the palette."""

from __future__ import annotations

from datetime import timedelta

import pytest
from screen_kit import SIZES, append_into, palette, settle
from textual.widgets import DataTable, Input, Select, Sparkline
from tuikit import TODAY, person_named, type_into, wait_for_screen

from mentor_tui import paths
from mentor_tui.core.agendas import load_library
from mentor_tui.core.models import Goal, GoalStatus
from mentor_tui.tui.screens.dialogs import CheckInDialog
from mentor_tui.tui.screens.goal_editor import GoalEditor, MilestoneList
from mentor_tui.tui.screens.goals import GoalsScreen
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.widgets.common.topbar import TopBar
from mentor_tui.tui.widgets.goals.table import spark_text


def agenda():
    return load_library(paths.prompts_dir() / "agendas", None)["regular-check-in"]


async def open_goals(pilot) -> GoalsScreen:
    await wait_for_screen(pilot, HomeScreen)
    await pilot.press("g")
    return await wait_for_screen(pilot, GoalsScreen)


def titles(screen: GoalsScreen) -> list[str]:
    return [row.goal.title for row in screen.shown]


async def test_a_smart_goal_with_milestones_from_the_keyboard(demo, make_app):
    lukas = person_named(demo, "Lukas")
    app = make_app(demo)
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await open_goals(pilot)
        await pilot.press("a")
        editor = await wait_for_screen(pilot, GoalEditor)
        await type_into(pilot, "#goal-title", "Present the poster")
        editor.query_one("#goal-category", Select).value = "research"
        for field, text in (  # (typing every letter of these would prove nothing more)
            ("#goal-specific", "Poster at the regional cardiology meeting"),
            ("#goal-measure", "Poster presented, feedback written down"),
            ("#goal-achievable", "Abstract already accepted"),
            ("#goal-relevant", "First conference presentation"),
        ):
            editor.query_one(field, Input).value = text
        await type_into(pilot, "#goal-due", "end of month")
        assert "Sat 31 May 2025" in str(editor.query_one("#goal-due-message").render())
        await type_into(pilot, "#milestone-new", "Draft it")
        await pilot.press("enter")
        await pilot.press(*"Print", "enter")
        await pilot.press(*"Party", "enter")
        milestones = editor.query_one(MilestoneList)
        assert [m.text for m in milestones.milestones] == [
            "Draft it", "Print", "Party",
        ]  # fmt: skip
        milestones.focus()
        await pilot.press("delete")  # the last one, highlighted when it was added
        await pilot.press("home", "space")  # tick the first
        assert [(m.text, m.done) for m in milestones.milestones] == [
            ("Draft it", True), ("Print", False),
        ]  # fmt: skip
        editor.query_one("#goal-title", Input).focus()
        await pilot.press("enter")
        await wait_for_screen(pilot, GoalsScreen)
        (goal,) = [g for g in demo.goals.list() if g.title == "Present the poster"]
        assert goal.owner_id == lukas.id and goal.category == "research"
        assert goal.specific == "Poster at the regional cardiology meeting"
        assert goal.measurable == "Poster presented, feedback written down"
        assert goal.achievable == "Abstract already accepted"
        assert goal.relevant == "First conference presentation"
        assert goal.due == TODAY.replace(day=31) and goal.time_bound == "By Sat 31 May 2025."
        assert [(m.text, m.done) for m in goal.milestones] == [
            ("Draft it", True), ("Print", False),
        ]  # fmt: skip
        assert screen.current_goal_id() == goal.id  # the cursor follows the new goal

        # Edit it: the form comes back filled in; the change lands on the same goal.
        await pilot.press("e")
        editor = await wait_for_screen(pilot, GoalEditor)
        assert editor.query_one("#goal-due", Input).value == "Sat 31 May 2025"
        measure = editor.query_one("#goal-measure", Input)
        measure.value = "Poster "
        await append_into(pilot, "#goal-measure", "shown")
        editor.query_one("#goal-status", Select).value = GoalStatus.IN_PROGRESS.value
        await pilot.press("enter")
        await wait_for_screen(pilot, GoalsScreen)
    edited = demo.goals.get(goal.id)
    assert edited.measurable == "Poster shown" and edited.status == GoalStatus.IN_PROGRESS
    assert edited.due == goal.due and len(edited.milestones) == 2


async def test_check_ins_over_three_sessions_draw_a_sparkline(demo, make_app):
    lukas = person_named(demo, "Lukas")
    mentorship = demo.mentorships.list()[0]
    goal = demo.goals.save(Goal(mentorship.id, lukas.id, "Learn survival analysis", "research"))
    app = make_app(demo)
    sessions = []
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await open_goals(pilot)
        for progress, comment in (
            (20, "Read the primer"),
            (45, "First Kaplan-Meier"),
            (70, "Cox model"),
        ):
            session = demo.sessions.start(mentorship.id, agenda())
            sessions.append(session.id)
            screen.refresh_goals()
            screen._move_to(goal.id)
            await pilot.press("c")
            dialog = await wait_for_screen(pilot, CheckInDialog)
            assert dialog.query_one("#checkin-goal", Select).value == goal.id
            assert dialog.session_id == session.id  # the session in progress
            dialog.query_one("#checkin-progress", Input).value = str(progress)
            await type_into(pilot, "#checkin-comment", comment)
            await pilot.press("enter")
            await wait_for_screen(pilot, GoalsScreen)
            demo.sessions.end(session.id)
        assert screen.current_goal_id() == goal.id
        spark = screen.query_one("#goal-spark", Sparkline)
        assert list(spark.data) == [0, 20, 45, 70]
        table = screen.query_one("#goals-table", DataTable)
        history = table.get_cell(goal.id, "history")
        assert history.plain == spark_text([20, 45, 70])
        shown = str(screen.query_one("#goal-checkins").render())
        assert "Cox model" in shown and "Read the primer" in shown
    assert demo.goals.checkin_series([goal.id]) == {goal.id: [20, 45, 70]}
    assert [c.session_id for c in demo.goals.checkins(goal.id)] == sessions
    assert demo.goals.get(goal.id).progress == 70


async def test_filters_sorting_and_header_clicks(demo, make_app):
    amara = person_named(demo, "Amara")
    app = make_app(demo)
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_goals(pilot)
        assert len(screen.shown) == 4
        await pilot.press("f")
        assert app.focused is screen.query_one("#filter-owner", Select)
        screen.query_one("#filter-owner", Select).value = amara.id
        await pilot.pause()
        assert titles(screen) == ["Use an AI assistant safely for literature search drafts"]
        await pilot.press("escape")  # back to the table, not off the screen
        assert isinstance(app.screen, GoalsScreen)
        await pilot.press("x")
        screen.query_one("#filter-status", Select).value = "done"
        await pilot.pause()
        assert titles(screen) == ["Two protected writing mornings a month"]
        screen.query_one("#filter-status", Select).value = "active"
        screen.query_one("#filter-category", Select).value = "grants"
        await pilot.pause()
        assert titles(screen) == ["Apply for the early-career research grant"]
        await pilot.press("x")
        assert len(screen.shown) == 4

        await pilot.press("s")  # due -> progress
        assert screen.sort_by == "progress"
        assert [r.goal.progress for r in screen.shown] == [0, 30, 35, 100]
        await pilot.press("r")
        assert [r.goal.progress for r in screen.shown] == [100, 35, 30, 0]

        table = screen.query_one("#goals-table", DataTable)
        x = 0
        for column in table.ordered_columns:
            if column.key.value == "status":
                break
            x += column.get_render_width(table)
        await pilot.click("#goals-table", offset=(x + 2, 0))
        await pilot.pause()
        assert screen.sort_by == "status" and not screen.reverse
        assert [r.goal.status for r in screen.shown] == [
            GoalStatus.OPEN, GoalStatus.IN_PROGRESS, GoalStatus.IN_PROGRESS, GoalStatus.DONE,
        ]  # fmt: skip
        await pilot.click("#goals-table", offset=(x + 2, 0))
        await pilot.pause()
        assert screen.reverse
        assert "Status ▼" in str(
            table.ordered_columns[
                [c.key.value for c in table.ordered_columns].index("status")
            ].label
        )


def add_overdue_goal(repo) -> Goal:
    mentorship = repo.mentorships.list()[0]
    lukas = person_named(repo, "Lukas")
    return repo.goals.save(
        Goal(
            mentorship.id, lukas.id, "Finish the ethics course", "clinical",
            measurable="Certificate uploaded", due=TODAY - timedelta(days=4),
            status=GoalStatus.IN_PROGRESS, progress=60,
        )
    )  # fmt: skip


async def test_overdue_goals_stand_out(demo, make_app):
    goal = add_overdue_goal(demo)
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_goals(pilot)
        table = screen.query_one("#goals-table", DataTable)
        due = table.get_cell(goal.id, "due")
        assert due.plain.startswith("! ") and due.style.bold
        assert "1 overdue" in screen.query_one(TopBar).status
        screen._move_to(goal.id)
        assert "overdue" in str(screen.query_one("#goal-smart").render())


async def test_add_goal_by_its_palette_name_opens_the_smart_editor(demo, make_app):
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await palette(pilot, "Add goal")
        editor = await wait_for_screen(pilot, GoalEditor)
        assert editor.query("#goal-specific") and editor.query(MilestoneList)
        await pilot.press("escape")
        await palette(pilot, "Goals")
        screen = await wait_for_screen(pilot, GoalsScreen)
        await palette(pilot, "Sort goals")
        assert screen.sort_by == "progress"


@pytest.mark.parametrize("size", SIZES)
def test_goals_screen_snapshot(snap_compare, demo, make_app, size):
    add_overdue_goal(demo)

    async def goals(pilot):
        screen = await open_goals(pilot)
        paper = next(r for r in screen.shown if r.goal.title.startswith("First-author"))
        screen._move_to(paper.goal.id)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=goals)


@pytest.mark.parametrize("size", SIZES)
def test_goal_editor_snapshot(snap_compare, demo, make_app, size):
    async def editor(pilot):
        screen = await open_goals(pilot)
        paper = next(r for r in screen.shown if r.goal.title.startswith("First-author"))
        screen._move_to(paper.goal.id)
        await pilot.press("e")
        await wait_for_screen(pilot, GoalEditor)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=editor)
