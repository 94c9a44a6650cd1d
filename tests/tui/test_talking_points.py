"""Talking points and action items where they are discussed: the real app on a real file.

The live test runs two apps on one database file, each with its own connection, watcher
and LiveSession, as two `mentor-tui --as ...` processes would (see test_live.py): what one
adds or ticks is committed to SQLite, seen by the other's poll and drawn.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from screen_kit import SIZES, palette, settle
from textual.widgets import Input, OptionList, Select
from tuikit import NOW, from_home, person_named, two_apps, type_text, until, wait_for_screen

from mentor_tui import paths
from mentor_tui.core.agendas import ITEM_KINDS, load_library
from mentor_tui.core.clock import iso
from mentor_tui.core.models import Mode, PointStatus, SectionRun, Session
from mentor_tui.store import open_store
from mentor_tui.tui.screens.actions import ActionsScreen
from mentor_tui.tui.screens.dialogs import DueDialog, OwnerDialog, TalkingPointDialog
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.screens.resume import ResumeScreen
from mentor_tui.tui.screens.session import SessionScreen
from mentor_tui.tui.widgets.home.card import MentorshipCard
from mentor_tui.tui.widgets.session.checklist import Checklist

SIZE = (100, 30)


@pytest.fixture
def demo(demo):
    """The demo without its own talking points: these tests count the ones they add."""
    with demo.write():
        demo.db.execute("DELETE FROM main.talking_points")
    return demo


def agenda():
    return load_library(paths.prompts_dir() / "agendas", None)["regular-check-in"]


def card_text(screen: HomeScreen) -> str:
    return " ".join(card.content.plain for card in screen.query(MentorshipCard))


def checklist_lines(screen: SessionScreen) -> list[str]:
    widget = screen.query_one(Checklist)
    if not widget.display:
        return []
    return [str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]


async def add_point_from_home(pilot, text: str) -> None:
    await pilot.press("t")
    await wait_for_screen(pilot, TalkingPointDialog)
    await type_text(pilot, text)
    await pilot.press("enter")
    await wait_for_screen(pilot, HomeScreen)


async def test_talking_points_live_between_two_apps_and_carried_over(demo, db_path, tmp_path):
    other = open_store(db_path)
    try:
        amara_app, lukas_app = two_apps((demo, other, None), tmp_path)
        amara, lukas = amara_app.me, lukas_app.me
        async with amara_app.run_test(size=SIZE) as a, lukas_app.run_test(size=SIZE) as b:
            amara_home = await wait_for_screen(a, HomeScreen)
            await wait_for_screen(b, HomeScreen)
            # Lukas adds a point on his Home: it appears on Amara's, nobody reloading.
            await add_point_from_home(b, "Apply for the lectureship?")
            await until(a, lambda: "Apply for the lectureship?" in card_text(amara_home), 5)
            assert "Talking points for next time: 1" in card_text(amara_home)
            await add_point_from_home(a, "Night shifts and the thesis")
            # Amara starts the check-in; Lukas joins from Home (r).
            mentorship = demo.mentorships.list()[0]
            # Called on her app's own loop: two apps share this test's, not its context.
            amara_app.call_later(amara_app.start_session_with, mentorship, agenda(), Mode.IN_PERSON)
            her = await wait_for_screen(a, SessionScreen)
            await until(a, lambda: her.live is not None)
            await until(b, lambda: bool(lukas_app.who_is_in(her.session_id)), 5)
            await b.press("r")
            his = await wait_for_screen(b, SessionScreen)
            await until(b, lambda: his.live is not None)
            # The agenda marks "Today's topic" for the points: both arrive there.
            topic = next(s.position for s in her.session.sections if s.key == "topic")
            assert not checklist_lines(her)
            for _ in range(topic):
                await a.press("f8")
            await until(b, lambda: his.position == topic, 5)
            await until(b, lambda: len(checklist_lines(his)) == 2, 5)
            assert "Apply for the lectureship?" in checklist_lines(his)[0]
            # Amara ticks the first; Lukas sees it ticked. He moves the second on.
            await a.press("ctrl+l")
            await a.press("space")
            await until(b, lambda: checklist_lines(his)[0].startswith("☑"), 5)
            await b.press("ctrl+l", "down", "n")
            await until(a, lambda: "next time" in checklist_lines(her)[1], 5)
            session_id = her.session_id
            await b.pause()
        points = {p.text: p for p in demo.points.list()}
        ticked = points["Apply for the lectureship?"]
        assert ticked.status == PointStatus.DONE and ticked.closed_in == session_id
        assert ticked.closed_by == amara.id and ticked.raised_by == lukas.id
        moved = points["Night shifts and the thesis"]
        assert moved.is_open and moved.moved_from == session_id
        # Carried over: the next session lists only the point not talked about.
        demo.sessions.end(session_id)
        following = demo.sessions.start(mentorship.id, agenda())
        assert [p.text for p in demo.points.for_session(following.id, mentorship.id)] == [
            "Night shifts and the thesis"
        ]
    finally:
        other.close()


async def test_the_partner_sees_items_ticked_and_dropped_in_the_session(demo, db_path, tmp_path):
    mentorship = demo.mentorships.list()[0]
    demo.sessions.start(mentorship.id, agenda())
    other = open_store(db_path)
    try:
        amara_app, lukas_app = two_apps((demo, other, None), tmp_path)
        async with amara_app.run_test(size=SIZE) as a, lukas_app.run_test(size=SIZE) as b:
            her = await _open_items_section(a)
            await wait_for_screen(b, ResumeScreen)
            await b.press("enter")
            his = await wait_for_screen(b, SessionScreen)
            await until(b, lambda: his.current_section.kind in ITEM_KINDS, 5)
            await until(b, lambda: len(checklist_lines(his)) >= 2, 5)
            # Lukas ticks the first and drops the second; Amara's list shows both.
            await b.press("ctrl+l", "space", "down", "x")
            await until(a, lambda: checklist_lines(her)[0].startswith("☑"), 5)
            await until(a, lambda: checklist_lines(her)[1].startswith("✗"), 5)
            await b.pause()
    finally:
        other.close()


async def _open_items_section(pilot) -> SessionScreen:
    await wait_for_screen(pilot, ResumeScreen)
    await pilot.press("enter")
    screen = await wait_for_screen(pilot, SessionScreen)
    for _ in screen.session.sections:  # bounded: an agenda without such a section fails
        if screen.current_section.kind in ITEM_KINDS:
            break
        await pilot.press("f8")
        await pilot.pause()
    await until(pilot, lambda: screen.query_one(Checklist).display)
    return screen


async def test_ticking_dropping_reassigning_and_redating_items_in_the_session(demo, make_app):
    mentorship = demo.mentorships.list()[0]
    session = demo.sessions.start(mentorship.id, agenda())
    lukas, amara = person_named(demo, "Lukas"), person_named(demo, "Amara")
    async with make_app(demo).run_test(size=SIZE) as pilot:
        screen = await _open_items_section(pilot)
        carried = [r.item for r in demo.actions.review_items(session.id, pilot.app.today())]
        assert len(carried) >= 2
        assert len(checklist_lines(screen)) == len(carried)
        await pilot.press("ctrl+l")
        assert pilot.app.focused is screen.query_one(Checklist)
        await pilot.press("space")  # the first: done
        await until(pilot, lambda: demo.actions.get(carried[0].id).done)
        await pilot.press("down", "x")  # the second: no longer needed
        await until(pilot, lambda: demo.actions.get(carried[1].id).dropped)
        # Both stay in the list, marked, so nothing vanishes under the cursor.
        await until(pilot, lambda: checklist_lines(screen)[1].startswith("✗"))
        assert checklist_lines(screen)[0].startswith("☑")
        assert "no longer needed" in checklist_lines(screen)[1]
        # o: hand the second to the other member.
        await pilot.press("o")
        dialog = await wait_for_screen(pilot, OwnerDialog)
        other = amara.id if carried[1].owner_id == lukas.id else lukas.id
        dialog.query_one("#new-owner", Select).value = other
        await pilot.click("#submit")
        await wait_for_screen(pilot, SessionScreen)
        assert demo.actions.get(carried[1].id).owner_id == other
        # t: a new due day, in words.
        await pilot.press("t")
        due = await wait_for_screen(pilot, DueDialog)
        due.query_one("#due-words", Input).value = "2025-06-30"
        await pilot.press("enter")
        await wait_for_screen(pilot, SessionScreen)
        assert demo.actions.get(carried[1].id).due.isoformat() == "2025-06-30"
        # The palette does the same to the highlighted entry: open it again.
        await pilot.press("escape")
        await palette(pilot, "Drop talking point or action item")
        await until(pilot, lambda: not demo.actions.get(carried[1].id).dropped)
        # Enter in the list ticks as space does: the first, done above, is open again.
        await pilot.press("ctrl+l", "up", "enter")
        await until(pilot, lambda: demo.actions.get(carried[0].id).is_open)


async def test_what_i_owe_drops_an_item_and_keeps_it_in_history(demo, make_app):
    lukas = person_named(demo, "Lukas")
    async with make_app(demo, me=lukas).run_test(size=SIZE) as pilot:
        screen = await from_home(pilot, "o", ActionsScreen)
        owed = screen.query_one("#owed", OptionList)
        item = screen._current()
        assert item is not None and item.is_open
        await pilot.press("x")
        await until(pilot, lambda: demo.actions.get(item.id).dropped)
        line = str(owed.highlighted_option.prompt)
        assert line.startswith("✗") and "no longer needed" in line
    assert item.id not in {i.id for i in demo.actions.list(open_only=True)}
    assert item.id in {i.id for i in demo.actions.list()}


def session_in(repo, key: str) -> Session:
    """A check-in left open in section `key`, its clock fixed so it draws the same each run."""
    mentorship = repo.mentorships.list()[0]
    started = NOW - timedelta(minutes=20)
    session = Session(mentorship.id, agenda().key, agenda().name, started_at=iso(started))
    current = next(i for i, s in enumerate(agenda().sections) if s.key == key)
    session.current_section = current
    for position, section in enumerate(agenda().sections):
        session.sections.append(
            SectionRun(
                section.key, section.title, section.kind, section.minutes, position,
                list(section.prompts),
                started_at=iso(started) if position <= current else None,
                ended_at=iso(started) if position < current else None,
                elapsed_seconds=240.0 if position < current else 0.0,
            )
        )  # fmt: skip
    session.created_at = session.updated_at = session.started_at
    return repo.sessions.save(session)


async def resume_into(pilot) -> SessionScreen:
    await wait_for_screen(pilot, ResumeScreen)
    await pilot.press("enter")
    return await wait_for_screen(pilot, SessionScreen)


@pytest.mark.parametrize("size", SIZES)
def test_session_talking_points_snapshot(snap_compare, demo, make_app, size):
    mentorship = demo.mentorships.list()[0]
    amara, lukas = person_named(demo, "Amara"), person_named(demo, "Lukas")
    demo.act_as(lukas.id)
    demo.points.add(mentorship.id, "Apply for the clinical lectureship this round?")
    demo.act_as(amara.id)
    kept = demo.points.add(mentorship.id, "Night shifts and the thesis timeline")
    dropped = demo.points.add(mentorship.id, "The conference budget")
    session = session_in(demo, "topic")
    demo.points.move(kept.id, session.id)
    demo.points.drop(dropped.id, session.id)
    demo.act_as(None)

    async def topic(pilot):
        await resume_into(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=topic)


@pytest.mark.parametrize("size", SIZES)
def test_session_action_items_snapshot(snap_compare, demo, make_app, size):
    session_in(demo, "items-goals")

    async def items(pilot):
        screen = await resume_into(pilot)
        await until(pilot, lambda: screen.query_one(Checklist).display)
        await pilot.press("ctrl+l", "x")
        await until(pilot, lambda: checklist_lines(screen)[0].startswith("✗"))
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=items)


def lukas_raised_a_point(repo) -> None:
    mentorship = repo.mentorships.list()[0]
    repo.act_as(person_named(repo, "Lukas").id)
    repo.points.add(mentorship.id, "Apply for the clinical lectureship this round?")
    repo.act_as(None)


@pytest.mark.parametrize("size", SIZES)
def test_home_with_talking_points_snapshot(snap_compare, demo, make_app, size):
    lukas_raised_a_point(demo)

    async def home(pilot):
        await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=home)


@pytest.mark.parametrize("size", SIZES)
def test_talking_point_dialog_snapshot(snap_compare, demo, make_app, size):
    lukas_raised_a_point(demo)

    async def dialog(pilot):
        screen = await from_home(pilot, "t", TalkingPointDialog)
        screen.query_one("#point-text", Input).value = "Night shifts and the thesis"
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=size, run_before=dialog)


def test_the_agenda_picker_names_the_points_section_and_what_to_prepare(tmp_path):
    from mentor_tui.core.agendas import load_agenda
    from mentor_tui.tui.screens.agenda_picker import preview

    path = tmp_path / "prep.toml"
    path.write_text(
        'format = 1\nname = "Prep"\npurpose = "p"\nstyle = "one-on-one"\n'
        'prepare = ["Your CV.", "One question you keep putting off"]\n\n'
        '[[sections]]\nkey = "a"\ntitle = "Catch-up"\nminutes = 5\nkind = "notes"\nprompts = ["?"]\n\n'
        '[[sections]]\nkey = "b"\ntitle = "Topic"\nminutes = 5\nkind = "notes"\nprompts = ["?"]\n'
        "talking_points = true\n",
        encoding="utf-8",
    )
    lines = str(preview(load_agenda(path))).splitlines()
    assert next(line for line in lines if "Topic" in line).endswith("notes · talking points")
    assert "talking points" not in next(line for line in lines if "Catch-up" in line)
    # Items already ending in a full stop are not given a second mark ("CV.;"), and one
    # without gets its stop: the line reads as sentences.
    assert "Prepare: Your CV. One question you keep putting off." in lines
