"""Sending mail by SMTP: the `[smtp]` settings, the password, and one delivery.

Settings live in the user's `config.toml` (mentor_tui.config), never in the shared database:

    [smtp]
    host = "smtp.example.org"
    port = 587                 # default: 465 for ssl, 587 for starttls, 25 for none
    security = "starttls"      # "ssl", "starttls", or "none" (loopback hosts only)
    user = "zoe@example.org"   # leave out for a server that needs no login
    from = "Zoë Ñúñez <zoe@example.org>"   # default: the sender's own address

The password is never in that file: it comes from the system keyring (`keyring`, service
`mentor-tui smtp`, user `<user>@<host>`), or it is asked (masked) and, once the server has
accepted it, kept in the keyring if a real one exists. A keyring that writes plain text is
never used. Mail leaves the machine over TLS only (SSL or STARTTLS, certificates checked)
unless the server is on this machine (loopback), where a local relay needs no TLS.
"""

from __future__ import annotations

import ipaddress
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import TYPE_CHECKING

from mentor_tui import config
from mentor_tui.core.errors import UserError
from mentor_tui.render.email import Recipient, address, built_for_smtputf8

if TYPE_CHECKING:
    # keyring itself is imported only when a password is looked up.
    from keyring.backend import KeyringBackend

SECURITY = {"ssl": 465, "starttls": 587, "none": 25}
KEYRING_SERVICE = "mentor-tui smtp"
TIMEOUT = 30.0


class SendError(UserError):
    """The message could not be delivered (server unreachable, login refused, refused mail)."""


class LoginRefused(SendError):
    """The server refused the user name or password: the next try should ask the password."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # "ssl", "starttls" or "none"
    user: str | None = None
    sender: Recipient | None = None  # `from`; None: the message's own sender
    cafile: str | None = None  # a private CA (a relay with its own certificate)

    @property
    def account(self) -> str:
        """The keyring's user name for the password."""
        return f"{self.user}@{self.host}"


def is_loopback(host: str) -> bool:
    if host.strip().lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def smtp_settings(path: Path | None = None) -> SmtpSettings:
    """The checked `[smtp]` table; one sentence naming the file and key when it is wrong."""
    where = path or config.config_path()
    table = config.section("smtp", path)
    if table is None:
        raise UserError(
            f"Sending needs a mail server: add an [smtp] table with host, security and user "
            f"to {where} (see `mentor-tui followup --help`)."
        )
    known = {"host", "port", "security", "user", "from", "cafile"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise UserError(
            f"In {where}, [smtp] has an unknown key {unknown[0]!r}; "
            f"the keys are {', '.join(sorted(known))}."
        )
    host = table.get("host")
    if not isinstance(host, str) or not host.strip() or any(c.isspace() for c in host.strip()):
        raise UserError(f"In {where}, [smtp] host must be a server name such as smtp.example.org.")
    host = host.strip()
    security = table.get("security", "starttls")
    if security not in SECURITY:
        raise UserError(
            f'In {where}, [smtp] security must be "ssl", "starttls" or "none", not {security!r}.'
        )
    if security == "none" and not is_loopback(host):
        raise UserError(
            f'In {where}, [smtp] security = "none" is allowed only for a server on this machine '
            f'(localhost); use "ssl" or "starttls" for {host}.'
        )
    port = table.get("port", SECURITY[security])
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise UserError(f"In {where}, [smtp] port must be a number from 1 to 65535.")
    user = table.get("user")
    if user is not None and (not isinstance(user, str) or not user.strip()):
        raise UserError(f"In {where}, [smtp] user must be the login name, or left out.")
    sender = None
    if (raw := table.get("from")) is not None:
        name, mail = parseaddr(raw) if isinstance(raw, str) else ("", "")
        if not mail or "@" not in mail:
            raise UserError(
                f'In {where}, [smtp] from must be an address such as "Zoë <zoe@example.org>".'
            )
        sender = Recipient(name, mail)
    cafile = table.get("cafile")
    if cafile is not None and not (isinstance(cafile, str) and Path(cafile).expanduser().is_file()):
        raise UserError(f"In {where}, [smtp] cafile must name a certificate file that exists.")
    return SmtpSettings(
        host=host,
        port=port,
        security=security,
        user=user.strip() if user else None,
        sender=sender,
        cafile=str(Path(cafile).expanduser()) if cafile else None,
    )


# -- the password ------------------------------------------------------------------------------


def _usable_keyring() -> KeyringBackend | None:
    """The system keyring, or None when there is none or it would keep the password in plain
    text (keyrings.alt's PlaintextKeyring, the fail and null backends)."""
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring setup must not stop the user typing the password
        return None
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    if "plaintext" in type(backend).__name__.lower():
        return None
    return backend


def stored_password(settings: SmtpSettings) -> str | None:
    backend = _usable_keyring()
    if backend is None or not settings.user:
        return None
    try:
        return backend.get_password(KEYRING_SERVICE, settings.account)
    except Exception:  # a locked or broken keyring: ask instead
        return None


def remember_password(settings: SmtpSettings, password: str) -> bool:
    """Keep a password the server accepted in the keyring; False when there is none."""
    backend = _usable_keyring()
    if backend is None or not settings.user:
        return False
    try:
        backend.set_password(KEYRING_SERVICE, settings.account, password)
    except Exception:
        return False
    return True


# -- one delivery ------------------------------------------------------------------------------


def as_sent(msg: EmailMessage, settings: SmtpSettings) -> EmailMessage:
    """The message as it will go: no draft marker; From the `[smtp] from` address (servers
    refuse to send in another's name) with replies still going to the person who wrote it."""
    if "X-Unsent" in msg:
        del msg["X-Unsent"]
    if settings.sender is not None:
        author = msg["From"]
        chosen = address(settings.sender, utf8_local=built_for_smtputf8(msg))
        author_mail = str(author.addresses[0].addr_spec) if author and author.addresses else ""
        if author_mail.lower() != chosen.addr_spec.lower():
            del msg["From"]
            name = settings.sender.name or (author.addresses[0].display_name if author else "")
            msg["From"] = Address(name, chosen.username, chosen.domain)
            if author and "Reply-To" not in msg:
                msg["Reply-To"] = author.addresses[0]
    return msg


def recipients_of(msg: EmailMessage) -> list[str]:
    return [mail for _, mail in getaddresses(msg.get_all("To", []) + msg.get_all("Cc", []))]


def _tls(settings: SmtpSettings) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=settings.cafile)


def deliver(
    msg: EmailMessage,
    settings: SmtpSettings,
    *,
    password: str | Callable[[], str | None] | None = None,
    timeout: float = TIMEOUT,
) -> str:
    """Send the message; its Message-ID. A SendError (one sentence) when it did not go.

    `password` may be a function: it is called only if the server is reached and a login is
    needed, so a prompt never comes before a connection error.
    """
    if settings.security == "none" and not is_loopback(settings.host):
        # smtp_settings refuses this already; a second check where the bytes leave.
        raise SendError(f"Refusing to send to {settings.host} without TLS; use ssl or starttls.")
    msg = as_sent(msg, settings)
    where = f"{settings.host}:{settings.port}"
    try:
        if settings.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=timeout, context=_tls(settings)
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
        with client:
            client.ehlo()
            if settings.security == "starttls":
                if not client.has_extn("starttls"):
                    raise SendError(
                        f"The mail server {where} does not offer STARTTLS, so nothing was sent "
                        'unencrypted; use security = "ssl" or another server.'
                    )
                client.starttls(context=_tls(settings))
                client.ehlo()
            if settings.user:
                secret = password() if callable(password) else password
                if not secret:
                    raise SendError(f"No password for {settings.account}, so nothing was sent.")
                client.login(settings.user, secret)
            client.send_message(msg)
    except SendError:
        raise
    except smtplib.SMTPAuthenticationError:
        raise LoginRefused(
            f"The mail server {where} refused the login of {settings.user}; check the user name "
            "and password."
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise SendError(
            f"The mail server {where} cannot carry addresses with non-ASCII letters before the @ "
            "(no SMTPUTF8); use an ASCII address."
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(sorted(exc.recipients))
        raise SendError(f"The mail server {where} refused the recipients {refused}.") from None
    except smtplib.SMTPResponseException as exc:
        text = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        raise SendError(
            f"The mail server {where} refused the message ({exc.smtp_code} {' '.join(text.split())[:120]})."
        ) from None
    except ssl.SSLCertVerificationError as exc:
        raise SendError(
            f"The certificate of {where} could not be verified ({exc.verify_message}); nothing "
            "was sent."
        ) from None
    except (smtplib.SMTPException, ssl.SSLError) as exc:
        raise SendError(f"The connection to the mail server {where} failed ({exc}).") from None
    except TimeoutError:
        raise SendError(f"The mail server {where} did not answer in {timeout:.0f} s.") from None
    except OSError as exc:
        raise SendError(f"Cannot reach the mail server {where} ({exc.strerror or exc}).") from None
    return str(msg["Message-ID"])


# -- send, or keep it to retry -----------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    sent: bool
    message_id: str
    recipients: list[str]
    error: str | None = None  # one sentence, when it did not go
    kept: str | None = None  # "<person id>/<file>" under the outbox folder, when it did not go
    login_refused: bool = False


def needs_smtputf8(*recipients: Recipient) -> bool:
    return any(not r.email.strip().rpartition("@")[0].isascii() for r in recipients)


def send_or_keep(
    msg: EmailMessage,
    settings: SmtpSettings,
    *,
    data_dir: Path,
    person_id: str,
    password: str | Callable[[], str | None] | None = None,
    timeout: float = TIMEOUT,
) -> Outcome:
    """Deliver; when the server cannot be reached or refuses, keep the message as an .eml in
    the person's outbox (`<data dir>/outbox/<person id>`, 0600) so that nothing written is lost."""
    from mentor_tui import outbox
    from mentor_tui.core.clock import now
    from mentor_tui.render.email import message_bytes

    recipients = recipients_of(msg)
    try:
        message_id = deliver(msg, settings, password=password, timeout=timeout)
    except SendError as exc:
        folder = outbox.outbox_dir(data_dir, person_id)
        name = f"unsent-{now():%Y%m%d-%H%M%S}-{_short_id(msg)}.eml"
        outbox.save(folder, name, message_bytes(msg))
        return Outcome(
            False,
            str(msg["Message-ID"]),
            recipients,
            exc.message,
            f"{person_id}/{name}",
            login_refused=isinstance(exc, LoginRefused),
        )
    return Outcome(True, message_id, recipients)


def _short_id(msg: EmailMessage) -> str:
    import hashlib

    return hashlib.sha256(str(msg["Message-ID"]).encode()).hexdigest()[:8]


def read_kept(data_dir: Path, kept: str) -> EmailMessage:
    """A message kept by send_or_keep, to send again."""
    from email import policy
    from email.parser import BytesParser

    from mentor_tui import outbox

    person_id, _, name = kept.partition("/")
    folder = outbox.outbox_dir(data_dir, person_id)
    path = folder / outbox.check_name(name)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"The unsent message {name} is no longer in the outbox.") from None
    return BytesParser(policy=policy.SMTPUTF8 if not data.isascii() else policy.SMTP).parsebytes(
        data
    )


def forget_kept(data_dir: Path, kept: str) -> None:
    from mentor_tui import outbox

    person_id, _, name = kept.partition("/")
    path = outbox.outbox_dir(data_dir, person_id) / outbox.check_name(name)
    path.unlink(missing_ok=True)
