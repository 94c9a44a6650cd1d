"""Live drafts on screen: the partner's words are drawn as they type them, before their
autosave commits anything. The app runs under Pilot on a real file; the partner is a real
second process (tests/live/sync_peer.py) whose drafts come over the real nudge socket.
With the screen not taking drafts (SessionScreen._partner_typing returning at once) the
first wait runs out and the test fails."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_live import SIZE, join, others_text
from tuikit import build_app, person_named, until

from mentor_tui import paths
from mentor_tui.core.agendas import load_library

PEER = str(Path(__file__).resolve().parents[1] / "live" / "sync_peer.py")


@pytest.fixture
def started(demo):
    library = load_library(paths.prompts_dir() / "agendas", None)
    mentorship = demo.mentorships.list()[0]
    return demo, demo.sessions.start(mentorship.id, library["regular-check-in"])


async def test_the_partners_typing_is_drawn_before_it_is_saved(started, db_path, tmp_path):
    repo, session = started
    amara = person_named(repo, "Amara")
    lukas = person_named(repo, "Lukas")
    repo.act_as(amara.id)
    section = session.sections[session.current_section].key
    words = "Reviewer two wants a second cohort"
    peer = subprocess.Popen(
        [sys.executable, PEER, "drafts", str(db_path), session.id, lukas.id,
         json.dumps([["shared", section, words]])],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    loop = asyncio.get_running_loop()
    try:
        async with build_app(repo, me=amara, tmp_path=tmp_path).run_test(size=SIZE) as pilot:
            screen = await join(pilot)
            # A draft gives way after DRAFT_SECONDS; a busy machine must not outlast that here.
            screen.partner_drafts.keep_seconds = 600
            assert (await loop.run_in_executor(None, peer.stdout.readline)).strip() == "ready"
            await until(pilot, lambda: any(p.person_id == lukas.id for p in screen.live.others))
            peer.stdin.write("go\n")
            peer.stdin.flush()
            assert (await loop.run_in_executor(None, peer.stdout.readline)).strip() == "sent"
            await until(pilot, lambda: words in others_text(screen))
            assert "Lukas wrote:" in others_text(screen)
    finally:
        peer.communicate("bye\n", timeout=30)
