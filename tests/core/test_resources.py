"""resources.toml: the built-in lists, a programme's country and own entries, line-numbered errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentor_tui import paths
from mentor_tui.core.errors import UserError
from mentor_tui.core.resources import RESOURCES_FILE, load_resources, resources_markdown


def builtin():
    return load_resources(paths.prompts_dir(), None)


def user_file(tmp_path: Path, text: str) -> Path:
    (tmp_path / RESOURCES_FILE).write_text(text, encoding="utf-8")
    return tmp_path


def test_builtin_covers_the_us_the_uk_and_ireland_with_the_reviewed_numbers():
    resources = builtin()
    assert resources.country == ""
    assert {"US", "GB", "IE"} <= set(resources.countries())
    contacts = {r.key: r.contact for r in resources.of("support")}
    assert "988" in contacts["us-988"]
    assert "1-888-409-0141" in contacts["us-physician-support-line"]
    assert "116 123" in contacts["gb-samaritans"] and "116 123" in contacts["ie-samaritans"]
    assert "0300 0303 300" in contacts["gb-practitioner-health"]
    # The protocol says what the mentor does and that it overrides confidentiality.
    protocol = " ".join(resources.protocol)
    assert "pause the agenda" in protocol and "exception to the confidentiality" in protocol
    funding = {r.key for r in resources.of("funding")}
    assert {"us-nih-k08-k23", "us-nih-k99", "us-nih-esi", "gb-nihr-iat", "ie-hrb"} <= funding


def test_a_programme_sets_its_country_and_replaces_or_adds_entries(tmp_path):
    user = user_file(
        tmp_path,
        'format = 1\ncountry = "IE"\nprotocol = ["Call the on-call psychiatrist: bleep 123."]\n\n'
        '[[resources]]\nkey = "ie-pieta"\nkind = "support"\ncountry = "IE"\nname = "Pieta (ours)"\n\n'
        '[[resources]]\nkey = "eap"\nkind = "support"\ncountry = "all"\nname = "Our EAP"\n',
    )
    resources = load_resources(paths.prompts_dir(), user)
    names = [r.name for r in resources.of("support")]
    assert "Pieta (ours)" in names and "Our EAP" in names and "Pieta" not in names
    assert not any(r.country in ("US", "GB") for r in resources.of("support"))
    assert resources.protocol == ("Call the on-call psychiatrist: bleep 123.",)
    funding = resources.of("funding")
    assert {r.country for r in funding} <= {"IE", "all"} and funding
    # With a country set, lines are not prefixed with it.
    assert all(not line.startswith("- IE: ") for line in resources_markdown(resources, "support"))


def test_uk_means_gb(tmp_path):
    resources = load_resources(paths.prompts_dir(), user_file(tmp_path, 'country = "UK"\n'))
    assert resources.country == "GB" and "Samaritans" in {r.name for r in resources.of("support")}


def test_without_a_country_each_line_says_whose_it_is():
    lines = resources_markdown(builtin(), "support")
    assert any(line.startswith("- US: **988") for line in lines)
    assert any(line.startswith("- UK: **Samaritans") for line in lines)  # people read UK


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ('country = "England"\n', 1, "two-letter code"),
        (
            '[[resources]]\nkey = "x"\nkind = "help"\ncountry = "US"\nname = "X"\n',
            3,
            "kind must be one of",
        ),
        ('[[resources]]\nkey = "x"\nkind = "support"\ncountry = "US"\n', 1, "name is missing"),
        ('colour = "red"\n', 1, "colour"),
        (
            '[[resources]]\nkey = "Crisis Line"\nkind = "support"\ncountry = "US"\nname = "X"\n',
            2,
            'resource "Crisis Line": key must be lowercase letters',
        ),
        (
            '[[resources]]\nkey = "x"\nkind = "support"\ncountry = "US"\nname = "X"\n' * 2,
            7,
            'key "x" is used by two resources (the first is on line 2)',
        ),
    ],
)
def test_mistakes_are_one_sentence_with_the_line(tmp_path, text, line, expected):
    user = user_file(tmp_path, text)
    with pytest.raises(UserError) as caught:
        load_resources(paths.prompts_dir(), user)
    assert expected in str(caught.value) and f"line {line}" in str(caught.value)
