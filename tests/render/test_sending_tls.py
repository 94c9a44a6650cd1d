"""Delivery over TLS to a real server with its own certificate: STARTTLS and SSL both work when
the certificate is trusted (`cafile`), and nothing goes when it cannot be verified."""

from __future__ import annotations

import pytest
from mail_server import tls_server

from mentor_tui.render.email import Recipient, build_message
from mentor_tui.render.sending import SendError, SmtpSettings, deliver

ZOE = Recipient("Zoë", "zoe@example.org")


def message():
    return build_message(subject="Hi", body="Körper und Geist", sender=ZOE, to=[ZOE], draft=False)


@pytest.mark.parametrize(("security", "implicit"), [("starttls", False), ("ssl", True)])
def test_tls_with_a_trusted_certificate_delivers(tmp_path, security, implicit):
    with tls_server(tmp_path, implicit=implicit) as (port, server, cert):
        deliver(
            message(),
            SmtpSettings(host="localhost", port=port, security=security, cafile=str(cert)),
        )
    [got] = server.received
    assert got.message.get_body(("plain",)).get_content() == "Körper und Geist\r\n"  # as on the wire


@pytest.mark.parametrize(("security", "implicit"), [("starttls", False), ("ssl", True)])
def test_a_certificate_that_cannot_be_verified_sends_nothing(tmp_path, security, implicit):
    """Fails if `_tls` in render/sending.py stops checking certificates (CERT_NONE)."""
    with (
        tls_server(tmp_path, implicit=implicit) as (port, server, _cert),
        pytest.raises(SendError, match="could not be verified"),
    ):
        deliver(message(), SmtpSettings(host="localhost", port=port, security=security))
    assert server.received == []
