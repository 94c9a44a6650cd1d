"""Support contacts and funding schemes, by country: what a mentor reaches for mid-session.

The built-in prompts/resources.toml lists services for several countries; a programme (or a
person) puts its own resources.toml in the user config directory, like the other prompts
files (core/catalogue.py). Its `country` picks the list shown, its entries replace ours by key
or add to them, and `protocol` rewords what the mentor is told to do. Entries with country
"all" show everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentor_tui.core.tomlfile import Checker, KeyPath, keyed_entries, prompt_files, read_toml

RESOURCES_FILE = "resources.toml"
KINDS = ("support", "funding")
ALL = "all"
_COUNTRY = re.compile(r"[A-Z]{2}|all")
_ENTRY_KEYS = ("key", "kind", "country", "name", "contact", "about")
# People write UK; ISO 3166 says GB. Both mean the same list, and people read "UK".
_ALIASES = {"UK": "GB"}
_SHOWN = {"GB": "UK"}


@dataclass(frozen=True)
class Resource:
    key: str
    kind: str  # "support" or "funding"
    country: str  # ISO 3166 alpha-2 ("US", "GB", "IE") or "all"
    name: str
    contact: str
    about: str


@dataclass(frozen=True)
class Resources:
    country: str  # "" when no programme has set one: every country is shown
    protocol: tuple[str, ...]
    entries: tuple[Resource, ...] = field(default_factory=tuple)

    def of(self, kind: str) -> list[Resource]:
        """The entries of one kind for the set country (and those for all countries)."""
        return [
            r
            for r in self.entries
            if r.kind == kind and (not self.country or r.country in (self.country, ALL))
        ]

    def countries(self) -> list[str]:
        return sorted({r.country for r in self.entries if r.country != ALL})


@dataclass(frozen=True)
class _FileParts:
    country: str | None
    protocol: tuple[str, ...] | None
    entries: list[Resource]


def read_resources(path: Path) -> _FileParts:
    doc = read_toml(path)
    check = Checker(doc)
    check.known_keys(doc.data, (), ("format", "country", "protocol", "resources"))
    check.format(doc.data)
    country = check.text(doc.data, (), "country", required=False, empty_ok=True)
    if country and not _COUNTRY.fullmatch(country):
        check.fail(
            ("country",),
            f'country must be a two-letter code such as "US", "GB" or "IE", not "{country}"',
        )
    protocol = (
        check.texts(doc.data, (), "protocol", 1, 8, item="protocol line")
        if "protocol" in doc.data
        else None
    )

    def resource(
        where: KeyPath, table: dict[str, Any], label: str, key: str | None
    ) -> Resource | None:
        kind = check.choice(table, where, "kind", KINDS, label)
        where_from = check.text(table, where, "country", label)
        if where_from is not None and not _COUNTRY.fullmatch(where_from):
            check.fail(
                where + ("country",),
                f'{label}country must be a two-letter code such as "GB", or "all", not "{where_from}"',
            )
        name = check.text(table, where, "name", label)
        contact = check.text(table, where, "contact", label, required=False, empty_ok=True)
        about = check.text(table, where, "about", label, required=False, empty_ok=True)
        if not (key and kind and where_from and name):
            return None
        return Resource(
            key=key,
            kind=kind,
            country=_ALIASES.get(where_from, where_from),
            name=name.strip(),
            contact=(contact or "").strip(),
            about=(about or "").strip(),
        )

    entries = keyed_entries(check, "resources", "resource", _ENTRY_KEYS, resource, high=500)
    check.raise_first()
    return _FileParts(
        country=_ALIASES.get(country.strip(), country.strip()) if country is not None else None,
        protocol=tuple(line.strip() for line in protocol) if protocol else None,
        entries=entries,
    )


def load_resources(builtin_dir: Path | None, user_dir: Path | None = None) -> Resources:
    """The built-in file, then the user's: their country and protocol win, entries merge by key.

    `builtin_dir` and `user_dir` are prompts directories holding resources.toml.
    """
    country = ""
    protocol: tuple[str, ...] = ()
    merged: dict[str, Resource] = {}
    for path in prompt_files(RESOURCES_FILE, builtin_dir, user_dir):
        parts = read_resources(path)
        if parts.country is not None:
            country = parts.country
        if parts.protocol is not None:
            protocol = parts.protocol
        for entry in parts.entries:
            merged[entry.key] = entry
    return Resources(country=country, protocol=protocol, entries=tuple(merged.values()))


def resources_markdown(resources: Resources, kind: str) -> list[str]:
    """Markdown bullet lines of one list, for the session's mentor-only panel and the modal."""
    lines = []
    for entry in resources.of(kind):
        shown = _SHOWN.get(entry.country, entry.country)
        where = "" if entry.country == ALL or resources.country else f"{shown}: "
        contact = f" ({entry.contact})" if entry.contact else ""
        about = f": {entry.about}" if entry.about else ""
        lines.append(f"- {where}**{entry.name}**{contact}{about}")
    return lines
