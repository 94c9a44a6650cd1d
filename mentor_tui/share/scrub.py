"""Free-text scrubbing for `export --include-text`.

Everything here runs offline and is deterministic: the names the database knows (display
names, their parts, inflected and without apostrophes, the local parts of known e-mail
addresses), `phonenumbers` for telephone numbers, and the recognisers in share/identifiers.py
for what the database does not know (names after a title or with particles, given names from
a shipped list, other scripts, e-mail addresses, records, bleeps, dates, places, ages). Each recogniser reports spans of the original
text; overlapping spans are merged and every span becomes one placeholder, so a placeholder
is never scrubbed again and nothing half-matched is left behind.

This lowers the risk; it cannot remove it. A patient's surname that no record knows, no title
precedes and no given name comes before goes through, which is why text leaves only when a
pair opts in. Measured rates: docs/coordinator.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import phonenumbers

from mentor_tui.share import identifiers

NAME = "[NAME]"
EMAIL = "[EMAIL]"
PHONE = "[PHONE]"
URL = "[URL]"
DATE = "[DATE]"
ID = "[ID]"
PLACE = "[PLACE]"

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

EMAIL_RE = identifiers.EMAIL_RE
DATE_RES = identifiers.DATE_RES
_TLDS = ("com", "org", "net", "edu", "gov", "uk", "io", "de", "fr", "in", "eu", "info")
URL_RE = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'`]+"
    # a bare domain with a path: labels taken whole (possessive), then the last one checked
    # to be a known TLD, so that "1.1.1.1..." is read once, not once per dot
    r"|(?<![\w.-])[a-z0-9-]++(?:\.[a-z0-9-]++)++"
    + "(?:"
    + "|".join(rf"(?<=\.{tld})" for tld in _TLDS)
    + ")"
    + r"/[^\s<>\"'`]*",
    re.IGNORECASE,
)
ID_RES = (
    identifiers.RECORD_RE,
    # NHS number style 3-3-4, with spaces or dashes
    re.compile(r"(?<![\w-])\d{3}[ -]\d{3}[ -]\d{4}(?![\w-])"),
    # any run of six or more digits
    re.compile(r"(?<![\w])\d{6,}(?!\w)"),
    # letters and digits together: K1234567, AB123456C, RX-40213 (four or more digits)
    re.compile(r"(?<![\w])[A-Za-z]{1,4}[-/]?\d{4,}[A-Za-z]{0,2}(?!\w)"),
)
PLACE_RES = (*identifiers.STREET_RES, *identifiers.HOSPITAL_RES)
_DIGIT_RE = re.compile(r"\d")
# Where a telephone number could be: a digit (or "+" or "(" before one), then digits and the
# separators people write between them.
_PHONE_CANDIDATE_RE = re.compile(r"[+(]*\d[\d \t\u00a0()./-]*\d")
# A known name may be inflected: "Okafors", "Okafors'", "Okafor's" (the "'s" stays after it).
_INFLECTION = r"(?:e?s)?"  # the possessive ending stays outside: "[NAME]'s"


_fold = identifiers.fold


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
            # "OConnor", "MeiLing": written without the apostrophe or hyphen
            candidates.add(re.sub(r"[-'’.]", "", part))
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
        variants = name_variants(names, emails)
        # A known name that is also an English word ("Hope", "Will") is matched only as a
        # capitalised word and then only where it is used as a name (see _common_word_names);
        # every other known name goes wherever it appears, in any case.
        common = {v for v in variants if v.lower() in identifiers.COMMON_WORD_NAMES}
        plain = sorted(variants - common, key=lambda v: (-len(v), v))
        self._names = (
            re.compile(
                r"(?<!\w)(?:"
                + "|".join(re.escape(v) for v in plain)
                + r")"
                + _INFLECTION
                + r"(?!\w)",
                re.IGNORECASE,
            )
            if plain
            else None
        )
        capitalised = sorted({v[:1].upper() + v[1:].lower() for v in common}, key=lambda v: -len(v))
        self._common = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, capitalised)) + r")(?!\w)")
            if capitalised
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
        if identifiers.MAYBE_OBFUSCATED_RE.search(text):
            found += [
                (m.start(), m.end(), EMAIL) for m in identifiers.OBFUSCATED_EMAIL_RE.finditer(text)
            ]
        # Most recognisers need a digit; a note without one skips them.
        digits = _DIGIT_RE.search(text) is not None
        for pattern in DATE_RES:
            if digits or pattern in identifiers.DATES_IN_WORDS:
                found += [(m.start(), m.end(), DATE) for m in pattern.finditer(text)]
        if digits:
            found += self._numbers(text)
        for pattern in PLACE_RES:
            found += [(m.start(), m.end(), PLACE) for m in pattern.finditer(text)]
        found += [(a, b, PLACE) for a, b in identifiers.institution_spans(text)]
        if self._names is not None:
            found += [(m.start(), m.end(), NAME) for m in self._names.finditer(text)]
            folded = _fold(text)
            if len(folded) == len(text) and folded != text:
                found += [(m.start(), m.end(), NAME) for m in self._names.finditer(folded)]
        if self._common is not None:
            found += [(a, b, NAME) for a, b in self._common_word_names(text)]
        found += [(m.start(), m.end(), NAME) for m in identifiers.TITLE_NAME_RE.finditer(text)]
        found += [(m.start(), m.end(), NAME) for m in identifiers.PARTICLE_NAME_RE.finditer(text)]
        found += [(a, b, NAME) for a, b in identifiers.given_name_spans(text)]
        if identifiers.beside_latin(text):
            found += [
                (m.start(), m.end(), NAME) for m in identifiers.OTHER_SCRIPT_RE.finditer(text)
            ]
        return found

    def _numbers(self, text: str) -> list[tuple[int, int, str]]:
        """Records, bleeps, telephone numbers, postcodes and ages: all have digits."""
        found: list[tuple[int, int, str]] = []
        for pattern in ID_RES:
            for m in pattern.finditer(text):
                end = m.end()
                while end > m.start() and text[end - 1] in " -/.":
                    end -= 1
                found.append((m.start(), end, ID))
        found += [(m.start(), m.end(), PHONE) for m in identifiers.BLEEP_RE.finditer(text)]
        found += self._phones(text)
        for pattern in identifiers.POSTCODE_RES:
            # a pattern that needs words around a place to find it marks the place as "id"
            part = "id" if "id" in pattern.groupindex else 0
            found += [(*m.span(part), PLACE) for m in pattern.finditer(text)]
        for pattern in identifiers.AGE_RES:
            for m in pattern.finditer(text):
                found.append((m.start(1), m.end(1), identifiers.age_band(int(m.group(1)))))
        return found

    def _common_word_names(self, text: str) -> list[tuple[int, int]]:
        """Known names that are English words, only where they are used as names."""
        assert self._common is not None
        found = []
        for match in self._common.finditer(text):
            if not identifiers.sentence_start(text, match.start()):
                found.append(match.span())
                continue
            following = identifiers.NEXT_WORD_RE.match(text, match.end())
            if following and (
                following.group(1)
                or following.group().startswith(("'", "’"))
                or following.group(2) in identifiers.SPEECH_VERBS
            ):
                found.append(match.span())
        return found

    @staticmethod
    def _phones(text: str) -> list[tuple[int, int, str]]:
        found = []
        # phonenumbers is the slow part of scrubbing: it reads only the stretches that hold
        # seven digits or more (with room either side for its own checks and an extension), not
        # the whole note once for each region.
        for candidate in _PHONE_CANDIDATE_RE.finditer(text):
            if sum(c.isdigit() for c in candidate.group()) < 7:
                continue
            start = max(0, candidate.start() - 4)
            window = text[start : candidate.end() + 16]  # room for "ext. 1234"
            for region in PHONE_REGIONS:
                try:
                    matcher = phonenumbers.PhoneNumberMatcher(
                        window, region, leniency=phonenumbers.Leniency.POSSIBLE
                    )
                    found += [
                        (start + m.start, start + m.end, PHONE)
                        for m in matcher
                        if sum(c.isdigit() for c in m.raw_string) >= 7
                    ]
                except Exception:  # noqa: BLE001 - a recogniser failing must not leak the text
                    return [(0, len(text), PHONE)]
        return found

    def scrub(self, text: str | None) -> str | None:
        if text is None:
            return None
        # One spelling of each accented letter, so that "É" typed as E + accent is one capital.
        text = unicodedata.normalize("NFC", text)
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
