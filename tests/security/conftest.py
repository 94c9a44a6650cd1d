"""The security tests: each adversary of docs/architecture.md's trust model, as attacks.

The serve tests use tests/serve_kit.py (a real `mentor-tui serve` and OpenSSH)."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import demo_database


@pytest.fixture
def demo_db(tmp_path) -> Path:
    db = demo_database(tmp_path)
    return db
