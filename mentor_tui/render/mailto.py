"""A `mailto:` link (RFC 6068) for the follow-up: every field percent-encoded.

Mail clients and browsers cut or refuse long URLs (some at about 2,000 characters), so a
link whose body makes it longer than that is given with a short body instead (`fallback`, for
example a line pointing at the .eml), or the subject only. The caller says so, and offers the
.eml or the text instead. Domains are IDNA-encoded (RFC 6068 section 5), so a link to
"bücher.de" works in every client.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from mentor_tui.render.email import ascii_address

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
    fallback: str | None = None,
) -> MailtoLink:
    recipients = ",".join(_q(ascii_address(a)) for a in to if a.strip())
    head = f"mailto:{recipients}"
    fields = []
    copies = [ascii_address(a) for a in cc if a.strip()]
    if copies:
        fields.append("cc=" + ",".join(_q(a) for a in copies))
    fields.append("subject=" + _q(subject))
    # RFC 6068: line breaks in a body are written as %0D%0A.
    def with_body(text: str) -> str:
        crlf = "\r\n".join(text.rstrip("\n").splitlines())
        return head + "?" + "&".join([*fields, "body=" + _q(crlf)])

    full = with_body(body)
    if len(full) <= limit:
        return MailtoLink(full, True)
    if fallback and len(short := with_body(fallback)) <= limit:
        return MailtoLink(short, False)
    return MailtoLink(head + "?" + "&".join(fields), False)
