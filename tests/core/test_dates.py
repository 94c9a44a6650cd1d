"""Due dates and meeting rhythms in words, against a fixed today so every answer is exact."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentor_tui.core.dates import (
    Cadence,
    cadence_from_rrule,
    describe_due,
    parse_cadence,
    parse_due,
)
from mentor_tui.core.errors import DateError, UserError

# A Wednesday: "friday" and "next friday" differ from "wednesday" and "next wednesday".
TODAY = date(2026, 11, 25)
D = date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Absolute, with and without a year.
        ("2026-12-03", D(2026, 12, 3)),
        ("  2026-12-03 ", D(2026, 12, 3)),
        ("2026/12/03", D(2026, 12, 3)),
        ("2026-11-01", D(2026, 11, 1)),  # an explicit past date is allowed
        ("3 Dec", D(2026, 12, 3)),
        ("Dec 3", D(2026, 12, 3)),
        ("3 December 2026", D(2026, 12, 3)),
        ("December 3rd, 2026", D(2026, 12, 3)),
        ("the 3rd of December", D(2026, 12, 3)),
        ("3-Dec-2026", D(2026, 12, 3)),
        ("3 sept", D(2027, 9, 3)),
        ("Thu 3 Dec", D(2026, 12, 3)),
        ("Fri 3 Dec 2027", D(2027, 12, 3)),
        ("25 Nov", D(2026, 11, 25)),  # today itself
        ("24 Nov", D(2027, 11, 24)),  # already gone this year
        ("29 Feb", D(2028, 2, 29)),
        ("3 Dec 2025", D(2025, 12, 3)),
        ("25/12/2026", D(2026, 12, 25)),  # only one reading is a real day
        ("12/25/2026", D(2026, 12, 25)),
        ("5/5/2027", D(2027, 5, 5)),  # both readings agree
        ("25.12", D(2026, 12, 25)),
        # Relative days.
        ("today", D(2026, 11, 25)),
        ("TODAY", D(2026, 11, 25)),
        ("tomorrow", D(2026, 11, 26)),
        ("day after tomorrow", D(2026, 11, 27)),
        # Weekdays: plain and "this" include today, "next" is strictly later.
        ("friday", D(2026, 11, 27)),
        ("Fri", D(2026, 11, 27)),
        ("this friday", D(2026, 11, 27)),
        ("next friday", D(2026, 11, 27)),
        ("by Friday", D(2026, 11, 27)),
        ("wednesday", D(2026, 11, 25)),
        ("this wednesday", D(2026, 11, 25)),
        ("next wednesday", D(2026, 12, 2)),
        ("tues", D(2026, 12, 1)),
        ("next monday", D(2026, 11, 30)),
        # Spans.
        ("in 3 days", D(2026, 11, 28)),
        ("in 2 weeks", D(2026, 12, 9)),
        ("  In   2   WEEKS ", D(2026, 12, 9)),
        ("in two weeks", D(2026, 12, 9)),
        ("2 weeks", D(2026, 12, 9)),
        ("3 days from now", D(2026, 11, 28)),
        ("in a fortnight", D(2026, 12, 9)),
        ("in a month", D(2026, 12, 25)),
        ("in 1 month", D(2026, 12, 25)),
        ("in 1 year", D(2027, 11, 25)),
        ("in 0 days", D(2026, 11, 25)),
        # Ends and starts of periods.
        ("end of month", D(2026, 11, 30)),
        ("end of the month", D(2026, 11, 30)),
        ("last day of the month", D(2026, 11, 30)),
        ("end of next month", D(2026, 12, 31)),
        ("end of week", D(2026, 11, 29)),
        ("end of next week", D(2026, 12, 6)),
        ("end of year", D(2026, 12, 31)),
        ("next week", D(2026, 11, 30)),
        ("next month", D(2026, 12, 1)),
        ("start of next month", D(2026, 12, 1)),
        ("next year", D(2027, 1, 1)),
    ],
)
def test_parse_due_reads(text: str, expected: date) -> None:
    assert parse_due(text, TODAY) == expected


def assert_one_clear_sentence(message: str) -> None:
    assert message.endswith(".")
    assert message.isprintable()  # one line, nothing that moves the cursor
    # The first quoted part echoes what the user typed, which may itself contain anything.
    ours = re.sub(r'"[^"]*"', "", message, count=1)
    for noise in ("Traceback", "Error", "error:", "Exception", "<", "None", "dateutil"):
        assert noise not in ours


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("soonish", ""),
        ("next fridya", ""),
        ("3", "no month"),
        ("3rd", "no month"),
        ("friday the 13th", "no month"),
        ("Dec", "no day"),
        ("December 2026", "no day"),
        ("12/2026", "no day"),
        ("2026-02-30", "February 2026 has 28 days"),
        ("29 Feb 2027", "February 2027 has 28 days"),
        ("30 Feb", "February has 29 days"),
        ("31 Apr", "April has 30 days"),
        ("32 Dec", "December has 31 days"),
        ("0 Dec", "December has 31 days"),
        ("2026-13-01", "no month 13"),
        ("03/12/2026", "could be 3 December or 12 March"),
        ("3/12", "could be 3 December or 12 March"),
        ("13/13/2026", "neither number order"),
        ("3 Dec 26", "four digits"),
        ("3/12/26", "four digits"),
        ("Fri 3 Dec", "3 December 2026 is a Thursday, not a Friday"),
        ("yesterday", "in the past"),
        ("last friday", "in the past"),
        ("3 days ago", "in the past"),
        ("in -2 days", ""),
        ("3 Dec 10:00", ""),
        ("3 Dec at 5pm", ""),
        ("2026-12-03T10:00", ""),
        ("Today is January 1, 2047", ""),  # what dateutil's fuzzy mode would accept
        ("3 4 Dec", ""),
        ("Dec Jan 3", ""),
        ("in 99999 years", "outside the calendar"),
        ("next", ""),
        ("end of", ""),
        ("２０２６-12-03", ""),  # full-width digits
    ],
)
def test_parse_due_refuses_with_a_message_quoting_the_input(text: str, hint: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_due(text, TODAY)
    message = str(caught.value)
    assert f'"{" ".join(text.split())}"' in message
    assert hint in message
    assert_one_clear_sentence(message)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_parse_due_asks_for_something_when_given_nothing(text: str) -> None:
    with pytest.raises(DateError, match="Type a due date"):
        parse_due(text, TODAY)


def test_ambiguous_numbers_suggest_both_unambiguous_spellings() -> None:
    with pytest.raises(DateError) as caught:
        parse_due("3/12", date(2026, 12, 20))
    assert str(caught.value) == (
        '"3/12" could be 3 December or 12 March; type it with the month\'s name, '
        'such as "3 Dec", or as year-month-day, such as "2027-12-03".'
    )


def test_date_error_is_a_user_error_with_a_one_line_message() -> None:
    with pytest.raises(UserError) as caught:
        parse_due("next fridya", TODAY)
    assert caught.value.message == (
        'Could not read "next fridya" as a date; try "2026-12-03", "3 Dec", "next friday", '
        '"in 2 weeks", "end of month" or "tomorrow".'
    )


def test_quoted_input_is_made_safe_for_the_terminal() -> None:
    with pytest.raises(DateError) as caught:
        parse_due('soon\x1b[31m "really"\n' + "x" * 80, TODAY)
    message = str(caught.value)
    assert "\x1b" not in message and "\n" not in message
    assert "'really'" in message
    assert len(message) < 200


# --- edges of the calendar ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("end of month", D(2026, 1, 31), D(2026, 1, 31)),
        ("end of month", D(2028, 2, 29), D(2028, 2, 29)),
        ("end of month", D(2028, 2, 1), D(2028, 2, 29)),
        ("end of next month", D(2028, 1, 31), D(2028, 2, 29)),
        ("end of next month", D(2026, 1, 31), D(2026, 2, 28)),
        ("in a month", D(2026, 1, 31), D(2026, 2, 28)),
        ("in a month", D(2028, 1, 31), D(2028, 2, 29)),
        ("in a month", D(2028, 2, 29), D(2028, 3, 29)),
        ("in 1 year", D(2028, 2, 29), D(2029, 2, 28)),
        ("next month", D(2026, 12, 31), D(2027, 1, 1)),
        ("3 Dec", D(2026, 12, 20), D(2027, 12, 3)),
        ("29 Feb", D(2028, 3, 1), D(2032, 2, 29)),
        ("29 Feb", D(2097, 3, 1), D(2104, 2, 29)),  # 2100 is not a leap year
        ("friday", D(2026, 11, 27), D(2026, 11, 27)),  # today is Friday
        ("next friday", D(2026, 11, 27), D(2026, 12, 4)),
        ("end of week", D(2026, 11, 29), D(2026, 11, 29)),  # today is Sunday
        ("next week", D(2026, 11, 29), D(2026, 11, 30)),
        ("next week", D(2026, 11, 30), D(2026, 12, 7)),  # today is Monday
    ],
)
def test_parse_due_at_the_edges(text: str, today: date, expected: date) -> None:
    assert parse_due(text, today) == expected


@pytest.mark.parametrize("text", ["tomorrow", "next friday", "end of next month", "3 Dec"])
def test_parse_due_at_the_end_of_the_calendar_is_a_date_error(text: str) -> None:
    with pytest.raises(DateError, match="outside the calendar"):
        parse_due(text, date.max)


# --- describe_due ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (D(2026, 11, 25), "today"),
        (D(2026, 11, 26), "tomorrow"),
        (D(2026, 11, 28), "in 3 days"),
        (D(2026, 12, 1), "in 6 days"),
        (D(2026, 12, 2), "Wed 2 Dec"),
        (D(2026, 12, 3), "Thu 3 Dec"),
        (D(2027, 1, 5), "Tue 5 Jan 2027"),
        (D(2026, 11, 24), "overdue by 1 day"),
        (D(2026, 11, 23), "overdue by 2 days"),
        (D(2026, 11, 12), "overdue by 13 days"),
        (D(2026, 11, 11), "overdue since Wed 11 Nov"),
        (D(2025, 12, 3), "overdue since Wed 3 Dec 2025"),
    ],
)
def test_describe_due(due: date, expected: str) -> None:
    assert describe_due(due, TODAY) == expected


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 1, 1)), st.integers(0, 800))
def test_describe_due_reads_back_to_the_same_date(today: date, ahead: int) -> None:
    due = today + timedelta(days=ahead)
    assert parse_due(describe_due(due, today), today) == due


# --- cadences -------------------------------------------------------------------------------

START = datetime(2026, 11, 25, 18, 0)  # a Wednesday evening


def _days(*isos: str) -> list[datetime]:
    return [datetime.fromisoformat(f"{iso}T18:00") for iso in isos]


# One case a row: the rows look alike because they are a table of data (words in, rule,
# words back, next three dates), not repeated logic; synonyms keep a row each so a failure
# names the phrase that broke.
@pytest.mark.parametrize(
    ("text", "rrule", "words", "next_three"),
    [
        ("weekly", "FREQ=WEEKLY", "weekly", _days("2026-12-02", "2026-12-09", "2026-12-16")),
        ("every week", "FREQ=WEEKLY", "weekly", _days("2026-12-02", "2026-12-09", "2026-12-16")),
        (
            "every 2 weeks on Tuesday",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            "every 2 weeks on Tuesday",
            # The Tuesday of the starting week is before the start, so the first is two on.
            _days("2026-12-08", "2026-12-22", "2027-01-05"),
        ),
        (
            "every other week on tuesday",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            "every 2 weeks on Tuesday",
            _days("2026-12-08", "2026-12-22", "2027-01-05"),
        ),
        (
            "every other Tuesday",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            "every 2 weeks on Tuesday",
            _days("2026-12-08", "2026-12-22", "2027-01-05"),
        ),
        (
            "fortnightly on thursday",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
            "every 2 weeks on Thursday",
            _days("2026-11-26", "2026-12-10", "2026-12-24"),
        ),
        (
            "every tuesday",
            "FREQ=WEEKLY;BYDAY=TU",
            "weekly on Tuesday",
            _days("2026-12-01", "2026-12-08", "2026-12-15"),
        ),
        (
            "weekly on Thursday and Monday",
            "FREQ=WEEKLY;BYDAY=MO,TH",
            "weekly on Monday and Thursday",
            _days("2026-11-26", "2026-11-30", "2026-12-03"),
        ),
        (
            "every mon, wed & fri",
            "FREQ=WEEKLY;BYDAY=MO,WE,FR",
            "weekly on Monday, Wednesday and Friday",
            _days("2026-11-27", "2026-11-30", "2026-12-02"),
        ),
        (
            "every 3 weeks",
            "FREQ=WEEKLY;INTERVAL=3",
            "every 3 weeks",
            _days("2026-12-16", "2027-01-06", "2027-01-27"),
        ),
        ("monthly", "FREQ=MONTHLY", "monthly", _days("2026-12-25", "2027-01-25", "2027-02-25")),
        (
            "monthly on the first Monday",
            "FREQ=MONTHLY;BYDAY=1MO",
            "monthly on the first Monday",
            _days("2026-12-07", "2027-01-04", "2027-02-01"),
        ),
        (
            "the first monday of every month",
            "FREQ=MONTHLY;BYDAY=1MO",
            "monthly on the first Monday",
            _days("2026-12-07", "2027-01-04", "2027-02-01"),
        ),
        (
            "monthly on the last friday",
            "FREQ=MONTHLY;BYDAY=-1FR",
            "monthly on the last Friday",
            _days("2026-11-27", "2026-12-25", "2027-01-29"),
        ),
        (
            "every month on the 15th",
            "FREQ=MONTHLY;BYMONTHDAY=15",
            "monthly on the 15th",
            _days("2026-12-15", "2027-01-15", "2027-02-15"),
        ),
        (
            "monthly on the last day",
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            "monthly on the last day",
            _days("2026-11-30", "2026-12-31", "2027-01-31"),
        ),
        (
            "every 2 months on the 1st",
            "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1",
            "every 2 months on the 1st",
            _days("2027-01-01", "2027-03-01", "2027-05-01"),
        ),
        (
            "quarterly",
            "FREQ=MONTHLY;INTERVAL=3",
            "every 3 months",
            _days("2027-02-25", "2027-05-25", "2027-08-25"),
        ),
    ],
)
def test_parse_cadence(text, rrule, words, next_three) -> None:
    cadence = parse_cadence(text)
    assert cadence == Cadence(words=words, rrule=rrule)
    assert cadence.next_occurrences(START, start=START) == next_three
    # The canonical words read back to the same rule, so the UI can show and re-edit them.
    assert parse_cadence(cadence.words).rrule == rrule


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("soonish", ""),
        ("daily", ""),
        ("every tuesday at 6pm", ""),
        ("biweekly", "twice a week or every two weeks"),
        ("bi-monthly", "twice a month or every two months"),
        ("every 0 weeks", "from 1 to 99"),
        ("every 100 weeks", "from 1 to 99"),
        ("monthly on the 31st", "not every month has a 31st"),
        ("monthly on the 40th", "no month has a day 40"),
        ("monthly on the fifth friday", "not every month has a fifth Friday"),
        ("every fortnight on the 15th", ""),
    ],
)
def test_parse_cadence_refuses(text: str, hint: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_cadence(text)
    message = str(caught.value)
    assert f'"{text}"' in message
    assert hint in message
    assert_one_clear_sentence(message)


def test_parse_cadence_asks_for_something_when_given_nothing() -> None:
    with pytest.raises(DateError, match="Type a meeting rhythm"):
        parse_cadence("  ")


def test_next_occurrences_without_start_counts_from_after() -> None:
    cadence = parse_cadence("every tuesday")
    assert cadence.next_occurrences(START, count=2) == _days("2026-12-01", "2026-12-08")
    assert cadence.next_occurrences(START, count=0) == []


def test_monthly_from_the_31st_falls_on_the_last_day_of_shorter_months() -> None:
    start = datetime(2027, 1, 31, 9, 0)
    assert parse_cadence("monthly").next_occurrences(start, count=3, start=start) == [
        datetime(2027, 2, 28, 9, 0),
        datetime(2027, 3, 31, 9, 0),
        datetime(2027, 4, 30, 9, 0),
    ]


@pytest.mark.parametrize(
    ("words", "start", "expected_days"),
    [
        # British Summer Time ends on Sunday 25 October 2026 ...
        ("every tuesday", datetime(2026, 10, 13, 18), ["2026-10-20", "2026-10-27", "2026-11-03"]),
        # ... and starts again on Sunday 28 March 2027.
        (
            "every 2 weeks on thursday",
            datetime(2027, 3, 11, 18),
            ["2027-03-25", "2027-04-08", "2027-04-22"],
        ),
    ],
)
def test_occurrences_keep_local_wall_time_across_daylight_saving(words, start, expected_days):
    london = ZoneInfo("Europe/London")
    start = start.replace(tzinfo=london)
    occurrences = parse_cadence(words).next_occurrences(start, start=start)
    assert [o.date().isoformat() for o in occurrences] == expected_days
    assert {(o.hour, o.minute) for o in occurrences} == {(18, 0)}
    offsets = [o.utcoffset() for o in occurrences]
    assert len({start.utcoffset(), *offsets}) == 2
    utc_hours = {o.astimezone(ZoneInfo("UTC")).hour for o in [start, *occurrences]}
    assert utc_hours == {17, 18}


def test_naive_after_is_read_in_the_start_zone() -> None:
    london = ZoneInfo("Europe/London")
    start = datetime(2026, 10, 13, 18, tzinfo=london)
    cadence = parse_cadence("every tuesday")
    assert cadence.next_occurrences(datetime(2026, 10, 21), count=1, start=start) == [
        datetime(2026, 10, 27, 18, tzinfo=london)
    ]


# --- cadence_from_rrule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "rrule", "words"),
    [
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            "every 2 weeks on Tuesday",
        ),
        ("RRULE:FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR", "monthly on the last Friday"),
        ("  rrule:freq=weekly ", "FREQ=WEEKLY", "weekly"),
        (
            "FREQ=MONTHLY;BYDAY=-2WE",
            "FREQ=MONTHLY;BYDAY=-2WE",
            "monthly on the second to last Wednesday",
        ),
        ("FREQ=WEEKLY;WKST=SU;BYDAY=SU", "FREQ=WEEKLY;WKST=SU;BYDAY=SU", "weekly on Sunday"),
    ],
)
def test_cadence_from_rrule(stored: str, rrule: str, words: str) -> None:
    assert cadence_from_rrule(stored) == Cadence(words=words, rrule=rrule)


def test_cadence_from_rrule_keeps_given_words() -> None:
    cadence = cadence_from_rrule("FREQ=WEEKLY;BYDAY=TU", words="Tuesdays after clinic")
    assert cadence.words == "Tuesdays after clinic"
    assert str(cadence) == "Tuesdays after clinic"


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "garbage",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=HOURLY",
        "FREQ=DAILY",
        "FREQ=WEEKLY;INTERVAL=0",
        "FREQ=WEEKLY;INTERVAL=two",
        "FREQ=WEEKLY;FREQ=MONTHLY",
        "FREQ=WEEKLY;UNTIL=20270101T000000Z",
        "FREQ=WEEKLY;COUNT=3",
        "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=28",
        "FREQ=MONTHLY;BYMONTHDAY=31",
        "FREQ=MONTHLY;BYDAY=5FR",
        "FREQ=MONTHLY;BYDAY=TU",
        "FREQ=WEEKLY;BYDAY=1TU",
        "FREQ=MONTHLY;BYDAY=1MO;BYMONTHDAY=1",
        "FREQ=WEEKLY\nRRULE:FREQ=DAILY",
        "DTSTART:20260101T000000\nRRULE:FREQ=WEEKLY",
    ],
)
def test_cadence_from_rrule_refuses(stored: str) -> None:
    with pytest.raises(DateError) as caught:
        cadence_from_rrule(stored)
    assert_one_clear_sentence(str(caught.value))


def test_a_cadence_cannot_be_built_around_a_bad_rule() -> None:
    with pytest.raises(DateError):
        Cadence(words="weekly", rrule="FREQ=WEEKLY;INTERVAL=0")


# --- properties -----------------------------------------------------------------------------

_VOCABULARY = [
    "in", "a", "next", "this", "last", "end", "of", "the", "by", "on", "every", "other",
    "week", "weeks", "month", "months", "year", "day", "days", "fortnight", "ago",
    "today", "tomorrow", "friday", "tue", "sun", "dec", "feb", "sept", "may", "monthly",
    "weekly", "fortnightly", "quarterly", "first", "fifth", "15th", "31st", "and", ",",
    "0", "3", "12", "29", "31", "99999", "2026", "0000", "9999", "/", "-", ".", "2026-02-29",
]  # fmt: skip
_phrases = st.lists(st.sampled_from(_VOCABULARY), max_size=6).map(" ".join)
_texts = st.one_of(st.text(max_size=40), _phrases)


@given(_texts, st.dates())
def test_parse_due_returns_a_date_or_raises_date_error(text: str, today: date) -> None:
    try:
        result = parse_due(text, today)
    except DateError as exc:
        assert_one_clear_sentence(str(exc))
    else:
        assert isinstance(result, date)


@given(_texts)
def test_parse_cadence_returns_a_cadence_or_raises_date_error(text: str) -> None:
    try:
        cadence = parse_cadence(text)
    except DateError as exc:
        assert_one_clear_sentence(str(exc))
    else:
        assert parse_cadence(cadence.words) == cadence
        assert len(cadence.next_occurrences(START, start=START)) == 3


@given(
    st.one_of(
        st.text(max_size=60),
        st.from_regex(r"FREQ=(WEEKLY|MONTHLY)(;[A-Z]+=[-+0-9A-Z,]+){0,3}", fullmatch=True),
    )
)
def test_cadence_from_rrule_returns_a_cadence_or_raises_date_error(stored: str) -> None:
    try:
        cadence = cadence_from_rrule(stored)
    except DateError:
        return
    assert len(cadence.next_occurrences(START, start=START)) == 3
