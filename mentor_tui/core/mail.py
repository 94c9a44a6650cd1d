"""Mail that left the app: the record of each message, and when a reminder is due.

A record is written for every follow-up and reminder that went (when, to whom, its
Message-ID), and for a follow-up that could not go and waits in the outbox ("queued").
Reminders are keyed (`dedupe_key`) so that each goes once however often `mentor-tui remind`
runs: one per meeting, and one a week for a person's overdue action items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from mentor_tui.core.clock import new_id, now_iso

FOLLOWUP = "followup"
MEETING_REMINDER = "meeting-reminder"
OVERDUE_REMINDER = "overdue-reminder"
KINDS = (FOLLOWUP, MEETING_REMINDER, OVERDUE_REMINDER)

SENT = "sent"
QUEUED = "queued"  # could not go; kept in the outbox to retry

DEFAULT_DAYS_BEFORE = 2
MAX_DAYS_BEFORE = 30


@dataclass
class SentMail:
    mentorship_id: str
    kind: str
    recipients: str  # comma-separated addresses, as given to the server
    status: str = SENT
    message_id: str = ""
    session_id: str | None = None
    dedupe_key: str | None = None
    outbox_name: str | None = None  # the .eml waiting in the outbox, while queued
    sent_at: str | None = None
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)


def meeting_key(mentorship_id: str, start: datetime) -> str:
    """One reminder per meeting: a meeting moved to another time is reminded again."""
    return f"meeting:{mentorship_id}:{start.isoformat(timespec='minutes')}"


OVERDUE_EVERY_DAYS = 7


def overdue_prefix(mentorship_id: str, owner_id: str) -> str:
    return f"overdue:{mentorship_id}:{owner_id}:"


def overdue_key(mentorship_id: str, owner_id: str, on: date) -> str:
    """An overdue reminder per owner and mentorship, named by the day it went."""
    return overdue_prefix(mentorship_id, owner_id) + on.isoformat()


def overdue_reminder_due(last_sent_on: date | None, today: date) -> bool:
    """Weekly: a week after the last one (by calendar day, so a timer that runs a little
    earlier than last week still sends it)."""
    return last_sent_on is None or (today - last_sent_on).days >= OVERDUE_EVERY_DAYS


def meeting_reminder_due(start: datetime, now: datetime, days_before: int) -> bool:
    """From `days_before` days before the meeting until it starts."""
    return start - timedelta(days=days_before) <= now < start
