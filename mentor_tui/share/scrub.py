"""Free-text scrubbing for `export --include-text`.

Everything here runs offline and is deterministic: the names the database knows (display
names, their parts, the local parts of known e-mail addresses), names after a title
("Dr Okafor"), `phonenumbers` for telephone numbers, and tight patterns for e-mail addresses,
URLs, dates and record-number-like identifiers. Each recogniser reports spans of the original
text; overlapping spans are merged and every span becomes one placeholder, so a placeholder
is never scrubbed again and nothing half-matched is left behind.

This lowers the risk; it cannot remove it. A patient's surname that no record knows and no
title precedes goes through, which is why text leaves only when a pair opts in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import phonenumbers

NAME = "[NAME]"
EMAIL = "[EMAIL]"
PHONE = "[PHONE]"
URL = "[URL]"
DATE = "[DATE]"
ID = "[ID]"

PHONE_REGIONS = ("GB", "US", "DE", "FR", "IN", "IE", "AU", "CA", "NL", "ES")

# Words that are part of a display name but say nothing about who someone is.
_NOT_NAMES = {
    # titles and letters after a name: "Dr Ana Cruz" must not make every "Dr" a name
    *("dr", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "sir", "dame", "rev"),
    *("jr", "sr", "ii", "iii", "md", "phd", "frcp", "frcs", "mbbs", "bsc", "msc"),
    # words so common that scrubbing them would wreck the text; particles such as "van"
    # or "de" stay names (Van can be a first name), at the cost of some over-scrubbing
    *("the", "and", "of"),
}

EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])"
)
URL_RE = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'`]+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|ac\.uk|nhs\.uk|co\.uk|io|uk|de|fr"
    r"|in|eu|info)/[^\s<>\"'`]*",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
DATE_RES = (
    # 2024-03-12, 2024/3/12, 2024.03.12
    re.compile(r"(?<![\w.])\d{4}[-/.](?:0?[1-9]|1[0-2])[-/.](?:[12]\d|3[01]|0?[1-9])(?![\w.]\d)"),
    # 12/03/2024, 3-12-24, 12.03.2024 (day or month first: both go)
    re.compile(r"(?<![\w./-])\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})(?![\w/-]|\.\d)"),
    # 12 March 2024, 12th Mar, 3 March, 12 of March 2024
    re.compile(rf"(?<!\w){_DAY}\s+(?:of\s+)?{_MONTHS}(?:,?\s+\d{{4}})?(?!\w)", re.IGNORECASE),
    # March 12, 2024, Mar 12th, March 2024
    re.compile(rf"(?<!\w){_MONTHS}\s+(?:{_DAY}(?:,?\s+\d{{4}})?|\d{{4}})(?!\w)", re.IGNORECASE),
    # 12/03 (day and month only): two digits each side, so "2/3 of them" and "7/10" stay
    re.compile(r"(?<![\w/.-])(?:[12]\d|3[01]|0[1-9])/(?:1[0-2]|0[1-9])(?![\w/]|\.\d)"),
)
ID_RES = (
    # An identifier named as one: "MRN 12345", "NHS no: 485 777 3456", "hospital number K123".
    re.compile(
        r"\b(?:mrn|nhs|chi|hospital|patient|record|case|medical record|ssn|nino|id)"
        r"(?:\s*(?:no\.?|number|num|#|id))?\s*[:#.]?\s*[A-Za-z]{0,3}\d(?:[\d/-]|\s(?=\d)){2,}"
        r"[A-Za-z]?(?!\w)",
        re.IGNORECASE,
    ),
    # NHS number style 3-3-4, with spaces or dashes
    re.compile(r"(?<![\w-])\d{3}[ -]\d{3}[ -]\d{4}(?![\w-])"),
    # any run of six or more digits, optionally grouped by spaces/dashes in threes or fours
    re.compile(r"(?<![\w])\d{6,}(?!\w)"),
    # letters and digits together: K1234567, AB123456C, RX-40213 (four or more digits)
    re.compile(r"(?<![\w])[A-Za-z]{1,4}[-/]?\d{4,}[A-Za-z]{0,2}(?!\w)"),
)
TITLE_NAME_RE = re.compile(
    r"\b(?:Dr|Doctor|Prof|Professor|Mr|Mrs|Ms|Mx|Miss|Sister|Nurse|Sir|Dame)\.?"
    r"[ \t]+(?:[A-Z][\w'’-]+)(?:[ \t]+[A-Z][\w'’-]+)?"
)


def _fold(text: str) -> str:
    """Without accents: "Siobhán" -> "Siobhan", so both spellings are caught."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_variants(names: Iterable[str], emails: Iterable[str] = ()) -> set[str]:
    """Every string that names someone: full names, their parts, e-mail local parts."""
    found: set[str] = set()
    for name in names:
        name = " ".join((name or "").split())
        if not name:
            continue
        parts = re.split(r"[\s,]+", name)
        candidates = {name}
        while parts and parts[0].lower().rstrip(".") in _NOT_NAMES:
            parts = parts[1:]
            candidates.add(" ".join(parts))
        for part in parts:
            candidates.add(part)
            candidates.update(re.split(r"[-'’.]", part))
        for candidate in candidates:
            candidate = candidate.strip(".,;:()[]\"'’")
            if len(candidate) < 2 or candidate.lower() in _NOT_NAMES:
                continue
            if not re.search(r"[^\W\d_]", candidate):
                continue
            found.add(candidate)
            found.add(_fold(candidate))
    for email in emails:
        local = (email or "").split("@", 1)[0]
        if len(local) >= 3:
            found.add(local)
            for part in re.split(r"[._+-]", local):
                if len(part) >= 3 and not part.isdigit() and part.lower() not in _NOT_NAMES:
                    found.add(part)
    return found


class Scrubber:
    """Replaces identifying pieces of free text with placeholders.

    `names` are the display names known to the database; `emails` their addresses.
    """

    def __init__(self, names: Iterable[str] = (), emails: Iterable[str] = ()):
        variants = sorted(name_variants(names, emails), key=lambda v: (-len(v), v))
        self._names = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(v) for v in variants) + r")(?!\w)",
                re.IGNORECASE,
            )
            if variants
            else None
        )

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        found: list[tuple[int, int, str]] = []
        for match in URL_RE.finditer(text):
            end = match.end()
            while end > match.start() and text[end - 1] in ".,;:!?)]}'\"":
                end -= 1
            found.append((match.start(), end, URL))
        found += [(m.start(), m.end(), EMAIL) for m in EMAIL_RE.finditer(text)]
        for pattern in DATE_RES:
            found += [(m.start(), m.end(), DATE) for m in pattern.finditer(text)]
        for pattern in ID_RES:
            for m in pattern.finditer(text):
                end = m.end()
                while end > m.start() and text[end - 1] in " -/":
                    end -= 1
                found.append((m.start(), end, ID))
        found += self._phones(text)
        if self._names is not None:
            found += [(m.start(), m.end(), NAME) for m in self._names.finditer(text)]
            folded = _fold(text)
            if len(folded) == len(text) and folded != text:
                found += [(m.start(), m.end(), NAME) for m in self._names.finditer(folded)]
        found += [(m.start(), m.end(), NAME) for m in TITLE_NAME_RE.finditer(text)]
        return found

    @staticmethod
    def _phones(text: str) -> list[tuple[int, int, str]]:
        if sum(c.isdigit() for c in text) < 6:
            return []
        found = []
        for region in PHONE_REGIONS:
            try:
                matcher = phonenumbers.PhoneNumberMatcher(
                    text, region, leniency=phonenumbers.Leniency.POSSIBLE
                )
                found += [
                    (m.start, m.end, PHONE)
                    for m in matcher
                    if sum(c.isdigit() for c in m.raw_string) >= 7
                ]
            except Exception:  # noqa: BLE001 - a recogniser failing must not leak the text
                return [(0, len(text), PHONE)]
        return found

    def scrub(self, text: str | None) -> str | None:
        if text is None:
            return None
        spans = sorted(self.spans(text), key=lambda s: (s[0], -(s[1] - s[0])))
        out: list[str] = []
        position = 0
        for start, end, label in spans:
            if end <= position:
                continue
            if start < position:
                # Overlaps the previous placeholder: swallow the rest of it too.
                position = end
                continue
            out.append(text[position:start])
            out.append(label)
            position = end
        out.append(text[position:])
        return "".join(out)

    __call__ = scrub
