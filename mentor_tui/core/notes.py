"""A note written in a session: shared with the pair, or private to its author (sealed
with their passphrase, store/vault.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from mentor_tui.core.clock import new_id, now_iso
from mentor_tui.core.models import Visibility


@dataclass
class Note:
    session_id: str
    section_key: str
    author_id: str
    body: str = ""
    visibility: Visibility = Visibility.SHARED
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
