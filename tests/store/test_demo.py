"""The demo shows every feature: sessions on the revised agendas, an IDP, a competency
check-in, talking points, the agreement from the template with its confidentiality limits and a review date."""

from __future__ import annotations

from datetime import date

from mentor_tui import paths
from mentor_tui.core.agendas import load_library
from mentor_tui.core.catalogue import load_agreement_template
from mentor_tui.store import open_store
from mentor_tui.store.demo import seed_demo

TODAY = date(2026, 3, 17)


def test_the_demo_shows_every_feature(tmp_path):
    with open_store(tmp_path / "demo.db") as repo:
        mentorship = seed_demo(repo, today=TODAY)
        mentor, mentee = (m.person_id for m in mentorship.members)
        # Talking points for the next meeting, one raised by each of them.
        assert {p.raised_by for p in repo.points.open(mentorship.id)} == {mentor, mentee}
        # Every note sits in a section its agenda really has.
        library = load_library(paths.prompts_dir() / "agendas", None)
        sessions = repo.sessions.list()
        assert {s.agenda_key for s in sessions} >= {"first-meeting", "regular-check-in"}
        for session in sessions:
            keys = {s.key for s in library[session.agenda_key].sections}
            notes = repo.notes.for_session(session.id)
            assert {n.section_key for n in notes} <= keys, session.agenda_key
        # The agreement keeps the template's confidentiality limits and sets a review date.
        template = load_agreement_template(paths.prompts_dir(), None)
        agreement = repo.mentorships.get(mentorship.id).agreement
        assert agreement.confidentiality == template.confidentiality
        assert "duty to report" in agreement.confidentiality
        assert agreement.review_date is not None and agreement.review_date > TODAY
        # An IDP with full-time clinical practice among the paths, and linked goals.
        plan = repo.idp.get(mentorship.id, mentee)
        assert plan is not None and plan.skills and plan.reviewed_on is not None
        assert any("Full-time clinical" in o.title for o in plan.career_options)
        assert plan.six_month_goal_ids and plan.twelve_month_goal_ids
        # A competency check-in: both views of the mentor, six competencies each.
        answers = repo.competencies.answers(mentorship.id)
        assert len(answers) == 12
        assert {a.respondent_id for a in answers} == {mentor, mentee}


def test_a_demo_cut_short_leaves_the_database_empty_for_the_next_try(tmp_path):
    """A save that fails part-way (here a trigger refuses the first note, as a full disk
    would) must not leave people behind: `mentor-tui demo` seeds only an empty database,
    so a half-seeded one would never get its history. Fails with seed_demo's one
    transaction removed (each row is then committed on its own)."""
    import pytest

    from mentor_tui.core.errors import StoreError

    repo = open_store(tmp_path / "demo.db")
    repo.db.conn.execute(
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.notes "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    with pytest.raises(StoreError):
        seed_demo(repo, today=date(2026, 3, 2))
    assert repo.db.execute("SELECT count(*) FROM people").fetchone()[0] == 0
    repo.db.conn.execute("DROP TRIGGER temp.refuse")
    seed_demo(repo, today=date(2026, 3, 2))
    assert repo.db.execute("SELECT count(*) FROM people").fetchone()[0] == 2
    repo.close()
