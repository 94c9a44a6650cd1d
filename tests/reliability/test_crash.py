"""SIGKILL during autosave, and two processes writing at once (`make stress` runs more)."""

from __future__ import annotations

import pytest

from bench.stress import kill_rounds, two_writers

pytestmark = pytest.mark.slow


@pytest.mark.serial  # its kills are timed against the typist's saves: alone, not among workers
def test_sigkill_while_typing_loses_nothing_saved(tmp_path):
    # Rounds alternate a typist saving every 200 ms and one saving on every keystroke,
    # so some kills land inside a write transaction.
    results = kill_rounds(tmp_path / "kill.db", 5, seed=8, vary=True, log=lambda _: None,
                          slack_ms=1500)
    assert all(r.commits for r in results)
    assert [r.problems for r in results] == [[]] * 5


def test_two_processes_writing_lose_nothing_and_never_see_locked(tmp_path):
    result = two_writers(tmp_path / "writers.db", 200)
    assert result.problems == []
    assert result.written == 400
