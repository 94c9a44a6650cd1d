"""Agenda files: loading, and problems reported with the file name and the right line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentor_tui import paths
from mentor_tui.core.agendas import (
    SECTION_KINDS,
    Agenda,
    agenda_files,
    load_agenda,
    load_library,
    validate_file,
)
from mentor_tui.core.errors import AgendaError, NotFound
from mentor_tui.core.tomlfile import locate_keys

# Line numbers matter in this file: the cases below name them.
GOOD = """\
format = 1
name = "Regular check-in"
purpose = "Keep the pair moving."
style = "one-on-one"
source = "CONTENT.md"

[[sections]]
key = "wins"
title = "Wins since last time"
minutes = 5
kind = "notes"
prompts = ["What went well?", "Who helped?"]

[[sections]]
key = "next"
title = "Next steps"
minutes = 10
kind = "action-items"
prompts = [
  "What will you do first?",
  "By when?",
]
"""


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def edit(line: int, new: str | None) -> str:
    """GOOD with line `line` (1-based) replaced by `new`, or removed when `new` is None."""
    lines = GOOD.splitlines()
    assert 1 <= line <= len(lines)
    if new is None:
        del lines[line - 1]
    else:
        lines[line - 1] = new
    return "\n".join(lines) + "\n"


def error_for(tmp_path: Path, text: str, name: str = "regular.toml") -> AgendaError:
    path = write(tmp_path, name, text)
    with pytest.raises(AgendaError) as caught:
        load_agenda(path)
    return caught.value


def test_good_file_loads(tmp_path: Path) -> None:
    agenda = load_agenda(write(tmp_path, "regular.toml", GOOD), builtin=True)
    assert isinstance(agenda, Agenda)
    assert agenda.key == "regular"
    assert agenda.name == "Regular check-in"
    assert agenda.style == "one-on-one"
    assert agenda.source == "CONTENT.md"
    assert agenda.builtin is True
    assert agenda.path == tmp_path / "regular.toml"
    assert [s.key for s in agenda.sections] == ["wins", "next"]
    assert agenda.sections[1].prompts == ("What will you do first?", "By when?")
    assert agenda.sections[1].kind == "action-items"
    assert agenda.total_minutes == 15
    assert agenda.section("next") is agenda.sections[1]
    assert validate_file(tmp_path / "regular.toml") == []


def test_format_is_optional_and_source_required_of_builtins_only(tmp_path: Path) -> None:
    agenda = load_agenda(write(tmp_path, "regular.toml", edit(1, "# no format line")))
    assert agenda.source == "CONTENT.md"
    text = GOOD.replace('source = "CONTENT.md"\n', "")
    assert load_agenda(write(tmp_path, "own.toml", text)).source is None
    with pytest.raises(AgendaError, match="source is missing"):
        load_agenda(write(tmp_path, "builtin.toml", text), builtin=True)
    assert "source must not be empty" in str(error_for(tmp_path, GOOD.replace("CONTENT.md", " ")))


def test_prepare_talking_points_mentor_notes_and_resources_load(tmp_path: Path) -> None:
    text = GOOD.replace(
        'source = "CONTENT.md"\n',
        'source = "CONTENT.md"\nsensitive = true\nprepare = ["Bring the CV."]\n',
    ).replace(
        'kind = "notes"\n',
        'kind = "notes"\ntalking_points = true\nresources = "support"\n'
        'mentor_notes = ["Say the limits first."]\n',
    )
    agenda = load_agenda(write(tmp_path, "regular.toml", text))
    assert agenda.prepare == ("Bring the CV.",) and agenda.sensitive
    wins = agenda.section("wins")
    assert wins is not None and wins.talking_points and wins.resources == "support"
    assert wins.mentor_notes == ("Say the limits first.",)
    assert agenda.points_section is wins and wins.talking_points
    following = agenda.section("next")
    assert following is not None and following.mentor_notes == ()
    assert not following.talking_points and following.resources is None


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'kind = "notes"\n',
            'kind = "notes"\ntalking_points = "yes"\n',
            "talking_points must be true or false",
        ),
        (
            'kind = "notes"\n',
            'kind = "notes"\nresources = "jobs"\n',
            "resources must be one of support, funding",
        ),
        ('kind = "notes"\n', 'kind = "notes"\nmentor_notes = []\n', "mentor_notes must have 1 to"),
        (
            'style = "one-on-one"\n',
            'style = "one-on-one"\nprepare = "CV"\n',
            "prepare must be a list",
        ),
        (
            'style = "one-on-one"\n',
            'style = "one-on-one"\nsensitive = 1\n',
            "sensitive must be true or false",
        ),
    ],
)
def test_new_keys_are_checked(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert expected in str(error_for(tmp_path, GOOD.replace(old, new, 1)))


def test_two_talking_points_sections_are_refused(tmp_path: Path) -> None:
    text = GOOD.replace('kind = "notes"\n', 'kind = "notes"\ntalking_points = true\n').replace(
        'kind = "action-items"\n', 'kind = "action-items"\ntalking_points = true\n'
    )
    assert "only one section may have talking_points = true" in str(error_for(tmp_path, text))


def test_every_builtin_agenda_names_a_source_marks_talking_points_and_says_what_to_prepare() -> (
    None
):
    library = load_library(paths.prompts_dir() / "agendas", None)
    assert not library.errors
    assert len(library) >= 21
    for agenda in library:
        assert agenda.source and len(agenda.source) > 40, agenda.key
        assert any(s.talking_points for s in agenda.sections), agenda.key
        assert agenda.prepare, agenda.key
    sensitive = {a.key for a in library if a.sensitive}
    assert sensitive == {"wellness", "ethics-case-debrief"}
    # The safety protocol reaches the mentor where it is needed.
    for key in sensitive:
        assert any(s.resources == "support" and s.mentor_notes for s in library[key].sections)
    assert any(s.resources == "funding" for s in library["research-grants-publications"].sections)


@pytest.mark.parametrize(
    ("line", "new", "expected_line", "expected"),
    [
        pytest.param(10, "minutes = five", 10, "not valid TOML", id="toml-syntax"),
        pytest.param(2, 'name = "Unclosed', 2, "not valid TOML", id="toml-unclosed-string"),
        pytest.param(2, None, 1, "name is missing", id="missing-name"),
        pytest.param(2, 'name = "  "', 2, "name must not be empty", id="empty-name"),
        pytest.param(2, "name = 3", 2, 'name must be text in "quotes", not 3', id="name-not-text"),
        pytest.param(
            4,
            'style = "1:1"',
            4,
            'style must be one of one-on-one, shadowing, networking, group, spot, virtual, not "1:1"',
            id="bad-style",
        ),
        pytest.param(
            3, 'purpse = "x"', 3, 'unknown key "purpse"; did you mean "purpose"?', id="unknown-top"
        ),
        pytest.param(
            17,
            "minuts = 10",
            17,
            'section "next": unknown key "minuts"; did you mean "minutes"?',
            id="unknown-in-section",
        ),
        pytest.param(
            17,
            'minutes = "five"',
            17,
            'section "next": minutes must be a whole number from 1 to 120, not "five"',
            id="minutes-text",
        ),
        pytest.param(10, "minutes = 0", 10, "from 1 to 120, not 0", id="minutes-zero"),
        pytest.param(17, "minutes = 121", 17, "from 1 to 120, not 121", id="minutes-too-many"),
        pytest.param(10, "minutes = 2.5", 10, "not 2.5", id="minutes-float"),
        pytest.param(10, "minutes = true", 10, "not true", id="minutes-bool"),
        pytest.param(
            15,
            'key = "wins"',
            15,
            'key "wins" is used by two sections (the first is on line 8)',
            id="duplicate-section-key",
        ),
        pytest.param(
            8, 'key = "Wins"', 8, "lowercase letters, digits and hyphens", id="bad-section-key"
        ),
        pytest.param(
            11,
            'kind = "note"',
            11,
            'section "wins": kind must be one of ' + ", ".join(SECTION_KINDS) + ', not "note"',
            id="bad-kind",
        ),
        pytest.param(
            12,
            "prompts = []",
            12,
            'section "wins": prompts must have 1 to 8 entries, not 0',
            id="empty-prompts",
        ),
        pytest.param(
            12,
            'prompts = "What went well?"',
            12,
            'section "wins": prompts must be a list of texts',
            id="prompts-not-a-list",
        ),
        pytest.param(
            21,
            '  "",',
            21,
            'section "next": prompt 2 must be non-empty text, not ""',
            id="empty-prompt",
        ),
        pytest.param(20, "  7,", 20, "prompt 1 must be non-empty text, not 7", id="prompt-number"),
        pytest.param(16, None, 14, 'section "next": title is missing', id="missing-title"),
        pytest.param(1, "format = 2", 1, "newer than this mentor-tui", id="newer-format"),
        pytest.param(1, 'format = "1"', 1, 'format must be 1, not "1"', id="format-text"),
        pytest.param(
            22,
            ']\nname = "Late"',
            23,
            "top-level keys such as name must come before the first [[sections]]",
            id="top-level-key-in-section",
        ),
    ],
)
def test_bad_file_names_file_and_line(
    tmp_path: Path, line: int, new: str | None, expected_line: int, expected: str
) -> None:
    error = error_for(tmp_path, edit(line, new))
    assert error.message.startswith(f"regular.toml, line {expected_line}: "), error.message
    assert expected in error.message
    assert error.line == expected_line
    assert error.path == tmp_path / "regular.toml"
    assert "\n" not in error.message


def test_message_matches_the_documented_shape(tmp_path: Path) -> None:
    error = error_for(tmp_path, edit(17, 'minutes = "five"'))
    assert error.message == (
        'regular.toml, line 17: section "next": minutes must be a whole number '
        'from 1 to 120, not "five"'
    )


def test_no_sections(tmp_path: Path) -> None:
    text = GOOD.split("[[sections]]")[0]
    error = error_for(tmp_path, text)
    assert error.message.startswith("regular.toml, line 1: sections is missing")


def test_sections_written_as_a_single_table(tmp_path: Path) -> None:
    text = GOOD.replace("[[sections]]", "[sections]", 1).split("\n[[sections]]")[0]
    error = error_for(tmp_path, text)
    assert error.message.startswith("regular.toml, line 7: sections must be written as")


def test_too_many_sections(tmp_path: Path) -> None:
    head = GOOD.split("[[sections]]")[0]
    block = (
        '[[sections]]\nkey = "s{n}"\ntitle = "S"\nminutes = 1\nkind = "notes"\nprompts = ["p"]\n'
    )
    text = head + "\n".join(block.format(n=n) for n in range(13))
    # Each block is six lines plus a blank one; the head is six lines.
    error = error_for(tmp_path, text)
    assert error.line == 7 + 12 * 7
    assert "too many sections: 13; at most 12" in error.message


def test_unknown_key_in_a_sub_table_of_a_section(tmp_path: Path) -> None:
    text = GOOD + "\n[sections.extra]\nx = 1\n"
    error = error_for(tmp_path, text)
    assert error.line == 24
    assert 'section "next": unknown key "extra"' in error.message


def test_multi_line_strings_do_not_confuse_the_locator(tmp_path: Path) -> None:
    # A purpose that looks like TOML must not be taken for the sections it describes.
    text = GOOD.replace(
        'purpose = "Keep the pair moving."',
        'purpose = """\n[[sections]]\nminutes = 99\nkey = "next"\n"""',
    ).replace("minutes = 10", 'minutes = "ten"')
    error = error_for(tmp_path, text)
    assert error.line == 17 + 4
    assert 'section "next": minutes' in error.message


def test_quoted_keys_and_comments(tmp_path: Path) -> None:
    text = edit(17, '"minutes" = "ten"  # minutes = 5 in a comment')
    assert error_for(tmp_path, text).line == 17


def test_inline_array_of_tables(tmp_path: Path) -> None:
    text = """\
name = "Inline"
purpose = ""
style = "spot"
sections = [
  { key = "a", title = "A", minutes = 1, kind = "notes", prompts = ["p"] },
  # inline tables cannot span lines in TOML 1.0, so each section is one line
  { key = "b", title = "B", kind = "notes", minutes = 500, prompts = ["p"] },
]
"""
    error = error_for(tmp_path, text, "inline.toml")
    assert error.message.startswith('inline.toml, line 7: section "b": minutes')


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(GOOD.replace("Next steps", "Prochaines étapes").encode("latin-1"))
    with pytest.raises(AgendaError) as caught:
        load_agenda(path)
    assert caught.value.message.startswith("latin.toml, line 16: is not UTF-8")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_agenda(path).name == "Regular check-in"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AgendaError) as caught:
        load_agenda(tmp_path / "nope.toml")
    assert caught.value.message == "nope.toml: no such file"


def test_validate_file_lists_every_problem_in_order(tmp_path: Path) -> None:
    text = edit(4, 'style = "1:1"').replace("minutes = 10", "minutes = 0")
    path = write(tmp_path, "regular.toml", text)
    assert [p.line for p in validate_file(path)] == [4, 17]


# --- the locator on its own ---------------------------------------------------------------


def test_locator_follows_nested_arrays_of_tables() -> None:
    text = "[[a]]\nx = 1\n[[a.b]]\ny = 2\n[[a]]\n[[a.b]]\n\ny = 3\n[a.c]\nz.w = 4\n"
    lines = locate_keys(text)
    assert lines[("a", 0, "b", 0, "y")] == 4
    assert lines[("a", 1, "b", 0)] == 6
    assert lines[("a", 1, "b", 0, "y")] == 8
    assert lines[("a", 1, "c", "z", "w")] == 10


@settings(max_examples=60, deadline=None)
@given(
    # Each is the TOML text of a value that is not a whole number from 1 to 120.
    value=st.one_of(
        st.integers(-1000, 1000).filter(lambda n: not 1 <= n <= 120).map(str),
        st.text(
            alphabet=st.characters(codec="ascii", categories=["L", "N", "Zs"]), max_size=10
        ).map(lambda text: f'"{text}"'),
        st.floats(-1e6, 1e6).map(lambda f: f"{f:.3f}"),
        st.sampled_from(["true", "[5]", "{ n = 5 }", "1979-05-27"]),
    ),
    blank_lines=st.integers(0, 3),
)
def test_bad_minutes_are_found_wherever_they_are(
    tmp_path_factory: pytest.TempPathFactory, value: str, blank_lines: int
) -> None:
    text = edit(17, "\n" * blank_lines + f"minutes = {value}")
    path = write(tmp_path_factory.mktemp("h"), "regular.toml", text)
    problems = validate_file(path)
    assert [p.line for p in problems] == [17 + blank_lines]
    assert 'section "next": minutes must be a whole number' in problems[0].message


# --- the library ------------------------------------------------------------------------


def agenda_text(name: str, minutes: int = 5) -> str:
    return edit(2, f'name = "{name}"').replace("minutes = 5", f"minutes = {minutes}")


def test_user_agenda_overrides_builtin_by_key(tmp_path: Path) -> None:
    builtin = tmp_path / "builtin"
    user = tmp_path / "user"
    write(builtin, "regular.toml", agenda_text("Regular check-in"))
    write(builtin, "spot.toml", agenda_text("Spot"))
    write(user, "regular.toml", agenda_text("Our check-in", minutes=20))
    write(user, "journal-club.toml", agenda_text("Journal club"))
    library = load_library(builtin, user)
    assert library.errors == ()
    assert library.keys() == ["journal-club", "regular", "spot"]
    assert library["regular"].name == "Our check-in"
    assert library["regular"].builtin is False
    assert library["regular"].total_minutes == 30
    assert library["spot"].builtin is True
    assert [a.name for a in library] == ["Journal club", "Our check-in", "Spot"]
    assert len(library) == 3
    assert "spot" in library


def test_broken_user_agenda_does_not_hide_the_others(tmp_path: Path) -> None:
    builtin = tmp_path / "builtin"
    user = tmp_path / "user"
    write(builtin, "regular.toml", agenda_text("Regular check-in"))
    write(builtin, "spot.toml", agenda_text("Spot"))
    write(user, "regular.toml", edit(10, "minutes = five"))
    write(user, "mine.toml", edit(11, 'kind = "chat"'))
    write(user, "good.toml", agenda_text("Good one"))
    write(user, ".#mine.toml", "editor lock file")
    library = load_library(builtin, user)
    assert library.keys() == ["good", "regular", "spot"]
    # The broken override leaves the built-in in place.
    assert library["regular"].builtin is True
    messages = sorted(e.message for e in library.errors)
    assert len(messages) == 2
    assert messages[0].startswith("mine.toml, line 11: ")
    assert messages[1].startswith("regular.toml, line 10: not valid TOML")
    assert all(e.path.parent == user for e in library.errors)


def test_broken_builtin_is_recorded_not_raised(tmp_path: Path) -> None:
    builtin = tmp_path / "builtin"
    write(builtin, "bad.toml", "name = \n")
    library = load_library(builtin, None)
    assert len(library) == 0
    assert [e.line for e in library.errors] == [1]


def test_missing_directories_give_an_empty_library(tmp_path: Path) -> None:
    library = load_library(tmp_path / "none", tmp_path / "nor-this")
    assert len(library) == 0 and library.errors == ()
    assert library.get("regular") is None


def test_unknown_key_lookup_is_a_user_error(tmp_path: Path) -> None:
    library = load_library(tmp_path, None)
    with pytest.raises(NotFound, match='no agenda called "nope"'):
        library["nope"]


def test_builtin_agendas_validate() -> None:
    files = agenda_files(paths.prompts_dir() / "agendas")
    if not files:
        pytest.skip("no built-in agendas yet")
    problems = [p.describe() for f in files for p in validate_file(f)]
    assert problems == []
    library = load_library(paths.prompts_dir() / "agendas", paths.user_prompts_dir() / "agendas")
    assert len(library) == len(files)
    assert all(a.builtin for a in library)


def test_talking_points_go_to_the_marked_section_else_the_first(tmp_path: Path) -> None:
    plain = load_agenda(write(tmp_path, "regular.toml", GOOD))
    assert plain.points_section.key == "wins" and plain.prepare == ()
    text = GOOD.replace('kind = "action-items"\n', 'kind = "action-items"\ntalking_points = true\n')
    text = text.replace('source = "CONTENT.md"\n', 'source = "CONTENT.md"\nprepare = [" Your CV ", "One question"]\n')
    marked = load_agenda(write(tmp_path, "marked.toml", text))
    assert marked.points_section.key == "next"
    assert marked.prepare == ("Your CV", "One question")


@pytest.mark.parametrize(
    ("old", "new", "expected_line", "expected"),
    [
        pytest.param(
            'prompts = ["What went well?", "Who helped?"]\n',
            'prompts = ["What went well?", "Who helped?"]\ntalking_points = "yes"\n',
            13,
            'section "wins": talking_points must be true or false, not "yes"',
            id="not-a-flag",
        ),
        pytest.param(
            'source = "CONTENT.md"\n',
            'source = "CONTENT.md"\nprepare = "your CV"\n',
            6,
            "prepare must be a list of texts",
            id="prepare-not-a-list",
        ),
        pytest.param(
            'source = "CONTENT.md"\n',
            'source = "CONTENT.md"\nprepare = ["CV", ""]\n',
            6,
            "prepare entry 2 must be non-empty text",
            id="prepare-empty-entry",
        ),
        pytest.param(
            'kind = "notes"\n',
            'kind = "notes"\ntalking_points = true\n',
            20,  # the second mark, on the "next" section
            'talking_points = true is already set on section "wins"',
            id="two-marked",
        ),
    ],
)
def test_talking_point_and_prepare_mistakes_name_their_line(
    tmp_path: Path, old: str, new: str, expected_line: int, expected: str
) -> None:
    text = GOOD.replace(old, new)
    if "already set" in expected:
        text = text.replace('kind = "action-items"\n', 'kind = "action-items"\ntalking_points = true\n')
    error = error_for(tmp_path, text)
    assert expected in error.message, error.message
    assert error.line == expected_line, error.message


def test_every_builtin_agenda_marks_where_talking_points_come_up() -> None:
    files = agenda_files(paths.prompts_dir() / "agendas")
    library = load_library(paths.prompts_dir() / "agendas", None)
    unmarked = [a.key for a in library if not any(s.talking_points for s in a.sections)]
    assert files and unmarked == []
