"""The mentoring agreement in the store: reviews due are listed for Home."""

from __future__ import annotations

from datetime import date

from builders import column

from mentor_tui.core.models import Agreement, Member, Mentorship, MentorshipStatus, Person, Role


def test_agreements_due_for_review_are_listed_for_home(pair):
    repo, rosa, sam, mentorship = pair
    today = date(2028, 2, 15)
    repo.mentorships.set_agreement(mentorship.id, Agreement(goals="Publish", review_date=date(2028, 2, 29)))
    later = repo.mentorships.add(Mentorship(
        "Later", members=[Member(rosa.id, Role.MENTOR), Member(sam.id, Role.MENTEE)],
        agreement=Agreement(review_date=date(2028, 6, 1)),
    ))  # fmt: skip
    closed = repo.mentorships.add(Mentorship(
        "Closed", status=MentorshipStatus.CLOSED,
        members=[Member(rosa.id, Role.MENTOR), Member(sam.id, Role.MENTEE)],
        agreement=Agreement(review_date=date(2028, 1, 1)),
    ))  # fmt: skip
    assert column(repo, "agreements", "review_date", mentorship.id) == "2028-02-29"
    (due,) = repo.agreement.reviews(today)
    assert (due.mentorship_id, due.mentorship_title, due.review_date) == (
        mentorship.id, "Rosa & Sam", date(2028, 2, 29),
    )  # fmt: skip
    assert due.message == "The mentoring agreement is due for review in 14 days."
    assert repo.agreement.reviews(date(2028, 2, 14)) == []
    assert [r.mentorship_title for r in repo.agreement.reviews(date(2028, 6, 1))] == [
        "Rosa & Sam", "Later",
    ]  # fmt: skip
    assert repo.agreement.reviews(today, person_id=repo.people.add(Person("Other")).id) == []
    assert later.id and closed.id
