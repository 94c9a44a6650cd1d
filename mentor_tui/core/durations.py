"""How a length of time reads, the same on every screen, in every command and every email.

One format with its unit always written: "45 s", "12 min", "1 h 5 min". A bare "0:45" beside
"40m" was read as 45 minutes; minutes and seconds in one clock face are never shown.
"""

from __future__ import annotations


def duration(seconds: float) -> str:
    """45 s under a minute; whole minutes (counted down, as a clock does) up to an hour;
    then hours and minutes."""
    total = max(0, int(seconds))
    if total < 60:
        return f"{total} s"
    minutes = total // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"

