"""`mentor-tui remind`, run as a real process against a real SMTP server (aiosmtpd on
127.0.0.1). The pair meets every 2 weeks on Tuesday at 17:30 Paris time; their last session
was Tuesday 17 March 2026, so the next is Tuesday 31 March, two days after the change to
summer time.
"""

from __future__ import annotations

import pytest
from cli.test_followup_send import run
from clikit import one_line_error
from render.followup_pair import PRIVATE_TEXTS
from render.mail_server import closing_server, smtp_server, write_config

from mentor_tui.core.mail import MEETING_REMINDER, OVERDUE_REMINDER
from mentor_tui.store import open_store

SUNDAY_EVENING = "2026-03-29T18:00+02:00"  # two days before the meeting
FRIDAY = "2026-03-27T09:00+01:00"  # four days before


def remind(db, home, *args):
    return run("remind", *args, "--tz", "Europe/Paris", "--db", str(db), home=home)


def rows(db):
    with open_store(db) as repo:
        return repo.mail.list()


def test_dry_run_prints_what_would_go_and_records_nothing(pair_db, home):
    db, pair = pair_db
    with smtp_server() as (port, server):
        write_config(home / "config", port)
        result = remind(db, home, "--dry-run", "--now", SUNDAY_EVENING)
        assert result.returncode == 0, result.stderr
        assert server.received == []
    out = result.stdout
    assert "Reminder: mentoring on Tuesday 31 March 2026, 17:30" in out
    assert "at 17:30 (Europe/Paris), for 45 minutes" in out
    assert "Read the grants primer (due Tuesday 10 March 2026, overdue)" in out
    assert out.count("--- would send") == 3
    assert rows(db) == []
    # Nothing was recorded, so the real run still sends them all.
    assert "would send" in remind(db, home, "--dry-run", "--now", SUNDAY_EVENING).stdout


def test_reminders_go_once_and_say_when_the_meeting_is(pair_db, home):
    db, pair = pair_db
    with smtp_server() as (port, server):
        write_config(home / "config", port)
        first = remind(db, home, "--now", SUNDAY_EVENING)
        assert first.returncode == 0, first.stderr
        assert len(server.received) == 3
        again = remind(db, home, "--now", "2026-03-30T07:00+02:00")
        assert again.returncode == 0, again.stderr
        assert again.stdout.strip() == "No reminders are due."
        assert len(server.received) == 3

    by_subject = {r.message["Subject"]: r for r in server.received}
    meeting = by_subject["Reminder: mentoring on Tuesday 31 March 2026, 17:30"]
    assert sorted(meeting.rcpt_tos) == sorted(
        ["zoe.nunez@example.org", "ana.brandao@example.org", "lukasz.ozturk@example.org"]
    )
    body = meeting.message.get_body(("plain",)).get_content()
    assert "Hello Zoë, Ana and Łukasz," in body
    assert "Talking points so far:" in body
    assert "- Łukasz: Draft the specific aims page (due Tuesday 31 March 2026)" in body
    assert "Send the old protocol" not in body  # done items are not reminded
    for text in (*PRIVATE_TEXTS, "aim for the spring call"):
        assert text not in body  # reminders carry no notes at all
    overdue = [r for r in server.received if r.message["Subject"].startswith("Overdue")]
    assert sorted(r.rcpt_tos[0] for r in overdue) == [
        "lukasz.ozturk@example.org",
        "zoe.nunez@example.org",
    ]

    recorded = rows(db)
    assert sorted(r.kind for r in recorded) == sorted(
        [MEETING_REMINDER, OVERDUE_REMINDER, OVERDUE_REMINDER]
    )
    assert {r.message_id for r in recorded} == {r.message["Message-ID"] for r in server.received}


def test_overdue_items_are_reminded_weekly_and_meetings_only_when_close(pair_db, home):
    db, pair = pair_db
    with smtp_server() as (port, server):
        write_config(home / "config", port)
        assert remind(db, home, "--now", FRIDAY).returncode == 0
        subjects = [r.message["Subject"] for r in server.received]
        assert subjects == ["Overdue action items: Zoë & Łukasz"] * 2  # no meeting yet
        assert remind(db, home, "--now", SUNDAY_EVENING).returncode == 0  # same ISO week
        assert [r.message["Subject"] for r in server.received[2:]] == [
            "Reminder: mentoring on Tuesday 31 March 2026, 17:30"
        ]
        assert remind(db, home, "--now", "2026-04-06T09:00+02:00").returncode == 0  # a week on
        assert len(server.received) == 3 + 2


def test_days_before_is_a_setting_of_the_mentorship(pair_db, home):
    db, pair = pair_db
    result = run(
        "remind", "--days-before", "5", "--mentorship", pair.mentorship_id, "--db", str(db),
        home=home,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = remind(db, home, "--dry-run", "--now", FRIDAY).stdout
    assert "Reminder: mentoring on Tuesday 31 March 2026" in out
    run(
        "remind",
        "--days-before",
        "0",
        "--mentorship",
        pair.mentorship_id,
        "--db",
        str(db),
        home=home,
    )
    out = remind(db, home, "--dry-run", "--now", SUNDAY_EVENING).stdout
    assert "Reminder: mentoring" not in out and "Overdue action items" in out


def test_a_failing_server_is_one_line_and_the_next_run_sends(pair_db, home):
    db, pair = pair_db
    with closing_server() as port:
        write_config(home / "config", port)
        line = one_line_error(remind(db, home, "--now", SUNDAY_EVENING))
    assert "next run" in line
    assert rows(db) == []
    with smtp_server() as (port, server):
        write_config(home / "config", port)
        assert remind(db, home, "--now", SUNDAY_EVENING).returncode == 0
    assert len(server.received) == 3


def test_a_bad_moment_is_one_sentence(pair_db, home):
    db, pair = pair_db
    line = one_line_error(remind(db, home, "--dry-run", "--now", "next tuesday"))
    assert "ISO 8601" in line


def test_talking_points_and_the_prepare_list_are_in_the_meeting_reminder(pair_db, home, repo_root):
    """Runs once talking points and agenda prepare lists (issue 15, part 1) are in the tree."""
    from mentor_tui.core.agendas import Agenda

    if "prepare" not in Agenda.__dataclass_fields__:
        pytest.skip("needs talking points and agenda prepare lists (issue 15, part 1)")
    db, pair = pair_db
    with open_store(db) as store, store.as_viewer(pair.mentee_id) as mentee:
        mentee.points.add(pair.mentorship_id, "How to say no to a second project")
    import re

    # The pair's own copy of the agenda their next meeting follows, with its own list.
    builtin = (repo_root / "prompts" / "agendas" / "regular-check-in.toml").read_text()
    mine = re.sub(r"(?ms)^prepare = \[.*?^\]\n", 'prepare = ["Your draft aims page"]\n', builtin)
    assert mine != builtin
    folder = home / "config" / "mentor-tui" / "agendas"
    folder.mkdir(parents=True)
    (folder / "regular-check-in.toml").write_text(mine, encoding="utf-8")
    out = remind(db, home, "--dry-run", "--now", SUNDAY_EVENING).stdout
    assert "Talking points so far:\n- How to say no to a second project (Łukasz)" in out
    assert "To prepare:\n- Your draft aims page" in out
