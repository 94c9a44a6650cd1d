"""Agendas: timeboxed sections with guided prompts, read from TOML files.

Built-in agendas ship in prompts/agendas; people and programmes put their own in the user
config directory, and theirs win over a built-in with the same file name (the file stem is
the agenda's key). Files are edited by hand, so every problem is reported with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from mentor_tui.core.errors import NotFound
from mentor_tui.core.models import Style
from mentor_tui.core.tomlfile import Checker, KeyPath, PromptFileError, read_toml, show, unique

SECTION_KINDS = (
    "notes",
    "goals-review",
    "action-items",
    "reverse-mentoring",
    "reflection",
    "wrap-up",
)
# Sections where the pair goes through the open action items (tick, drop, reassign, re-date):
# an action-items section, and a goals review (the regular check-in takes both together).
ITEM_KINDS = frozenset({"action-items", "goals-review"})
STYLES = tuple(style.value for style in Style)
MAX_SECTIONS = 12
MAX_MINUTES = 120
MAX_PROMPTS = 8
MAX_PREPARE = 8
MAX_MENTOR_NOTES = 4

_TOP_KEYS = ("format", "name", "purpose", "style", "source", "sensitive", "prepare", "sections")
_SECTION_KEYS = (
    "key",
    "title",
    "minutes",
    "kind",
    "prompts",
    "talking_points",
    "mentor_notes",
    "resources",
)
# A section may show one of the lists of resources.toml (core/resources.py) to mentors.
RESOURCE_LISTS = ("support", "funding")
# A top-level key written after the first [[sections]] lands in that section; say so.
_MISPLACED = {
    key: f"top-level keys such as {key} must come before the first [[sections]]"
    for key in _TOP_KEYS
    if key not in _SECTION_KEYS
}
_SECTION_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    minutes: int
    kind: str
    prompts: tuple[str, ...]
    # The section where the pair's open talking points are brought up.
    talking_points: bool = False
    # Shown to mentors only (a safety protocol, what a mentor must not promise): never to
    # the mentee, never in a follow-up.
    mentor_notes: tuple[str, ...] = ()
    resources: str | None = None  # "support" or "funding": that list, for the set country


@dataclass(frozen=True)
class Agenda:
    key: str
    name: str
    purpose: str
    style: str
    sections: tuple[Section, ...]
    source: str | None
    path: Path
    builtin: bool
    # What to bring or think about before the meeting (reminders, invites, the follow-up).
    prepare: tuple[str, ...] = ()
    # Wellness, an ethics debrief: the follow-up defaults to next steps only, no notes.
    sensitive: bool = False

    @property
    def total_minutes(self) -> int:
        return sum(section.minutes for section in self.sections)

    @property
    def points_section(self) -> Section:
        """Where the talking points come up: the marked section, else the first."""
        return next((s for s in self.sections if s.talking_points), self.sections[0])

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


def load_agenda(path: Path, builtin: bool = False) -> Agenda:
    """Read one agenda file; the first problem found is raised as a PromptFileError."""
    agenda, problems = _read(Path(path), builtin)
    if problems:
        raise problems[0]
    assert agenda is not None
    return agenda


def validate_file(path: Path) -> list[PromptFileError]:
    """Every problem of one agenda file, in file order; empty when the file is good."""
    return _read(Path(path), builtin=False)[1]


def agenda_files(directory: Path | None) -> list[Path]:
    """The agenda files in a directory, by name; a missing directory simply has none."""
    if directory is None or not Path(directory).is_dir():
        return []
    # Editors leave hidden lock and backup files (".#regular.toml") beside the real ones.
    return sorted(
        p for p in Path(directory).glob("*.toml") if not p.name.startswith(".") and not p.is_dir()
    )


def _read(path: Path, builtin: bool) -> tuple[Agenda | None, list[PromptFileError]]:
    try:
        doc = read_toml(path)
    except PromptFileError as exc:
        return None, [exc]
    check = Checker(doc)
    data = doc.data
    check.known_keys(data, (), _TOP_KEYS)
    check.format(data)
    name = check.text(data, (), "name")
    purpose = check.text(data, (), "purpose", empty_ok=True)
    style = check.choice(data, (), "style", STYLES)
    # Every built-in agenda says where its structure comes from, so a mentor can check it;
    # a person's own agenda may leave it out (files written before it existed still load).
    source = check.text(data, (), "source", required=builtin)
    sensitive = _flag(check, data, (), "sensitive")
    prepare = (
        check.texts(data, (), "prepare", 1, MAX_PREPARE, item="prepare entry")
        if "prepare" in data
        else ()
    )
    blocks = check.tables(data, (), "sections", 1, MAX_SECTIONS)
    sections = [_section(check, where, table) for where, table in blocks or ()]
    _one_points_section(check, blocks or [], sections)
    unique(
        check,
        ((where + ("key",), table["key"]) for where, table in blocks or () if _good_key(table)),
        "section",
        "sections",
    )
    if check.problems:
        return None, check.problems
    assert name is not None and purpose is not None and style is not None
    return (
        Agenda(
            key=path.stem,
            name=name.strip(),
            purpose=purpose.strip(),
            style=style,
            sections=tuple(s for s in sections if s is not None),
            source=source.strip() if source else None,
            path=path,
            builtin=builtin,
            prepare=tuple(p.strip() for p in prepare or ()),
            sensitive=bool(sensitive),
        ),
        [],
    )


def _one_points_section(
    check: Checker, blocks: list[tuple[KeyPath, dict[str, Any]]], sections: list[Section | None]
) -> None:
    """Talking points come up in one place: a second marked section is a mistake."""
    first: Section | None = None
    for (where, _table), section in zip(blocks, sections, strict=True):
        if section is None or not section.talking_points:
            continue
        if first is None:
            first = section
            continue
        check.fail(
            where + ("talking_points",),
            f'section "{section.key}": talking_points = true is already set on section '
            f'"{first.key}"; only one section may have talking_points = true',
        )


def _good_key(table: dict[str, Any]) -> bool:
    key = table.get("key")
    return isinstance(key, str) and _SECTION_KEY.fullmatch(key) is not None


def _section(check: Checker, where: KeyPath, table: dict[str, Any]) -> Section | None:
    index = where[-1]
    assert isinstance(index, int)
    label = f'section "{table["key"]}": ' if _good_key(table) else f"section {index + 1}: "
    before = len(check.problems)
    check.known_keys(table, where, _SECTION_KEYS, label, hints=_MISPLACED)
    key = check.text(table, where, "key", label)
    if key is not None and not _SECTION_KEY.fullmatch(key):
        check.fail(
            where + ("key",),
            f"{label}key must be lowercase letters, digits and hyphens "
            f'(like "open-items"), not {show(key)}',
        )
    title = check.text(table, where, "title", label)
    minutes = check.whole(table, where, "minutes", 1, MAX_MINUTES, label)
    kind = check.choice(table, where, "kind", SECTION_KINDS, label)
    prompts = check.texts(table, where, "prompts", 1, MAX_PROMPTS, label, item="prompt")
    talking_points = _flag(check, table, where, "talking_points", label)
    mentor_notes = (
        check.texts(table, where, "mentor_notes", 1, MAX_MENTOR_NOTES, label, item="mentor note")
        if "mentor_notes" in table
        else ()
    )
    resources = (
        check.choice(table, where, "resources", RESOURCE_LISTS, label)
        if "resources" in table
        else None
    )
    if len(check.problems) > before:
        return None
    assert key and title and minutes and kind and prompts
    return Section(
        key=key,
        title=title.strip(),
        minutes=minutes,
        kind=kind,
        prompts=tuple(p.strip() for p in prompts),
        talking_points=bool(talking_points),
        mentor_notes=tuple(n.strip() for n in mentor_notes or ()),
        resources=resources,
    )


def _flag(check: Checker, table: dict[str, Any], where: KeyPath, key: str, label: str = "") -> bool:
    """An optional true/false key; anything else is named with its line."""
    value = table.get(key, False)
    if not isinstance(value, bool):
        check.fail(where + (key,), f"{label}{key} must be true or false, not {show(value)}")
        return False
    return value


FIRST_AGENDA = "first-meeting"
USUAL_AGENDA = "regular-check-in"
REVIEW_AGENDA = "agreement-review"


def suggested_agenda(
    *, has_history: bool, review_date: date | None, today: date, warning_days: int
) -> str:
    """The agenda to offer first: the first meeting, the agreement review once its date is
    near or past (the agreement set it), else the regular check-in."""
    if not has_history:
        return FIRST_AGENDA
    if review_date is not None and review_date <= today + timedelta(days=warning_days):
        return REVIEW_AGENDA
    return USUAL_AGENDA


def prepare_for_next_meeting(
    library: AgendaLibrary, *, review_date: date | None, day: date, warning_days: int
) -> tuple[str, ...]:
    """What to bring or think about for the next meeting: the `prepare` list of the agenda
    the picker will suggest on that day (the regular check-in, or the agreement review once
    it is due). The one answer reminders, invites and the follow-up give."""
    key = suggested_agenda(
        has_history=True, review_date=review_date, today=day, warning_days=warning_days
    )
    agenda = library.get(key)
    return agenda.prepare if agenda is not None else ()


# --- the library: built-in and user agendas together ----------------------------------------


@dataclass(frozen=True)
class AgendaLibrary:
    """The agendas that loaded, by key, and one error per file that did not."""

    by_key: dict[str, Agenda] = field(default_factory=dict)
    errors: tuple[PromptFileError, ...] = ()

    def get(self, key: str) -> Agenda | None:
        return self.by_key.get(key)

    def __getitem__(self, key: str) -> Agenda:
        agenda = self.by_key.get(key)
        if agenda is None:
            raise NotFound(
                f'There is no agenda called "{key}"; `mentor-tui agendas list` shows the ones '
                "there are."
            )
        return agenda

    def __contains__(self, key: object) -> bool:
        return key in self.by_key

    def __len__(self) -> int:
        return len(self.by_key)

    def __iter__(self) -> Iterator[Agenda]:
        return iter(self.agendas)

    @property
    def agendas(self) -> tuple[Agenda, ...]:
        """All agendas, sorted by name as people read them."""
        return tuple(sorted(self.by_key.values(), key=lambda a: (a.name.casefold(), a.key)))

    def keys(self) -> list[str]:
        return sorted(self.by_key)


def load_library(builtin_dir: Path | None, user_dir: Path | None = None) -> AgendaLibrary:
    """Load every agenda in the built-in and the user agenda directories.

    A user agenda replaces the built-in one with the same key. A file that does not load is
    recorded in `errors` and skipped, so one broken file never hides the rest; when a user's
    override is broken, the built-in it meant to replace stays available.
    """
    by_key: dict[str, Agenda] = {}
    errors: list[PromptFileError] = []
    for directory, builtin in ((builtin_dir, True), (user_dir, False)):
        for path in agenda_files(directory):
            agenda, problems = _read(path, builtin)
            if agenda is None:
                errors.append(problems[0])
            else:
                by_key[agenda.key] = agenda
    return AgendaLibrary(by_key=by_key, errors=tuple(errors))
