"""Agenda files are edited by hand: whatever is in one, loading ends in an Agenda or one
clear PromptFileError, never another exception, and a broken file never stops the others."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor_tui import paths
from mentor_tui.core.agendas import (
    MAX_MINUTES,
    MAX_SECTIONS,
    SECTION_KINDS,
    STYLES,
    Agenda,
    load_agenda,
    load_library,
    validate_file,
)
from mentor_tui.core.tomlfile import PromptFileError

BUILTIN = sorted((paths.prompts_dir() / "agendas").glob("*.toml"))
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def check_outcome(path: Path) -> Agenda | PromptFileError:
    """The property itself: an Agenda that keeps the rules, or one clear error."""
    lines = path.read_bytes().count(b"\n") + 1
    try:
        agenda = load_agenda(path)
    except PromptFileError as exc:
        message = str(exc)
        assert message and "\n" not in message, message
        assert message.startswith(path.name), message
        assert exc.line is None or 1 <= exc.line <= lines, (exc.line, lines)
        problems = validate_file(path)
        assert problems and str(problems[0]) == message
        return exc
    assert validate_file(path) == []
    assert 1 <= len(agenda.sections) <= MAX_SECTIONS
    assert agenda.style in STYLES
    assert agenda.name.strip()
    assert len({s.key for s in agenda.sections}) == len(agenda.sections)
    for section in agenda.sections:
        assert section.kind in SECTION_KINDS
        assert isinstance(section.minutes, int) and 1 <= section.minutes <= MAX_MINUTES
        assert all(isinstance(p, str) for p in section.prompts)
    return agenda


# One folder for every example (cleaned up when the run ends).
_FOLDER = tempfile.TemporaryDirectory(prefix="hostile-agendas-")


def write(data: bytes) -> Path:
    path = Path(_FOLDER.name) / "hostile.toml"
    path.write_bytes(data)
    return path


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    check_outcome(write(data))


@SETTINGS
@given(st.text(max_size=1500))
def test_arbitrary_text(text: str) -> None:
    check_outcome(write(text.encode("utf-8", "surrogatepass")))


# -- TOML that parses, with agenda-like shapes ----------------------------------------------

_KEYS = st.sampled_from(
    ["format", "name", "purpose", "style", "source", "sections", "key", "title", "minutes",
     "kind", "prompts", "extra", "Name", "", "sections.x", "ключ"]
)
_SCALARS = st.one_of(
    st.text(max_size=30),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.sampled_from(list(STYLES) + list(SECTION_KINDS) + ["1979-05-27", "07:32:00"]),
)


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        escaped = "".join(
            c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" if ord(c) < 0x10000
            else f"\\U{ord(c):08x}"
            for c in value
        )
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def toml_key(key: str) -> str:
    return key if key and key.replace("-", "").replace("_", "").isalnum() and key.isascii() \
        else toml_value(key)


_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=3)
    ),
    max_leaves=8,
)
def mostly(valid: st.SearchStrategy) -> st.SearchStrategy:
    """Usually a valid value, sometimes anything at all."""
    return st.integers(0, 9).flatmap(lambda roll: valid if roll else _VALUES)


_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=20)
_SECTION = st.fixed_dictionaries(
    {
        "key": mostly(st.sampled_from(["wins", "next", "goals", "wrap-up", "a1", "x-y-z"])),
        "title": mostly(_TEXT),
        "minutes": mostly(st.one_of(st.integers(1, MAX_MINUTES), st.integers(-5, 200))),
        "kind": mostly(st.sampled_from(SECTION_KINDS)),
        "prompts": mostly(st.lists(_TEXT, max_size=4)),
    },
    optional={"extra": _VALUES},
)
_TOP = st.fixed_dictionaries(
    {
        "name": mostly(_TEXT),
        "purpose": mostly(st.text(max_size=40)),
        "style": mostly(st.sampled_from(STYLES)),
    },
    optional={"format": mostly(st.just(1)), "source": mostly(_TEXT)},
)


def toml_document(top: dict, sections: list[dict], as_inline: bool) -> str:
    lines = [f"{toml_key(k)} = {toml_value(v)}" for k, v in top.items()]
    if top.get("name") == "unknown key":
        lines.append("unknown = 1")
    if as_inline:
        lines.append(f"sections = {toml_value(sections)}")
    else:
        for section in sections:
            lines.append("")
            lines.append("[[sections]]")
            lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in section.items()]
    return "\n".join(lines) + "\n"


@SETTINGS
@given(top=_TOP, sections=st.lists(_SECTION, max_size=MAX_SECTIONS + 1), inline=st.booleans())
def test_agenda_shaped_toml(top: dict, sections: list[dict], inline: bool) -> None:
    check_outcome(write(toml_document(top, sections, inline).encode("utf-8")))


# -- real agendas, damaged the way editing damages files ---------------------------------


@st.composite
def damaged_builtin(draw) -> bytes:
    text = draw(st.sampled_from(BUILTIN)).read_bytes()
    lines = text.split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["drop", "dup", "swap", "garbage", "cut", "indent"]))
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        if action == "drop" and len(lines) > 1:
            del lines[at]
        elif action == "dup":
            lines.insert(at, lines[at])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "garbage":
            lines.insert(at, draw(st.binary(max_size=20)))
        elif action == "cut":
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
        else:
            lines[at] = b"  " + lines[at]
    return b"\n".join(lines)


@SETTINGS
@given(damaged_builtin())
def test_damaged_builtin_agenda(data: bytes) -> None:
    check_outcome(write(data))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.binary(max_size=400), min_size=1, max_size=3))
def test_broken_user_files_never_hide_the_builtin_agendas(files: list[bytes]) -> None:
    user = Path(_FOLDER.name) / "user"
    user.mkdir(exist_ok=True)
    for old in user.iterdir():
        old.unlink()
    for number, data in enumerate(files):
        (user / f"mine-{number}.toml").write_bytes(data)
    library = load_library(paths.prompts_dir() / "agendas", user)
    assert {p.stem for p in BUILTIN} <= set(library.keys())
