"""How a session went for each member: the score and word they give it at the wrap-up."""

from __future__ import annotations

from dataclasses import dataclass, field

from mentor_tui.core.clock import new_id, now_iso


@dataclass
class Rating:
    session_id: str
    person_id: str
    score: int  # 1-5
    word: str = ""
    # The rater's private answers (their own, never shown to anyone else nor exported):
    # "is this pairing working for you?" as "yes", "no" or "unsure" (None: not answered),
    # and a comment for themselves.
    pairing: str | None = None
    private_comment: str = ""
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
