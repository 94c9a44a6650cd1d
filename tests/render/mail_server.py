"""A real SMTP server for the tests (aiosmtpd on 127.0.0.1), and the messages it received.

No mocks: the app's smtplib client talks SMTP to it over a real socket, and the tests parse
the bytes the server got.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import Parser
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "zoe@example.org"
PASSWORD = "correct horse battery"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    mail_options: list[str]

    @property
    def message(self) -> EmailMessage:
        # Decoded first: an SMTPUTF8 message has raw UTF-8 in its headers (RFC 6532), which
        # the bytes parser would keep as surrogates.
        return Parser(policy=policy.SMTPUTF8).parsestr(self.data.decode("utf-8"))  # type: ignore[return-value]


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                bytes(envelope.original_content or envelope.content),
                list(envelope.mail_options),
            )
        )
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == USER
        and auth_data.password.decode() == PASSWORD
    )
    # handled=False: the server itself answers 535 to a refused login.
    return AuthResult(success=ok, handled=False)


@contextlib.contextmanager
def smtp_server(*, auth: bool = False, smtputf8: bool = True) -> Iterator[tuple[int, Handler]]:
    handler = Handler()
    kwargs: dict = {"enable_SMTPUTF8": smtputf8}
    if auth:
        kwargs.update(authenticator=_authenticator, auth_required=True, auth_require_tls=False)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    try:
        yield controller.port, handler
    finally:
        controller.stop()


@contextlib.contextmanager
def closing_server() -> Iterator[int]:
    """A server that accepts connections and closes them at once: a mail server gone bad."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        listener.close()


def write_config(config_home: Path, port: int, **extra: str) -> Path:
    """`config.toml` with an [smtp] table for the test server (plain SMTP on loopback)."""
    folder = config_home / "mentor-tui"
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["[smtp]", 'host = "127.0.0.1"', f"port = {port}", 'security = "none"']
    lines += [f'{key} = "{value}"' for key, value in extra.items()]
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
