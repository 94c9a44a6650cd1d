"""A `mailto:` link (RFC 6068) for the follow-up: every field percent-encoded.

Mail clients and browsers cut or refuse long URLs (some at about 2,000 characters), so a
link whose body makes it longer than that is given without the body: subject only, with the
recipients. The caller says so, and offers the .eml or the text instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

SAFE_LENGTH = 2000


@dataclass(frozen=True)
class MailtoLink:
    url: str
    has_body: bool  # False when the body was left out to keep the link short enough


def _q(text: str) -> str:
    return quote(text, safe="")


def mailto_link(
    *,
    to: Sequence[str],
    cc: Sequence[str] = (),
    subject: str,
    body: str,
    limit: int = SAFE_LENGTH,
) -> MailtoLink:
    recipients = ",".join(_q(a.strip()) for a in to if a.strip())
    head = f"mailto:{recipients}"
    fields = []
    copies = [a.strip() for a in cc if a.strip()]
    if copies:
        fields.append("cc=" + ",".join(_q(a) for a in copies))
    fields.append("subject=" + _q(subject))
    # RFC 6068: line breaks in a body are written as %0D%0A.
    crlf = "\r\n".join(body.rstrip("\n").splitlines())
    full = head + "?" + "&".join([*fields, "body=" + _q(crlf)])
    if len(full) <= limit:
        return MailtoLink(full, True)
    return MailtoLink(head + "?" + "&".join(fields), False)
