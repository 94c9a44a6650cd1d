"""Topic catalogue, agreement template and competency check-in: built-in plus user files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mentor_tui import paths
from mentor_tui.core.catalogue import (
    AgreementTemplate,
    load_agreement_template,
    load_competencies,
    load_topics,
    new_agreement,
    read_agreement,
    read_competencies,
    read_topics,
)
from mentor_tui.core.errors import AgendaError, UserError
from mentor_tui.core.models import Agreement
from mentor_tui.core.reverse import Topic

TOPICS = """\
format = 1

[[topics]]
key = "reference-managers"
title = "Reference managers"
summary = "Zotero and friends."

[[topics]]
key = "ehr-efficiency"
title = "EHR efficiency"
summary = "Shortcuts."
"""

AGREEMENT = """\
format = 1
source = "CIMER"
goals = "Help with a first grant."
meeting_frequency = "Every two weeks"
meeting_length = "45 minutes"
between_meetings = "Email."
confidentiality = "Stays between us."
feedback = "Both ways."
ending = "No-fault, any time."
review_after_months = 6
"""

COMPETENCIES = """\
format = 1
note = "Inspired by, not a copy of, the MCA."
scale_min = 1
scale_max = 3
scale_labels = ["not at all", "somewhat", "very"]

[[competencies]]
key = "communication"
title = "Maintaining effective communication"
mentor_asks = "How well do I listen?"
mentee_asks = "How well does your mentor listen?"
"""


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")
    return directory / name


# --- topics ------------------------------------------------------------------------------


def test_topics_merge_user_entries_by_key(tmp_path: Path) -> None:
    builtin = tmp_path / "builtin"
    user = tmp_path / "user"
    write(builtin, "topics.toml", TOPICS)
    write(
        user,
        "topics.toml",
        '[[topics]]\nkey = "ehr-efficiency"\ntitle = "Our EHR"\n\n'
        '[[topics]]\nkey = "podcasts"\ntitle = "Podcasts"\n',
    )
    topics = load_topics(builtin, user)
    assert all(isinstance(t, Topic) for t in topics)
    assert [t.key for t in topics] == ["reference-managers", "ehr-efficiency", "podcasts"]
    assert topics[1].title == "Our EHR"
    assert topics[1].summary == ""
    assert topics[0].summary == "Zotero and friends."


def test_topics_without_user_file(tmp_path: Path) -> None:
    write(tmp_path, "topics.toml", TOPICS)
    assert len(load_topics(tmp_path, tmp_path / "nothing-here")) == 2
    assert load_topics(tmp_path / "nothing-here") == []


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        (
            TOPICS.replace('summary = "Shortcuts."', 'sumary = "Shortcuts."'),
            11,
            'topic "ehr-efficiency": unknown key "sumary"; did you mean "summary"?',
        ),
        (
            TOPICS.replace('key = "ehr-efficiency"', 'key = "reference-managers"'),
            9,
            'key "reference-managers" is used by two topics (the first is on line 4)',
        ),
        (
            TOPICS.replace('title = "EHR efficiency"\n', ""),
            8,
            'topic "ehr-efficiency": title is missing',
        ),
        (TOPICS.replace('key = "ehr-efficiency"', 'key = "EHR tips"'), 9, "key must be lowercase"),
        (TOPICS.replace('title = "EHR efficiency"', "title = EHR"), 10, "not valid TOML"),
    ],
)
def test_bad_user_topics_name_file_and_line(
    tmp_path: Path, text: str, line: int, expected: str
) -> None:
    write(tmp_path / "builtin", "topics.toml", TOPICS)
    write(tmp_path / "user", "topics.toml", text)
    with pytest.raises(AgendaError) as caught:
        load_topics(tmp_path / "builtin", tmp_path / "user")
    assert isinstance(caught.value, UserError)
    assert caught.value.message.startswith(f"topics.toml, line {line}: ")
    assert expected in caught.value.message
    assert caught.value.path == tmp_path / "user" / "topics.toml"


# --- agreement ---------------------------------------------------------------------------


def test_agreement_review_date_from_start(tmp_path: Path) -> None:
    write(tmp_path, "agreement.toml", AGREEMENT)
    agreement = new_agreement(date(2024, 3, 15), tmp_path)
    assert isinstance(agreement, Agreement)
    assert agreement.review_date == date(2024, 9, 15)
    assert agreement.confidentiality == "Stays between us."
    assert agreement.ending == "No-fault, any time."


def test_review_date_at_month_end_stays_in_the_month(tmp_path: Path) -> None:
    template = AgreementTemplate(review_after_months=1)
    assert template.agreement(date(2024, 1, 31)).review_date == date(2024, 2, 29)
    assert AgreementTemplate().agreement(date(2024, 1, 31)).review_date is None


def test_user_agreement_overrides_field_by_field(tmp_path: Path) -> None:
    write(tmp_path / "builtin", "agreement.toml", AGREEMENT)
    write(
        tmp_path / "user",
        "agreement.toml",
        'meeting_frequency = "Monthly"\nreview_after_months = 12\n',
    )
    template = load_agreement_template(tmp_path / "builtin", tmp_path / "user")
    assert template.meeting_frequency == "Monthly"
    assert template.goals == "Help with a first grant."
    assert template.source == "CIMER"
    assert template.agreement(date(2024, 3, 15)).review_date == date(2025, 3, 15)


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        (
            AGREEMENT.replace("review_after_months = 6", "review_after_months = 0"),
            10,
            "review_after_months must be a whole number from 1 to 60, not 0",
        ),
        (AGREEMENT.replace("feedback =", "feedbak ="), 8, 'did you mean "feedback"?'),
        (
            AGREEMENT.replace('ending = "No-fault, any time."', "ending = 3"),
            9,
            "ending must be text",
        ),
    ],
)
def test_bad_agreement_names_line(tmp_path: Path, text: str, line: int, expected: str) -> None:
    path = write(tmp_path, "agreement.toml", text)
    with pytest.raises(AgendaError) as caught:
        read_agreement(path)
    assert caught.value.message.startswith(f"agreement.toml, line {line}: ")
    assert expected in caught.value.message


# --- competencies ------------------------------------------------------------------------


def test_competencies_load(tmp_path: Path) -> None:
    check = read_competencies(write(tmp_path, "competencies.toml", COMPETENCIES))
    assert check.scale == range(1, 4)
    assert check.label(2) == "somewhat"
    assert check.competencies[0].key == "communication"
    assert check.competencies[0].mentee_asks == "How well does your mentor listen?"


def test_user_competencies_replace_builtin(tmp_path: Path) -> None:
    write(tmp_path / "builtin", "competencies.toml", COMPETENCIES)
    ours = COMPETENCIES.replace(
        'scale_labels = ["not at all", "somewhat", "very"]', 'scale_labels = ["low", "high"]'
    )
    write(tmp_path / "user", "competencies.toml", ours)
    check = load_competencies(tmp_path / "builtin", tmp_path / "user")
    assert check is not None
    assert check.path == tmp_path / "user" / "competencies.toml"
    assert (check.label(1), check.label(2), check.label(3)) == ("low", None, "high")
    assert load_competencies(tmp_path / "none") is None


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        (
            'scale_labels = ["not at all", "somewhat", "very"]',
            'scale_labels = ["a", "b", "c", "d"]',
            5,
            "must name all 3 points from 1 to 3",
        ),
        ("scale_max = 3", "scale_max = 1", 4, "scale_max must be more than scale_min (1), not 1"),
        (
            'mentor_asks = "How well do I listen?"\n',
            "",
            7,
            'competency "communication": mentor_asks is missing',
        ),
    ],
)
def test_bad_competencies_name_line(
    tmp_path: Path, old: str, new: str, line: int, expected: str
) -> None:
    path = write(tmp_path, "competencies.toml", COMPETENCIES.replace(old, new))
    with pytest.raises(AgendaError) as caught:
        read_competencies(path)
    assert caught.value.message.startswith(f"competencies.toml, line {line}: ")
    assert expected in caught.value.message


# --- the built-in files ------------------------------------------------------------------


def test_builtin_catalogue_files_load() -> None:
    prompts = paths.prompts_dir()
    if (prompts / "topics.toml").is_file():
        topics = read_topics(prompts / "topics.toml")
        assert topics and len({t.key for t in topics}) == len(topics)
    if (prompts / "agreement.toml").is_file():
        agreement = new_agreement(date(2024, 1, 1), prompts, paths.user_prompts_dir())
        assert agreement.confidentiality
    if (prompts / "competencies.toml").is_file():
        check = load_competencies(prompts, paths.user_prompts_dir())
        assert check is not None and check.competencies


def test_inclusion_topics_carry_their_safeguards():
    from mentor_tui import paths
    from mentor_tui.core.catalogue import load_topics

    topics = {t.key: t for t in load_topics(paths.prompts_dir())}
    inclusion = [t for t in topics.values() if t.safeguards]
    assert {"trained-abroad", "working-with-disability", "lgbtq-at-work", "patients-view"} <= {
        t.key for t in inclusion
    }
    for topic in inclusion:
        text = topic.safeguards.lower()
        assert "voluntary" in text and "counts against" in text
        assert "never for a group" in text and "reading first" in text
    assert not topics["reference-managers"].safeguards  # digital topics need none


def test_a_topic_with_unknown_keys_is_still_refused(tmp_path):
    from mentor_tui.core.catalogue import read_topics
    from mentor_tui.core.errors import UserError

    path = tmp_path / "topics.toml"
    path.write_text('[[topics]]\nkey = "x"\ntitle = "X"\nsafeguard = "typo"\n', encoding="utf-8")
    with pytest.raises(UserError, match="safeguard"):
        read_topics(path)
