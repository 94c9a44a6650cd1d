"""Free-text scrubbing: each recogniser, overlaps, and properties over generated text."""

from __future__ import annotations

import re

import phonenumbers
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mentor_tui.share.scrub import PHONE_REGIONS, Scrubber, name_variants

TITLES = {"prof", "professor", "mrs", "miss", "sir", "dame", "rev", "the", "and", "iii"}
TITLES |= {"phd", "frcp", "frcs", "mbbs", "bsc", "msc"}
# the placeholders themselves: "[NAME]" holds the word "name"
TITLES |= {"name", "email", "phone", "url", "date", "place"}
S = Scrubber(
    ["Priya Raman", "Siobhán O'Connor", "Dr Tomasz Kowalczyk", "Mei-Ling Zhang"],
    ["priya.raman@example.ac.uk", "tk1975@example.org"],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Priya said hi", "[NAME] said hi"),
        ("PRIYA RAMAN and priya", "[NAME] and [NAME]"),
        ("Priya's idea", "[NAME]'s idea"),
        ("Siobhan and Siobhán", "[NAME] and [NAME]"),
        ("o'connor came", "[NAME] came"),
        ("Mei-Ling and Zhang", "[NAME] and [NAME]"),
        ("ask Dr Hargreaves today", "ask [NAME] today"),
        ("Professor Okafor Smith agreed", "[NAME] agreed"),
        ("mail priya.raman@example.ac.uk now", "mail [EMAIL] now"),
        ("raman is tk1975 online", "[NAME] is [ID] online"),
        ("see https://x.example.org/a?b=1.", "see [URL]."),
        ("see www.nhs.uk/conditions, then", "see [URL], then"),
        ("on 12/03/2024 or 2024-03-12", "on [DATE] or [DATE]"),
        ("by 3 March 2024 or March 3rd, 2024", "by [DATE] or [DATE]"),
        ("in Sept 2023 and on 12th of May", "in [DATE] and on [DATE]"),
        ("MRN 00123456 and NHS no: 943 476 5919", "[ID] and [ID]"),
        ("ids K1234567 AB123456C 1234567", "ids [ID] [ID] [ID]"),
        ("call +44 7700 900123 or (415) 555-0134", "call [PHONE] or [PHONE]"),
        ("tel 020 7946 0958.", "tel [PHONE]."),
    ],
)
def test_recognisers(text, expected):
    assert S(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We discussed 3 papers and 5 grants over 45 minutes in 2023.",
        "COVID-19 rota; FY1 and ST3 trainees; an R01 and a K23.",
        "2/3 of the way there; rated 7/10; 10:30 start.",
        "The grant resubmission strategy needs a clear aim.",
    ],
)
def test_ordinary_text_is_left_alone(text):
    assert S(text) == text


def test_placeholders_are_not_scrubbed_again():
    once = S("Priya on 12/03/2024 at priya.raman@example.ac.uk")
    assert S(once) == once


def test_name_variants_skip_titles_and_particles():
    found = name_variants(["Dr Ana de la Cruz", "X"], ["a.cruz@example.org"])
    assert {"Ana", "Cruz", "Ana de la Cruz", "Dr Ana de la Cruz", "a.cruz", "de"} <= found
    assert not {"Dr", "X"} & found


_name = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéáöñ", min_size=3, max_size=10).map(
    str.capitalize
)
_filler = st.lists(
    st.sampled_from(["the", "plan", "for", "grant", "and", "said", "with", ",", ".", "(", ")"]),
    max_size=8,
).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(first=_name, last=_name, before=_filler, after=_filler, shout=st.booleans())
def test_known_names_never_survive(first, last, before, after, shout):
    assume(not {first.lower(), last.lower()} & TITLES)
    scrubber = Scrubber([f"{first} {last}"])
    said = f"{first} {last}".upper() if shout else f"{first} {last}"
    out = scrubber(f"{before} {said} {after}; later {first}. {last}'s turn")
    for part in (first, last):
        assert not re.search(rf"(?<!\w){re.escape(part)}(?!\w)", out, re.IGNORECASE), out


@settings(max_examples=60, deadline=None)
@given(
    region=st.sampled_from(PHONE_REGIONS),
    style=st.sampled_from(
        [
            phonenumbers.PhoneNumberFormat.INTERNATIONAL,
            phonenumbers.PhoneNumberFormat.NATIONAL,
            phonenumbers.PhoneNumberFormat.E164,
        ]
    ),
    kind=st.sampled_from(
        [phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE]
    ),
    before=_filler,
)
def test_phone_numbers_never_survive(region, style, kind, before):
    number = phonenumbers.example_number_for_type(region, kind)
    if number is None:
        return
    written = phonenumbers.format_number(number, style)
    out = S(f"{before} ring {written} tomorrow")
    national = str(number.national_number)
    assert national not in re.sub(r"\D", "", out), out


@settings(max_examples=60, deadline=None)
@given(
    local=st.from_regex(r"[a-z][a-z0-9._+-]{0,15}[a-z0-9]", fullmatch=True),
    domain=st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]\.(org|com|ac\.uk|de)", fullmatch=True),
)
def test_emails_never_survive(local, domain):
    address = f"{local}@{domain}"
    out = S(f"write to {address}, please")
    assert "@" not in out, out


# What the database does not know: each example the issue reported leaking, and more.
KNOWS_HOPE = Scrubber(["Chidi Okafor", "Hope Grant", "Will Turner"], ["c.okafor@example.org"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ask Dr Øyvind today", "ask [NAME] today"),
        ("Professor Émile Durand agreed", "[NAME] agreed"),
        ("Dr.Thompson agreed", "[NAME] agreed"),
        ("Dr 李伟 agreed", "[NAME] agreed"),
        ("Dr\u00a0Jones agreed", "[NAME] agreed"),
        ("DR SMITH agreed", "[NAME] agreed"),
        ("Herr Bäumler, Frau Albrecht, Mme Lefèvre, M. Dupont", "[NAME], [NAME], [NAME], [NAME]"),
        ("Sr. García, Sra. Ortega, Sister Agnes, Nurse Ratchett", "[NAME], [NAME], [NAME], [NAME]"),
        ("Mx Rowan and Prof. Lindqvist", "[NAME] and [NAME]"),
        ("Frau Dr. Weiß came", "[NAME] came"),
        ("met Maria de la Cruz and Jan van der Berg", "met [NAME] and [NAME]"),
        ("Hamid al-Rashid wrote", "[NAME] wrote"),
        ("Мария Иванова wrote", "[NAME] wrote"),
        ("Okafors, Okafor's and Okafors' plans", "[NAME], [NAME]'s and [NAME]' plans"),
        ("Then Jane Okonkwo asked", "Then [NAME] asked"),
        ("write to jürgen.müller@klinik-süd.de", "write to [EMAIL]"),
        ("jane dot doe at nhs dot net or jane[at]example[dot]org", "[EMAIL] or [EMAIL]"),
        ("MRN 12345, hospital no. K12, Fallnummer 4711", "[ID], [ID], [ID]"),
        ("bleep 4471 or ext. 2231", "[PHONE] or [PHONE]"),
        ("born 12. März 1987", "born [DATE]"),
        ("on the third of May 1990", "on [DATE]"),
        ("born 1987-03-12", "[DATE]"),
        ("3 de mayo de 1990 / le 1er mai 1990", "[DATE] / le [DATE]"),
        (
            "SW1A 1AA, MN 55905, 10117 Berlin, 75013 Paris, 1012 AB",
            "[PLACE], [PLACE], [PLACE], [PLACE], [PLACE]",
        ),
        ("at 221B Baker Street or Hauptstraße 12", "at [PLACE] or [PLACE]"),
        (
            "St Mary's Hospital, Charité, Klinikum Nord, Mayo Clinic",
            "[PLACE], [PLACE], [PLACE], [PLACE]",
        ),
        ("a 47-year-old with sarcoidosis", "a 40-49-year-old with sarcoidosis"),
        ("aged 93, 34M with chest pain", "aged 90+, 30-39M with chest pain"),
    ],
)
def test_identifiers_the_database_does_not_know(text, expected):
    assert KNOWS_HOPE(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I hope it goes well",
        "Hope this helps.",
        "Will you review the grant?",
        "Grant writing next term; may we meet in June?",
        "We talked about β-blockers and TNF-α.",
        "The 2023 MS cohort; ST3 and FY1; rated 7/10.",
        "Even so, you can take the long view.",
        "The hospital was busy; clinic went well.",
        "She is preparing for the exam and suturing.",
        "Look at example.com for the form.",
        "She wants to apply for General Surgery; read Good Medical Practice first.",
        "Plastic Surgery and Trauma Clinic rotations; the Eye Clinic was busy.",
    ],
)
def test_words_that_are_also_names_stay_words(text):
    assert KNOWS_HOPE(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I asked Hope about it", "I asked [NAME] about it"),
        ("Hope said no.", "[NAME] said no."),
        ("Hope Grant agreed", "[NAME] agreed"),
        ("Will Turner's audit", "[NAME]'s audit"),
        ("Grant's feedback", "[NAME]'s feedback"),
    ],
)
def test_words_that_are_names_go_where_used_as_names(text, expected):
    assert KNOWS_HOPE(text) == expected


def test_ages_and_placeholders_are_stable():
    once = KNOWS_HOPE("a 47-year-old, aged 52, Dr Øyvind, 10117 Berlin")
    assert KNOWS_HOPE(once) == once


@pytest.mark.parametrize(
    "text",
    [
        "-".join(["Ab"] * 3000) + " x",
        "de " * 5000 + "x",
        "1." * 10000,
        "a dot " * 3000 + "a at b",
        "St " * 5000,
        "Dr " * 5000 + "x",
        "12 " + "Ab " * 5000,
        "a." * 10000 + "@",
    ],
    ids=["hyphens", "particles", "dotted digits", "dots", "saints", "titles", "street", "at"],
)
def test_hostile_text_is_scrubbed_in_linear_time(text):
    """Each of these took seconds to minutes while a pattern backtracked (nested repeats over
    hyphenated words, a URL pattern rescanning every dot); now each is a fraction of a second.
    No clock is read: a regression shows as this test taking minutes, not as a flaky fail."""
    out = KNOWS_HOPE(text)
    assert out is not None
