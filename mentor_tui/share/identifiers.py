"""Recognisers for identifiers nobody told the database about, used by share/scrub.py.

Each recogniser is a compiled pattern (or a small function) that finds one kind of identifier
in free text written mostly in English by doctors in Europe and North America: names after a
title in any script, names with particles, given names from the name list that
`gender-guesser` ships (about 45,000 given names from many countries, read once, offline),
e-mail addresses including international and spelled-out ones, record numbers after a
keyword, bleeps and extensions, dates in several languages and in words, postcodes, street
addresses, hospitals and ages. The patterns favour a few over-scrubbed words over a leaked
name; the measured rates are in docs/coordinator.md.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources


def _words(text: str) -> list[str]:
    """A word list written as prose, one line per group, so that it stays readable."""
    return text.split()


def _ranges(codes: list[int]) -> str:
    """Code points as regex class ranges ("a-z" rather than every letter)."""
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


# Latin letters outside ASCII live in these blocks of the Basic Multilingual Plane.
_LATIN_BLOCKS = ((0xAA, 0xAA), (0xBA, 0xBA), (0xC0, 0x24F), (0x250, 0x2AF), (0x1D00, 0x1DBF),
                 (0x1E00, 0x1EFF), (0x2C60, 0x2C7F), (0xA720, 0xA7FF), (0xAB30, 0xAB6F),
                 (0xFB00, 0xFB06), (0xFF21, 0xFF5A))  # fmt: skip


def _letter_classes() -> tuple[str, str, str]:
    """(capitals of every cased script, letters of scripts without case, non-Latin letters).

    One pass over the Basic Multilingual Plane at import (tens of ms): Python's re has
    no \\p{Lu} class, and a hand-made list of ranges would miss scripts.
    """
    upper: list[int] = []
    caseless: list[int] = []
    not_latin: list[int] = []
    latin = [False] * 0x10000
    for low, high in _LATIN_BLOCKS:
        latin[low : high + 1] = [True] * (high - low + 1)
    category = unicodedata.category
    for code in range(0x80, 0x10000):
        kind = category(chr(code))
        if kind[0] != "L":
            continue
        if kind in ("Lu", "Lt"):
            upper.append(code)
        elif kind == "Lo":
            caseless.append(code)
        if not latin[code]:
            not_latin.append(code)
    return _ranges(upper), _ranges(caseless), _ranges(not_latin)


_UPPER, CASELESS, _NOT_LATIN = _letter_classes()
# Capital letters in every cased script (Ø, É, Ł, Д, Σ ...); CASELESS holds the letters of
# scripts without case (Chinese, Japanese, Korean, Arabic, Hebrew, Devanagari, Thai ...), and
# a run of non-Latin letters inside English text is a name (or a place) far more often than
# anything else a mentor writes.
UPPER = "A-Z" + _UPPER
_LETTER = r"[^\W\d_]"

SPACE = r"[ \t\u00a0\u202f\u2009]"  # ordinary, no-break, narrow no-break and thin spaces
# Possessive (*+, ++): a word is taken whole or not at all, so that hyphenated chains
# ("Ab-Ab-Ab-...") cannot make the patterns built from it backtrack exponentially.
CAP_WORD = rf"[{UPPER}]{_LETTER}*+(?:['’\-]{_LETTER}++)*+"
CASELESS_WORD = rf"[{CASELESS}]++"
# Where a pattern that opens with a word may start: not inside a word, not after a hyphen or
# apostrophe (each start would otherwise rescan the rest of a hyphenated chain).
WORD_START = r"(?<![\w'’-])"
INITIAL = rf"[{UPPER}]\."
PARTICLES = (
    "de", "del", "della", "di", "da", "dos", "das", "do", "du", "la", "le", "van", "von",
    "der", "den", "ter", "ten", "zu", "zum", "bin", "binti", "bint", "ibn", "ben", "al", "el",
    "y", "e",
)  # fmt: skip
PARTICLE = r"(?:" + "|".join(PARTICLES) + r")"
# A surname-like piece: a capitalised word, optionally after particles ("de la Cruz",
# "van der Berg", "al-Rashid", "bin Laden").
_PIECE = rf"(?:{PARTICLE}(?:{SPACE}+|-)){{0,3}}(?:{CAP_WORD}|{CASELESS_WORD})"

# Titles. Written as listed, in capitals, or (for the unambiguous ones) in lower case;
# a dot after them is optional and may be followed by no space at all ("Dr.Thompson").
_TITLES = (
    "Dr", "Drs", "Doctor", "Prof", "Professor", "Pr", "Mr", "Mrs", "Ms", "Mx", "Miss",
    "Mister", "Sir", "Dame", "Lord", "Lady", "Rev", "Revd", "Reverend", "Father", "Sister",
    "Nurse", "Matron", "Midwife", "Herr", "Frau", "Hr", "Fr", "Fräulein", "Mme", "Mlle",
    "Madame", "Mademoiselle", "Monsieur", "M", "Sr", "Sra", "Srta", "Señor", "Señora",
    "Don", "Doña", "Dña", "Dott", "Dott.ssa", "Dottssa", "Sig", "Sig.ra", "Signor", "Signora",
    "Dhr", "Mevr", "Mevrouw", "Meneer", "Pani", "Pan", "Mag", "Ing",
)  # fmt: skip
_LOWER_OK = {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "herr", "frau", "mme", "doctor"}
_LOWER_OK |= {"sister", "nurse", "matron", "midwife", "madame", "monsieur", "señor", "señora"}


def _title_alternatives() -> str:
    forms: set[str] = set()
    for title in _TITLES:
        forms.update({title, title.upper()})
        if title.lower() in _LOWER_OK:
            forms.add(title.lower())
    ordered = sorted(forms, key=lambda t: (-len(t), t))
    return "|".join(re.escape(t) for t in ordered)


# "M" alone is a title only with its dot ("M. Dupont"), never as an initial of a name.
TITLE_NAME_RE = re.compile(
    rf"(?<![\w.])(?:(?:{_title_alternatives()})"
    rf"(?:(?<=M)\.{SPACE}*|(?<!M)(?:\.{SPACE}*|{SPACE}+)))+"
    rf"(?:(?:med|rer\.?{SPACE}*nat|phil)\.?{SPACE}+)?"  # "Dr. med. Müller"
    rf"(?:(?:{INITIAL}{SPACE}*)+)?{_PIECE}(?:{SPACE}+{_PIECE}){{0,2}}"
)
# "Maria de la Cruz", "Jan van der Berg", "Omar bin Said", "Hamid al-Rashid".
PARTICLE_NAME_RE = re.compile(
    rf"{WORD_START}(?:{CAP_WORD}{SPACE}+)?(?:{PARTICLE}{SPACE}+){{1,3}}(?:{PARTICLE}-)?{CAP_WORD}"
    rf"|{WORD_START}(?:{CAP_WORD}{SPACE}+)?(?:al|el|Al|El)-[{UPPER}]{_LETTER}+"
)
# Runs of a script other than Latin ("李伟", "Мария Иванова"); single letters are Greek
# symbols in medicine ("β-blocker", "TNF-α") and stay.
OTHER_SCRIPT_RE = re.compile(rf"[{_NOT_LATIN}]{{2,}}(?:{SPACE}+[{_NOT_LATIN}]{{2,}})*")
LATIN_WORD_RE = re.compile(r"[A-Za-z]{3,}")

# ---------------------------------------------------------------------------------------------
# Given names from the list gender-guesser ships, and the words that make a capitalised word
# a name in context.

# English words that are also given names: such a word is a name only where it is used as one
# (capitalised mid-sentence, after a title, before a surname), never at the start of a
# sentence on its own ("Hope this helps", "Will you ...", "Grant writing ...").
COMMON_WORD_NAMES = frozenset(
    _words(
        """
    hope will grant may mark bill faith joy rose guy pat sue frank art dean jack gene rich
    sandy summer amber ruby pearl iris lily daisy holly ivy hazel heather violet dawn eve
    april june august autumn grace patience prudence charity constance honor honour mercy
    chance hunter carter cook baker brown green white black gray grey young long king bishop
    page hall hill wood stone lane field ford bell price rice fox wolf bird crane swift sharp
    bright strong hardy noble love best wise gold silver crystal sky rain storm river forest
    brook glen dale heath moss reed rush star sunny chase drew lance rob don ray sol norm
    nick pip bob dot kit penny candy ginger cherry olive sage bay cliff major marshal
    harmony melody destiny trinity unity precious blessing gift happy lucky rusty buck bud
    robin wren jay drake mason porter archer fisher ward wells banks mills waters brooks
    case clay miles rusty tucker early rich win van doctor nurse sister matron sterling
    so an is in on at as me we he us it be do go no or to by of my
    """
    )
)
# Capitalised words that the name list contains but that are rarely names in these notes.
NOT_GIVEN_NAMES = frozenset(
    _words(
        """
    i a the and but or so if as at by for in into of on to with from up our my your his her
    their its this that these those there then when where what which who why how all any
    some each every no not yes can may will shall must might could would should do did
    done be been being am is are was were have has had monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september
    october november december christmas easter god lord nhs gp icu ed er ct mri ecg
    english british french german spanish italian dutch european american african asian
    foundation royal college university trust hospital clinic unit ward team board
    he she we they you it me us him them an art door even fine go guy here job just line
    long lot love made man night ok okay per ran rota run said side soon take tell than till
    way win young general core mentor brain ear son nan merit spring princess prince duke
    christ jesus king queen major judge justice pastor
    """
    )
)
# Words that say a capitalised word before them is a person ("Grant said ...").
SPEECH_VERBS = frozenset(
    _words(
        """
    said says asked asks told tells thinks thought felt feels wants wanted agreed agrees
    mentioned mentions reported reports presented presents emailed emails called calls
    wrote writes suggested suggests explained explains noted notes complained complains
    admitted admits replied replies joined joins left leaves arrived arrives struggled
    struggles seemed seems is was has had will would can could did does
    """
    )
)


def fold(text: str) -> str:
    """Without accents: "Siobhán" -> "Siobhan", so both spellings are caught."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Lower-cased given names from gender-guesser's data file (read once, offline).

    An empty set when the package is missing, so scrubbing still runs on the other rules.
    """
    try:
        data = resources.files("gender_guesser") / "data" / "nam_dict.txt"
        text = data.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):  # pragma: no cover
        return frozenset()
    names: set[str] = set()
    for line in text.splitlines():
        if not line or line[0] in "#=":
            continue
        parts = line.split(None, 2)
        if len(parts) < 2:
            continue
        # The file writes most names without accents ("Etienne"); lookups fold the word too.
        name = fold(parts[1].lower())
        names.add(name)
        if "+" in name:
            names.update({name.replace("+", "-"), name.replace("+", "")})
    names -= NOT_GIVEN_NAMES
    return frozenset(n for n in names if len(n) > 1)


CAP_TOKEN_RE = re.compile(rf"(?<![\w'’\-.@])[{UPPER}]{_LETTER}++(?:['’\-][{UPPER}]{_LETTER}++)*+")
NEXT_WORD_RE = re.compile(rf"(?:['’]s\b)|{SPACE}+(?:({CAP_WORD}|{CASELESS_WORD})|([a-z]+))")


def sentence_start(text: str, position: int) -> bool:
    """True when the word at `position` opens a sentence, a line, a list item or a quote."""
    i = position - 1
    while i >= 0 and text[i] in " \t\u00a0\u202f\"'“‘(*•-–—>":
        i -= 1
    return i < 0 or text[i] in ".!?:;\n\r"


def given_name_spans(text: str) -> list[tuple[int, int]]:
    """Given names from the list, with the surname after them, where they are used as names."""
    names = given_names()
    if not names:
        return []
    found: list[tuple[int, int]] = []
    for match in CAP_TOKEN_RE.finditer(text):
        word = match.group()
        lowered = fold(word.lower())
        if lowered not in names:
            continue
        if word.isupper() and len(word) > 1:
            continue  # acronyms: "NICE", "ANA", "MAR"
        following = NEXT_WORD_RE.match(text, match.end())
        surname = following.group(1) if following else None
        verb = following.group(2) if following else None
        if following and surname and surname.lower() not in NOT_GIVEN_NAMES:
            found.append((match.start(), following.end()))
            continue
        if not sentence_start(text, match.start()):
            found.append(match.span())
        elif following and (following.group().startswith(("'", "’")) or verb in SPEECH_VERBS):
            # At the start of a sentence only with a verb a person does ("Priyanka asked",
            # "Grant said"): "Will you ...", "Hope this helps", "Even so" stay.
            found.append(match.span())
    return found


# ---------------------------------------------------------------------------------------------
# E-mail addresses: any script in the local part and the domain, and the spelled-out forms
# people use to dodge harvesters ("jane dot doe at nhs dot net", "jane[at]example[dot]org").

EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[\w][\w.%+-]*@[\w](?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*\.(?:[^\W\d_]{2,}|xn--[\w-]+)"
    r"(?![\w-])"
)
_AT = r"(?:\s*[\[\(\{<]\s*(?:at|@)\s*[\]\)\}>]\s*|\s+(?:at|AT)\s+|\s*@\s*)"
_DOT = r"(?:\s*[\[\(\{<]\s*(?:dot|\.)\s*[\]\)\}>]\s*|\s+(?:dot|DOT)\s+)"
_DOT_ANY = rf"(?:{_DOT}|\.)"
_LABEL = r"[\w%+-]++"
OBFUSCATED_EMAIL_RE = re.compile(
    # local part, then an "at" that is spelled or bracketed or a dot that is, then a domain
    # with at least one spelled or bracketed dot, ending in a TLD-like word. The repeats are
    # bounded (addresses have few labels) so that long runs of "a dot a dot ..." stay linear.
    rf"(?<![\w.%+-])(?:{_LABEL}(?:{_DOT_ANY}{_LABEL}){{0,4}})"
    rf"(?:(?:\s*[\[\(\{{<]\s*(?:at|@)\s*[\]\)\}}>]\s*){_LABEL}(?:{_DOT_ANY}{_LABEL}){{0,4}}{_DOT_ANY}"
    rf"|{_AT}(?:{_LABEL}{_DOT_ANY}){{0,4}}{_LABEL}{_DOT})[A-Za-z]{{2,6}}(?!\w)"
    # "s.okoro at gmail.com": a plain "at" and real dots, when the local part has a dot,
    # underscore or digit in it as addresses do ("look at example.com" stays)
    rf"|(?<![\w.%+-])(?=[\w%+-]*[._\d])[\w.%+-]++\s+at\s+(?:[\w-]++\.){{1,5}}[A-Za-z]{{2,6}}(?!\w)",
    re.IGNORECASE,
)

# The long pattern above runs only on text with an "at" in some form (it is the slow one).
MAYBE_OBFUSCATED_RE = re.compile(r"(?i)\bat\b|[\[({<]\s*(?:at|@)\s*[\])}>]|\s@\s")

# ---------------------------------------------------------------------------------------------
# Numbers that identify: records after a keyword whatever their length, bleeps, extensions.

_RECORD_WORDS = (
    r"mrn|urn|nhs|chi|nino|ssn|bsn|ipp|nip|pid|medicare|ahv|svnr|"
    r"fallnummer|fallnr\.?|fall-nr\.?|patientennummer|patienten-?id|aktenzeichen|"
    r"num[ée]ro\s+de\s+dossier|n°\s*dossier|dossier|expediente|historia\s+cl[íi]nica|"
    r"(?:hospital|patient|record|case|unit|medical\s+record|health(?:\s+care)?|insurance|"
    r"cartella|registration|reference|ref|chart|file|episode|admission|accession|sample|lab)"
    r"\s*(?:no\.?|number|num|nr\.?|n°|#|id|ref)"
)
RECORD_RE = re.compile(
    rf"(?<!\w)(?:{_RECORD_WORDS})(?:\s*(?:no\.?|number|nr\.?|n°|#|id))?\s*(?:is|was|=)?\s*[:#.]?\s*"
    r"[A-Za-z]{0,4}[-/]?\d(?:[\dA-Za-z/-]|[ .](?=\d))*(?!\w)",
    re.IGNORECASE,
)
BLEEP_RE = re.compile(
    r"(?<!\w)(?:bleep(?:er)?|pager|page\s+me\s+on|ext\.?|extn\.?|extension|dect|tel\.?|"
    r"phone|mobile|mob\.?|fax|switchboard|x|poste|durchwahl|nebenstelle|toestel)"
    # a short number standing alone: "tel 020 7946 0958" is a whole number for phonenumbers
    r"(?:\s*(?:no\.?|number|#))?\s*[:#.]?\s*\d{2,7}(?!\w|[ -]?\d)",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------
# Dates in English, German, French, Spanish, Italian, Dutch and Portuguese, with digits or
# words for the day.

_MONTH_WORDS = _words(
    # English
    "jan january feb february mar march apr april may jun june jul july aug august sep sept "
    "september oct october nov november dec december "
    # German
    "januar jänner februar märz maerz mai juni juli oktober dezember "
    # French
    "janvier février fevrier mars avril juin juillet août aout septembre octobre novembre "
    "décembre decembre "
    # Spanish, Italian, Portuguese
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre "
    "diciembre gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre "
    "janeiro fevereiro março marco maio junho julho setembro outubro dezembro "
    # Dutch
    "januari februari maart mei augustus"
)
MONTHS = (
    r"(?:" + "|".join(sorted({re.escape(m) for m in _MONTH_WORDS}, key=lambda m: -len(m))) + r")\.?"
)
_ORDINAL_WORDS = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth"
)
_ORDINAL = (
    r"(?:(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
    + "|".join(_ORDINAL_WORDS)
    + r")"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er|e|º|\.)?"
_YEAR = r"(?:1[89]\d\d|20\d\d|'\d\d)"
_JOIN = r"(?:\s+(?:of|de|del|di|van)\s+|\s+|\s*[-/]\s*)"
DATE_RES = (
    # 2024-03-12, 2024/3/12, 2024.03.12
    re.compile(r"(?<![\w.])\d{4}[-/.](?:0?[1-9]|1[0-2])[-/.](?:[12]\d|3[01]|0?[1-9])(?![\w.]\d)"),
    # 12/03/2024, 3-12-24, 12.03.2024, 12.3.87 (day or month first: both go)
    re.compile(r"(?<![\w./-])\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})(?![\w/-]|\.\d)"),
    # 12 March 2024, 12. März 1987, 3 de mayo de 1990, le 1er mai, 12th of May
    re.compile(
        rf"(?<!\w)(?:{_DAY}|(?:the\s+)?{_ORDINAL}){_JOIN}{MONTHS}(?:,?{_JOIN}{_YEAR})?(?!\w)",
        re.IGNORECASE,
    ),
    # March 12, 2024, Mar 12th, May the third 1990, March 2024, März 1987
    re.compile(
        rf"(?<!\w){MONTHS}\s+(?:(?:the\s+)?(?:{_DAY}|{_ORDINAL})(?:,?\s+{_YEAR})?|{_YEAR})(?!\w)",
        re.IGNORECASE,
    ),
    # 12/03 (day and month only): two digits each side, so "2/3 of them" and "7/10" stay
    re.compile(r"(?<![\w/.-])(?:[12]\d|3[01]|0[1-9])/(?:1[0-2]|0[1-9])(?![\w/]|\.\d)"),
    # born 1987, born in 1987, DOB 1987, year of birth 1987, geb. 1987, née en 1987
    re.compile(
        r"(?<!\w)(?:born|b\.|dob|d\.o\.b\.?|date\s+of\s+birth|year\s+of\s+birth|geb\.|geboren|"
        r"né|née|nacido|nacida|nato|nata)(?:\s+(?:in|on|am|im|en|le|el|il))?\s*:?\s*"
        r"(?:1[89]\d\d|20\d\d)(?!\w)",
        re.IGNORECASE,
    ),
)
# The two that find a date written with no digit at all ("the third of May").
DATES_IN_WORDS = DATE_RES[2:4]

# ---------------------------------------------------------------------------------------------
# Places: postcodes, street addresses, hospitals and clinics.

_US_STATES = _words(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
# The two letters of a Dutch postcode: never SA, SD or SS, and not a unit or an acronym that
# follows a number in notes ("1000 IU", "4000 ML", "1500 PM").
_NL_LETTERS = (
    r"(?!SA|SD|SS|IU|ML|MG|KG|MB|GB|KB|TB|KM|CM|MM|AM|PM|BC|AD|CE|UK|US|EU|GP|ED|ER|HR|BP|MS|"
    r"OR|IV|IM|SC|PO|PR|NG|OK|DM|QT|CT|MR|US|BD|TD|OD|ON)[A-Z]{2}"
)
POSTCODE_RES = (
    # UK: SW1A 1AA, M13 9WL, EH16 4SA
    re.compile(r"(?<![\w-])[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}(?!\w)"),
    # US: a state then a ZIP code ("MN 55905", "Boston, MA 02115-1234"), or after "ZIP"
    re.compile(
        r"(?<!\w)(?:(?:" + "|".join(_US_STATES) + r")|zip(?:\s*code)?:?)\s+\d{5}(?:-\d{4})?(?!\w)",
    ),
    re.compile(r"(?<!\w)zip(?:\s*code)?:?\s*\d{5}(?:-\d{4})?(?!\w)", re.IGNORECASE),
    # five digits alone where a place is meant: "lives near 31691", "PLZ 50937", "CP 75013"
    re.compile(
        r"(?<!\w)(?:near|postcode|post\s+code|plz|cp|code\s+postal|lives\s+in|moved\s+to)"
        r"\s*:?\s*(?P<id>\d{5})(?!\w)",
        re.IGNORECASE,
    ),
    # Germany and France: five digits before a town ("10117 Berlin", "D-10117", "75013 Paris")
    re.compile(rf"(?<![\w.,/-])(?:[DF]-)?\d{{5}}{SPACE}+{CAP_WORD}(?:[ -]{CAP_WORD})?"),
    re.compile(r"(?<!\w)[DF]-\d{5}(?!\w)"),
    # Netherlands: 1012 AB (not a year before an acronym: "2023 MS" stays)
    re.compile(
        rf"(?<![\w.,/-])(?:[1-9]\d{{3}}\s?{_NL_LETTERS}{SPACE}+{CAP_WORD}"
        rf"|(?!19|20)[1-9]\d{{3}}\s?{_NL_LETTERS}(?![\w-]))"
    ),
)
_STREET_WORDS = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Close|Way|Place|Court|Ct|Crescent|Terrace|"
    "Gardens|Boulevard|Blvd|Square|Sq|Hill|Row|Mews|Grove|Walk|Parade|Highway|Hwy|Ridge|"
    "Point|View|Heights|Park|Circle|Cir|Trail|Plaza|Green|Rise|Gate|Wharf|Quay|Yard|Hollow|"
    "Bend|Crossing|Loop|Pike|Parkway|Pkwy|Estate|Estates|Meadow|Meadows|Vale|Valley|Brook|"
    "Islands?|Rapids?|Forks?|Circus|Embankment|Broadway"
)
# Endings that make a street on their own, and endings that are one only with a house number
# ("Lindenring 4", not "Spring" or "Boring").
_STREET_ALONE = r"(?i:straße|strasse|str\.|gasse|allee|chaussee|straat|gracht|laan)"
_STREET_NUMBERED = (
    r"(?i:weg|platz|ring|damm|ufer|plein|kade|singel|dijk|steeg|pad|baan|hof|boulevard)"
)
_HOUSE_NUMBER = rf"{SPACE}+\d{{1,4}}[a-z]?(?:[/-]\d{{1,4}}[a-z]?)?"
STREET_RES = (
    # 221B Baker Street, 12 Elm Road, 4 St Andrew's Close
    re.compile(
        rf"(?<![\w.,])\d{{1,5}}[A-Za-z]?,?{SPACE}+(?:{CAP_WORD}\.?{SPACE}+){{1,3}}(?:{_STREET_WORDS})"
        r"\b\.?"
    ),
    # Baker Street, Harley St (a named street with no number still places someone)
    re.compile(
        rf"{WORD_START}(?:{CAP_WORD}{SPACE}+){{1,2}}(?:Street|Road|Avenue|Lane|Crescent|Terrace)\b"
    ),
    # Hauptstraße 12, Keizersgracht 123a, Am Ring 4
    re.compile(
        # Hauptstraße 12, Otto-Hahn-Ring 5/2, Keizersgracht 123a
        # (one start per hyphenated word, scanned lazily for the ending: linear time)
        rf"(?<![\w-])[{UPPER}](?:{_LETTER}|-(?={_LETTER}))*?(?:{_STREET_ALONE}(?:{_HOUSE_NUMBER})?"
        rf"|{_STREET_NUMBERED}{_HOUSE_NUMBER})(?!\w)"
    ),
    # 14 rue de la Paix, 3 avenue Foch, Calle Mayor 5, Via Roma 10
    re.compile(
        # the street word in any case, the name after it capitalised ("3 avenue Foch in ...")
        r"(?<!\w)(?:\d{1,4}(?:\s*(?:bis|ter))?,?\s+)?(?i:rue|avenue|av\.|boulevard|bd|place|allée|"
        r"chemin|impasse|quai|calle|c/|avenida|avda\.|plaza|paseo|via|viale|piazza|corso|rua)"
        rf"\s+(?:(?:de|du|des|de\s+la|d'|del|della|di|da|do)\s*)?{CAP_WORD}(?:{SPACE}+{CAP_WORD})*"
        r"(?:,?\s+\d{1,4}[a-z]?)?",
    ),
)
_INSTITUTION_AFTER = (
    "Hospital|Hospitals|Infirmary|Clinic|Klinik|Klinikum|Krankenhaus|Hospice|Medical Centre|"
    "Medical Center|Health Centre|Health Center|Sanatorium|Maternity|"
    "Children's Hospital|Royal Hospital"
)
_INSTITUTION_BEFORE = (
    r"Klinikum|Klinik|Krankenhaus|Uniklinik|Universitätsklinikum|Hôpital|Hopital|Hospital|"
    r"Hospital\s+Universitario|Ospedale|Policlinico|Centre\s+Hospitalier|CHU|CHRU|Clinique|"
    r"Clínica|Clinica|Ziekenhuis|Spital|Kantonsspital|Szpital|Sjukhus|Sykehus"
)
_NAME_WORD = rf"(?:{CAP_WORD}|St\.?|Saint|Sankt|San|Santa|Ste\.?)"
_LINK = rf"(?:{SPACE}+(?:of|and|&|the|de|du|des|la|der|am|an|di|del|della){SPACE}+|{SPACE}+|-)"
# Well-known hospitals named by one word; the forms above catch the rest.
FAMOUS_HOSPITALS = (
    "Charité", "Charite", "Salpêtrière", "Salpetriere", "Karolinska", "Addenbrooke's",
    "Addenbrookes", "Moorfields", "Papworth", "Great Ormond Street", "Hammersmith",
    "Bethesda", "Mayo", "Cleveland Clinic", "Johns Hopkins", "Rigshospitalet",
    "Sahlgrenska", "Necker", "Pitié", "Gemelli", "Vall d'Hebron", "Hôtel-Dieu",
)  # fmt: skip
_STOP_START = r"(?!(?:The|A|An|Our|My|Your|His|Her|Their|This|That|At|In|To|From|On|For)\b)"
# St Mary's Hospital, Royal Infirmary of Edinburgh, Mayo Clinic, Leeds General Infirmary
NAMED_INSTITUTION_RE = re.compile(
    rf"{WORD_START}{_STOP_START}(?P<name>{_NAME_WORD}(?:{_LINK}{_NAME_WORD}){{0,4}}){SPACE}+"
    rf"(?:{_INSTITUTION_AFTER})"
    rf"(?P<of>{SPACE}+(?:of|for){SPACE}+(?:the{SPACE}+)?{CAP_WORD}(?:{SPACE}+{CAP_WORD}){{0,2}})?\b"
)
# Words that say what kind of clinic or practice it is, not which one: "General Surgery",
# "Good Medical Practice", "Eye Clinic" and "Royal Infirmary" alone name no place.
INSTITUTION_KINDS = frozenset(
    _words(
        """
        general plastic trauma eye paediatric pediatric children's childrens fracture diabetes
        diabetic antenatal postnatal memory pain sexual health fertility outpatient outpatients
        day urgent cardiac cardiology surgical medical good dental private family specialist
        community mental psychiatric orthopaedic orthopedic maternity vascular breast
        colorectal upper lower gi ent hand spinal oral maxillofacial minor major rapid access
        chest heart skin dermatology rheumatology respiratory renal liver stroke falls sleep
        asthma allergy teaching district local university royal emergency acute cottage nhs
        clinical evidence-based best safe virtual online telephone video nurse-led gp
        surgery practice medicine department ophthalmology obstetrics gynaecology oncology
        haematology neurology urology paediatrics anaesthetics radiology psychiatry geriatric
        endocrine endocrinology gastroenterology nephrology ortho fracture wound ear nose
        throat genetics genetic transplant ivf abortion hiv gum travel
        of and & the st
        """
    )
)


def institution_spans(text: str) -> list[tuple[int, int]]:
    """Named hospitals, clinics and practices; not the kinds of them ("General Surgery")."""
    found = []
    for match in NAMED_INSTITUTION_RE.finditer(text):
        words = re.findall(r"[\w'’&-]+", match.group("name").lower())
        if match.group("of") or not all(word in INSTITUTION_KINDS for word in words):
            found.append(match.span())
    return found


HOSPITAL_RES = (
    # Klinikum Nord, Hôpital Necker, CHU de Bordeaux, Ospedale San Raffaele
    re.compile(
        rf"(?<!\w)(?:{_INSTITUTION_BEFORE})(?:{SPACE}+(?:de|du|des|de la|d'|del|della|der|am|an der|"
        rf"di|van|universitario)\b)*{SPACE}*{_NAME_WORD}(?:{_LINK}{_NAME_WORD}){{0,3}}"
    ),
    re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(h) for h in FAMOUS_HOSPITALS) + r")(?:['’]s)?(?!\w)"
    ),
)

# ---------------------------------------------------------------------------------------------
# Ages: the number becomes a ten-year band ("a 47-year-old" -> "a 40-49-year-old"), so a rare
# diagnosis plus an exact age no longer picks out one patient while the clinical sense stays.

AGE_RES = (
    re.compile(
        r"(?<![\d\-–.])(\d{1,3})(?=(?:[- ](?:years?|yrs?|y)[- ]?old|[- ]?y/?o\b|[- ]?yo\b|"
        r"[- ]year[- ]old|[- ]months?[- ]old|-jährige|[- ]jährig|\s+jahre\s+alt|\s+ans\b|"
        r"\s+años|\s+anni|\s+jaar\s+oud|(?:\s?[MF])\b(?=\s+(?:with|w/|presenting|presented|"
        r"admitted|pmh|hx|c/o))))",
        re.IGNORECASE,
    ),
    re.compile(
        # not a range: "patients aged 18-65", "age 18 to 65"
        r"\b(?:aged|age|alter|âge|edad|età|leeftijd)\s*:?\s*(\d{1,3})"
        r"(?![\d\-–]|\.\d|\s*(?:to|-|–|and|or)\s*\d)",
        re.IGNORECASE,
    ),
)


def age_band(years: int) -> str:
    """A ten-year band; 90 and over together, as in most disclosure rules."""
    if years >= 90:
        return "90+"
    low = years // 10 * 10
    return f"{low}-{low + 9}"


def beside_latin(text: str) -> bool:
    """True when the text has a Latin word of three letters or more.

    Runs of another script inside such a text are taken for names. A note written wholly in
    another script is left to the other rules rather than erased.
    """
    return LATIN_WORD_RE.search(text) is not None
