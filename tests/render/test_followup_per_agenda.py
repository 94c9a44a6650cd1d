"""The follow-up of one session on every built-in agenda, compared with a saved text snapshot.

Each agenda's session has a shared note in every section and one action item per member, so
a snapshot shows which template an agenda gets by default, whether notes travel, and that
the subject never names the agenda. To accept a deliberate change, run with
MENTOR_TUI_UPDATE_SNAPSHOTS=1 and read the diff of tests/render/snapshots/followup/.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mentor_tui import paths
from mentor_tui.cli.followup import followup_context
from mentor_tui.core.agendas import Agenda, load_library
from mentor_tui.core.clock import iso
from mentor_tui.core.models import (
    ActionItem,
    Agreement,
    Member,
    Mentorship,
    Person,
    Role,
    Session,
    Visibility,
)
from mentor_tui.core.notes import Note
from mentor_tui.render.templates import default_template_for, render_email
from mentor_tui.store.history import ended_session

SNAPSHOTS = Path(__file__).parent / "snapshots" / "followup"
START = datetime(2026, 3, 17, 16, 30, tzinfo=UTC)
TODAY = date(2026, 3, 20)
ZONE = "Europe/Paris"
LIBRARY = load_library(paths.prompts_dir() / "agendas", None)
PRIVATE = "PRIVATE: only the author sees this"


def _session(mentorship_id: str, agenda: Agenda) -> Session:
    """Every section run exactly to plan."""
    return ended_session(mentorship_id, agenda, START, [s.minutes * 60.0 for s in agenda.sections])


def render_for(repo, agenda: Agenda) -> tuple[str, str]:
    mentor = repo.people.add(Person("Dr Amara Okafor", email="amara@example.org"))
    mentee = repo.people.add(Person("Sam Rivera", email="sam@example.org", career_stage="nurse"))
    mentorship = repo.mentorships.add(
        Mentorship(
            "Amara & Sam",
            members=[Member(mentor.id, Role.MENTOR), Member(mentee.id, Role.MENTEE)],
            cadence="every 2 weeks on Tuesday",
            rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            start_date=date(2026, 1, 6),
            agreement=Agreement(meeting_length="45 minutes"),
        )
    )
    session = repo.sessions.save(_session(mentorship.id, agenda))
    for index, section in enumerate(agenda.sections):
        author = mentor.id if index % 2 == 0 else mentee.id
        stamp = iso(START + timedelta(minutes=index))
        repo.notes.save(
            Note(session.id, section.key, author, f"Shared note on {section.title.lower()}.",
                 Visibility.SHARED, created_at=stamp, updated_at=stamp)
        )  # fmt: skip
    repo.notes.save(
        Note(session.id, agenda.sections[0].key, mentor.id, PRIVATE, Visibility.PRIVATE,
             created_at=iso(START), updated_at=iso(START))
    )  # fmt: skip
    repo.actions.save(
        ActionItem(mentorship.id, "Send the two contacts we named", mentor.id,
                   due=date(2026, 3, 24), session_id=session.id, created_at=iso(START))
    )  # fmt: skip
    repo.actions.save(
        ActionItem(mentorship.id, "Draft the first paragraph", mentee.id,
                   due=date(2026, 3, 31), session_id=session.id, created_at=iso(START))
    )  # fmt: skip
    context = followup_context(
        repo,
        session.id,
        sender_id=mentor.id,
        zone=ZONE,
        today=TODAY,
        at_now=datetime.combine(TODAY, time(9), ZoneInfo(ZONE)),
    )
    name = default_template_for(context)
    return name, render_email(name, context).text


@pytest.mark.parametrize("key", sorted(LIBRARY.keys()))
def test_followup_of_each_agenda_matches_its_snapshot(repo, key: str) -> None:
    agenda = LIBRARY[key]
    name, text = render_for(repo, agenda)
    assert PRIVATE not in text
    assert agenda.name not in text.splitlines()[0]  # a neutral subject
    if agenda.sensitive:
        assert name == "next-steps" and "Shared note" not in text
    else:
        assert name == "followup" and "Shared note on" in text
    assert text.index("I will:") < text.index("Sam will:")
    path = SNAPSHOTS / f"{key}.txt"
    if os.environ.get("MENTOR_TUI_UPDATE_SNAPSHOTS") or not path.exists():
        if not os.environ.get("MENTOR_TUI_UPDATE_SNAPSHOTS"):
            pytest.fail(f"no snapshot yet: run with MENTOR_TUI_UPDATE_SNAPSHOTS=1 to write {path}")
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
