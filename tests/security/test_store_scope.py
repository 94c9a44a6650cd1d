"""The viewer's scope is enforced by SQLite: a repository bound to a person cannot read or write
outside their mentorships, nor anyone else's private content (docs/architecture.md, trust model).

These run against a real SQLite file. To see them fail with the protection switched off, make
`StoreBase.as_viewer` and `as_owner` return the unbound repository (`return self`), or make
`StoreBase._check_in_scope` return at once: the tests here fail.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace as NS

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor_tui.core.errors import NotAllowed, NotFound, UserError
from mentor_tui.core.feedback import Rating
from mentor_tui.core.models import ActionItem, Goal, Member, Mentorship, Person, Role, Visibility
from mentor_tui.core.notes import Note
from mentor_tui.store import open_store

AGENDA = NS(
    key="check-in",
    name="Check-in",
    sections=[NS(key="wins", title="Wins", minutes=5, kind="notes", prompts=["What went well?"])],
)
_counter = itertools.count()


def build(repo, memberships: list[list[int]], people: int):
    """People 0..n-1; one mentorship per list of member indexes; a session, notes, goals."""
    persons = [repo.people.add(Person(f"Person {i} {next(_counter)}")) for i in range(people)]
    made = []
    for index, members in enumerate(memberships):
        ms = repo.mentorships.add(
            Mentorship(
                f"Pair {index}",
                members=[
                    Member(persons[m].id, Role.MENTOR if k == 0 else Role.MENTEE)
                    for k, m in enumerate(members)
                ],
            )
        )
        session = repo.sessions.start(ms.id, AGENDA)
        for m in members:
            author = persons[m].id
            repo.notes.save(Note(session.id, "wins", author, f"shared word{index} by {m}"))
            repo.notes.save(
                Note(
                    session.id,
                    "wins",
                    author,
                    f"private word{index} secret{m}",
                    visibility=Visibility.PRIVATE,
                )
            )
            repo.feedback.save_rating(
                Rating(session.id, author, score=4, word="fine", pairing="yes")
            )
        repo.goals.save(Goal(ms.id, persons[members[-1]].id, f"Goal {index}"))
        repo.actions.save(ActionItem(ms.id, f"Item {index}", persons[members[0]].id))
        repo.act_as(persons[members[-1]].id)
        repo.points.add(ms.id, f"Point {index}")
        repo.act_as(None)
        made.append((ms, session, [persons[m].id for m in members]))
    return persons, made


memberships_strategy = st.integers(min_value=2, max_value=5).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True),
            min_size=1,
            max_size=4,
        ),
        st.integers(0, n - 1),
    )
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(memberships_strategy)
def test_every_read_bound_to_a_person_returns_only_their_mentorships(tmp_path, data):
    people, memberships, viewer_index = data
    path = tmp_path / f"scope-{next(_counter)}.db"
    store = open_store(path)
    try:
        persons, made = build(store, memberships, people)
        viewer = persons[viewer_index].id
        mine = {ms.id for ms, _, members in made if viewer in members}
        my_sessions = {s.id for ms, s, members in made if viewer in members}
        partners = {p for _, _, members in made if viewer in members for p in members} | {viewer}
        repo = store.as_viewer(viewer)
        try:
            assert {m.id for m in repo.mentorships.list(include_closed=True)} == mine
            assert {s.id for s in repo.sessions.list()} <= my_sessions
            assert {p.id for p in repo.people.list()} == partners
            assert {g.mentorship_id for g in repo.goals.list()} <= mine
            assert {a.mentorship_id for a in repo.actions.list()} <= mine
            assert {p.mentorship_id for p in repo.points.list()} == mine
            for ms, session, _members in made:
                notes = repo.notes.for_session(session.id, viewer_id=viewer, include_private=True)
                if ms.id not in mine:
                    assert notes == []
                    with pytest.raises(NotFound):
                        repo.sessions.get(session.id)
                    with pytest.raises(NotFound):
                        repo.mentorships.get(ms.id)
                for note in notes:
                    assert note.visibility == Visibility.SHARED or note.author_id == viewer
                for rating in repo.feedback.ratings(session.id):
                    if rating.person_id != viewer:
                        assert rating.pairing is None
            for hit in repo.notes.search("private", viewer_id=viewer, include_private=True):
                assert hit.note.author_id == viewer
            for hit in repo.notes.search("shared", viewer_id=viewer, include_private=True):
                assert hit.note.session_id in my_sessions
            # Writes outside the scope are refused and change nothing.
            for ms, session, _members in made:
                if ms.id in mine:
                    continue
                before = store.db.execute("SELECT count(*) FROM notes").fetchone()[0]
                with pytest.raises(UserError):
                    repo.notes.save(Note(session.id, "wins", viewer, "intruder"))
                with pytest.raises(UserError):
                    repo.actions.save(ActionItem(ms.id, "intruder", viewer))
                with pytest.raises(UserError):
                    repo.goals.save(Goal(ms.id, viewer, "intruder"))
                with pytest.raises(UserError):
                    repo.points.add(ms.id, "intruder")
                theirs = store.points.open(ms.id)[0]
                with pytest.raises(UserError):
                    repo.points.tick(theirs.id)
                assert store.points.get(theirs.id).is_open
                after = store.db.execute("SELECT count(*) FROM notes").fetchone()[0]
                assert after == before
        finally:
            repo.close()
    finally:
        store.close()


@pytest.fixture
def two_pairs(db_path):
    store = open_store(db_path)
    persons, made = build(store, [[0, 1], [2, 3]], 4)
    yield store, persons, made
    store.close()


def test_a_partner_cannot_read_or_overwrite_the_others_private_note(two_pairs):
    store, persons, made = two_pairs
    mentor, mentee = persons[0].id, persons[1].id
    _, session, _ = made[0]
    secret = next(
        n
        for n in store.notes.for_session(session.id, viewer_id=mentor, include_private=True)
        if n.visibility == Visibility.PRIVATE and n.author_id == mentor
    )
    with store.as_viewer(mentee) as repo:
        with pytest.raises(NotFound):
            repo.notes.get(secret.id)
        # Not even by asking for the author's private notes by the author's id.
        shown = repo.notes.for_session(session.id, viewer_id=mentor, include_private=True)
        assert secret.id not in {n.id for n in shown}
        with pytest.raises(NotAllowed):
            repo.notes.save(
                Note(session.id, "wins", mentor, "overwritten", id=secret.id, visibility=Visibility.PRIVATE)
            )
        # Typing as the other person is refused too, even into a shared note.
        with pytest.raises(NotAllowed):
            repo.notes.save(Note(session.id, "wins", mentor, "in her name"))
        with pytest.raises(NotAllowed):
            repo.act_as(mentor)
    assert store.notes.get(secret.id).body.startswith("private")


def test_the_owner_view_sees_every_mentorship_and_no_private_content(two_pairs):
    store, persons, made = two_pairs
    with store.as_owner() as owner:
        assert len(owner.mentorships.list(include_closed=True)) == 2
        for _, session, members in made:
            for viewer in members:
                notes = owner.notes.for_session(session.id, viewer_id=viewer, include_private=True)
                assert notes and all(n.visibility == Visibility.SHARED for n in notes)
            assert all(r.pairing is None for r in owner.feedback.ratings(session.id))
        assert owner.notes.search("private", viewer_id=persons[0].id, include_private=True) == []


def test_a_query_that_forgets_its_filter_still_cannot_leak(two_pairs):
    """SQL written without any WHERE reads through the viewer's views."""
    store, persons, made = two_pairs
    with store.as_viewer(persons[2].id) as repo:
        bodies = [r["body"] for r in repo._read("SELECT body FROM notes")]
        assert bodies and all("word1" in b for b in bodies)
        assert not any("secret3" in b for b in bodies)
        titles = {r["title"] for r in repo._read("SELECT title FROM mentorships")}
        assert titles == {"Pair 1"}
        # Nor does the search index, read without the join to the viewer's notes.
        assert repo._read("SELECT * FROM notes_fts") == []
        assert repo._read("SELECT * FROM notes_fts_data") == []
        assert [h.note.body for h in repo.notes.search("word1")]  # searching still works
    assert store._read("SELECT * FROM notes_fts")  # the index itself is there



def test_every_write_in_the_repository_names_the_main_schema():
    """A write to an unqualified name would hit the viewer's view (and fail) or, worse, a
    table the views do not shadow; every statement names main. explicitly."""
    import re
    from pathlib import Path

    import mentor_tui.store as store_package

    root = Path(store_package.__file__).parent
    pattern = re.compile(
        r"(?<!DO )\b(UPDATE|DELETE\s+FROM|INSERT\s+(?:OR\s+[A-Z]+\s+)?INTO)\s+(?!main\.|temp\.)[\[\w]"
    )
    offenders = [
        f"{path.name}: {match.group(0)}"
        for path in [root / "base.py", *sorted((root / "repo").glob("*.py"))]
        for match in pattern.finditer(path.read_text())
    ]
    assert offenders == []


def test_the_record_of_sent_mail_stays_with_its_mentorship(two_pairs):
    """Who was sent what, and when, is pair data: another pair neither reads nor writes it.
    Fails with `sent_mail` taken out of `_views` in store/scope.py."""
    from mentor_tui.core.mail import FOLLOWUP, SentMail

    store, persons, made = two_pairs
    (ms0, session0, _), (ms1, _, _) = made
    store.mail.record(
        SentMail(
            ms0.id, FOLLOWUP, "person0@example.org", message_id="<a@x>", session_id=session0.id
        )
    )
    with store.as_viewer(persons[2].id) as other:
        assert other.mail.list() == []
        assert other._read("SELECT * FROM sent_mail") == []
        with pytest.raises(NotAllowed):
            other.mail.record(SentMail(ms0.id, FOLLOWUP, "forged@example.org"))
        assert other.mail.record(SentMail(ms1.id, FOLLOWUP, "person2@example.org")).kind == FOLLOWUP
    with store.as_viewer(persons[1].id) as member:
        assert [m.message_id for m in member.mail.list()] == ["<a@x>"]


def test_talking_points_are_shared_by_the_pair_and_written_only_as_yourself(two_pairs):
    """Both members see and tick each other's points; nobody writes one in the other's name,
    and the other pair's points are neither seen nor touched.

    Switched off: with `"talking_points"` removed from AUTHOR_COLUMNS in store/scope.py, the
    forged row below is stored and this test fails; with it removed from `_views`, the other
    pair's point is read."""
    from mentor_tui.core.models import PointStatus, TalkingPoint
    from mentor_tui.store.rows import to_row

    store, persons, made = two_pairs
    mentor, mentee = persons[0].id, persons[1].id
    (ms, _, _), (other_ms, _, _) = made[0], made[1]
    with store.as_viewer(mentor) as mine, store.as_viewer(mentee) as theirs:
        raised = mine.points.add(ms.id, "Conference abstract")
        assert raised.raised_by == mentor
        assert raised.id in {p.id for p in theirs.points.open(ms.id)}
        ticked = theirs.points.tick(raised.id)
        assert ticked.status == PointStatus.DONE and ticked.closed_by == mentee
        assert theirs.points.open(other_ms.id) == []
        assert {r["text"] for r in theirs._read("SELECT text FROM talking_points")} == {
            "Point 0", "Conference abstract"
        }
        forged = TalkingPoint(ms.id, "In her name", raised_by=mentor)
        with pytest.raises(NotAllowed), theirs.write():
            theirs._upsert(
                "talking_points", {**to_row(forged), "author_id": mentor}, mentorship_id=ms.id
            )
    assert "In her name" not in {p.text for p in store.points.list()}


def test_the_next_meeting_a_pair_planned_stays_within_the_pair(two_pairs):
    """meeting_plans is scoped like agreements: someone outside the pair can neither read the
    plan (date, place, video link) nor set it. Switched off (no 'meeting_plans' entry in
    store/scope.py _views), the outsider reads the place and overwrites the plan."""
    from datetime import UTC, datetime

    from mentor_tui.core.meetings import MeetingPlan

    store, persons, made = two_pairs
    pair, _, _ = made[0]
    plan = MeetingPlan(datetime(2030, 5, 6, 15, tzinfo=UTC), 45, "UTC",
                       place="https://video.example.org/secret-room")  # fmt: skip
    with store.as_viewer(persons[0].id) as mentor:
        assert mentor.meetings.set_plan(pair.id, plan).place == plan.place
    with store.as_viewer(persons[1].id) as mentee:
        assert mentee.meetings.plan(pair.id).place == plan.place
    with store.as_viewer(persons[2].id) as outsider:
        assert outsider.meetings.plan(pair.id) is None
        assert outsider._read("SELECT * FROM meeting_plans") == []
        with pytest.raises(UserError):
            outsider.meetings.set_plan(pair.id, plan)
        with pytest.raises(NotAllowed), outsider.write():
            outsider._upsert("meeting_plans", {
                "id": pair.id, "mentorship_id": pair.id, "starts_at": "2030-01-01T00:00+00:00",
                "zone": "UTC", "minutes": 30, "place": "hijacked", "planned_after": None,
                "sequence": 9,
            }, mentorship_id=pair.id)  # fmt: skip
    assert store.meetings.plan(pair.id).place == plan.place
