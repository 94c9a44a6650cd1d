"""The security tests: each adversary of docs/architecture.md's trust model, as attacks.

The serve tests reuse tests/server's harness (a real `mentor-tui serve` and OpenSSH)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from builders import demo_database

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "tests" / "server"
if str(SERVER) not in sys.path:
    sys.path.insert(0, str(SERVER))


@pytest.fixture
def demo_db(tmp_path) -> Path:
    db = demo_database(tmp_path)
    return db
