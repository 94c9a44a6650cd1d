"""Due dates and meeting rhythms typed in words.

Every date is worked out from a `today` the caller passes in, never from the wall clock, so the
same words give the same date in tests, on a laptop and on a remote host in another time zone.

Words that people read in more than one way are given one meaning here, and the rest refused:

* "friday", "this friday", "coming friday": the first Friday on or after today (today itself if
  today is a Friday).
* "next friday": the first Friday strictly after today. On a Wednesday that is the coming Friday,
  two days away, not the Friday of the week after; on a Friday it is a week later.
* "next week": Monday of next week (weeks start on Monday). "end of week": the Sunday that closes
  this week (today, if today is Sunday). "end of next week": the Sunday a week after that.
* "next month" / "next year": the first day of the next month / year. "end of month",
  "end of next month", "end of year": the last day of that month or year.
* "in a month", "in 1 year": calendar arithmetic; 31 January plus a month is the last day of
  February, 29 February plus a year is 28 February.
* A day and month without a year ("3 Dec", "29 Feb") is the next such day on or after today.
* Numbers only: year first ("2026-12-03", "2026/12/03") is always year-month-day. Day and month
  in either order ("25/12/2026", "12/25/2026") are accepted only when a single reading is a real
  date; "03/12/2026" could be 3 December or 12 March and is refused. Years need four digits.
* Words never point into the past ("yesterday", "last friday", "3 days ago" are refused); a past
  date can still be given by writing it out with its year, "2026-11-01" or "1 Nov 2026", because
  recording an item that was due earlier is sometimes what the user means.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import MO, SU, relativedelta
from dateutil.relativedelta import weekday as rd_weekday
from dateutil.rrule import rrulestr

from mentor_tui.core.errors import DateError

__all__ = [
    "Cadence",
    "cadence_from_rrule",
    "describe_due",
    "parse_cadence",
    "parse_due",
]

# English names are spelled out here because strftime("%a"/"%B") and calendar.day_name follow
# the process locale, and the parser below only reads English.
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

_WEEKDAY_WORDS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip
_MONTH_WORDS = {name.lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)}
_MONTH_WORDS.update({name[:3].lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)})
_MONTH_WORDS["sept"] = 9

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


def _alternatives(words: Iterable[str]) -> str:
    # Longest first, so "tuesday" is not cut short at "tue" by the regex engine.
    return "|".join(sorted(words, key=len, reverse=True))


_WEEKDAY_RE = _alternatives(_WEEKDAY_WORDS)
_NUMBER_RE = rf"\d{{1,5}}|{_alternatives(_NUMBER_WORDS)}"

_DUE_EXAMPLES = '"2026-12-03", "3 Dec", "next friday", "in 2 weeks", "end of month" or "tomorrow"'
_CADENCE_EXAMPLES = (
    '"weekly on Tuesday", "every 2 weeks on Thursday", "monthly on the first Monday" '
    'or "every month on the 15th"'
)


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def _shown(text: str) -> str:
    """The input as it can safely be quoted back on one terminal line."""
    shown = " ".join(text.split())
    # Control characters could move the cursor or recolour the terminal when echoed back.
    shown = "".join(c if c.isprintable() else "?" for c in shown).replace('"', "'")
    return shown if len(shown) <= 40 else shown[:39] + "…"


def _unreadable(text: str, reason: str = "") -> DateError:
    because = f" because {reason}" if reason else ""
    return DateError(f'Could not read "{_shown(text)}" as a date{because}; try {_DUE_EXAMPLES}.')


def _in_the_past(text: str, today: date) -> DateError:
    try:
        example = f'such as "{(today - timedelta(days=1)).isoformat()}"'
    except OverflowError:
        example = "with its year"
    return DateError(
        f'"{_shown(text)}" is in the past; a due date in words must be today or later, '
        f"so type the full date ({example}) if you mean a day gone by."
    )


def _too_far(text: str) -> DateError:
    return _unreadable(text, "it falls outside the calendar (years 1 to 9999)")


def _days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


# --------------------------------------------------------------------------------------------
# parse_due


def parse_due(text: str, today: date) -> date:
    """Read a due date typed in words, relative to `today` (see the module docstring).

    Case and extra spaces do not matter, and a leading "by", "on" or "due" is ignored.
    Anything that cannot be read without guessing raises DateError with one sentence that
    quotes the input and says what can be typed instead.
    """
    words = _normalise(text)
    if not words:
        raise DateError(f"Type a due date, such as {_DUE_EXAMPLES}.")
    words = re.sub(r"^(?:due )?(?:(?:by|on) )?", "", words, count=1) or words
    for pattern, handler in _relative():
        match = pattern.fullmatch(words)
        if match:
            try:
                return handler(match, today, text)
            except (OverflowError, ValueError) as exc:
                # date and relativedelta signal the end of the calendar this way.
                raise _too_far(text) from exc
    return _absolute(words, today, text)


def _count(word: str) -> int:
    return _NUMBER_WORDS[word] if word in _NUMBER_WORDS else int(word)


def _today(match: re.Match[str], today: date, text: str) -> date:
    return today


def _tomorrow(match: re.Match[str], today: date, text: str) -> date:
    return today + timedelta(days=1)


def _day_after_tomorrow(match: re.Match[str], today: date, text: str) -> date:
    return today + timedelta(days=2)


def _past(match: re.Match[str], today: date, text: str) -> date:
    raise _in_the_past(text, today)


def _weekday(match: re.Match[str], today: date, text: str) -> date:
    target = rd_weekday(_WEEKDAY_WORDS[match["day"]])
    if match["which"] == "next":
        return today + relativedelta(days=1, weekday=target(+1))
    return today + relativedelta(weekday=target(+1))


def _in(match: re.Match[str], today: date, text: str) -> date:
    n = _count(match["n"])
    unit = match["unit"]
    if unit == "fortnight":
        unit, n = "week", 2 * n
    if unit == "day":
        return today + relativedelta(days=n)
    if unit == "week":
        return today + relativedelta(weeks=n)
    if unit == "month":
        return today + relativedelta(months=n)
    return today + relativedelta(years=n)


def _end_of(match: re.Match[str], today: date, text: str) -> date:
    ahead = 1 if match["which"] == "next" else 0
    unit = match["unit"]
    if unit == "week":
        return today + relativedelta(weeks=ahead, weekday=SU(+1))
    if unit == "month":
        return today + relativedelta(months=ahead, day=31)
    return date(today.year + ahead, 12, 31)


def _next(match: re.Match[str], today: date, text: str) -> date:
    unit = match["unit"]
    if unit == "week":
        return today + relativedelta(days=1, weekday=MO(+1))
    if unit == "month":
        return today + relativedelta(months=1, day=1)
    return date(today.year + 1, 1, 1)


_UNIT_RE = r"(?P<unit>day|week|fortnight|month|year)s?"
_PERIOD_RE = r"(?P<unit>week|month|year)"
# Each reads the date its words name, from a match of its pattern, today, and the words as typed.
_Handler = Callable[[re.Match[str], date, str], date]
_RELATIVE_WORDS: list[tuple[str, _Handler]] = [
    (r"today", _today),
    (r"tomorrow", _tomorrow),
    (r"(?:the )?day after tomorrow", _day_after_tomorrow),
    (rf"(?:the )?(?:day before )?yesterday|last (?:{_WEEKDAY_RE}|week|month|year)|.* ago", _past),
    (rf"(?:(?P<which>this|next|coming|this coming) )?(?P<day>{_WEEKDAY_RE})", _weekday),
    (rf"(?:in )?(?P<n>{_NUMBER_RE}) {_UNIT_RE}(?: time| from (?:now|today))?", _in),
    (rf"(?:the )?(?:end|last day) of (?:(?P<which>the|this|next) )?{_PERIOD_RE}", _end_of),
    (rf"(?:(?:the )?(?:start|beginning) of )?next {_PERIOD_RE}", _next),
]


@functools.cache
def _relative() -> list[tuple[re.Pattern[str], _Handler]]:
    # Compiled on first use: they take tens of milliseconds, which the app's first screen
    # (it only reads stored rules) should not pay.
    # ASCII only: digits from other scripts must not slip into int() or the month tables.
    return [(re.compile(pattern, re.A), handler) for pattern, handler in _RELATIVE_WORDS]


# Compiled on first use (`re` keeps them in its cache), as the relative words are: Home
# reads meeting rhythms only, never a typed due date.
_YEAR_FIRST = r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
_DAY_AND_MONTH = r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?:(?P=sep)(?P<y>\d+))?"
_TOKEN = r"\d+(?:st|nd|rd|th)?|[a-z]+|[,./-]"


def _real_day_or_refuse(text: str, day: int, month: int, year: int | None) -> None:
    if not 1 <= month <= 12:
        raise _unreadable(text, f"there is no month {month}")
    if year is not None and year < 1:
        raise _unreadable(text, "there is no year 0")
    longest = _days_in_month(year if year is not None else 2000, month)
    if not 1 <= day <= longest:
        where = f"{_MONTH_NAMES[month - 1]} {year}" if year is not None else _MONTH_NAMES[month - 1]
        raise _unreadable(text, f"{where} has {longest} days")


def _absolute(words: str, today: date, text: str) -> date:
    year: int | None  # the words may leave it out
    if not re.fullmatch(r"[a-z0-9,./ -]+", words, re.A):
        raise _unreadable(text)

    match = re.fullmatch(_YEAR_FIRST, words, re.A)
    if match:
        year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
        _real_day_or_refuse(text, day, month, year)
        return _via_dateutil(words.replace(match["sep"], "-"), year, month, day, text)

    match = re.fullmatch(_DAY_AND_MONTH, words, re.A)
    if match:
        return _day_and_month_numbers(match, today, text)

    tokens = re.findall(_TOKEN, words, re.A)
    numbers, months, weekdays, kept = [], [], [], []
    for token in tokens:
        if token[0].isdigit():
            numbers.append(token[:-2] if token[-1].isalpha() else token)  # "3rd" -> "3"
        elif token in _MONTH_WORDS:
            months.append(_MONTH_WORDS[token])
        elif token in _WEEKDAY_WORDS:
            # dateutil knows fewer weekday spellings than we do and ignores a weekday when a
            # day is given, so the weekday is checked here and never passed on.
            weekdays.append(_WEEKDAY_WORDS[token])
            continue
        elif token not in {"of", "the", ",", ".", "/", "-"}:
            raise _unreadable(text)
        if token != "the":
            kept.append(token)

    if not months:
        if len(numbers) == 1:
            raise _unreadable(text, "it has no month")
        month_and_year = len(numbers) == 2 and sorted(map(len, numbers)) in ([1, 4], [2, 4])
        raise _unreadable(text, "it has no day" if month_and_year else "")
    if len(months) > 1 or len(weekdays) > 1:
        raise _unreadable(text)
    days = [n for n in numbers if len(n) <= 2]
    years = [n for n in numbers if len(n) == 4]
    if len(days) + len(years) != len(numbers) or len(years) > 1:
        raise _unreadable(text, "the year needs four digits" if not years else "")
    if not days:
        raise _unreadable(text, "it has no day")
    if len(days) > 1:
        raise _unreadable(text, "the year needs four digits" if not years else "")

    day, month = int(days[0]), months[0]
    year = int(years[0]) if years else None
    _real_day_or_refuse(text, day, month, year)
    if year is not None:
        due = _via_dateutil(" ".join(kept), year, month, day, text)
    else:
        # A leap year as the stand-in lets dateutil accept "29 Feb"; the real year comes next.
        _via_dateutil(" ".join(kept), 2000, month, day, text)
        due = _on_or_after(today, month, day, text)
    if weekdays and due.weekday() != weekdays[0]:
        raise _unreadable(
            text,
            f"{due.day} {_MONTH_NAMES[due.month - 1]} {due.year} is a "
            f"{_WEEKDAY_NAMES[due.weekday()]}, not a {_WEEKDAY_NAMES[weekdays[0]]}",
        )
    return due


def _via_dateutil(words: str, year: int, month: int, day: int, text: str) -> date:
    """Parse with dateutil and insist it read exactly the fields the words contain.

    dateutil quietly fills whatever is missing from `default`, and its fuzzy mode skips words it
    does not know; neither is acceptable for a due date, so fuzzy stays off and the result must
    agree with the day, month and year found in the text.
    """
    from dateutil import parser as dateparser  # tens of milliseconds to import; rarely needed

    try:
        parsed = dateparser.parse(words, default=datetime(year, 1, 1), fuzzy=False)
    except (ValueError, OverflowError) as exc:
        raise _unreadable(text) from exc
    if (parsed.year, parsed.month, parsed.day) != (year, month, day) or parsed.tzinfo:
        raise _unreadable(text)
    return parsed.date()


def _on_or_after(today: date, month: int, day: int, text: str) -> date:
    # Nine years always include a leap year, even across a skipped one such as 2100.
    for year in range(today.year, min(today.year + 9, date.max.year + 1)):
        if day <= _days_in_month(year, month) and date(year, month, day) >= today:
            return date(year, month, day)
    raise _too_far(text)


def _day_and_month_numbers(match: re.Match[str], today: date, text: str) -> date:
    a, b = int(match["a"]), int(match["b"])
    year = None
    if match["y"] is not None:
        if len(match["y"]) != 4:
            raise _unreadable(text, "the year needs four digits")
        year = int(match["y"])
        if year < 1:
            raise _unreadable(text, "there is no year 0")
    stand_in = year if year is not None else 2000

    def real(day: int, month: int) -> bool:
        return 1 <= month <= 12 and 1 <= day <= _days_in_month(stand_in, month)

    readings = {(day, month) for day, month in ((a, b), (b, a)) if real(day, month)}
    if not readings:
        raise _unreadable(text, "neither number order gives a real day")
    if len(readings) > 1:
        suffix = f" {year}" if year is not None else ""
        first, second = sorted(readings, key=lambda r: r != (a, b))
        if year is not None:
            example = date(year, first[1], first[0])
        else:
            example = _on_or_after(today, first[1], first[0], text)
        raise DateError(
            f'"{_shown(text)}" could be {first[0]} {_MONTH_NAMES[first[1] - 1]} or '
            f"{second[0]} {_MONTH_NAMES[second[1] - 1]}; type it with the month's name, "
            f'such as "{first[0]} {_MONTH_NAMES[first[1] - 1][:3]}{suffix}", '
            f'or as year-month-day, such as "{example.isoformat()}".'
        )
    ((day, month),) = readings
    if year is not None:
        return date(year, month, day)
    return _on_or_after(today, month, day, text)


# --------------------------------------------------------------------------------------------
# describe_due


def _short_date(due: date, today: date) -> str:
    text = f"{_WEEKDAY_NAMES[due.weekday()][:3]} {due.day} {_MONTH_NAMES[due.month - 1][:3]}"
    return text if due.year == today.year else f"{text} {due.year}"


def describe_due(due: date, today: date) -> str:
    """A few words for a due date as seen from `today`: "today", "in 3 days", "Fri 3 Dec".

    Every answer for a date on or after today reads back through parse_due to the same date.
    """
    days = (due - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if 2 <= days <= 6:
        return f"in {days} days"
    if -13 <= days <= -1:
        return f"overdue by {-days} day{'s' if days != -1 else ''}"
    if days < 0:
        return f"overdue since {_short_date(due, today)}"
    return _short_date(due, today)


# --------------------------------------------------------------------------------------------
# Cadence


def _cadence_error(text: str, reason: str = "") -> DateError:
    because = f" because {reason}" if reason else ""
    return DateError(
        f'Could not read "{_shown(text)}" as a meeting rhythm{because}; try {_CADENCE_EXAMPLES}.'
    )


_RRULE_KEYS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "WKST"}
_PLAIN_DAY = re.compile(r"(?:MO|TU|WE|TH|FR|SA|SU)", re.A)
_ORDINAL_DAY = re.compile(r"(?P<n>[+-]?[1-4])(?P<day>MO|TU|WE|TH|FR|SA|SU)", re.A)


# Cached: a Cadence checks its rule when made and reads it again for every date it works
# out (rule_for), and each check parses the rule with dateutil; Home asks for each card's.
@functools.lru_cache(maxsize=256)
def _rrule_parts(value: str) -> Mapping[str, str]:
    """Check a stored RRULE value against the shapes this app can describe and repeat.

    The subset is deliberate: every rule in it falls in every week or every month, so no
    lookup can spin through the calendar looking for a day that never comes (dateutil accepts
    INTERVAL=0 and rules such as the 30th of February, and iterates to the year 9999 on them),
    and no meeting is silently skipped in short months.
    """
    refused = DateError(
        f'The stored meeting rhythm "{_shown(value)}" is not one this app can use; '
        f"set it again in words, such as {_CADENCE_EXAMPLES}."
    )
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z0-9=;,+-]+", value, re.A):
        raise refused
    parts: dict[str, str] = {}
    for item in value.split(";"):
        key, sep, val = item.partition("=")
        if not sep or not val or key in parts or key not in _RRULE_KEYS:
            raise refused
        parts[key] = val
    freq = parts.get("FREQ")
    interval = parts.get("INTERVAL", "1")
    if freq not in {"WEEKLY", "MONTHLY"} or not interval.isdigit() or not 1 <= int(interval) <= 99:
        raise refused
    if "WKST" in parts and not _PLAIN_DAY.fullmatch(parts["WKST"]):
        raise refused
    if "BYDAY" in parts and "BYMONTHDAY" in parts:
        raise refused
    if "BYDAY" in parts:
        day_shape = _PLAIN_DAY if freq == "WEEKLY" else _ORDINAL_DAY
        if not all(day_shape.fullmatch(d) for d in parts["BYDAY"].split(",")):
            raise refused
    if "BYMONTHDAY" in parts:
        days = parts["BYMONTHDAY"].split(",")
        if freq != "MONTHLY" or not all(re.fullmatch(r"[+-]?\d{1,2}", d, re.A) for d in days):
            raise refused
        if not all(1 <= abs(int(d)) <= 28 or int(d) == -1 for d in days):
            raise refused
    try:
        rrulestr(value, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError, OverflowError) as exc:
        raise refused from exc
    return parts


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}


def _day_of_month_words(n: int) -> str:
    if n == -1:
        return "last day"
    if n < 0:
        return f"{_day_of_month_words(-n)} day from the end"
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _describe(parts: Mapping[str, str]) -> str:
    weekly = parts["FREQ"] == "WEEKLY"
    n = int(parts.get("INTERVAL", "1"))
    unit = "week" if weekly else "month"
    words = ("weekly" if weekly else "monthly") if n == 1 else f"every {n} {unit}s"
    if "BYDAY" in parts:
        names = []
        for item in parts["BYDAY"].split(","):
            match = _ORDINAL_DAY.fullmatch(item)
            code = match["day"] if match else item
            name = _WEEKDAY_NAMES[_RRULE_DAYS.index(code)]
            if match:
                which = int(match["n"])
                # Not .get(which, default): the default would be built, and fail, for every
                # ordinal but the first.
                if which in _ORDINAL_WORDS:
                    ordinal = _ORDINAL_WORDS[which]
                else:
                    ordinal = f"{_ORDINAL_WORDS[-which]} to last"
                name = f"{ordinal} {name}"
            names.append(name)
        words += (" on the " if not weekly else " on ") + _join(names)
    if "BYMONTHDAY" in parts:
        days = [_day_of_month_words(int(d)) for d in parts["BYMONTHDAY"].split(",")]
        words += " on the " + _join(days)
    return words


@dataclass(frozen=True)
class Cadence:
    """A meeting rhythm: plain words for people and an RFC 5545 RRULE value for calendars.

    `words` is the canonical wording ("every 2 weeks on Tuesday"), which parse_cadence reads
    back to the same rule. `rrule` has no "RRULE:" prefix and no DTSTART: the first meeting
    is kept with the mentorship and passed in as `start`.
    """

    words: str
    rrule: str

    def __post_init__(self) -> None:
        _rrule_parts(self.rrule)

    def next_occurrences(
        self, after: datetime, count: int = 3, start: datetime | None = None
    ) -> list[datetime]:
        """The next `count` meetings strictly after `after`.

        `start` is the first meeting: it fixes the time of day, the time zone, and which weeks
        or months an "every 2 weeks" rhythm falls in; without it, `after` plays that part.
        With a zoneinfo time zone on `start`, meetings keep their local wall-clock time across
        daylight-saving changes. When only one of the two datetimes has a time zone, the naive
        one is read in the other's zone.
        """
        if count <= 0:
            return []
        anchor = after if start is None else start
        if anchor.tzinfo is None and after.tzinfo is not None:
            anchor = anchor.replace(tzinfo=after.tzinfo)
        elif anchor.tzinfo is not None and after.tzinfo is None:
            after = after.replace(tzinfo=anchor.tzinfo)
        rule = rrulestr(self.rule_for(anchor), dtstart=anchor)
        return list(rule.xafter(after, count=count, inc=False))

    def rule_for(self, anchor: datetime) -> str:
        """The RRULE value to expand from `anchor`, the first meeting (also what an .ics says)."""
        parts = _rrule_parts(self.rrule)
        bare_monthly = parts["FREQ"] == "MONTHLY" and not parts.keys() & {"BYDAY", "BYMONTHDAY"}
        if bare_monthly and anchor.day > 28:
            # RFC 5545 skips months that lack the start's day, so a rhythm begun on the 31st
            # would quietly miss February, April, June...; take the month's last day instead
            # whenever it is shorter.
            days = ",".join(str(d) for d in range(28, anchor.day + 1))
            return f"{self.rrule};BYMONTHDAY={days};BYSETPOS=-1"
        return self.rrule

    def __str__(self) -> str:
        return self.words


def cadence_from_rrule(rrule: str, words: str = "") -> Cadence:
    """Rebuild a Cadence from a stored RRULE value (an "RRULE:" prefix is allowed).

    Raises DateError for a rule outside the shapes parse_cadence produces: weekly or monthly,
    an interval from 1 to 99, weekdays, the first to fourth or last weekday of the month, or a
    day of the month up to the 28th or the last day.
    """
    value = rrule.strip() if isinstance(rrule, str) else ""
    if value.upper().startswith("RRULE:"):
        value = value[len("RRULE:") :]
    value = value.upper()
    return Cadence(words=words or _describe(_rrule_parts(value)), rrule=value)


_DAY_LIST_RE = rf"(?:{_WEEKDAY_RE})s?(?: (?:and )*(?:{_WEEKDAY_RE})s?)*"
_WHICH_RE = (
    rf"(?P<ordinal>first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th) (?P<oday>{_WEEKDAY_RE})"
    r"|(?P<mday>\d{1,3})(?:st|nd|rd|th)?|(?P<edge>first|last) day"
)
_EVERY_N_RE = rf"(?P<n>{_NUMBER_RE}|other)"
_CADENCE_WORDS = [
    ("WEEKLY", rf"(?:weekly|every week|each week|once a week)(?: on (?P<days>{_DAY_LIST_RE}))?"),
    ("WEEKLY", rf"(?:every|each) (?P<days>{_DAY_LIST_RE})"),
    ("WEEKLY", rf"every {_EVERY_N_RE} weeks?(?: on (?P<days>{_DAY_LIST_RE}))?"),
    ("WEEKLY", rf"(?P<fortnight>fortnightly|every fortnight)(?: on (?P<days>{_DAY_LIST_RE}))?"),
    ("WEEKLY", rf"every (?P<n>other) (?P<days>{_DAY_LIST_RE})"),
    (
        "MONTHLY",
        rf"(?:monthly|every month|each month|once a month|every {_EVERY_N_RE} months?"
        rf"|(?P<quarterly>quarterly))(?: on (?:the )?(?:{_WHICH_RE}))?",
    ),
    ("MONTHLY", rf"(?:on )?(?:the )?(?:{_WHICH_RE}) of (?:every|each|the) month"),
]


@functools.cache
def _cadence_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(freq, re.compile(pattern, re.A)) for freq, pattern in _CADENCE_WORDS]


def _weekday_codes(day_list: str) -> str:
    found = {
        _WEEKDAY_WORDS[word[:-1] if word not in _WEEKDAY_WORDS else word]
        for word in day_list.split()
        if word != "and"
    }
    return ",".join(_RRULE_DAYS[i] for i in sorted(found))


def parse_cadence(text: str) -> Cadence:
    """Read a meeting rhythm typed in words into a Cadence.

    Weekly: "weekly", "every week", "every tuesday", "weekly on monday and thursday",
    "every 2 weeks on tuesday", "every other week on tuesday", "every other tuesday",
    "fortnightly on thursday", "every 3 weeks". Monthly: "monthly", "every 2 months",
    "quarterly", "monthly on the first monday", "monthly on the last friday",
    "every month on the 15th", "monthly on the last day", "the first monday of every month".
    A rhythm without a weekday or day of the month takes it from the first meeting.
    """
    words = _normalise(text).replace(",", " and ").replace("&", " and ")
    words = " ".join(words.split()).rstrip(".").strip()
    if not words:
        raise DateError(f"Type a meeting rhythm, such as {_CADENCE_EXAMPLES}.")
    if words in {"biweekly", "bi-weekly", "bimonthly", "bi-monthly"}:
        unit = "week" if "week" in words else "month"
        raise DateError(
            f'"{_shown(text)}" can mean twice a {unit} or every two {unit}s; '
            f'type "every 2 {unit}s" or name the days, such as "every monday and thursday".'
        )
    for freq, pattern in _cadence_patterns():
        match = pattern.fullmatch(words)
        if match:
            return _cadence_from_match(freq, match.groupdict(), text)
    raise _cadence_error(text)


_ORDINAL_NUMBERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}


def _cadence_from_match(freq: str, groups: dict[str, str | None], text: str) -> Cadence:
    unit = "week" if freq == "WEEKLY" else "month"
    n = groups.get("n")
    if groups.get("fortnight") or n == "other":
        interval = 2
    elif groups.get("quarterly"):
        interval = 3
    elif n:
        interval = _count(n)
    else:
        interval = 1
    if not 1 <= interval <= 99:
        raise _cadence_error(text, f"the number of {unit}s must be from 1 to 99")

    rule = f"FREQ={freq}" + (f";INTERVAL={interval}" if interval > 1 else "")
    days, ordinal, oday = groups.get("days"), groups.get("ordinal"), groups.get("oday")
    edge, mday = groups.get("edge"), groups.get("mday")
    if days:
        rule += f";BYDAY={_weekday_codes(days)}"
    elif ordinal and oday:  # the pattern gives both or neither
        which = _ORDINAL_NUMBERS.get(ordinal) or int(ordinal[0])
        if which == 5:
            # RFC 5545 would skip the months without one, which nobody expects of "monthly".
            day_name = _WEEKDAY_NAMES[_WEEKDAY_WORDS[oday]]
            raise _cadence_error(
                text, f'not every month has a fifth {day_name} (use "the last {day_name}")'
            )
        rule += f";BYDAY={which}{_RRULE_DAYS[_WEEKDAY_WORDS[oday]]}"
    elif edge:
        rule += f";BYMONTHDAY={1 if edge == 'first' else -1}"
    elif mday:
        day = int(mday)
        if not 1 <= day <= 31:
            raise _cadence_error(text, f"no month has a day {day}")
        if day > 28:
            raise _cadence_error(
                text, f'not every month has a {_day_of_month_words(day)} (use "the last day")'
            )
        rule += f";BYMONTHDAY={day}"
    return cadence_from_rrule(rule)
