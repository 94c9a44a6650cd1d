"""The real app on a real SQLite file, with the clock frozen so screens draw the same each run."""

from __future__ import annotations

import os
import time as systime
from pathlib import Path

import pytest
from tuikit import TODAY, build_app

from mentor_tui.store import open_store
from mentor_tui.store.demo import seed_demo


@pytest.fixture(autouse=True)
def _utc():
    """Dates on screen are local: pin the zone so every machine draws the same screen."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    systime.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    systime.tzset()


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
