"""The real app on a real SQLite file, with the clock frozen so screens draw the same each run."""

from __future__ import annotations

from pathlib import Path

import pytest
from tuikit import TODAY, build_app, time_zone

from mentor_tui.store import open_store
from mentor_tui.store.demo import seed_demo


@pytest.fixture(autouse=True)
def _utc():
    """Dates on screen are local: pin the zone so every machine draws the same screen."""
    with time_zone("UTC"):
        yield


@pytest.fixture
def store(tmp_path: Path):
    repo = open_store(tmp_path / "mentor.db")
    yield repo
    repo.close()


@pytest.fixture
def demo(store):
    """The demo pair (Amara mentors Lukas) with three past sessions, seeded for TODAY."""
    seed_demo(store, today=TODAY)
    return store


@pytest.fixture
def make_app(tmp_path: Path):
    def make(repo, **kwargs):
        return build_app(repo, tmp_path=tmp_path, **kwargs)

    return make
