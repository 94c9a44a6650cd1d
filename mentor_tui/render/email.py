"""The follow-up as a real RFC 5322 message (.eml) that mail clients open as a draft."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formatdate, make_msgid
from pathlib import Path
from typing import Any

from mentor_tui.core.errors import UserError
from mentor_tui.files import write_private

_ADDR = re.compile(r"[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\]+\.[^@\s<>(),;:\"\[\]\\]+")


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str


def ascii_domain(domain: str) -> str:
    """The domain as DNS and every mail header need it: IDNA ("bücher.de" -> "xn--bcher-kva.de")."""
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise UserError(
            f'The domain "{domain}" cannot be written for the mail system; check its spelling.'
        ) from None


def address(person: Recipient, *, utf8_local: bool = False) -> Address:
    """The person's address with an IDNA-encoded domain.

    A local part (before the @) with non-ASCII letters cannot be encoded at all: it is
    refused, unless `utf8_local` (the message goes to a server that offers SMTPUTF8).
    """
    mail = person.email.strip()
    if not _ADDR.fullmatch(mail):
        raise UserError(
            f'The email address of {person.name} ("{mail}") is not valid; correct it and try again.'
        )
    local, _, domain = mail.rpartition("@")
    if not local.isascii() and not utf8_local:
        raise UserError(
            f'The email address of {person.name} ("{mail}") has non-ASCII letters before the @, '
            "which most mail systems cannot carry; use an ASCII address for them."
        )
    try:
        return Address(display_name=person.name, username=local, domain=ascii_domain(domain))
    except (ValueError, IndexError, TypeError):
        raise UserError(
            f'The email address of {person.name} ("{mail}") is not valid; correct it and try again.'
        ) from None


def ascii_address(mail: str) -> str:
    """An address for a mailto: link or an envelope: domain IDNA-encoded, local part as is."""
    local, at, domain = mail.strip().rpartition("@")
    return f"{local}{at}{ascii_domain(domain)}" if at else mail.strip()


def build_message(
    *,
    subject: str,
    body: str,
    sender: Recipient,
    to: Sequence[Recipient] = (),
    cc: Sequence[Recipient] = (),
    date: datetime | None = None,
    draft: bool = True,
    utf8_local: bool = False,
) -> EmailMessage:
    """From, To, Cc, Subject, Date, Message-ID and a UTF-8 plain-text body, SMTP policy.

    `utf8_local` lets through local parts with non-ASCII letters (RFC 6531), for a message
    about to go to a server that offers SMTPUTF8; its headers are then written in UTF-8.
    """
    if not sender.email:
        raise UserError(
            f"{sender.name} has no email address, so the email cannot say who it is from; "
            "add one to their profile, or use --text or --mailto."
        )
    if "\n" in subject or "\r" in subject:
        subject = " ".join(subject.split())
    msg = EmailMessage(policy=policy.SMTPUTF8 if utf8_local else policy.SMTP)
    from_address = address(sender, utf8_local=utf8_local)
    msg["From"] = from_address
    if to:
        msg["To"] = [address(r, utf8_local=utf8_local) for r in to]
    if cc:
        msg["Cc"] = [address(r, utf8_local=utf8_local) for r in cc]
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date) if date is not None else formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=from_address.domain or None)
    msg["MIME-Version"] = "1.0"
    if draft:
        # Outlook and Thunderbird open a message with this header as a draft to send.
        msg["X-Unsent"] = "1"
    text = body if body.endswith("\n") else body + "\n"
    msg.set_content(text, subtype="plain", charset="utf-8")
    return msg


def built_for_smtputf8(msg: EmailMessage) -> bool:
    """Whether the message was built for SMTPUTF8 (only an EmailPolicy can say so)."""
    return isinstance(msg.policy, policy.EmailPolicy) and msg.policy.utf8


def message_bytes(msg: EmailMessage) -> bytes:
    # A message built for SMTPUTF8 keeps its UTF-8 headers; any other is plain SMTP.
    return msg.as_bytes(policy=msg.policy if built_for_smtputf8(msg) else policy.SMTP)


def write_eml(msg: EmailMessage, path: str | os.PathLike[str]) -> Path:
    """Written 0600 (the body holds the pair's notes), atomically: all of it or nothing."""
    return write_private(path, message_bytes(msg), what="follow-up email")


@dataclass(frozen=True)
class Envelope:
    """Who the follow-up goes from and to, as the template context names them."""

    sender: Recipient
    to: list[Recipient]
    cc: list[Recipient]
    without_email: list[str]  # recipients who have no address, to tell the user about

    @property
    def to_addresses(self) -> list[str]:
        return [r.email for r in self.to]

    @property
    def cc_addresses(self) -> list[str]:
        return [r.email for r in self.cc]


def envelope(context: dict[str, Any]) -> Envelope:
    """From a template context (render.context.build_context): its people are person_vars."""

    def pick(people: list[dict[str, str]]) -> list[Recipient]:
        return [Recipient(p["name"], p["email"]) for p in people if p["email"]]

    missing = [p["name"] for p in context["to"] + context["cc"] if not p["email"]]
    sender = context["sender"]
    return Envelope(
        sender=Recipient(sender["name"], sender["email"]),
        to=pick(context["to"]),
        cc=pick(context["cc"]),
        without_email=missing,
    )
