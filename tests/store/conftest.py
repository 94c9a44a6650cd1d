"""The store tests' pair: Rosa mentors Sam, in a real SQLite file (tests/builders.py)."""

from __future__ import annotations

import pytest
from builders import add_pair

from mentor_tui.store import open_store


@pytest.fixture
def pair(db_path):
    repo = open_store(db_path)
    mentor, mentee, mentorship = add_pair(repo)
    yield repo, mentor, mentee, mentorship
    repo.close()
