"""The pseudonymised bundle: JSON Lines with a header, records and a signed trailer.

    {"type": "header", "format": "mentor-tui/anonymized-log", "version": 3, ...}
    {"type": "mentorship", "id": "<pseudonym>", ...}
    {"type": "session", "mentorship": "<pseudonym>", ...}      (its sessions, goals, ...)
    ...
    {"type": "trailer", "records": N, "sha256": "<hex of every byte before this line>",
     "signing_key": "<Ed25519 public key, 64 hex>", "signature": "<128 hex>"}

The signature is Ed25519 over signed_message(records, sha256) (see there): the SHA-256
covers every byte before the trailer (header included: programme, source, exported_at), so
the signature does too. The coordinator pins each source's key (coordinator/importer.py).

A bundle is a complete snapshot of one pair database (its `source`): every record of a
mentorship follows that mentorship's own record. docs/coordinator.md lists every field.

Version 3 carries fewer quasi-identifiers than 2: the export day (not the instant), whole
minutes, and each session's sections as a count and minutes per section kind in kind order,
never the sequence of a pair's own agenda (a fingerprint of it). Version 2 bundles are
refused with a sentence naming the version: they carry that detail.

Reading is strict and streaming: one line at a time (never the whole file), nesting no
deeper than the format needs, every field checked against the list below, unknown fields
refused (an exporter that leaks more than it should is refused rather than trusted), and the
checksum and signature checked at the end. The importer writes inside one transaction and
rolls it back if anything here raises.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, Protocol, TypeGuard

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from mentor_tui import paths
from mentor_tui.core.agendas import SECTION_KINDS as AGENDA_SECTION_KINDS
from mentor_tui.core.errors import ImportError_
from mentor_tui.core.models import (
    GOAL_CATEGORIES,
    GoalStatus,
    MentorshipStatus,
    Mode,
    Role,
    SessionStatus,
    Style,
)
from mentor_tui.share.coarsen import (
    CAREER_STAGE_GROUPS,
    SPECIALTY_GROUP_NAMES,
    parse_week,
)
from mentor_tui.share.keys import public_key_hex

FORMAT = "mentor-tui/anonymized-log"
# 3: export day, whole minutes, sections by kind; 2: signed trailer (both older are refused)
VERSION = 3
MAX_LINE = 1 << 20  # 1 MiB: no honest record comes near it
# A record is an object holding lists of objects (a session's sections): nothing nests deeper.
MAX_DEPTH = 3
MAX_SECTION_PLANNED = 10_000  # minutes, as a session's planned_minutes
MAX_SECTION_COUNT = 100_000  # sections of one kind in one session: export allows any number
# A mentorship's session ids are remembered while its records stream past (notes and action
# items must name one of them); past this many sessions (a session a day for 270 years) a
# bundle is refused rather than let that memory grow with a hostile file.
MAX_SESSIONS_PER_MENTORSHIP = 100_000
# The app's own section kinds, and "other" for anything else.
SECTION_KINDS = (*AGENDA_SECTION_KINDS, "other")
# A session lists at most one entry per kind.
MAX_SECTIONS = len(SECTION_KINDS)
CUSTOM = "custom"  # a pair's own agenda or topic, when no text leaves
PROGRAMME_RE = re.compile(r"[A-Z0-9][A-Z0-9._-]{0,63}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PUBLIC_KEY = re.compile(r"[0-9a-f]{64}")
_SIGNATURE = re.compile(r"[0-9a-f]{128}")
TRAILER_FIELDS = frozenset(("type", "records", "sha256", "signing_key", "signature"))


def signed_message(records: int, sha256: str) -> bytes:
    """What the trailer's signature signs: format, version, record count and checksum.

    The checksum is of every byte before the trailer, so the signature covers them all.
    """
    return f"{FORMAT}:{VERSION}:{records}:{sha256}".encode("ascii")


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def nesting_depth(line: bytes, limit: int = 64) -> int:
    """How deeply a JSON text nests objects and lists, without parsing it (no recursion).

    Counting stops past `limit`: the answer is then limit + 1.
    """
    brackets = _JSON_STRING.sub(b"", line).translate(None, _NOT_BRACKETS)
    if len(brackets) <= 1:
        return len(brackets)
    depth = deepest = 0
    for byte in brackets:
        if byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        else:
            depth -= 1
    return deepest


def normalize_programme(code: str) -> str:
    """Programme codes are case-insensitive: "nw-2025" and "NW-2025" are one programme."""
    text = (code or "").strip().upper()
    if not PROGRAMME_RE.fullmatch(text):
        raise ImportError_(
            f'"{code}" is not a programme code; use letters, digits, dots, dashes or '
            "underscores (up to 64), as your coordinator gave it."
        )
    return text


def dumps(record: dict[str, Any]) -> bytes:
    """One record as one line: sorted keys, no spaces, UTF-8, newline-terminated."""
    return (
        json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    ).encode("utf-8")


def canonical_instant(text: str) -> str:
    """An ISO 8601 instant as UTC with microseconds: sortable as text, one spelling each."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError("no time zone")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def export_day(instant: datetime) -> str:
    """What a bundle says of when it was made: the UTC day, YYYY-MM-DD, nothing finer."""
    return instant.astimezone(UTC).date().isoformat()


def day_instant(day: str) -> str:
    """A bundle's export day as the canonical instant the coordinator orders exports by."""
    return canonical_instant(f"{date.fromisoformat(day).isoformat()}T00:00:00+00:00")


def sections_by_kind(sections: Iterable[tuple[str, float, float]]) -> list[dict[str, Any]]:
    """A session's (kind, planned minutes, actual minutes) as the bundle carries them.

    One entry per kind, in kind order, with how many sections of that kind and their
    minutes summed and rounded to whole minutes: what the programme figures need, and never
    the sequence of an agenda, which would fingerprint a pair's own.
    """
    folded: dict[str, list[float]] = {}
    for kind, planned, actual in sections:
        entry = folded.setdefault(kind, [0, 0.0, 0.0])
        entry[0] += 1
        entry[1] += planned
        entry[2] += actual
    return [
        {"kind": kind, "count": int(n), "planned": round(p), "actual": round(a)}
        for kind, (n, p, a) in sorted(folded.items())
    ]


class BytesSink(Protocol):
    """Where BundleWriter puts its lines: a binary file, or anything else with write()."""

    def write(self, data: bytes, /) -> object: ...


class BundleWriter:
    """Writes records and, on close, the trailer with the count, checksum and signature."""

    def __init__(self, out: BytesSink, signer: Ed25519PrivateKey) -> None:
        self.out = out
        self.signer = signer
        self.hash = hashlib.sha256()
        self.records = 0
        self.header_written = False

    def write(self, record: dict[str, Any]) -> bytes:
        line = dumps(record)
        self.out.write(line)
        self.hash.update(line)
        if self.header_written:
            self.records += 1
        self.header_written = True
        return line

    def trailer(self) -> dict[str, Any]:
        digest = self.hash.hexdigest()
        signature = self.signer.sign(signed_message(self.records, digest))
        return {
            "type": "trailer",
            "records": self.records,
            "sha256": digest,
            "signing_key": public_key_hex(self.signer),
            "signature": signature.hex(),
        }

    def close(self) -> bytes:
        line = dumps(self.trailer())
        self.out.write(line)
        return line


# --- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Labels:
    """The labels a bundle without text may carry: built-in agenda names, topic keys/titles."""

    agendas: frozenset[str]
    topics: dict[str, str]  # key -> title


@functools.lru_cache(maxsize=1)
def builtin_labels() -> Labels:
    """Loaded the way the app loads its built-in agendas and topic catalogue."""
    from mentor_tui.core.agendas import load_library
    from mentor_tui.core.catalogue import load_topics

    library = load_library(paths.prompts_dir() / "agendas", None)
    topics = load_topics(paths.prompts_dir(), None)
    return Labels(
        agendas=frozenset(agenda.name for agenda in library.agendas),
        topics={topic.key: topic.title for topic in topics},
    )


@dataclass
class Header:
    programme: str
    exported_at: str  # the export day as a canonical instant (midnight UTC)
    app_version: str
    include_text: bool
    source: str


class _Bad(Exception):
    """A record that breaks the format; becomes a BundleError naming the line."""


def _is_int(v: Any) -> TypeGuard[int]:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and v == v  # not NaN


_HEX = frozenset("0123456789abcdef")


def _pid(v: Any) -> bool:
    return type(v) is str and len(v) == 20 and _HEX.issuperset(v)


@functools.lru_cache(maxsize=4096)
def _week_ok(v: str) -> bool:
    try:
        parse_week(v)
    except ValueError:
        return False
    return True


def _week(v: Any) -> bool:
    return type(v) is str and _week_ok(v)


def _choice(values: Iterable[str]) -> Callable[[Any], bool]:
    allowed = frozenset(values)
    return lambda v: isinstance(v, str) and v in allowed


def _opt(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda v: v is None or check(v)


def _range(low: float, high: float, *, integer: bool = False) -> Callable[[Any], bool]:
    base = _is_int if integer else _is_num
    return lambda v: base(v) and low <= v <= high


def _text(limit: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, str) and len(v) <= limit


def _bool(v: Any) -> bool:
    return isinstance(v, bool)


_ROLE = _choice(r.value for r in Role)
_SCORE = _range(1, 5, integer=True)

MEMBER = {
    "id": _pid,
    "role": _ROLE,
    "career_stage": _choice(CAREER_STAGE_GROUPS),
    "specialty": _choice(SPECIALTY_GROUP_NAMES),
}
SECTION = {
    "kind": _choice(SECTION_KINDS),
    "count": _range(1, MAX_SECTION_COUNT, integer=True),
    "planned": _range(0, MAX_SECTION_PLANNED, integer=True),
    "actual": _range(0, 100_000, integer=True),
}
RATING = {
    "member": _pid,
    "role": _opt(_ROLE),
    "score": _SCORE,
    "pairing_working": _opt(_bool),
}
SKILL = {
    "member": _pid,
    "topic": _text(100),
    "topic_title": _opt(_text(300)),
    "custom": _bool,
    "before": _opt(_SCORE),
    "after": _opt(_SCORE),
}

# Per record type: required fields, and the free-text fields allowed only with include_text.
RECORDS: dict[str, tuple[dict[str, Callable[[Any], bool]], dict[str, Callable[[Any], bool]]]] = {
    "mentorship": (
        {
            "id": _pid,
            "style": _choice([s.value for s in Style] + ["other"]),
            "status": _choice(s.value for s in MentorshipStatus),
            "start_week": _opt(_week),
            "members": lambda v: isinstance(v, list) and len(v) <= 50,
        },
        {},
    ),
    "session": (
        {
            "id": _pid,
            "mentorship": _pid,
            "week": _week,
            "agenda": _text(200),
            "agenda_builtin": _bool,
            "mode": _choice(m.value for m in Mode),
            "status": _choice(s.value for s in SessionStatus),
            "planned_minutes": _range(0, 10_000, integer=True),
            "actual_minutes": _range(0, 100_000, integer=True),
            "sections": lambda v: isinstance(v, list) and len(v) <= MAX_SECTIONS,
            "notes": _range(0, 100_000, integer=True),
            "checkins": _range(0, 100_000, integer=True),
            "actions_created": _range(0, 100_000, integer=True),
            "ratings": lambda v: isinstance(v, list) and len(v) <= 50,
            "skills": lambda v: isinstance(v, list) and len(v) <= 50,
        },
        {},
    ),
    "goal": (
        {
            "id": _pid,
            "mentorship": _pid,
            "owner_role": _opt(_ROLE),
            "category": _choice(GOAL_CATEGORIES),
            "status": _choice(s.value for s in GoalStatus),
            "progress": _range(0, 100, integer=True),
            "created_week": _week,
            "due_week": _opt(_week),
            "reverse": _bool,
            "checkins": _range(0, 100_000, integer=True),
        },
        {"title": _text(2000)},
    ),
    "action": (
        {
            "id": _pid,
            "mentorship": _pid,
            "session": _opt(_pid),
            "owner_role": _opt(_ROLE),
            "created_week": _week,
            "due_week": _opt(_week),
            "done": _bool,
            "done_week": _opt(_week),
            "overdue": _bool,
        },
        {"text": _text(5000)},
    ),
    "note": (
        {
            "id": _pid,
            "mentorship": _pid,
            "session": _pid,
            "section_kind": _choice(SECTION_KINDS),
        },
        {"text": _text(100_000)},
    ),
}
# Free text inside nested lists, also only with include_text.
RATING_TEXT = {"word": _text(200)}
SKILL_TEXT: dict[str, Callable[[Any], bool]] = {}


def _check_fields(
    record: dict[str, Any],
    required: dict[str, Callable[[Any], bool]],
    text: dict[str, Callable[[Any], bool]],
    include_text: bool,
    what: str,
    skip: tuple[str, ...] = ("type",),
) -> None:
    for name, check in required.items():
        try:
            value = record[name]
        except KeyError:
            raise _Bad(f"a {what} without {name}") from None
        if not check(value):
            raise _Bad(f"a {what} with a bad {name}")
    if len(record) == len(required) + len(skip):
        return  # every required field is there and nothing else: the usual case
    for name, value in record.items():
        if name in required or name in skip:
            continue
        if name in text:
            if not include_text:
                raise _Bad(f"a {what} carries text ({name}) though the bundle says it has none")
            if not (value is None or text[name](value)):
                raise _Bad(f"a {what} with a bad {name}")
            continue
        raise _Bad(f"a {what} with an unknown field {name!r}")


_KINDS = frozenset(SECTION_KINDS)
_ROLES = frozenset([None, *(r.value for r in Role)])
_SECTION_KEYS = frozenset(("kind", "count", "planned", "actual"))
_RATING_KEYS = frozenset(("member", "role", "score", "pairing_working"))


def _sections_ok(items: list[Any]) -> bool:
    """The common case of _check_list(items, SECTION, ...), without a call per field."""
    for item in items:
        if type(item) is not dict or item.keys() != _SECTION_KEYS:
            return False
        if type(item["kind"]) is not str or item["kind"] not in _KINDS:
            return False
        count, planned, actual = item["count"], item["planned"], item["actual"]
        if type(count) is not int or type(planned) is not int or type(actual) is not int:
            return False
        if not (
            1 <= count <= MAX_SECTION_COUNT
            and 0 <= planned <= MAX_SECTION_PLANNED
            and 0 <= actual <= 100_000
        ):
            return False
    return True


def _sections_in_kind_order(items: list[dict[str, Any]]) -> bool:
    """One entry per kind, in kind order: a list in any other order could carry a sequence."""
    kinds = [item["kind"] for item in items]
    return all(a < b for a, b in zip(kinds, kinds[1:], strict=False))


def _ratings_ok(items: list[Any]) -> bool:
    """The common case of _check_list(items, RATING, ...): no words, all fields sound."""
    for item in items:
        if type(item) is not dict or item.keys() != _RATING_KEYS:
            return False
        score, working = item["score"], item["pairing_working"]
        if type(score) is not int or not 1 <= score <= 5:
            return False
        if type(item["role"]) is not str or item["role"] not in _ROLES:
            return False
        if (working is not None and type(working) is not bool) or not _pid(item["member"]):
            return False
    return True


def _check_list(
    items: list[Any],
    spec: dict[str, Callable[[Any], bool]],
    text: dict[str, Callable[[Any], bool]],
    include_text: bool,
    what: str,
) -> None:
    for item in items:
        if not isinstance(item, dict):
            raise _Bad(f"a {what} that is not an object")
        _check_fields(item, spec, text, include_text, what, skip=())


def _check_labels(record: dict[str, Any], labels: Labels) -> None:
    """Without text, every label is a key of this app's: nothing free-form gets through."""
    if record["agenda_builtin"]:
        if record["agenda"] not in labels.agendas:
            raise _Bad(
                f"a session whose agenda {record['agenda'][:40]!r} is not a built-in one, "
                "though the bundle says it has no text"
            )
    elif record["agenda"] != CUSTOM:
        raise _Bad("a session with its own agenda's name, though the bundle says it has no text")
    for skill in record["skills"]:
        if skill["custom"]:
            if skill["topic"] != CUSTOM or skill["topic_title"] is not None:
                raise _Bad(
                    "a skill rating names its own topic, though the bundle says it has no text"
                )
        elif skill["topic"] not in labels.topics or skill["topic_title"] not in (
            None,
            labels.topics[skill["topic"]],
        ):
            raise _Bad(
                f"a skill rating whose topic {skill['topic'][:40]!r} is not a built-in one, "
                "though the bundle says it has no text"
            )


def _check_record(record: dict[str, Any], include_text: bool, labels: Labels | None = None) -> str:
    kind = record.get("type")
    if not isinstance(kind, str) or (spec := RECORDS.get(kind)) is None:
        raise _Bad(f"an unknown record type {kind!r}")
    required, text = spec
    _check_fields(record, required, text, include_text, kind)
    if kind == "mentorship":
        _check_list(record["members"], MEMBER, {}, include_text, "member")
    elif kind == "session":
        if not _sections_ok(record["sections"]):
            _check_list(record["sections"], SECTION, {}, include_text, "section")
        if not _sections_in_kind_order(record["sections"]):
            raise _Bad("a session whose sections are not one entry per kind, in kind order")
        if not _ratings_ok(record["ratings"]):
            _check_list(record["ratings"], RATING, RATING_TEXT, include_text, "rating")
        if record["skills"]:
            _check_list(record["skills"], SKILL, SKILL_TEXT, include_text, "skill rating")
        if not include_text:
            _check_labels(record, labels or builtin_labels())
    elif kind == "action" and record["done"] and record["overdue"]:
        raise _Bad("an action item both done and overdue")
    return kind


def _check_header(record: Any, name: str) -> Header:
    if not isinstance(record, dict) or record.get("type") != "header":
        raise BundleError(
            f"{name} is not a mentor-tui pseudonymised bundle; ask the pair for the file made "
            "by `mentor-tui export --pseudonymised`. Nothing was imported."
        )
    if record.get("format") != FORMAT:
        raise BundleError(
            f"{name} is not a mentor-tui pseudonymised bundle (format {record.get('format')!r}); "
            "ask the pair for the file made by `mentor-tui export --pseudonymised`. "
            "Nothing was imported."
        )
    version = record.get("version")
    if _is_int(version) and version > VERSION:
        raise BundleError(
            f"{name} was written by a newer mentor-tui (bundle format {version}); upgrade "
            "mentor-tui to import it. Nothing was imported."
        )
    if version == 1:
        raise BundleError(
            f"{name} is an unsigned bundle from an older mentor-tui (format 1); ask the pair "
            "to upgrade mentor-tui and export again. Nothing was imported."
        )
    if version == 2:
        raise BundleError(
            f"{name} is a bundle format 2 from an older mentor-tui, which carries more detail "
            "about the pair than this version accepts; ask the pair to upgrade mentor-tui and "
            "export again. Nothing was imported."
        )
    if version != VERSION:
        raise _Bad("a header with a bad version")
    allowed = {
        "type",
        "format",
        "version",
        "programme",
        "exported_at",
        "app_version",
        "include_text",
        "source",
    }
    unknown = set(record) - allowed
    if unknown:
        raise _Bad(f"a header with an unknown field {sorted(unknown)[0]!r}")
    programme = record.get("programme")
    if not isinstance(programme, str) or not PROGRAMME_RE.fullmatch(programme):
        raise _Bad("a header without a programme code")
    day = record.get("exported_at")
    if not isinstance(day, str) or not _DAY.fullmatch(day):
        raise _Bad("a header without a valid export day")
    try:
        exported_at = day_instant(day)
    except ValueError:
        raise _Bad("a header without a valid export day") from None
    if not isinstance(record.get("app_version"), str) or len(record["app_version"]) > 40:
        raise _Bad("a header without an app version")
    if not _bool(record.get("include_text")):
        raise _Bad("a header without include_text")
    if not _pid(record.get("source")):
        raise _Bad("a header without a source")
    return Header(
        programme=programme,
        exported_at=exported_at,
        app_version=record["app_version"],
        include_text=record["include_text"],
        source=record["source"],
    )


class BundleError(ImportError_):
    """A bundle that is not one, is damaged, or was changed: nothing is imported."""


def _in_memory() -> Callable[[str], bool]:
    ids: set[str] = set()

    def seen(value: str) -> bool:
        if value in ids:
            return True
        ids.add(value)
        return False

    return seen


class BundleReader:
    """Streams one bundle: `header` first, then `records()` yields each checked record.

    The checksum is checked when the trailer is reached, after the last record was yielded,
    so a caller writing as it goes must do so inside a transaction it can roll back.
    """

    def __init__(
        self,
        path: Path,
        *,
        display_name: str | None = None,
        on_bytes: Callable[[int], None] | None = None,
        labels: Labels | None = None,
        seen_before: Callable[[str], bool] | None = None,
    ):
        """`seen_before(id)` says whether this bundle held that mentorship already and notes
        it; by default a set in memory, which grows with the bundle: the importer passes one
        kept in its database instead (memory flat however large the bundle)."""
        self.seen_before = seen_before
        self.path = Path(path)
        self.labels = labels
        self.name = display_name or self.path.name
        self.on_bytes = on_bytes
        self.size = self.path.stat().st_size
        self._file: IO[bytes] | None = None
        self._hash = hashlib.sha256()
        self._line_no = 0
        self.bytes_read = 0
        self.records_read = 0
        self.header: Header | None = None
        self.sha256: str | None = None  # set once the trailer checked out
        self.signing_key: str | None = None  # the verified signer's public key (hex)

    def __enter__(self) -> BundleReader:
        self._file = self.path.open("rb")
        try:
            first = self._next_line()
            if first is None:
                raise BundleError(
                    f"{self.name} is empty; ask the pair to export it again. Nothing was imported."
                )
            self._hash.update(first)
            try:
                record = self._parse(first)
                self.header = _check_header(record, self.name)
            except _Bad as exc:
                raise self._malformed(str(exc)) from None
        except BaseException:
            self._file.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file:
            self._file.close()

    def _next_line(self) -> bytes | None:
        assert self._file is not None
        line = self._file.readline(MAX_LINE + 1)
        if not line:
            return None
        self._line_no += 1
        self.bytes_read += len(line)
        if self.on_bytes:
            self.on_bytes(len(line))
        if len(line) > MAX_LINE:
            raise self._malformed("a line longer than any record can be")
        return line

    def _parse(self, line: bytes) -> Any:
        if nesting_depth(line, MAX_DEPTH) > MAX_DEPTH:
            raise self._malformed("a line nested deeper than any record can be")
        try:
            return json.loads(line)
        except (UnicodeDecodeError, ValueError):
            raise self._malformed("a line that is not JSON") from None
        except RecursionError:  # not reached past the depth check; never a traceback
            raise self._malformed("a line nested deeper than any record can be") from None

    def _malformed(self, what: str) -> BundleError:
        return BundleError(
            f"{self.name} is damaged or incomplete (line {self._line_no}: {what}); ask the "
            "pair to export it again. Nothing was imported."
        )

    def records(self) -> Iterator[dict[str, Any]]:
        assert self.header is not None
        include_text = self.header.include_text
        seen = self.seen_before or _in_memory()
        current: str | None = None
        # Only the current mentorship's session ids are kept (notes and actions name them).
        sessions: set[str] = set()
        while True:
            line = self._next_line()
            if line is None:
                raise BundleError(
                    f"{self.name} ends before its trailer, so part of it is missing; ask the "
                    "pair to send the whole file again. Nothing was imported."
                )
            record = self._parse(line)
            if isinstance(record, dict) and record.get("type") == "trailer":
                self._check_trailer(record, line)
                return
            self._hash.update(line)
            if not isinstance(record, dict):
                raise self._malformed("a record that is not an object")
            try:
                kind = _check_record(record, include_text, self.labels)
            except _Bad as exc:
                raise self._malformed(str(exc)) from None
            if kind == "mentorship":
                if seen(record["id"]):
                    raise self._malformed("a mentorship that appears twice")
                current, sessions = record["id"], set()
            else:
                if record["mentorship"] != current:
                    raise self._malformed(f"a {kind} outside its mentorship's records")
                if kind == "session":
                    if len(sessions) >= MAX_SESSIONS_PER_MENTORSHIP:
                        raise self._malformed(
                            f"more than {MAX_SESSIONS_PER_MENTORSHIP:,} sessions in one mentorship"
                        )
                    sessions.add(record["id"])
                elif (
                    kind in ("note", "action")
                    and record.get("session")
                    and (record["session"] not in sessions)
                ):
                    raise self._malformed(f"a {kind} for a session the bundle does not hold")
            self.records_read += 1
            yield record

    def _check_trailer(self, record: dict[str, Any], line: bytes) -> None:
        if (
            set(record) != TRAILER_FIELDS
            or not _SHA256.fullmatch(str(record.get("sha256")))
            or not _is_int(record.get("records"))
        ):
            if set(record) == {"type", "records", "sha256"}:
                raise BundleError(
                    f"{self.name} is not signed; ask the pair to export it again with this "
                    "version of mentor-tui. Nothing was imported."
                )
            raise self._malformed("a trailer that is not one")
        if record["sha256"] != self._hash.hexdigest() or record["records"] != self.records_read:
            raise BundleError(
                f"{self.name} was changed after it was exported (its checksum does not "
                "match); ask the pair to export it again. Nothing was imported."
            )
        key, signature = str(record["signing_key"]), str(record["signature"])
        try:
            if not (_PUBLIC_KEY.fullmatch(key) and _SIGNATURE.fullmatch(signature)):
                raise InvalidSignature
            Ed25519PublicKey.from_public_bytes(bytes.fromhex(key)).verify(
                bytes.fromhex(signature), signed_message(record["records"], record["sha256"])
            )
        except (InvalidSignature, ValueError):
            raise BundleError(
                f"{self.name} is not signed correctly (changed or forged after export); ask "
                "the pair to export it again. Nothing was imported."
            ) from None
        if self._next_line() is not None:
            raise self._malformed("more lines after the trailer")
        self.sha256 = record["sha256"]
        self.signing_key = key


# --- enrolment: a pair's source id and public key, handed to the coordinator -----------

ENROLMENT_FORMAT = "mentor-tui/enrolment"
ENROLMENT_VERSION = 1
ENROLMENT_MAX = 4096
ENROLMENT_FIELDS = frozenset(("format", "version", "programme", "source", "public_key"))


@dataclass
class Enrolment:
    programme: str
    source: str
    public_key: str


def enrolment_record(enrolment: Enrolment) -> bytes:
    return dumps(
        {
            "format": ENROLMENT_FORMAT,
            "version": ENROLMENT_VERSION,
            "programme": enrolment.programme,
            "source": enrolment.source,
            "public_key": enrolment.public_key,
        }
    )


def read_enrolment(path: Path) -> Enrolment:
    """A pair's enrolment file (`mentor-tui export --enrolment FILE`), checked strictly."""
    path = Path(path)
    bad = (
        f"{path} is not a mentor-tui enrolment file; ask the pair for the file made by "
        "`mentor-tui export --enrolment FILE`. Nothing was enrolled."
    )
    try:
        with path.open("rb") as handle:
            data = handle.read(ENROLMENT_MAX + 1)
    except OSError:
        raise ImportError_(
            f"{path} cannot be read; check the file name and its permissions. Nothing was enrolled."
        ) from None
    if len(data) > ENROLMENT_MAX or nesting_depth(data) > 1:
        raise ImportError_(bad)
    try:
        record = json.loads(data)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ImportError_(bad) from None
    if (
        not isinstance(record, dict)
        or set(record) != ENROLMENT_FIELDS
        or record.get("format") != ENROLMENT_FORMAT
        or record.get("version") != ENROLMENT_VERSION
        or not isinstance(record.get("programme"), str)
        or not PROGRAMME_RE.fullmatch(record["programme"])
        or not _pid(record.get("source"))
        or not isinstance(record.get("public_key"), str)
        or not _PUBLIC_KEY.fullmatch(record["public_key"])
    ):
        raise ImportError_(bad)
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(record["public_key"]))
    except ValueError:
        raise ImportError_(bad) from None
    return Enrolment(record["programme"], record["source"], record["public_key"])


def scan(path: Path, display_name: str | None = None) -> Header:
    """Read a whole bundle without keeping it: its header if it is sound, else BundleError."""
    with BundleReader(path, display_name=display_name) as reader:
        for _ in reader.records():
            pass
        assert reader.header is not None
        return reader.header
