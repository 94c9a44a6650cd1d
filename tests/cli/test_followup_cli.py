"""`mentor-tui followup` and `mentor-tui schedule`, run as a real process on a real database.

Every error path ends with exit status 1 and one line on stderr (usage errors: 2), never a
traceback, and writes nothing.
"""

from __future__ import annotations

import os
import stat
import subprocess
from datetime import date, datetime, time, timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import clikit
import icalendar
import pytest
from clikit import one_line_error
from dateutil.rrule import rrulestr
from render.followup_pair import PRIVATE_TEXTS, build_pair

from mentor_tui.store import open_store


def run(*args: str, env: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
    return clikit.run(*args, env={**os.environ, "TZ": "Europe/Paris", "LANG": "C.UTF-8", **(env or {})}, cwd=cwd)


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    ok(run("demo", "--no-open", "--db", str(path)))
    return path


def read_eml(path: Path):
    with open(path, "rb") as handle:
        return BytesParser(policy=policy.default).parse(handle)


# -- the happy paths -------------------------------------------------------------------


def test_followup_last_eml_from_the_demo(demo_db, tmp_path):
    target = tmp_path / "f.eml"
    result = ok(run("--db", str(demo_db), "followup", "--last", "--eml", str(target)))
    assert str(target) in result.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    message = read_eml(target)
    assert message["From"].addresses[0].addr_spec == "amara.okafor@example.org"
    assert message["To"].addresses[0].addr_spec == "lukas.berg@example.org"
    assert message["Subject"].startswith("Our meeting on ")
    assert message["Date"].datetime is not None and message["Message-ID"]
    body = message.get_content()
    assert "WHAT WE AGREED" in body and "NEXT TIME" in body
    assert "Private:" not in body  # the demo's private note


def test_schedule_next_ics_from_the_demo(demo_db, tmp_path):
    target = tmp_path / "n.ics"
    result = ok(run("--db", str(demo_db), "schedule", "--next", "--ics", str(target)))
    assert result.stdout.startswith("Next meeting: ") and "(Europe/Paris)" in result.stdout
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    [event] = cal.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert start > datetime.now(start.tzinfo)
    # Tuesdays at 17:00: no time chosen in a wrap-up yet and none in the agreement.
    assert start.weekday() == 1 and start.time() == time(17, 0)
    assert event.decoded("DTEND") - start == timedelta(minutes=45)  # the agreement's length
    assert str(event["ORGANIZER"]) == "mailto:amara.okafor@example.org"
    assert str(event["ATTENDEE"]) == "mailto:lukas.berg@example.org"
    dates = list(rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)[:3])
    assert [(b - a).days for a, b in zip(dates, dates[1:], strict=False)] == [14, 14]


def test_non_ascii_eml_with_cc_and_the_sender_chosen_with_as(pair_db, tmp_path):
    db, pair = pair_db
    target = tmp_path / "zoë.eml"
    ok(run("--db", str(db), "--as", "Zoë Ñúñez", "followup", pair.session_id, "--eml", str(target)))
    message = read_eml(target)
    assert message["From"].addresses[0].display_name == "Zoë Ñúñez"
    assert [a.display_name for a in message["To"].addresses] == ["Dr Łukasz Öztürk"]
    assert [a.addr_spec for a in message["Cc"].addresses] == ["ana.brandao@example.org"]
    assert message["Subject"] == "Our meeting on Tuesday 17 March: notes and next steps"
    assert message["Message-ID"].endswith("@example.org>")
    body = message.get_content()
    assert "«aims page»" in body and "Dear Łukasz," in body
    assert "Read the grants primer (still open, was due Tuesday 10 March 2026" in body
    for secret in PRIVATE_TEXTS:
        assert secret not in target.read_bytes().decode("utf-8", "replace")
        assert secret not in body


def test_text_with_each_template_and_a_session_id_prefix(pair_db):
    db, pair = pair_db
    for template, subject in (
        ("followup", "Subject: Our meeting on Tuesday 17 March: notes and next steps"),
        ("next-steps", "Subject: Our meeting on Tuesday 17 March: next steps"),
        ("thanks", "Subject: Thank you for Tuesday 17 March"),
        ("reverse-mentoring", "Subject: Our meeting on Tuesday 17 March: what I learned"),
    ):
        result = ok(
            run("--db", str(db), "--as", "Zoë Ñúñez", "followup", pair.session_id[:8],
                "--template", template, "--text")
        )  # fmt: skip
        assert result.stdout.startswith(subject + "\n\n")
        assert result.stderr == ""
        for secret in PRIVATE_TEXTS:
            assert secret not in result.stdout


def test_mailto_round_trip_and_long_fallback(pair_db, tmp_path):
    db, pair = pair_db
    short = tmp_path / "short.j2"
    short.write_text("Subject: Zoë & co?\n\nDear {{ to[0].first_name }} & all,\n100% done.\n")
    result = ok(run("--db", str(db), "--as", "Zoë Ñúñez", "followup", "--last", "--template",
                    str(short), "--mailto"))  # fmt: skip
    url = result.stdout.strip()
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and unquote(parts.path) == "lukasz.ozturk@example.org"
    query = dict(p.split("=", 1) for p in parts.query.split("&"))
    assert unquote(query["cc"]) == "ana.brandao@example.org"
    assert unquote(query["subject"]) == "Zoë & co?"
    assert unquote(query["body"]) == "Dear Łukasz & all,\r\n100% done."
    assert result.stderr == ""

    long = tmp_path / "long.j2"
    long.write_text("Subject: Long one\n\n{% for i in range(300) %}line {{ i }} é\n{% endfor %}")
    result = ok(run("--db", str(db), "followup", "--last", "--template", str(long), "--mailto"))
    url = result.stdout.strip()
    assert len(url) <= 2000
    query = dict(p.split("=", 1) for p in urlsplit(url).query.split("&"))
    assert unquote(query["subject"]) == "Long one"
    # The link's body is a short pointer at the .eml, not a silently cut email.
    body = unquote(query["body"])
    assert "line 299" not in body and "line 0" not in body
    assert "too long for a mail link" in body and "followup-2026-03-17.eml" in body
    assert "longer than a mailto: link can carry" in result.stderr
    assert "--eml followup-2026-03-17.eml" in result.stderr


def test_list_templates(tmp_path):
    result = ok(run("--db", str(tmp_path / "unused.db"), "followup", "--list-templates"))
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names[0] == "followup" and {"thanks", "reverse-mentoring"} <= set(names)


def test_summary_markdown_helper_for_sessions_show(pair_db):
    from mentor_tui.cli.followup import session_markdown_for

    db, pair = pair_db
    with open_store(db) as repo:
        text = session_markdown_for(repo, pair.session_id, zone="Europe/Paris")
    assert text.startswith("# Session summary: Zoë & Łukasz")
    assert all(secret not in text for secret in PRIVATE_TEXTS)


# -- broken user templates: one line naming file and line, and nothing written ------------


def user_template(tmp_path: Path, source: str, name: str = "followup") -> tuple[dict, Path]:
    config = tmp_path / "config"
    folder = config / "mentor-tui" / "emails"
    folder.mkdir(parents=True)
    path = folder / f"{name}.j2"
    path.write_text(source, encoding="utf-8")
    return {"XDG_CONFIG_HOME": str(config)}, path


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Subject: x\n\nHello\n{% if %}\n", ", line 4: syntax error"),
        (
            "Subject: x\n\nHi {{ mentee.name }}\n",
            ", line 3: unknown variable: 'mentee' is undefined",
        ),
        ("Subject: x\n\n\n{{ ''.__class__.__mro__ }}\n", ", line 4: blocked by the sandbox"),
        ("Subject: x\n\n{{ cycler.__init__.__globals__ }}\n", ", line 3: blocked by the sandbox"),
        ("Subject: x\n\n{{ people.append(1) }}\n", ", line 3: blocked by the sandbox"),
        ("No subject here\n", ", line 1: the first line it writes must be `Subject: ...`"),
    ],
)
def test_broken_user_template_is_one_line_and_writes_nothing(pair_db, tmp_path, source, expected):
    db, _ = pair_db
    env, path = user_template(tmp_path, source)
    target = tmp_path / "f.eml"
    before = tmp_path / "kept.eml"
    before.write_text("an earlier email")
    for output in (["--eml", str(target)], ["--eml", str(before)], ["--text"], ["--mailto"]):
        result = run("--db", str(db), "followup", "--last", *output, env=env)
        line = one_line_error(result)
        assert str(path) in line and expected in line
        assert result.stdout == ""
    assert not target.exists()
    assert before.read_text() == "an earlier email"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config", "kept.eml", "mentor.db"]


# -- other error paths -------------------------------------------------------------------


def test_errors_are_one_line(pair_db, tmp_path):
    db, pair = pair_db
    d = str(db)
    cases = [
        (["--db", d, "followup", "nosuchsession", "--text"], "No session with id"),
        (["--db", d, "followup", "--last", "--template", "nope", "--text"], 'no email template called "nope"'),
        (["--db", d, "followup", "--last", "--eml", str(tmp_path / "no" / "f.eml")], "does not exist"),
        (["--db", d, "followup", "--last", "--eml", str(tmp_path)], "is a folder"),
        (["--db", d, "--as", "Nobody", "followup", "--last", "--text"], "Nobody called"),
        (["--db", str(tmp_path / "missing.db"), "followup", "--last", "--text"], "no database"),
        (["--db", d, "schedule", "--next", "--ics", str(tmp_path / "n.ics"), "--tz", "Mars/Base"], "time zone"),
        (["--db", d, "schedule", "--next", "--ics", str(tmp_path / "n.ics"), "--time", "25:00"], "HH:MM"),
        (["--db", d, "schedule", "--next", "--ics", str(tmp_path / "n.ics"), "--mentorship", "zzzzzz"], "No mentorship"),
        (["--db", d, "schedule", "--next", "--ics", str(tmp_path / "x" / "n.ics")], "does not exist"),
    ]  # fmt: skip
    for args, expected in cases:
        line = one_line_error(run(*args))
        assert expected in line, (args, line)
    assert not (tmp_path / "missing.db").exists()
    assert not (tmp_path / "n.ics").exists()


def test_no_finished_session_yet(tmp_path):
    db = tmp_path / "empty.db"
    open_store(db).close()
    line = one_line_error(run("--db", str(db), "followup", "--last", "--text"))
    assert "no finished session" in line
    line = one_line_error(
        run("--db", str(db), "schedule", "--next", "--ics", str(tmp_path / "n.ics"))
    )
    assert "no mentorship" in line


def test_schedule_without_a_cadence(tmp_path):
    db = tmp_path / "m.db"
    with open_store(db) as repo:
        build_pair(repo, cadence=False)
    line = one_line_error(
        run("--db", str(db), "schedule", "--next", "--ics", str(tmp_path / "n.ics"))
    )
    assert "no meeting rhythm" in line
    assert not (tmp_path / "n.ics").exists()


def test_schedule_options(pair_db, tmp_path):
    db, pair = pair_db
    target = tmp_path / "n.ics"
    result = ok(
        run("--db", str(db), "schedule", "--next", "--ics", str(target), "--mentorship",
            pair.mentorship_id[:8], "--time", "08:15", "--tz", "America/New_York", "--minutes", "30")
    )  # fmt: skip
    assert "08:15 (America/New_York)" in result.stdout
    [event] = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert start.time() == time(8, 15) and start.weekday() == 1
    assert event.decoded("DTEND") - start == timedelta(minutes=30)
    assert start.date() > date(2026, 3, 17)


@pytest.mark.parametrize(
    "args",
    [
        ["followup", "--last"],  # no output chosen
        ["followup", "--last", "--text", "--mailto"],
        ["followup", "--text"],  # no session
        ["followup", "abc", "--last", "--text"],
        ["schedule", "--ics", "n.ics"],  # --next missing
        ["schedule", "--next"],  # --ics missing
    ],
)
def test_usage_errors_exit_2(pair_db, args, tmp_path):
    db, _ = pair_db
    result = run("--db", str(db), *args, cwd=tmp_path)
    one_line_error(result, status=2)
    assert list(tmp_path.iterdir()) == [] or not (tmp_path / "n.ics").exists()


def test_after_an_ethics_debrief_the_default_carries_no_notes_and_the_full_one_warns(pair_db):
    db, pair = pair_db
    with open_store(db) as repo:
        session = repo.sessions.get(pair.session_id)
        session.agenda_key = "ethics-case-debrief"
        session.agenda_name = "Ethics and professionalism case debrief"
        repo.sessions.save(session)
    base = ("--db", str(db), "--as", "Zoë Ñúñez", "followup", pair.session_id)
    quiet = ok(run(*base, "--text", "--opening", "Thank you for trusting me with this."))
    assert quiet.stdout.startswith("Subject: Our meeting on Tuesday 17 March: next steps\n")
    assert "Dear Łukasz,\n\nThank you for trusting me with this.\n" in quiet.stdout
    assert "Grant: aim" not in quiet.stdout and "Ethics" not in quiet.stdout
    assert quiet.stderr == ""
    full = ok(run(*base, "--text", "--template", "followup"))
    assert "Grant: aim" in full.stdout  # the sender chose it
    assert "next-steps sends next steps only" in full.stderr
