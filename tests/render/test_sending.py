"""Addresses as mail systems need them, and delivery through a real SMTP server (aiosmtpd on
127.0.0.1): IDNA domains, non-ASCII local parts refused or sent with SMTPUTF8, mailto links
that stay under the limit with a pointer at the .eml."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from mail_server import smtp_server

from mentor_tui.core.errors import UserError
from mentor_tui.render.email import Recipient, build_message, message_bytes
from mentor_tui.render.mailto import mailto_link
from mentor_tui.render.sending import (
    SendError,
    SmtpSettings,
    deliver,
    is_loopback,
    needs_smtputf8,
    send_or_keep,
    smtp_settings,
)

ZOE = Recipient("Zoë Ñúñez", "zoe@example.org")
BUCHER = Recipient("Jürgen Bücher", "juergen@bücher.example")
LOCAL = Recipient("Łukasz", "łukasz@example.org")


def loopback(port: int) -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=port, security="none")


def test_non_ascii_domains_are_idna_encoded_in_the_headers_and_the_envelope():
    msg = build_message(subject="Hi", body="Körper", sender=ZOE, to=[BUCHER], draft=False)
    assert b"juergen@xn--bcher-kva.example" in message_bytes(msg)
    assert message_bytes(msg).split(b"\r\n\r\n")[0].isascii()  # headers; the body is 8bit
    with smtp_server() as (port, server):
        deliver(msg, loopback(port))
    [got] = server.received
    assert got.rcpt_tos == ["juergen@xn--bcher-kva.example"]
    assert got.message["To"].addresses[0].display_name == "Jürgen Bücher"
    assert "SMTPUTF8" not in got.mail_options


def test_a_non_ascii_local_part_is_refused_in_one_sentence():
    with pytest.raises(UserError) as caught:
        build_message(subject="Hi", body="x", sender=ZOE, to=[LOCAL])
    assert "non-ASCII letters before the @" in caught.value.message
    assert "\n" not in caught.value.message


def test_a_non_ascii_local_part_goes_with_smtputf8_when_the_server_offers_it():
    assert needs_smtputf8(ZOE, LOCAL)
    msg = build_message(subject="Hi", body="x", sender=ZOE, to=[LOCAL], utf8_local=True)
    with smtp_server(smtputf8=True) as (port, server):
        deliver(msg, loopback(port))
    [got] = server.received
    assert "SMTPUTF8" in got.mail_options
    assert got.rcpt_tos == ["łukasz@example.org"]
    assert "To: Łukasz <łukasz@example.org>" in got.header_text


def test_without_smtputf8_the_server_is_not_sent_a_broken_address(tmp_path):
    msg = build_message(subject="Hi", body="x", sender=ZOE, to=[LOCAL], utf8_local=True)
    with smtp_server(smtputf8=False) as (port, server):
        outcome = send_or_keep(msg, loopback(port), data_dir=tmp_path, person_id="p1")
    assert server.received == []
    assert not outcome.sent and "SMTPUTF8" in (outcome.error or "")
    assert (tmp_path / "outbox" / outcome.kept).read_bytes() == message_bytes(msg)


def test_mailto_encodes_domains_and_points_at_the_eml_when_too_long():
    link = mailto_link(to=[BUCHER.email], subject="S", body="short")
    assert unquote(urlsplit(link.url).path) == "juergen@xn--bcher-kva.example"
    long = mailto_link(
        to=["a@example.org"], subject="S", body="word " * 1000, fallback="See followup.eml."
    )
    assert not long.has_body and len(long.url) <= 2000
    query = dict(p.split("=", 1) for p in urlsplit(long.url).query.split("&"))
    assert unquote(query["body"]) == "See followup.eml."


@pytest.mark.parametrize(
    ("host", "expected"),
    [("127.0.0.1", True), ("::1", True), ("localhost", True), ("127.0.0.2", True),
     ("smtp.example.org", False), ("192.0.2.2", False), ("localhost.example.org", False)],
)  # fmt: skip
def test_loopback_hosts(host, expected):
    assert is_loopback(host) is expected


def test_settings_read_and_check_the_smtp_table(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text(
        '[smtp]\nhost = "smtp.example.org"\nsecurity = "ssl"\nuser = "zoe"\n'
        'from = "Zoë <zoe@example.org>"\n',
        encoding="utf-8",
    )
    settings = smtp_settings(path)
    assert (settings.host, settings.port, settings.security, settings.user) == (
        "smtp.example.org",
        465,
        "ssl",
        "zoe",
    )
    assert settings.sender == Recipient("Zoë", "zoe@example.org")
    path.write_text('[smtp]\nhost = "smtp.example.org"\nsecurity = "none"\n')
    with pytest.raises(UserError, match="only for a server on this machine"):
        smtp_settings(path)
    path.write_text("[smtp\nhost = 1")
    with pytest.raises(UserError, match="not valid TOML"):
        smtp_settings(path)


def test_deliver_refuses_a_remote_host_without_tls_even_if_settings_were_built_by_hand():
    with pytest.raises(SendError, match="without TLS"):
        deliver(
            build_message(subject="Hi", body="x", sender=ZOE, to=[ZOE]),
            SmtpSettings(host="192.0.2.2", port=25, security="none"),
        )
