"""Fixtures for live sync and the SSH server: a real database with a pair and a live session."""

from __future__ import annotations

from pathlib import Path

import pytest
from live.live_pair import Shared, make_shared


@pytest.fixture
def shared(db_path: Path) -> Shared:
    return make_shared(db_path)
