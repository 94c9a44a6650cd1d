"""The serve tests reuse tests/remote's harness (a real `mentor-tui serve` and OpenSSH)."""

from __future__ import annotations

import sys
from pathlib import Path

REMOTE = Path(__file__).resolve().parents[1] / "remote"
if str(REMOTE) not in sys.path:
    sys.path.insert(0, str(REMOTE))
