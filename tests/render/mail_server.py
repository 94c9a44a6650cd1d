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
from email.parser import BytesParser
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
        return BytesParser(policy=policy.default).parsebytes(self.data)  # type: ignore[return-value]

    @property
    def header_text(self) -> str:
        """The headers as text: an SMTPUTF8 message has raw UTF-8 in them (RFC 6532)."""
        return self.data.split(b"\r\n\r\n", 1)[0].decode("utf-8")


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


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost and 127.0.0.1 (and its key), as a private relay has one."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "relay.pem", folder / "relay.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@contextlib.contextmanager
def tls_server(folder: Path, *, implicit: bool) -> Iterator[tuple[int, Handler, Path]]:
    """A server speaking STARTTLS (required), or TLS from the first byte (`implicit`)."""
    import ssl

    cert, key = self_signed(folder)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler = Handler()
    kwargs: dict = (
        {"ssl_context": context}
        if implicit
        else {
            "tls_context": context,
            "require_starttls": True,
        }
    )
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    try:
        yield controller.port, handler, cert
    finally:
        controller.stop()
