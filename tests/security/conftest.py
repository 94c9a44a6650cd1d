"""The security tests: each adversary of docs/architecture.md's trust model, as attacks.

The serve tests reuse tests/server's harness (a real `mentor-tui serve` and OpenSSH)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from mentor_tui.store import open_store
from mentor_tui.store.demo import seed_demo

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "tests" / "server"
if str(SERVER) not in sys.path:
    sys.path.insert(0, str(SERVER))


@pytest.fixture
def demo_db(tmp_path) -> Path:
    db = tmp_path / "pair.db"
    with open_store(db) as repo:
        seed_demo(repo, today=date.today())
    return db
