"""What many tests build the same way, through the real repository: a pair, a demo database.

Import it as `from builders import ...` (tests/ is on the path, as for tuikit and
tmux_terminal). A fixture that several folders need wraps these; the data stays here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any

from mentor_tui.core.models import Member, Mentorship, Person, Role
from mentor_tui.store import Repository, open_store
from mentor_tui.store.demo import seed_demo

# An agenda with one section of each kind the repository treats apart, without the library.
CHECK_IN = NS(
    key="check-in",
    name="Check-in",
    sections=[
        NS(key="wins", title="Wins", minutes=5, kind="notes", prompts=["What went well?"]),
        NS(key="items", title="Items", minutes=10, kind="action-items", prompts=["Open items"]),
        NS(key="wrap-up", title="Wrap-up", minutes=5, kind="wrap-up", prompts=["Next?"]),
    ],
)
# A reverse-mentoring session: the mentee teaches, then the goals are reviewed.
REVERSE_MENTORING = NS(
    key="reverse-mentoring",
    name="Reverse mentoring",
    sections=[
        NS(key="teach", title="Teach", minutes=20, kind="reverse-mentoring", prompts=["Show me"]),
        NS(key="goals", title="Goals", minutes=10, kind="goals-review", prompts=["Progress?"]),
    ],
)


def add_pair(repo: Repository) -> tuple[Person, Person, Mentorship]:
    """Dr Rosa Mentor (with an e-mail address) and Sam Mentee, in the mentorship "Rosa & Sam"."""
    mentor = repo.people.add(Person("Dr Rosa Mentor", email="rosa@example.org"))
    mentee = repo.people.add(Person("Sam Mentee"))
    mentorship = repo.mentorships.add(
        Mentorship(
            "Rosa & Sam",
            members=[Member(mentor.id, Role.MENTOR), Member(mentee.id, Role.MENTEE)],
        )
    )
    return mentor, mentee, mentorship


def demo_database(folder: Path, today: date | None = None) -> Path:
    """`folder`/pair.db holding the demo (Amara & Lukas), seeded as of `today` (default: now)."""
    db = folder / "pair.db"
    with open_store(db) as repo:
        seed_demo(repo, today=today or date.today())
    return db


def column(repo: Repository, table: str, name: str, row_id: str) -> Any:
    """A row's value exactly as SQLite stores it (a date as text, JSON unparsed)."""
    return repo.db.execute(f"SELECT [{name}] FROM [{table}] WHERE id = ?", (row_id,)).fetchone()[0]
