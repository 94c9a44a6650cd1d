"""The real app on a real SQLite file, with the clock frozen so screens draw the same each run."""

from __future__ import annotations

import contextlib
import sqlite3
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


@pytest.fixture(scope="session")
def _seeded_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo seeded once per test process: seeding takes half a second, a copy none."""
    path = tmp_path_factory.mktemp("demo-template") / "mentor.db"
    with time_zone("UTC"), open_store(path) as repo:
        seed_demo(repo, today=TODAY)
    return path


@pytest.fixture
def demo(store, _seeded_demo: Path):
    """The demo pair (Amara mentors Lukas) with three past sessions, seeded for TODAY: the
    seeded file copied page by page into this test's own database (SQLite's backup)."""
    with contextlib.closing(sqlite3.connect(_seeded_demo)) as seeded:
        seeded.backup(store.db.conn)
    return store


@pytest.fixture
def make_app(tmp_path: Path):
    def make(repo, **kwargs):
        return build_app(repo, tmp_path=tmp_path, **kwargs)

    return make
