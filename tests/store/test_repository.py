"""The repository against a real SQLite file."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from builders import CHECK_IN

from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.feedback import Rating
from mentor_tui.core.goals import CheckIn
from mentor_tui.core.models import (
    ActionItem,
    Goal,
    GoalStatus,
    Member,
    Mentorship,
    Person,
    Role,
    SessionStatus,
    Visibility,
)
from mentor_tui.core.notes import Note
from mentor_tui.store import open_store

AGENDA = CHECK_IN


def test_private_notes_are_only_ever_returned_to_their_author(pair):
    repo, mentor, mentee, mentorship = pair
    session = repo.sessions.start(mentorship.id, AGENDA)
    repo.notes.save(Note(session.id, "wins", mentor.id, "Shared win"))
    repo.notes.save(Note(session.id, "wins", mentee.id, "My worry", visibility=Visibility.PRIVATE))
    shared = [n.body for n in repo.notes.for_session(session.id)]
    assert shared == ["Shared win"]
    as_mentor = repo.notes.for_session(session.id, viewer_id=mentor.id, include_private=True)
    assert [n.body for n in as_mentor] == ["Shared win"]
    as_mentee = repo.notes.for_session(session.id, viewer_id=mentee.id, include_private=True)
    assert sorted(n.body for n in as_mentee) == ["My worry", "Shared win"]
    assert repo.notes.search("worry") == []
    hits = repo.notes.search("worry", viewer_id=mentee.id, include_private=True)
    assert [h.note.body for h in hits] == ["My worry"]


def test_a_private_note_is_found_by_the_same_words_as_a_shared_one(pair):
    """Private notes stay out of the index, yet a search finds them by the index's rules:
    English stems, whole words (never a piece of one), the last word as a prefix."""
    repo, mentor, _, mentorship = pair
    session = repo.sessions.start(mentorship.id, AGENDA)
    bodies = ["Two grants went in", "One grant left", "We disagreed on the plan", "Registry data"]
    for body in bodies:
        for visibility in Visibility:
            repo.notes.save(Note(session.id, "wins", mentor.id, body, visibility=visibility))
    expected = {
        "grants": ["One grant left", "Two grants went in"],
        "agreed": [],
        "regis": ["Registry data"],
    }
    for words, found in expected.items():
        hits = repo.notes.search(words, viewer_id=mentor.id, include_private=True)
        for visibility in Visibility:
            assert sorted(h.note.body for h in hits if h.note.visibility == visibility) == found
    private = repo.notes.search("grants", viewer_id=mentor.id, include_private=True)[0]
    assert private.note.visibility == Visibility.PRIVATE
    assert private.snippet.matched() in (["grant"], ["grants"])


def test_search_marks_matches_and_survives_fts_syntax(pair):
    repo, mentor, _, mentorship = pair
    session = repo.sessions.start(mentorship.id, AGENDA)
    repo.notes.save(Note(session.id, "wins", mentor.id, "Grant deadline moved to March"))
    hits = repo.notes.search("grant dead")
    assert len(hits) == 1
    assert hits[0].snippet.matched() == ["Grant", "deadline"]
    for hostile in ('"', "AND OR NOT", "grant*)(", "NEAR(", "-"):
        repo.notes.search(hostile)  # never an FTS syntax error


def test_a_word_in_more_notes_than_a_search_ranks_ranks_the_newest_and_says_so(
    pair, monkeypatch
):
    from mentor_tui.store.repo import notes as notes_module

    repo, mentor, mentee, mentorship = pair
    monkeypatch.setattr(notes_module, "RANK_WINDOW", 5)
    session = repo.sessions.start(mentorship.id, AGENDA)
    # The oldest note repeats the word, so over every match bm25 would put it first.
    made = [repo.notes.save(Note(session.id, "wins", mentor.id, "protocol " * 6))]
    made += [
        repo.notes.save(Note(session.id, "wins", mentor.id, f"protocol draft {i}")) for i in range(8)
    ]
    hits = repo.notes.search("protocol")
    assert hits.newest_only
    assert {h.note.id for h in hits} == {n.id for n in made[-5:]}
    assert all(h.snippet.matched() == ["protocol"] for h in hits)

    monkeypatch.setattr(notes_module, "RANK_WINDOW", 50)
    hits = repo.notes.search("protocol")
    assert not hits.newest_only
    assert hits[0].note.id == made[0].id  # ranked over every match once they fit


def test_the_ranking_window_counts_only_the_viewers_notes(db_path, monkeypatch):
    """Another pair's newer matches must not push the viewer's own out of the window."""
    from mentor_tui.store.repo import notes as notes_module

    monkeypatch.setattr(notes_module, "RANK_WINDOW", 3)
    store = open_store(db_path)
    people = [store.people.add(Person(f"Person {i}")) for i in range(4)]
    pairs = [
        store.mentorships.add(
            Mentorship(f"Pair {k}", members=[
                Member(people[2 * k].id, Role.MENTOR), Member(people[2 * k + 1].id, Role.MENTEE)
            ])
        )
        for k in range(2)
    ]
    mine = store.sessions.start(pairs[0].id, AGENDA)
    theirs = store.sessions.start(pairs[1].id, AGENDA)
    own = store.notes.save(Note(mine.id, "wins", people[0].id, "audit of the rota"))
    for i in range(6):
        store.notes.save(Note(theirs.id, "wins", people[2].id, f"audit number {i}"))
    with store.as_viewer(people[0].id) as repo:
        hits = repo.notes.search("audit", viewer_id=people[0].id)
    assert [h.note.id for h in hits] == [own.id]
    assert not hits.newest_only
    store.close()


def test_a_short_last_word_is_a_word_not_a_prefix(pair):
    repo, mentor, _, mentorship = pair
    session = repo.sessions.start(mentorship.id, AGENDA)
    repo.notes.save(Note(session.id, "wins", mentor.id, "Grant deadline moved"))
    assert repo.notes.search("gr") == []  # two letters would merge every word starting so
    assert len(repo.notes.search("gra")) == 1


def test_autosave_updates_one_row_and_logs_each_write(pair):
    repo, mentor, _, mentorship = pair
    session = repo.sessions.start(mentorship.id, AGENDA)
    note = Note(session.id, "wins", mentor.id, "Dra")
    before = repo.last_change()
    for text in ("Draft", "Draft", "Draft one"):
        note.body = text
        repo.notes.save(note)
    assert [n.body for n in repo.notes.for_session(session.id)] == ["Draft one"]
    changes = repo.changes_since(before)
    assert [(c.table, c.op) for c in changes] == [("notes", "insert")] + [("notes", "update")] * 2
    assert all(c.session_id == session.id for c in changes)


def test_change_log_is_append_only(pair):
    repo, *_ = pair
    with pytest.raises(sqlite3.DatabaseError):
        repo.db.execute("DELETE FROM changes")
    with pytest.raises(sqlite3.DatabaseError):
        repo.db.execute("UPDATE changes SET op = 'x'")


def test_section_timers_bank_time_and_survive_reopening(pair, db_path):
    repo, mentor, _, mentorship = pair
    repo.act_as(mentor.id)
    session = repo.sessions.start(mentorship.id, AGENDA)
    first = session.sections[0]
    assert first.running_since and first.started_at
    first.running_since = "2000-01-01T00:00:00+00:00"  # pretend it has run a long time
    repo.sessions.save(session)
    session = repo.sessions.go_to_section(session.id, 1)
    assert session.sections[0].elapsed_seconds > 3600
    assert session.sections[0].running_since is None
    assert session.sections[1].running_since is not None
    paused = repo.sessions.set_timer_running(session.id, False)
    assert paused.sections[1].running_since is None
    reopened = open_store(db_path)
    again = reopened.sessions.get(session.id)
    assert again.current_section == 1
    assert again.sections[0].elapsed_seconds > 3600
    reopened.close()
    ended = repo.sessions.end(session.id)
    assert ended.status == SessionStatus.ENDED
    with pytest.raises(UserError):
        repo.sessions.go_to_section(session.id, 0)


def test_interrupted_sessions_are_found_for_resume(pair):
    repo, _, _, mentorship = pair
    running = repo.sessions.start(mentorship.id, AGENDA)
    done = repo.sessions.start(mentorship.id, AGENDA)
    repo.sessions.end(done.id)
    assert [s.id for s in repo.sessions.interrupted()] == [running.id]


def test_a_session_quit_on_purpose_is_paused_until_taken_up(pair):
    repo, _, _, mentorship = pair
    running = repo.sessions.start(mentorship.id, AGENDA)
    done = repo.sessions.start(mentorship.id, AGENDA)
    repo.sessions.end(done.id)
    assert repo.sessions.paused_ids() == set()  # a crash leaves it merely interrupted
    repo.sessions.mark_paused(running.id)
    repo.sessions.mark_paused(done.id)  # an ended session is neither paused nor interrupted
    assert repo.sessions.paused_ids() == {running.id}
    assert repo.sessions.paused_ids(person_id="nobody") == set()
    assert [s.id for s in repo.sessions.interrupted()] == [running.id], "still offered"
    seq = repo.last_change()
    repo.sessions.mark_paused(running.id, False)
    assert repo.sessions.paused_ids() == set()
    assert [c.row_id for c in repo.changes_since(seq)] == [running.id], "logged for sync"


def test_open_action_items_carry_over_across_three_sessions(pair):
    repo, mentor, mentee, mentorship = pair
    first = repo.sessions.start(mentorship.id, AGENDA)
    kept = repo.actions.save(
        ActionItem(mentorship.id, "Send the draft", mentee.id, due=date(2026, 12, 4), session_id=first.id)
    )
    finished = repo.actions.save(
        ActionItem(mentorship.id, "Book the room", mentor.id, session_id=first.id)
    )
    repo.sessions.end(first.id)
    for _ in range(3):
        session = repo.sessions.start(mentorship.id, AGENDA)
        open_items = repo.actions.list(mentorship.id, open_only=True)
        assert kept.id in [i.id for i in open_items]
        repo.sessions.end(session.id)
        if finished.id in [i.id for i in open_items]:
            repo.actions.set_done(finished.id)
    assert [i.id for i in repo.actions.list(mentorship.id, open_only=True)] == [kept.id]
    assert repo.actions.get(finished.id).done


def test_checkins_move_a_goal(pair):
    repo, _, mentee, mentorship = pair
    goal = repo.goals.save(Goal(mentorship.id, mentee.id, "Submit the abstract", category="publications"))
    repo.goals.add_checkin(CheckIn(goal.id, 40, "Half written"))
    assert repo.goals.get(goal.id).status == GoalStatus.IN_PROGRESS
    repo.goals.add_checkin(CheckIn(goal.id, 100, "Submitted"))
    moved = repo.goals.get(goal.id)
    assert (moved.progress, moved.status) == (100, GoalStatus.DONE)
    assert [c.progress for c in repo.goals.checkins(goal.id)] == [40, 100]
    with pytest.raises(UserError):
        repo.goals.add_checkin(CheckIn(goal.id, 140))


def test_one_rating_per_member_per_session(pair):
    repo, mentor, _, mentorship = pair
    session = repo.sessions.start(mentorship.id, AGENDA)
    repo.feedback.save_rating(Rating(session.id, mentor.id, 3))
    repo.feedback.save_rating(Rating(session.id, mentor.id, 5, "great", "yes"))
    ratings = repo.feedback.ratings(session.id)
    assert [(r.score, r.word, r.pairing) for r in ratings] == [(5, "great", "yes")]
    with pytest.raises(UserError):
        repo.feedback.save_rating(Rating(session.id, mentor.id, 6))


def test_unknown_ids_are_clear_errors(pair):
    repo, *_ = pair
    with pytest.raises(NotFound) as caught:
        repo.sessions.get("nope")
    assert "sessions list" in caught.value.message
    with pytest.raises(NotFound):
        repo.people.find("Nobody Here")


def test_rows_carry_author_and_role(pair):
    repo, mentor, _, mentorship = pair
    repo.act_as(mentor.id)
    session = repo.sessions.start(mentorship.id, AGENDA)
    row = next(repo.db.query("SELECT author_id, author_role FROM sessions WHERE id = ?", [session.id]))
    assert row == {"author_id": mentor.id, "author_role": "mentor"}


def test_a_search_with_your_private_notes_never_scans_every_note(pair):
    """Each statement search runs is planned with an index on notes (your private notes by
    author, shared ones through the search index): a full scan grew with the whole database,
    25 ms a search at 200,000 notes. Fails without migration m011's index."""
    repo, mentor, _, mentorship = pair
    session = repo.sessions.start(mentorship.id, AGENDA)
    repo.notes.save(Note(session.id, "wins", mentor.id, "protocol draft"))
    statements: list[str] = []
    repo.db.conn.set_trace_callback(statements.append)
    try:
        repo.notes.search("protocol", viewer_id=mentor.id, include_private=True)
    finally:
        repo.db.conn.set_trace_callback(None)
    scans = []
    for sql in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        plan = repo.db.conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
        scans += [row[-1] for row in plan if row[-1].startswith("SCAN n") or row[-1] == "SCAN notes"]
    assert statements and scans == []
