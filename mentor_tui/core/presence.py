"""Who is in a live session right now: one row per running app and person in it.

A heartbeat every HEARTBEAT_SECONDS keeps a row fresh; a row silent for STALE_SECONDS
belongs to an app that died (closed lid, killed SSH connection) and counts as gone.
"""

from __future__ import annotations

from dataclasses import dataclass

# A heartbeat every HEARTBEAT_SECONDS; silent for STALE_SECONDS means gone.
HEARTBEAT_SECONDS = 3.0
STALE_SECONDS = 10.0


@dataclass
class Presence:
    instance_id: str  # one per running app (uuid), so one person in two windows shows twice
    person_id: str
    session_id: str | None = None
    role: str | None = None  # mentor / mentee in this mentorship
    host: str | None = None
    pid: int | None = None
    via: str | None = None  # "local" or "ssh"
    joined_at: str = ""
    heartbeat_at: str = ""
    following: bool = True
