"""Action items' rules (core.actions): carried over between sessions, and who owes what to whom."""

from __future__ import annotations

from datetime import date

from cast import GROUP, KIM, PAIR, PEOPLE, ROSA, SAM, SPONSORSHIP, at

from mentor_tui.core.actions import owed, review_items
from mentor_tui.core.models import ActionItem, Session


def test_open_items_carry_over_through_three_sessions_and_count_the_carries():
    """Session 1 agrees two items; they are reviewed in sessions 2, 3 and 4 until done."""
    sessions = [Session("pair", "check-in", "Check-in", id=f"s{n}", started_at=at(n * 7))
                for n in range(1, 5)]  # fmt: skip
    s1, s2, s3, s4 = sessions
    draft = ActionItem("pair", "Send the draft", SAM, due=date(2026, 3, 20), session_id="s1",
                       created_at=at(7, 11))  # fmt: skip
    room = ActionItem("pair", "Book the room", ROSA, session_id="s1", created_at=at(7, 11))
    # Agreed in session 2, ticked off during session 3.
    intro = ActionItem("pair", "Introduce to the stats core", ROSA, session_id="s2",
                       created_at=at(14, 11), done_at=at(21, 10))  # fmt: skip
    other_pair = ActionItem("group", "Not ours", KIM, created_at=at(1))
    items = [draft, room, intro, other_pair]
    room.done_at = at(20)  # done between sessions 2 and 3

    def listed(session, today):
        return {r.item.text: (r.carried, r.overdue) for r in review_items(items, session, sessions, today)}

    assert listed(s1, date(2026, 3, 7)) == {}
    assert listed(s2, date(2026, 3, 14)) == {"Send the draft": (1, False), "Book the room": (1, False)}
    assert listed(s3, date(2026, 3, 21)) == {
        "Send the draft": (2, True),  # due the 20th: overdue on the 21st
        "Introduce to the stats core": (1, False),  # done during this session: still shown
    }
    assert listed(s4, date(2026, 3, 28)) == {"Send the draft": (3, True)}
    draft.done_at = at(28, 10, 3)  # ticked off in session 4
    assert listed(s4, date(2026, 3, 28)) == {"Send the draft": (3, False)}
    first, *_ = review_items(items, s4, sessions, date(2026, 3, 28))
    assert first.item.done


def test_what_do_i_owe_and_to_whom_across_mentorships():
    today = date(2026, 3, 10)
    items = [
        ActionItem("pair", "Send draft to Rosa", SAM, due=date(2026, 3, 12)),
        ActionItem("group", "Share slides with the group", SAM, due=date(2026, 3, 1)),
        ActionItem("sponsor", "CV to Lee", SAM),
        ActionItem("sponsor", "Done already", SAM, done_at=at(1)),
        ActionItem("pair", "Rosa reads the draft", ROSA, due=date(2026, 3, 20)),
        ActionItem("group", "Kim books the room", KIM),
        ActionItem("elsewhere", "Not a mentorship of Sam's", SAM),
    ]
    result = owed(items, [PAIR, GROUP, SPONSORSHIP], PEOPLE, SAM, today)
    assert [(g.label, [i.text for i in g.items], g.overdue) for g in result.i_owe] == [
        ("Dr Rosa Mentor and Kim Second Mentee", ["Share slides with the group"], 1),
        ("Dr Rosa Mentor", ["Send draft to Rosa"], 0),
        ("Prof Lee Sponsor", ["CV to Lee"], 0),
    ]
    assert result.overdue == 1
    assert [(g.label, [i.text for i in g.items]) for g in result.owed_to_me] == [
        ("Dr Rosa Mentor", ["Rosa reads the draft"]),
        ("Kim Second Mentee", ["Kim books the room"]),
    ]
    with_done = owed(items, [SPONSORSHIP], PEOPLE, SAM, today, open_only=False)
    assert [i.text for i in with_done.i_owe[0].items] == ["CV to Lee", "Done already"]
    assert owed(items, [PAIR], PEOPLE, "stranger", today).i_owe == []
