"""The individual development plan: self-assessment, career options, goals for 6 and 12
months linked to real goals, a review with the mentor, and a Markdown file only you can read."""

from __future__ import annotations

import stat

import pytest
from screen_kit import SIZES, append_into, palette, settle
from textual.widgets import Input, SelectionList
from tuikit import TODAY, Notices, from_home, person_named, type_into, until, wait_for_screen

from mentor_tui.core.idp import CareerOption, DevelopmentPlan, SkillAssessment
from mentor_tui.tui.screens.development import DevelopmentScreen, ExportDialog
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.widgets.idp.rated_list import RatedList


def goal_named(repo, start: str):
    return next(g for g in repo.goals.list() if g.title.startswith(start))


async def tick(pilot, screen, selector: str, goal_id: str) -> None:
    picks = screen.query_one(selector, SelectionList)
    picks.focus()
    await pilot.press("home")
    while picks.get_option_at_index(picks.highlighted).value != goal_id:
        await pilot.press("down")
    await pilot.press("space")
    await pilot.pause()


async def test_keep_a_plan_review_it_and_export_it(demo, make_app, tmp_path):
    # The demo comes with Lukas's plan (it shows every feature); this test starts from none.
    with demo.write():
        demo.db.execute("DELETE FROM main.development_plans")
    mentorship = demo.mentorships.list()[0]
    lukas = person_named(demo, "Lukas")
    grant = goal_named(demo, "Apply for the early-career")
    paper = goal_named(demo, "First-author paper")
    app = make_app(demo)
    notices = Notices()
    async with app.run_test(size=(120, 40), message_hook=notices) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("p")
        screen = await wait_for_screen(pilot, DevelopmentScreen)
        assert screen.person_id == lukas.id

        await type_into(pilot, "#skill-name", "Grants")
        await pilot.press("enter")
        screen.query_one("#skill-name", Input).value = "Statistics"
        await type_into(pilot, "#skill-note", "survival")
        await pilot.press("enter")
        skills = screen.query_one("#skills", RatedList)
        skills.focus()
        await pilot.press("home", "2")  # Grants: 2 of 5
        screen.query_one("#interests", Input).value = "registry research, "
        await append_into(pilot, "#interests", "teaching")
        screen.query_one("#values", Input).value = "patients first; time with family"
        await type_into(pilot, "#option-title", "Academia")
        await pilot.press("enter")
        screen.query_one("#options", RatedList).focus()
        await pilot.press("5")
        await type_into(pilot, "#option-title", "Industry")
        await pilot.press("enter")
        await tick(pilot, screen, "#six", grant.id)
        await tick(pilot, screen, "#twelve", paper.id)
        await pilot.press("f5")  # reviewed with the mentor today
        await notices.shown(pilot, "reviewed today")

        plan = demo.idp.get(mentorship.id)
        assert [(s.name, s.rating, s.note) for s in plan.skills] == [
            ("Grants", 2, ""), ("Statistics", 3, "survival"),
        ]  # fmt: skip
        assert plan.interests == ["registry research", "teaching"]
        assert plan.values == ["patients first", "time with family"]
        assert [(o.title, o.fit) for o in plan.career_options] == [
            ("Academia", 5), ("Industry", None),
        ]  # fmt: skip
        assert plan.six_month_goal_ids == [grant.id]
        assert plan.twelve_month_goal_ids == [paper.id]
        assert plan.reviewed_on == TODAY

        # Remove a skill with delete; the plan follows.
        skills.focus()
        await pilot.press("end", "delete")
        assert [s.name for s in demo.idp.get(mentorship.id).skills] == ["Grants"]

        await pilot.press("f6")
        dialog = await wait_for_screen(pilot, ExportDialog)
        target = tmp_path / "lukas-idp.md"
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await wait_for_screen(pilot, DevelopmentScreen)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Individual development plan: Dr Lukas Berg")
    assert "| Grants | ●●○○○ 2/5 |" in text
    assert "- registry research" in text and "- time with family" in text
    assert "| Academia | ●●●●● 5/5 |" in text
    six, twelve = text.split("## Goals for the next 6 months")[1].split(
        "## Goals for the next 12 months"
    )
    assert "Apply for the early-career research grant" in six
    assert "First-author paper from the heart-failure registry" in twelve
    assert "Milestones (33% done)" in twelve


async def test_typing_is_saved_without_leaving(demo, make_app):
    mentorship = demo.mentorships.list()[0]
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await palette(pilot, "Development plan")
        await wait_for_screen(pilot, DevelopmentScreen)
        await type_into(pilot, "#values", "honesty")
        # Saved while still on the screen, after a pause in typing.
        await until(pilot, lambda: demo.idp.get(mentorship.id).values == ["honesty"])


async def test_an_export_to_a_missing_folder_says_so(demo, make_app, tmp_path):
    app = make_app(demo)
    notices = Notices()
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("p")
        await wait_for_screen(pilot, DevelopmentScreen)
        await pilot.press("f6")
        dialog = await wait_for_screen(pilot, ExportDialog)
        dialog.query_one("#export-path", Input).value = str(tmp_path / "nowhere" / "plan.md")
        await pilot.press("enter")
        await pilot.pause()
        await notices.shown(pilot, "does not exist")
    assert not (tmp_path / "nowhere").exists()


def seed_plan(repo) -> None:
    mentorship = repo.mentorships.list()[0]
    lukas = person_named(repo, "Lukas")
    repo.idp.save(
        DevelopmentPlan(
            mentorship.id,
            lukas.id,
            skills=[
                SkillAssessment("Clinical research methods", 3, "registry work"),
                SkillAssessment("Scientific writing", 2),
                SkillAssessment("Teaching", 4, "journal club"),
            ],
            interests=["heart-failure outcomes", "medical education"],
            values=["patients first", "time with family"],
            career_options=[
                CareerOption("Academic cardiology", "clinician-scientist track", 4),
                CareerOption("Hospital cardiology with teaching", fit=3),
            ],
            six_month_goal_ids=[goal_named(repo, "Apply for the early-career").id],
            twelve_month_goal_ids=[goal_named(repo, "First-author paper").id],
            reviewed_on=TODAY.replace(month=4, day=1),
        )
    )


@pytest.mark.parametrize("size", SIZES)
def test_development_plan_snapshot(snap_compare, demo, make_app, size):
    seed_plan(demo)

    async def plan(pilot):
        await from_home(pilot, "p", DevelopmentScreen)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=plan)
