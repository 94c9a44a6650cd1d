"""Competency check-in answers in the store: side by side over time, one answer per round."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from types import SimpleNamespace as NS

import pytest
from builders import REVERSE_MENTORING as AGENDA
from builders import column

from mentor_tui.core.clock import iso
from mentor_tui.core.competencies import CompetencyAnswer
from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Role


def test_competency_answers_side_by_side_over_time(pair):
    repo, rosa, sam, mentorship = pair
    session = repo.sessions.start(mentorship.id, AGENDA)

    def round_(day, mine, theirs, session_id=None):
        return repo.competencies.save_answers([
            CompetencyAnswer(mentorship.id, rosa.id, rosa.id, Role.MENTOR, "communication",
                             mine, day, session_id=session_id),
            CompetencyAnswer(mentorship.id, sam.id, rosa.id, Role.MENTEE, "communication",
                             theirs, day, session_id=session_id),
        ])  # fmt: skip

    first = round_(date(2026, 1, 31), 6, 4, session.id)
    round_(date(2028, 2, 29), 5, 5)
    redo = round_(date(2028, 2, 29), 5, 6)  # changed their mind the same day: replaces
    assert len(repo.competencies.answers(mentorship.id)) == 4
    assert column(repo, "competency_answers", "taken_on", first[0].id) == "2026-01-31"
    assert column(repo, "competency_answers", "session_id", first[0].id) == session.id
    assert redo[1].id == repo.competencies.answers(mentorship.id)[-1].id
    check = [NS(key="communication", title="Communication"), NS(key="independence", title="Ind")]
    series = repo.competencies.series(mentorship.id, check, subject_id=rosa.id)
    assert [(p.taken_on, p.mentor_self, p.mentee_view, p.gap) for p in series[0].points] == [
        (date(2026, 1, 31), 6, 4.0, 2.0), (date(2028, 2, 29), 5, 6.0, -1.0),
    ]  # fmt: skip
    assert series[1].points == []

    wrong = [
        (CompetencyAnswer(mentorship.id, sam.id, sam.id, Role.MENTEE, "communication", 3,
                          date(2026, 2, 1)), "about their mentor"),
        (CompetencyAnswer(mentorship.id, sam.id, rosa.id, Role.MENTOR, "communication", 3,
                          date(2026, 2, 1)), "about themself"),
        (CompetencyAnswer(mentorship.id, rosa.id, sam.id, Role.MENTEE, "communication", 3,
                          date(2026, 2, 1)), "about a mentor"),
        (CompetencyAnswer(mentorship.id, rosa.id, rosa.id, Role.MENTOR, "communication", 8,
                          date(2026, 2, 1)), "1 to 7"),
    ]  # fmt: skip
    for bad, message in wrong:
        with pytest.raises(UserError, match=message):
            repo.competencies.save_answers([bad])
    # A bad answer in a round saves none of it.
    good = CompetencyAnswer(mentorship.id, rosa.id, rosa.id, Role.MENTOR, "diversity", 5,
                            date(2026, 2, 1))  # fmt: skip
    with pytest.raises(UserError):
        repo.competencies.save_answers([good, wrong[0][0]])
    assert len(repo.competencies.answers(mentorship.id)) == 4


def test_competency_answers_keep_their_unique_round(pair):
    repo, rosa, _, mentorship = pair
    repo.competencies.save_answers([CompetencyAnswer(
        mentorship.id, rosa.id, rosa.id, Role.MENTOR, "communication", 5, date(2026, 1, 1))])  # fmt: skip
    with pytest.raises(sqlite3.IntegrityError):
        repo.db.execute(
            "INSERT INTO competency_answers (id, mentorship_id, respondent_id, subject_id, "
            "respondent_role, competency_key, score, taken_on, created_at, updated_at) "
            "VALUES ('x', ?, ?, ?, 'mentor', 'communication', 4, '2026-01-01', ?, ?)",
            (mentorship.id, rosa.id, rosa.id, iso(datetime.now(UTC)), iso(datetime.now(UTC))),
        )
