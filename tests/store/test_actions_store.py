"""Action items in the store: what each person owes across mentorships, and a session's review."""

from __future__ import annotations

from datetime import date

from builders import REVERSE_MENTORING as AGENDA

from mentor_tui.core.models import ActionItem, Member, Mentorship, Person, Role


def test_what_i_owe_across_mentorships_with_names(pair):
    repo, rosa, sam, mentorship = pair
    lee = repo.people.add(Person("Prof Lee Sponsor"))
    sponsorship = repo.mentorships.add(
        Mentorship("Lee & Sam", members=[Member(lee.id, Role.MENTOR), Member(sam.id, Role.MENTEE)])
    )
    today = date(2026, 3, 10)
    draft = repo.actions.save(
        ActionItem(mentorship.id, "Send the draft", sam.id, due=date(2026, 3, 9))
    )
    repo.actions.save(ActionItem(sponsorship.id, "CV to Lee", sam.id))
    repo.actions.save(ActionItem(mentorship.id, "Read the draft", rosa.id))
    done = repo.actions.save(ActionItem(sponsorship.id, "Old", sam.id))
    repo.actions.set_done(done.id)

    owed = repo.actions.owed(sam.id, today)
    assert [(g.label, [i.text for i in g.items], g.overdue) for g in owed.i_owe] == [
        ("Dr Rosa Mentor", ["Send the draft"], 1),
        ("Prof Lee Sponsor", ["CV to Lee"], 0),
    ]
    assert [(g.label, [i.text for i in g.items]) for g in owed.owed_to_me] == [
        ("Dr Rosa Mentor", ["Read the draft"]),
    ]
    assert repo.actions.owed(lee.id, today).owed_to_me[0].label == "Sam Mentee"
    assert repo.actions.owed(repo.people.add(Person("Loner")).id, today).i_owe == []

    rows = repo.actions.rows(sam.id)
    assert [(r.owner_name, r.counterpart_names, r.mentorship_title, r.item.text) for r in rows] == [
        ("Sam Mentee", ["Dr Rosa Mentor"], "Rosa & Sam", "Send the draft"),
        ("Sam Mentee", ["Prof Lee Sponsor"], "Lee & Sam", "CV to Lee"),
        ("Dr Rosa Mentor", ["Sam Mentee"], "Rosa & Sam", "Read the draft"),
    ]
    assert len(repo.actions.rows(sam.id, open_only=False)) == 4
    assert len(repo.actions.rows(rosa.id)) == 2
    assert [r.item.text for r in repo.actions.rows(mentorship_id=sponsorship.id)] == ["CV to Lee"]
    assert repo.goals.overdue_counts(today, person_id=rosa.id).action_items == 1
    assert repo.goals.overdue_counts(today, mentorship_id=sponsorship.id).action_items == 0
    assert repo.actions.find(draft.id[:5]).text == "Send the draft"


def test_review_items_of_a_real_session(pair):
    """The carry-over itself is tested in tests/store/test_repository.py and at the domain
    level; here the repository hands the domain rule the right sessions and items."""
    repo, rosa, sam, mentorship = pair
    first = repo.sessions.start(mentorship.id, AGENDA)
    repo.actions.save(ActionItem(mentorship.id, "Send the draft", sam.id, session_id=first.id))
    assert repo.actions.review_items(first.id, date(2026, 3, 1)) == []
    repo.sessions.end(first.id)
    second = repo.sessions.start(mentorship.id, AGENDA)
    repo.actions.save(ActionItem(mentorship.id, "New today", rosa.id, session_id=second.id))
    (listed,) = repo.actions.review_items(second.id, date(2026, 3, 1))
    assert (listed.item.text, listed.carried) == ("Send the draft", 1)
