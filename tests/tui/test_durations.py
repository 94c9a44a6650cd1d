"""One length, one format: the session's timer, the wrap-up, History, the follow-up email and
`mentor-tui sessions show` write a length the same way ("45 s", "12 min", "1 h 5 min")."""

from __future__ import annotations

import re
import subprocess
import sys

from textual.widgets import DataTable
from tuikit import from_home, type_text, until, wait_for_screen

from mentor_tui import paths
from mentor_tui.core.agendas import load_library
from mentor_tui.core.clock import parse_iso
from mentor_tui.core.durations import duration
from mentor_tui.tui.screens.history import HistoryScreen
from mentor_tui.tui.screens.resume import ResumeScreen
from mentor_tui.tui.screens.session import SessionScreen
from mentor_tui.tui.screens.wrapup import session_summary

# A clock face such as "0:45" (minutes:seconds) beside minutes is what was misread.
CLOCK_FACE = re.compile(r"\b\d+:\d\d\b")


def test_the_one_rule():
    assert [duration(s) for s in (0, 45, 59.9, 60, 146, 3599, 3600, 3900, -5)] == [
        "0 s", "45 s", "59 s", "1 min", "2 min", "59 min", "1 h", "1 h 5 min", "0 s",
    ]


async def test_the_timer_and_the_wrap_up_write_lengths_with_their_unit(demo, make_app):
    library = load_library(paths.prompts_dir() / "agendas", None)
    mentorship = demo.mentorships.list()[0]
    demo.sessions.start(mentorship.id, library["regular-check-in"])
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, ResumeScreen)
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, SessionScreen)
        await type_text(pilot, "x")
        total = str(screen.query_one("#session-total").render())
        planned = duration(screen.session.planned_minutes * 60)
        assert f"/ {planned}" in total, total
        assert not CLOCK_FACE.search(total), total
        ended = demo.sessions.get(demo.sessions.last(ended=True).id)
        summary = session_summary(app, ended, mentorship).plain
        spent = sum(s.elapsed_seconds for s in ended.sections)
        assert f"Ran {duration(spent)} of {duration(ended.planned_minutes * 60)} planned" in summary
        assert not CLOCK_FACE.search(summary), summary


async def test_history_the_email_and_the_cli_agree(demo, make_app, db_path):
    last = demo.sessions.last(ended=True)
    wall = (parse_iso(last.ended_at) - parse_iso(last.started_at)).total_seconds()
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        history = await from_home(pilot, "h", HistoryScreen)
        table = history.query_one("#sessions", DataTable)
        await until(pilot, lambda: table.row_count > 0)
        assert table.get_cell(last.id, "length") == duration(wall)
    email = subprocess.run(
        [sys.executable, "-m", "mentor_tui", "--db", str(db_path), "followup", "--last", "--text"],
        capture_output=True, text=True, timeout=60,
    )
    assert email.returncode == 0, email.stderr
    assert f" ({duration(wall)})." in email.stdout
    shown = subprocess.run(
        [sys.executable, "-m", "mentor_tui", "--db", str(db_path), "sessions", "show", last.id],
        capture_output=True, text=True, timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    for section in demo.sessions.get(last.id).sections:
        planned, spent = duration(section.planned_minutes * 60), duration(section.elapsed_seconds)
        assert f"## {section.title} ({planned} planned, {spent} spent)" in shown.stdout
