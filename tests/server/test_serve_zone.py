"""Under `serve` the app shows the next meeting in the SSH client's time zone (the TZ the
client sends, `ssh -o SetEnv=TZ=...`), through real OpenSSH into a real PTY under tmux.
Without TZ in server/ssh.py CLIENT_ENV both cases fail (the server's zone is shown)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from serve_kit import Server, needs_openssh, terminal_for, wait_for

from mentor_tui.core.clock import parse_iso
from mentor_tui.core.meetings import MeetingPlan
from mentor_tui.store import open_store

pytestmark = needs_openssh


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("serve-zone"))
    repo = open_store(srv.db)
    try:
        pair = repo.mentorships.get(srv.shared.mentorship_id)
        session = repo.sessions.get(srv.shared.session_id)
        repo.meetings.set_plan(pair.id, MeetingPlan(
            datetime(2027, 3, 2, 17, 30, tzinfo=ZoneInfo("Europe/Berlin")), 45,
            "Europe/Berlin", after=parse_iso(session.started_at),
        ))  # fmt: skip
    finally:
        repo.close()
    yield srv
    srv.stop()


@pytest.fixture
def tmux(server, tmp_path):
    yield from terminal_for(server, tmp_path)


@pytest.mark.parametrize(
    ("zone", "shown"),
    [("America/New_York", "Tue 2 Mar 2027 · 11:30 (17:30 Europe/Berlin)"),
     ("Asia/Tokyo", "Wed 3 Mar 2027 · 01:30 (17:30 Europe/Berlin)")],  # fmt: skip
)
def test_home_shows_the_meeting_in_the_clients_zone(server, tmux, zone, shown):
    command = " ".join(server.ssh_args(server.key, "-tt", "-o", f"SetEnv=TZ={zone}"))
    tmux.start("t", f"{command} sam@127.0.0.1", size=(120, 40))
    wait_for(lambda: "Sam Mentee" in tmux.screen("t"), timeout=60, what="the app")
    if "Resume session?" in tmux.screen("t"):
        tmux.keys("t", "Escape")  # "Later": stay on Home
    wait_for(lambda: "Next meeting" in tmux.screen("t"), timeout=60, what="Home")
    screen = tmux.screen("t")
    assert shown in screen, screen
    tmux.keys("t", "C-q")
