"""The change log's records: what another process wrote, as live sync reads it.

Its own module: Home's first frame never builds one (docs/performance.md, "Start-up").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Change:
    """One row of the append-only change log."""

    seq: int
    at: str
    table: str
    row_id: str
    op: str  # insert | update | delete
    actor_id: str | None
    session_id: str | None
