"""Reading the prompts' TOML files so that every complaint points at a line.

Agendas, the topic catalogue, the agreement and the competency check are files people edit
by hand. tomllib reports a line only for syntax errors, so for a value that parses but is
wrong (a typo in a key, minutes written as words) we find its line ourselves with a small
scanner over the source text. The scanner runs only after tomllib accepted the text and
only when there is something to report, so it can stay simple; if it ever loses its way we
fall back to the nearest enclosing line rather than failing.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from mentor_tui.core.errors import AgendaError

KeyPath = tuple[str | int, ...]
Entry = TypeVar("Entry")


class PromptFileError(AgendaError):
    """A prompts file (agenda, catalogue, agreement, ...) that cannot be used as written."""

    def __init__(self, path: Path, problem: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.problem = problem
        super().__init__(self.describe(self.path.name))

    def describe(self, shown: str | Path | None = None) -> str:
        """The one-line message, naming the file as `shown` (default: its full path)."""
        where = str(self.path if shown is None else shown)
        if self.line is not None:
            where += f", line {self.line}"
        return f"{where}: {self.problem}"


@dataclass
class TomlDoc:
    """A parsed file that still knows its source, so problems can be placed on a line."""

    path: Path
    text: str
    data: dict[str, Any]
    _lines: dict[KeyPath, int] | None = field(default=None, repr=False)

    def line(self, where: KeyPath) -> int:
        """The line of the key (or array element) at `where`, else of its nearest parent.

        A key that is missing has no line of its own; its table's header is where to add it,
        and the top of the file stands for the top-level table.
        """
        if self._lines is None:
            self._lines = locate_keys(self.text)
        for end in range(len(where), 0, -1):
            found = self._lines.get(where[:end])
            if found is not None:
                return found
        return 1

    def error(self, where: KeyPath, problem: str) -> PromptFileError:
        return PromptFileError(self.path, problem, self.line(where))


def read_toml(path: Path) -> TomlDoc:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PromptFileError(path, "no such file") from None
    except IsADirectoryError:
        raise PromptFileError(path, "is a directory, not a TOML file") from None
    except OSError as exc:
        raise PromptFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        # utf-8-sig: editors on Windows like to start files with a byte-order mark.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PromptFileError(
            path, "is not UTF-8 text; save it as UTF-8 and try again", line
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, problem = _describe_syntax_error(exc, text)
        raise PromptFileError(path, problem, line) from None
    return TomlDoc(path, text, data)


_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")


def _describe_syntax_error(exc: tomllib.TOMLDecodeError, text: str) -> tuple[int, str]:
    message = str(exc)
    match = _AT.search(message)
    what = message[: match.start()] if match else message
    if match and match.group(1):
        line = int(match.group(1))
        column = f" (column {match.group(2)})"
    else:
        # Unterminated strings and arrays are reported at the end; that is still a line.
        line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        column = ""
    what = what[:1].lower() + what[1:]
    hint = ""
    if what.startswith("invalid value"):
        hint = '; is text missing its "quotes"?'
    return line, f"not valid TOML: {what}{column}{hint}"


# --- where each key sits -------------------------------------------------------------------


class _End(Exception):
    pass


class _Locator:
    """Walks TOML source recording the line of every key, header and array element."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.lines: dict[KeyPath, int] = {}
        # Each [[array.of.tables]] seen so far, keyed by its resolved path, with its count, so
        # that headers and keys below it get the index of the element they belong to.
        self.arrays: dict[KeyPath, int] = {}

    def line_at(self, pos: int) -> int:
        return bisect_left(self.newlines, pos) + 1

    def peek(self, ahead: int = 0) -> str:
        if self.i + ahead >= len(self.s):
            raise _End
        return self.s[self.i + ahead]

    def note(self, where: KeyPath, pos: int) -> None:
        self.lines.setdefault(where, self.line_at(pos))

    def skip_blank(self, newlines: bool) -> None:
        while self.i < len(self.s):
            c = self.s[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.i += 1
            elif c == "#":
                end = self.s.find("\n", self.i)
                self.i = len(self.s) if end < 0 else end
            else:
                return

    def run(self) -> dict[KeyPath, int]:
        table: KeyPath = ()
        try:
            while True:
                self.skip_blank(newlines=True)
                if self.i >= len(self.s):
                    break
                if self.peek() == "[":
                    table = self.header()
                else:
                    self.keyval(table)
        except (_End, ValueError, IndexError):
            pass
        return self.lines

    def resolve(self, keys: Sequence[str]) -> KeyPath:
        out: list[str | int] = []
        for key in keys:
            out.append(key)
            count = self.arrays.get(tuple(out))
            if count:
                out.append(count - 1)
        return tuple(out)

    def header(self) -> KeyPath:
        start = self.i
        double = self.peek(1) == "["
        self.i += 2 if double else 1
        self.skip_blank(newlines=False)
        keys = self.key()
        self.skip_blank(newlines=False)
        self.i += 2 if double else 1
        if double:
            parent = self.resolve(keys[:-1]) + (keys[-1],)
            index = self.arrays.get(parent, 0)
            self.arrays[parent] = index + 1
            self.note(parent, start)
            where = parent + (index,)
        else:
            where = self.resolve(keys)
        self.note(where, start)
        return where

    def keyval(self, table: KeyPath) -> None:
        start = self.i
        keys = self.key()
        for end in range(1, len(keys) + 1):
            self.note(table + tuple(keys[:end]), start)
        self.skip_blank(newlines=False)
        if self.peek() != "=":
            raise ValueError("expected =")
        self.i += 1
        self.skip_blank(newlines=False)
        self.value(table + tuple(keys))

    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            c = self.peek()
            if c in "\"'":
                start = self.i
                self.string()
                parts.append(tomllib.loads("k = " + self.s[start : self.i])["k"])
            else:
                start = self.i
                while self.i < len(self.s) and (self.s[self.i].isalnum() or self.s[self.i] in "_-"):
                    self.i += 1
                if self.i == start:
                    raise ValueError("expected a key")
                parts.append(self.s[start : self.i])
            self.skip_blank(newlines=False)
            if self.i < len(self.s) and self.s[self.i] == ".":
                self.i += 1
                continue
            return parts

    def value(self, where: KeyPath) -> None:
        c = self.peek()
        if c in "\"'":
            self.string()
        elif c == "[":
            self.i += 1
            index = 0
            while True:
                self.skip_blank(newlines=True)
                if self.peek() == "]":
                    self.i += 1
                    return
                self.note(where + (index,), self.i)
                self.value(where + (index,))
                index += 1
                self.skip_blank(newlines=True)
                if self.peek() == ",":
                    self.i += 1
        elif c == "{":
            self.i += 1
            while True:
                self.skip_blank(newlines=True)
                if self.peek() == "}":
                    self.i += 1
                    return
                self.keyval(where)
                self.skip_blank(newlines=True)
                if self.peek() == ",":
                    self.i += 1
        else:
            # Numbers, booleans and dates: none of them can contain these characters.
            while self.i < len(self.s) and self.s[self.i] not in ",]}#\n":
                self.i += 1

    def string(self) -> None:
        quote = self.peek()
        if self.s.startswith(quote * 3, self.i):
            self.i += 3
            while True:
                c = self.peek()
                if c == "\\" and quote == '"':
                    self.i += 2
                elif self.s.startswith(quote * 3, self.i):
                    self.i += 3
                    # Up to two more quotes right before the closing three belong to the text.
                    for _ in range(2):
                        if self.i < len(self.s) and self.s[self.i] == quote:
                            self.i += 1
                    return
                else:
                    self.i += 1
        self.i += 1
        while True:
            c = self.peek()
            if c == "\\" and quote == '"':
                self.i += 2
            elif c == quote:
                self.i += 1
                return
            else:
                self.i += 1


def locate_keys(text: str) -> dict[KeyPath, int]:
    """Map each key path, e.g. ("sections", 2, "minutes"), to the line where it is written.

    Array elements get their index as a path step, so ("sections", 2, "prompts", 0) is the
    first prompt of the third section, whether the sections are [[sections]] blocks or an
    inline array of tables.
    """
    return _Locator(text).run()


# --- checking values -----------------------------------------------------------------------


def show(value: Any) -> str:
    """A value as the person wrote it, short enough for a one-line message."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:39] + "…"
        return json.dumps(text, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return repr(value)


class Checker:
    """Collects the problems of one file, each placed on its line, in the order found.

    Every check returns the value when it is usable and None when it is not, so checking
    can carry on and the caller can still list every problem of the file.
    """

    def __init__(self, doc: TomlDoc) -> None:
        self.doc = doc
        self.problems: list[PromptFileError] = []

    def fail(self, where: KeyPath, problem: str) -> None:
        self.problems.append(self.doc.error(where, problem))

    def raise_first(self) -> None:
        if self.problems:
            raise self.problems[0]

    def known_keys(
        self,
        table: dict[str, Any],
        where: KeyPath,
        allowed: Sequence[str],
        label: str = "",
        *,
        hints: dict[str, str] | None = None,
    ) -> None:
        """Unknown keys are errors: a typo such as `minuts` must not be silently ignored.

        `hints` gives a better explanation for particular keys, e.g. a key that belongs in
        another table.
        """
        for key in table:
            if key in allowed:
                continue
            if hints and key in hints:
                self.fail(where + (key,), f'{label}unknown key "{key}"; {hints[key]}')
                continue
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f'did you mean "{close[0]}"?' if close else "expected " + ", ".join(allowed)
            self.fail(where + (key,), f'{label}unknown key "{key}"; {hint}')

    def text(
        self,
        table: dict[str, Any],
        where: KeyPath,
        key: str,
        label: str = "",
        *,
        required: bool = True,
        empty_ok: bool = False,
    ) -> str | None:
        if key not in table:
            if required:
                self.fail(where, f"{label}{key} is missing")
            return None
        value = table[key]
        if not isinstance(value, str):
            self.fail(where + (key,), f'{label}{key} must be text in "quotes", not {show(value)}')
            return None
        if not empty_ok and not value.strip():
            self.fail(where + (key,), f"{label}{key} must not be empty")
            return None
        return value

    def flag(
        self, table: dict[str, Any], where: KeyPath, key: str, label: str = ""
    ) -> bool | None:
        """An optional true/false; absent is false."""
        value = table.get(key, False)
        if not isinstance(value, bool):
            self.fail(where + (key,), f"{label}{key} must be true or false, not {show(value)}")
            return None
        return value

    def whole(
        self,
        table: dict[str, Any],
        where: KeyPath,
        key: str,
        low: int,
        high: int,
        label: str = "",
        *,
        required: bool = True,
    ) -> int | None:
        if key not in table:
            if required:
                self.fail(where, f"{label}{key} is missing")
            return None
        value = table[key]
        # bool is an int in Python, but `minutes = true` is surely a mistake.
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(
                where + (key,),
                f"{label}{key} must be a whole number from {low} to {high}, not {show(value)}",
            )
            return None
        return value

    def choice(
        self,
        table: dict[str, Any],
        where: KeyPath,
        key: str,
        choices: Sequence[str],
        label: str = "",
    ) -> str | None:
        value = self.text(table, where, key, label)
        if value is None:
            return None
        if value not in choices:
            self.fail(
                where + (key,),
                f"{label}{key} must be one of {', '.join(choices)}, not {show(value)}",
            )
            return None
        return value

    def texts(
        self,
        table: dict[str, Any],
        where: KeyPath,
        key: str,
        low: int,
        high: int,
        label: str = "",
        *,
        item: str = "entry",
    ) -> tuple[str, ...] | None:
        if key not in table:
            self.fail(where, f"{label}{key} is missing")
            return None
        value = table[key]
        if not isinstance(value, list):
            self.fail(
                where + (key,),
                f'{label}{key} must be a list of texts like ["...", "..."], not {show(value)}',
            )
            return None
        if not low <= len(value) <= high:
            self.fail(
                where + (key,), f"{label}{key} must have {low} to {high} entries, not {len(value)}"
            )
            return None
        good = True
        for index, entry in enumerate(value):
            if not isinstance(entry, str) or not entry.strip():
                self.fail(
                    where + (key, index),
                    f"{label}{item} {index + 1} must be non-empty text, not {show(entry)}",
                )
                good = False
        return tuple(value) if good else None

    def tables(
        self,
        table: dict[str, Any],
        where: KeyPath,
        key: str,
        low: int,
        high: int,
        *,
        block: str | None = None,
    ) -> list[tuple[KeyPath, dict[str, Any]]] | None:
        """An array of tables: [[key]] blocks. Returns each element with its own key path."""
        block = block or f"[[{key}]]"
        if key not in table:
            if low:
                self.fail(where, f"{key} is missing; add at least one {block} block")
            return None
        value = table[key]
        if not isinstance(value, list):
            self.fail(where + (key,), f"{key} must be written as {block} blocks, not {show(value)}")
            return None
        if len(value) < low:
            self.fail(where + (key,), f"{key} must have at least {low}, not {len(value)}")
            return None
        if len(value) > high:
            self.fail(
                where + (key, high),
                f"too many {key}: {len(value)}; at most {high} are allowed",
            )
            return None
        out = []
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                out.append((where + (key, index), entry))
            else:
                self.fail(
                    where + (key, index),
                    f"{key} entry {index + 1} must be a table, not {show(entry)}",
                )
        return out

    def format(self, table: dict[str, Any], supported: int = 1) -> None:
        """`format` may be left out; a number we do not know means a newer mentor-tui wrote it."""
        if "format" not in table:
            return
        value = table["format"]
        if isinstance(value, int) and not isinstance(value, bool) and value > supported:
            self.fail(
                ("format",),
                f"format {value} is newer than this mentor-tui understands "
                f"(up to {supported}); update mentor-tui",
            )
        elif value != supported or isinstance(value, bool):
            self.fail(("format",), f"format must be {supported}, not {show(value)}")


def unique(checker: Checker, items: Iterable[tuple[KeyPath, str]], what: str, plural: str) -> None:
    """Complain at the second (third, ...) use of a key; name the line of the first use."""
    first: dict[str, KeyPath] = {}
    for where, key in items:
        if key in first:
            checker.fail(
                where,
                f'key "{key}" is used by two {plural} (the first is on line '
                f"{checker.doc.line(first[key])}); each {what} needs its own key",
            )
        else:
            first[key] = where


def prompt_files(name: str, builtin_dir: Path | None, user_dir: Path | None) -> list[Path]:
    """The built-in then the user file called `name` (in prompts directories), those that exist."""
    found = []
    for directory in (builtin_dir, user_dir):
        if directory is not None and (Path(directory) / name).is_file():
            found.append(Path(directory) / name)
    return found


_ENTRY_KEY = re.compile(r"[a-z0-9][a-z0-9_-]*")


def keyed_entries(
    check: Checker,
    array: str,
    noun: str,
    allowed: Sequence[str],
    build: Callable[[KeyPath, dict[str, Any], str, str | None], Entry | None],
    *,
    high: int,
    low: int = 0,
    plain_keys: bool = True,
    key_example: str = "",
) -> list[Entry]:
    """The [[array]] blocks of a file, each named by its own `key`, made into entries.

    `build(where, block, label, key)` checks the rest of a block (`label` starts its messages)
    and returns the entry, or None when something it needs is missing. A block with any problem
    is left out, but every problem is reported. `plain_keys`: a key must be lowercase letters,
    digits, "-" and "_" (`key_example` shows one).
    """
    blocks = check.tables(check.doc.data, (), array, low, high) or []
    entries: list[Entry] = []
    for where, table in blocks:
        written = table.get("key")
        label = (
            f'{noun} "{written}": '
            if isinstance(written, str) and written
            else f"{noun} {int(where[-1]) + 1}: "
        )
        before = len(check.problems)
        check.known_keys(table, where, allowed, label)
        key = check.text(table, where, "key", label)
        if key is not None and plain_keys and not _ENTRY_KEY.fullmatch(key):
            like = f', like "{key_example}"' if key_example else ""
            check.fail(
                where + ("key",), f'{label}key must be lowercase letters, digits, "-" and "_"{like}'
            )
        entry = build(where, table, label, key)
        if len(check.problems) == before and entry is not None:
            entries.append(entry)
    unique(
        check,
        ((w + ("key",), t["key"]) for w, t in blocks if isinstance(t.get("key"), str)),
        noun,
        array,
    )
    return entries
