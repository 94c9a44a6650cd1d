"""The template variables: who, what was said (shared only), what was agreed, what moved."""

from __future__ import annotations

from followup_pair import PRIVATE_TEXTS

from mentor_tui.core.models import Visibility
from mentor_tui.render.context import build_context, first_name, long_date


def test_people_sender_to_and_cc(context, pair):
    assert context["sender"]["name"] == "Zoë Ñúñez"
    assert [p["name"] for p in context["to"]] == ["Dr Łukasz Öztürk"]
    assert [p["name"] for p in context["cc"]] == ["Ana Brandão"]
    assert {p["name"] for p in context["mentors"]} == {"Zoë Ñúñez", "Ana Brandão"}
    assert context["to"][0]["first_name"] == "Łukasz"


def test_the_mentee_as_sender_writes_to_the_mentors(repo, pair, record):
    from datetime import date
    from zoneinfo import ZoneInfo

    ctx = build_context(
        record, tz=ZoneInfo("UTC"), today=date(2026, 3, 20), sender_id=pair.mentee_id
    )
    assert ctx["sender"]["name"] == "Dr Łukasz Öztürk"
    assert {p["name"] for p in ctx["to"]} == {"Zoë Ñúñez", "Ana Brandão"}
    assert ctx["cc"] == []


def test_only_shared_notes_of_this_session(context):
    text = repr(context)
    for secret in PRIVATE_TEXTS:
        assert secret not in text
    assert "EARLIER-SESSION" not in text
    bodies = [n["body"] for n in context["notes"]]
    assert bodies == [
        "Grant: aim for the spring call — «aims page» first.",
        "Showed Zotero groups & shared\nlibraries, step by step.",
    ]
    assert [s["title"] for s in context["notes_by_section"]] == ["Check-in", "The mentee teaches"]
    assert context["reverse_notes"][0]["author"] == "Dr Łukasz Öztürk"


def test_private_notes_are_dropped_even_if_a_caller_loads_them(repo, pair, record):
    from datetime import date
    from zoneinfo import ZoneInfo

    record.notes = repo.notes.for_session(
        pair.session_id, viewer_id=pair.mentor_id, include_private=True
    )
    assert any(n.visibility == Visibility.PRIVATE for n in record.notes)
    ctx = build_context(record, tz=ZoneInfo("UTC"), today=date(2026, 3, 20))
    assert PRIVATE_TEXTS[0] not in repr(ctx)


def test_actions_by_owner_with_due_dates_and_carry_over(context):
    groups = {g["owner"]["name"]: g["items"] for g in context["actions_by_owner"]}
    assert [i["text"] for i in groups["Zoë Ñúñez"]] == ["Introduce Łukasz to the grants office"]
    mentee = groups["Dr Łukasz Öztürk"]
    assert [(i["text"], i["due"], i["carried"], i["overdue"]) for i in mentee] == [
        ("Draft the specific aims page", "2026-03-31", False, False),
        ("Read the grants primer", "2026-03-10", True, True),
    ]
    assert mentee[0]["due_long"] == "Tuesday 31 March 2026"
    # Done items from earlier sessions are not carried over.
    assert all(a["text"] != "Send the old protocol" for a in context["actions"])


def test_goals_that_moved_and_new_goals(context):
    [moved] = context["goals_moved"]
    assert (moved["title"], moved["from_progress"], moved["to_progress"], moved["change"]) == (
        "Submit a first grant",
        20,
        45,
        25,
    )
    assert moved["comment"] == "Aims drafted."
    [new] = context["goals_new"]
    assert new["title"] == "Use Zotero groups for the lab" and new["reverse"] is True


def test_skills_session_and_next_meeting(context):
    assert context["skills"] == [
        {
            "topic": "Reference managers",
            "topic_key": "reference-managers",
            "person": "Zoë Ñúñez",
            "person_id": context["sender"]["id"],
            "person_first_name": "Zoë",
            "before": 2,
            "after": 4,
            "change": 2,
        }
    ]
    session = context["session"]
    assert (session["date"], session["start_time"], session["end_time"], session["minutes"]) == (
        "2026-03-17",
        "17:30",
        "18:15",
        45,
    )
    meeting = context["next_meeting"]
    # Every two weeks on Tuesday from 6 January: 3 March, 17 March, then 31 March; the
    # clocks change on 29 March and the meeting keeps its wall-clock time.
    assert (meeting["date"], meeting["time"], meeting["zone"]) == (
        "2026-03-31",
        "17:30",
        "Europe/Paris",
    )
    assert meeting["iso"] == "2026-03-31T17:30+02:00"
    assert meeting["minutes"] == 45 and meeting["end_time"] == "18:15"


def test_names_and_dates_are_locale_free():
    assert first_name("Dr Łukasz Öztürk") == "Łukasz"
    assert first_name("Prof. Zoë Ñúñez") == "Zoë"
    assert first_name("Madonna") == "Madonna"
    from datetime import date

    assert long_date(date(2026, 3, 1)) == "Sunday 1 March 2026"


def test_an_item_dropped_as_no_longer_needed_leaves_the_email(repo, pair):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from followup_pair import TODAY, ZONE

    from mentor_tui.cli.followup import followup_context

    aims = next(
        i for i in repo.actions.list(session_id=pair.session_id)
        if i.text == "Draft the specific aims page"
    )
    repo.actions.set_dropped(aims.id)
    context = followup_context(
        repo, pair.session_id, sender_id=pair.mentor_id, zone=ZONE, today=TODAY,
        at_now=datetime.combine(TODAY, time(9), ZoneInfo(ZONE)),
    )
    assert "Draft the specific aims page" not in {a["text"] for a in context["actions"]}
    assert "Read the grants primer" in {a["text"] for a in context["actions"]}
