"""mailto: links: every field percent-encoded, and subject-only when too long."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from mentor_tui.render.mailto import SAFE_LENGTH, mailto_link


def fields(url: str) -> tuple[list[str], dict[str, str]]:
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    to = [unquote(a) for a in parts.path.split(",") if a]
    query = {}
    for pair in parts.query.split("&"):
        key, _, value = pair.partition("=")
        query[key] = value
    return to, query


def test_round_trip_of_every_field():
    subject = "Follow-up: Zoë & Łukasz = 100% ?#+"
    body = "Dear Łukasz,\n\n- a & b = c?\n- 50% #1 +x\n«done»\n"
    link = mailto_link(
        to=["lukasz.ozturk@example.org", "x+tag@example.org"],
        cc=["ana.brandao@example.org"],
        subject=subject,
        body=body,
    )
    assert link.has_body
    to, query = fields(link.url)
    assert to == ["lukasz.ozturk@example.org", "x+tag@example.org"]
    assert [unquote(a) for a in query["cc"].split(",")] == ["ana.brandao@example.org"]
    assert unquote(query["subject"]) == subject
    # RFC 6068: line breaks travel as CRLF.
    assert unquote(query["body"]) == body.rstrip("\n").replace("\n", "\r\n")
    # Nothing that could end a field or the URL is left unencoded.
    for raw in (query["subject"], query["body"]):
        assert not set(raw) & set("&=?# \n\r+«")


def test_long_body_falls_back_to_subject_only():
    link = mailto_link(to=["a@example.org"], subject="Zoë's follow-up", body="ü" * 5000)
    assert not link.has_body
    assert len(link.url) <= SAFE_LENGTH
    to, query = fields(link.url)
    assert to == ["a@example.org"]
    assert "body" not in query
    assert unquote(query["subject"]) == "Zoë's follow-up"


def test_no_recipients_still_makes_a_link():
    link = mailto_link(to=[], subject="s", body="b")
    assert link.url == "mailto:?subject=s&body=b"
