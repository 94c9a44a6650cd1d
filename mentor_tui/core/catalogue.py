"""The other prompts files: reverse-mentoring topics, the agreement template, the
mentoring-competency check-in.

Each has a built-in file in prompts/ and may have a user file of the same name in the user
config directory. Topics merge by key (a programme adds its own or rewords ours); the
agreement merges field by field (a pair's own confidentiality wording, say); the competency
check-in is replaced as a whole, since a programme's questionnaire is one piece.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta

from mentor_tui.core.models import Agreement
from mentor_tui.core.reverse import Topic
from mentor_tui.core.tomlfile import Checker, KeyPath, keyed_entries, prompt_files, read_toml

TOPICS_FILE = "topics.toml"
AGREEMENT_FILE = "agreement.toml"
COMPETENCIES_FILE = "competencies.toml"


# --- reverse-mentoring topics --------------------------------------------------------------


def read_topics(path: Path) -> list[Topic]:
    doc = read_toml(path)
    check = Checker(doc)
    check.known_keys(doc.data, (), ("format", "topics"))
    check.format(doc.data)

    def topic(where: KeyPath, table: dict[str, Any], label: str, key: str | None) -> Topic | None:
        title = check.text(table, where, "title", label)
        summary = check.text(table, where, "summary", label, required=False, empty_ok=True)
        safeguards = check.text(table, where, "safeguards", label, required=False, empty_ok=True)
        if not (key and title):
            return None
        return Topic(
            key=key,
            title=title.strip(),
            summary=(summary or "").strip(),
            safeguards=(safeguards or "").strip(),
        )

    allowed = ("key", "title", "summary", "safeguards")
    topics = keyed_entries(
        check, "topics", "topic", allowed, topic, high=1000, key_example="ehr-shortcuts"
    )
    check.raise_first()
    return topics


def load_topics(builtin_dir: Path | None, user_dir: Path | None = None) -> list[Topic]:
    """The catalogue in the built-in order, user topics replacing ours by key or added after.

    `builtin_dir` and `user_dir` are prompts directories holding topics.toml.
    """
    merged: dict[str, Topic] = {}
    for path in prompt_files(TOPICS_FILE, builtin_dir, user_dir):
        for topic in read_topics(path):
            merged[topic.key] = topic
    return list(merged.values())


# --- the agreement template ----------------------------------------------------------------

_AGREEMENT_TEXTS = tuple(
    f.name for f in fields(Agreement) if f.name not in ("review_date", "updated_at")
)


@dataclass(frozen=True)
class AgreementTemplate:
    goals: str = ""
    meeting_frequency: str = ""
    meeting_length: str = ""
    between_meetings: str = ""
    confidentiality: str = ""
    feedback: str = ""
    ending: str = ""
    review_after_months: int | None = None
    source: str | None = None

    def agreement(self, start: date) -> Agreement:
        """A new pair's agreement, to be reviewed `review_after_months` after `start`."""
        review = (
            start + relativedelta(months=self.review_after_months)
            if self.review_after_months
            else None
        )
        return Agreement(
            **{name: getattr(self, name) for name in _AGREEMENT_TEXTS}, review_date=review
        )


def read_agreement(path: Path) -> dict[str, Any]:
    """The fields one agreement file sets; a user file may set only some of them."""
    doc = read_toml(path)
    check = Checker(doc)
    check.known_keys(doc.data, (), ("format", "source", *_AGREEMENT_TEXTS, "review_after_months"))
    check.format(doc.data)
    values: dict[str, Any] = {}
    for name in (*_AGREEMENT_TEXTS, "source"):
        text = check.text(doc.data, (), name, required=False, empty_ok=True)
        if text is not None:
            values[name] = text.strip()
    months = check.whole(doc.data, (), "review_after_months", 1, 60, required=False)
    if months is not None:
        values["review_after_months"] = months
    check.raise_first()
    return values


def load_agreement_template(
    builtin_dir: Path | None, user_dir: Path | None = None
) -> AgreementTemplate:
    values: dict[str, Any] = {}
    for path in prompt_files(AGREEMENT_FILE, builtin_dir, user_dir):
        values.update(read_agreement(path))
    return AgreementTemplate(**values)


def new_agreement(start: date, builtin_dir: Path | None, user_dir: Path | None = None) -> Agreement:
    return load_agreement_template(builtin_dir, user_dir).agreement(start)


# --- the mentoring-competency check-in -----------------------------------------------------


@dataclass(frozen=True)
class Competency:
    key: str
    title: str
    mentor_asks: str
    mentee_asks: str


@dataclass(frozen=True)
class CompetencyCheck:
    note: str
    scale_min: int
    scale_max: int
    scale_labels: tuple[str, ...]
    competencies: tuple[Competency, ...]
    path: Path

    @property
    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)

    def label(self, score: int) -> str | None:
        """The words for a score: one label per point, or only the two ends labelled."""
        if len(self.scale_labels) == len(self.scale):
            return self.scale_labels[score - self.scale_min]
        if score == self.scale_min:
            return self.scale_labels[0]
        if score == self.scale_max:
            return self.scale_labels[-1]
        return None


def read_competencies(path: Path) -> CompetencyCheck:
    doc = read_toml(path)
    check = Checker(doc)
    data = doc.data
    check.known_keys(
        data, (), ("format", "note", "scale_min", "scale_max", "scale_labels", "competencies")
    )
    check.format(data)
    note = check.text(data, (), "note", required=False, empty_ok=True) or ""
    low = check.whole(data, (), "scale_min", 0, 10)
    high = check.whole(data, (), "scale_max", 1, 10)
    if low is not None and high is not None and high <= low:
        check.fail(("scale_max",), f"scale_max must be more than scale_min ({low}), not {high}")
    labels = check.texts(data, (), "scale_labels", 2, 11, item="label")
    if labels and low is not None and high is not None and high > low:
        points = high - low + 1
        if len(labels) not in (2, points):
            check.fail(
                ("scale_labels",),
                f"scale_labels must name all {points} points from {low} to {high}, "
                f"or only the two ends, not {len(labels)}",
            )

    def competency(
        where: KeyPath, table: dict[str, Any], label: str, key: str | None
    ) -> Competency | None:
        title, mentor_asks, mentee_asks = (
            check.text(table, where, name, label)
            for name in ("title", "mentor_asks", "mentee_asks")
        )
        if not (key and title and mentor_asks and mentee_asks):
            return None
        return Competency(key.strip(), title.strip(), mentor_asks.strip(), mentee_asks.strip())

    allowed = ("key", "title", "mentor_asks", "mentee_asks")
    # Competency keys were never held to the plain-key rule; files written since keep working.
    competencies = keyed_entries(
        check, "competencies", "competency", allowed, competency, low=1, high=50, plain_keys=False
    )
    check.raise_first()
    assert low is not None and high is not None and labels is not None
    return CompetencyCheck(
        note=note.strip(),
        scale_min=low,
        scale_max=high,
        scale_labels=labels,
        competencies=tuple(competencies),
        path=Path(path),
    )


def load_competencies(
    builtin_dir: Path | None, user_dir: Path | None = None
) -> CompetencyCheck | None:
    """The user's check-in if they have one, else ours; None when neither file exists."""
    found = prompt_files(COMPETENCIES_FILE, builtin_dir, user_dir)
    return read_competencies(found[-1]) if found else None
