"""When a pair meets next, from the rhythm they agreed on."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from mentor_tui.core.errors import DateError
from mentor_tui.core.models import Mentorship


def next_meeting(mentorship: Mentorship, today: date, last_met: date | None = None) -> date | None:
    """The first meeting day after today (after `last_met` too, if they met today)."""
    if not (mentorship.rrule or mentorship.cadence):
        return None
    from mentor_tui.core.dates import cadence_from_rrule, parse_cadence

    try:
        if mentorship.rrule:
            cadence = cadence_from_rrule(mentorship.rrule, mentorship.cadence)
        else:
            cadence = parse_cadence(mentorship.cadence)
    except DateError:
        return None
    start_day = mentorship.start_date or today
    start = datetime.combine(start_day, time(12))
    after = datetime.combine(today, time.min)
    if last_met is not None and last_met >= today:
        after = datetime.combine(last_met, time.max)
    found = cadence.next_occurrences(after, count=1, start=start)
    if not found:
        return None
    result = found[0].date()
    # A rhythm always lands somewhere within a few months; guard against odd stored rules.
    return result if result - today < timedelta(days=400) else None
