"""Time in one place: UTC instants as ISO 8601 text, local calendar dates as dates."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime


def now() -> datetime:
    return datetime.now(UTC)


def iso(instant: datetime) -> str:
    """Millisecond precision, always UTC, always with the offset: sortable as text.

    Milliseconds, so that two edits within one second still order correctly when
    imports and live sync decide which one is newer.
    """
    return instant.astimezone(UTC).isoformat(timespec="milliseconds")


def now_iso() -> str:
    return iso(now())


def parse_iso(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def today() -> date:
    return datetime.now().astimezone().date()


def new_id() -> str:
    return uuid.uuid4().hex
