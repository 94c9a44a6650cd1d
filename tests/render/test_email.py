"""The .eml: a real RFC 5322 message that the standard parser reads back, written 0600."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime

import pytest

from mentor_tui.core.errors import UserError
from mentor_tui.render.email import Recipient, build_message, envelope, write_eml
from mentor_tui.render.templates import render_email

ZOE = Recipient("Zoë Ñúñez", "zoe.nunez@example.org")
LUKASZ = Recipient("Dr Łukasz Öztürk", "lukasz.ozturk@example.org")
ANA = Recipient("Ana Brandão", "ana.brandao@example.org")


def read_back(path):
    with open(path, "rb") as handle:
        return BytesParser(policy=policy.default).parse(handle)


def test_eml_round_trip_headers_and_utf8_body(tmp_path, context):
    email = render_email("followup", context)
    env = envelope(context)
    assert (env.sender, env.to, env.cc) == (ZOE, [LUKASZ], [ANA])
    message = build_message(
        subject=email.subject,
        body=email.body,
        sender=env.sender,
        to=env.to,
        cc=env.cc,
        date=datetime(2026, 3, 17, 18, 20, tzinfo=UTC),
    )
    path = write_eml(message, tmp_path / "f.eml")
    parsed = read_back(path)
    assert parsed["From"].addresses[0].display_name == "Zoë Ñúñez"
    assert parsed["From"].addresses[0].addr_spec == "zoe.nunez@example.org"
    assert [a.addr_spec for a in parsed["To"].addresses] == ["lukasz.ozturk@example.org"]
    assert parsed["To"].addresses[0].display_name == "Dr Łukasz Öztürk"
    assert [a.display_name for a in parsed["Cc"].addresses] == ["Ana Brandão"]
    assert parsed["Subject"] == "Our meeting on Tuesday 17 March: notes and next steps"
    assert parsed["Date"].datetime == datetime(2026, 3, 17, 18, 20, tzinfo=UTC)
    assert parsed["Message-ID"].startswith("<") and parsed["Message-ID"].endswith("@example.org>")
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content_charset() == "utf-8"
    body = parsed.get_content()
    assert body == email.body
    assert "«aims page»" in body and "Introduce Łukasz to the grants office" in body
    assert parsed["X-Unsent"] == "1"
    # Headers on the wire are ASCII (RFC 2047 encoded words); CRLF line endings (SMTP policy).
    raw = path.read_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0]
    head.decode("ascii")
    assert b"\r\n" in raw


def test_eml_is_readable_by_its_owner_only_and_replaces_atomically(tmp_path):
    target = tmp_path / "f.eml"
    target.write_text("old")
    os.chmod(target, 0o644)
    write_eml(build_message(subject="s", body="b", sender=ZOE, to=[LUKASZ]), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert read_back(target)["Subject"] == "s"
    assert [p.name for p in tmp_path.iterdir()] == ["f.eml"]  # no temporary left behind


def test_default_date_and_unique_message_ids():
    first = build_message(subject="s", body="b", sender=ZOE, to=[LUKASZ])
    second = build_message(subject="s", body="b", sender=ZOE, to=[LUKASZ])
    assert first["Message-ID"] != second["Message-ID"]
    assert parsedate_to_datetime(first["Date"]).tzinfo is not None


def test_sender_without_address_is_a_clear_error():
    with pytest.raises(UserError, match="has no email address"):
        build_message(subject="s", body="b", sender=Recipient("Zoë", ""), to=[LUKASZ])


@pytest.mark.parametrize("bad", ["not-an-address", "a@b", "x y@example.org", "a@@example.org"])
def test_invalid_addresses_are_refused(bad):
    with pytest.raises(UserError, match="is not valid"):
        build_message(subject="s", body="b", sender=ZOE, to=[Recipient("X", bad)])


def test_newlines_in_a_subject_cannot_inject_headers(tmp_path):
    message = build_message(subject="Hi\nBcc: evil@example.org", body="b", sender=ZOE, to=[LUKASZ])
    path = write_eml(message, tmp_path / "f.eml")
    parsed = read_back(path)
    assert parsed["Bcc"] is None
    assert parsed["Subject"] == "Hi Bcc: evil@example.org"


def test_missing_folder_and_folder_targets(tmp_path):
    message = build_message(subject="s", body="b", sender=ZOE, to=[LUKASZ])
    with pytest.raises(UserError, match="does not exist"):
        write_eml(message, tmp_path / "nowhere" / "f.eml")
    with pytest.raises(UserError, match="is a folder"):
        write_eml(message, tmp_path)
