"""Coarsening: what a person's attributes and dates become before they leave the app.

Career stage and specialty are free text in a pair's database ("ST4 registrar", "Assoc.
Prof. of Cardiology"). Exact wording can single someone out, so only a group from a small,
fixed vocabulary leaves; anything the table does not recognise becomes "other". Dates leave
as ISO weeks ("2025-W07").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

# Checked in order; the first group with a matching keyword wins. Keywords are matched as
# whole words (or word prefixes where they end in "*") against the lower-cased text.
CAREER_STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "student",
        (
            "student",
            "medical student",
            "med student",
            "undergraduate",
            "ms1",
            "ms2",
            "ms3",
            "ms4",
            "phd student",
            "doctoral student",
            "candidate",
        ),
    ),
    (
        "trainee",
        (
            "resident",
            "registrar",
            "trainee",
            "intern",
            "house officer",
            "junior doctor",
            "foundation",
            "fy1",
            "fy2",
            "ct1",
            "ct2",
            "ct3",
            "st1",
            "st2",
            "st3",
            "st4",
            "st5",
            "st6",
            "st7",
            "st8",
            "pgy*",
            "sho",
            "specialty trainee",
            "core trainee",
            "house staff",
        ),
    ),
    (
        "fellow",
        (
            "fellow",
            "fellowship",
            "postdoc",
            "post-doc",
            "postdoctoral",
            "research fellow",
            "clinical fellow",
        ),
    ),
    (
        "mid-career faculty",
        ("associate professor", "senior lecturer", "reader", "mid-career", "mid career"),
    ),
    (
        "early-career faculty",
        (
            "assistant professor",
            "lecturer",
            "clinical lecturer",
            "instructor",
            "junior faculty",
            "early career",
            "early-career",
            "new consultant",
            "new attending",
        ),
    ),
    (
        "senior faculty",
        (
            "professor",
            "full professor",
            "chair",
            "head of department",
            "dean",
            "emeritus",
            "senior faculty",
            "clinical director",
            "medical director",
        ),
    ),
    (
        "nursing / allied health",
        (
            "nurse",
            "nursing",
            "midwife",
            "pharmacist",
            "physiotherapist",
            "therapist",
            "paramedic",
            "physician assistant",
            "allied health",
            "dietitian",
            "psychologist",
            # Nursing and allied-health stages and roles that name no profession above.
            "anp",
            "acp",
            "cns",
            "crna",
            "advanced practitioner",
            "advanced clinical practitioner",
            "health visitor",
            "matron",
            "ward sister",
            "band 5",
            "band 6",
            "band 7",
            "band 8*",
            "radiographer",
            "sonographer",
            "podiatrist",
            "orthoptist",
            "optometrist",
            "audiologist",
            "biomedical scientist",
            "healthcare scientist",
            "operating department practitioner",
            "physician associate",
        ),
    ),
    (
        "consultant / attending",
        (
            "consultant",
            "attending",
            "specialist",
            "staff physician",
            "staff surgeon",
            "gp",
            "general practitioner",
            "physician",
            "surgeon",
            "salaried",
            "partner",
        ),
    ),
)

SPECIALTY_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "surgery",
        (
            "surgery",
            "surgical",
            "surgeon",
            "orthopaedic*",
            "orthopedic*",
            "urology",
            "ent",
            "otolaryngology",
            "neurosurgery",
            "plastic*",
            "vascular",
            "cardiothoracic",
            "ophthalmology",
            "colorectal",
            "transplant",
        ),
    ),
    ("paediatrics", ("paediatric*", "pediatric*", "neonat*", "child health")),
    (
        "obstetrics & gynaecology",
        (
            "obstetric*",
            "gynaecolog*",
            "gynecolog*",
            "o&g",
            "ob/gyn",
            "obgyn",
            "maternal",
            "midwifery",
            "reproductive",
        ),
    ),
    ("psychiatry", ("psychiatry", "psychiatric", "mental health", "child psychiatry")),
    (
        "acute & critical care",
        (
            "emergency",
            "anaesthe*",
            "anesthe*",
            "critical care",
            "intensive care",
            "icu",
            "acute medicine",
            "pre-hospital",
            "perioperative",
        ),
    ),
    ("primary care", ("general practice", "family medicine", "primary care", "gp", "community")),
    (
        "diagnostics",
        (
            "radiology",
            "radiologist",
            "pathology",
            "pathologist",
            "histopathology",
            "microbiology",
            "virology",
            "haematology lab",
            "nuclear medicine",
            "laboratory",
            "imaging",
        ),
    ),
    (
        "medicine",
        (
            "medicine",
            "internal medicine",
            "cardiology",
            "respiratory",
            "pulmonology",
            "gastroenterology",
            "hepatology",
            "nephrology",
            "renal",
            "endocrinology",
            "diabetes",
            "rheumatology",
            "neurology",
            "oncology",
            "haematology",
            "hematology",
            "infectious diseases",
            "geriatric*",
            "dermatology",
            "palliative",
            "stroke",
            "immunology",
            "genetics",
            "hospital medicine",
        ),
    ),
    (
        "public health & research",
        (
            "public health",
            "epidemiology",
            "health services research",
            "global health",
            "informatics",
            "biostatistics",
            "medical education",
            "research",
            "basic science",
            "health policy",
        ),
    ),
    (
        "nursing & allied health",
        (
            "nursing",
            "nurse",
            "pharmacy",
            "physiotherapy",
            "occupational therapy",
            "allied health",
            "dietetics",
            "speech",
            "psychology",
        ),
    ),
)

OTHER = "other"


def _compile(table: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, re.Pattern[str]]]:
    compiled = []
    for group, words in table:
        parts = []
        for word in words:
            if word.endswith("*"):
                parts.append(re.escape(word[:-1]) + r"\w*")
            else:
                parts.append(re.escape(word))
        compiled.append((group, re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")))
    return compiled


_STAGES = _compile(CAREER_STAGES)
_SPECIALTIES = _compile(SPECIALTY_GROUPS)

CAREER_STAGE_GROUPS = tuple(group for group, _ in CAREER_STAGES) + (OTHER,)
SPECIALTY_GROUP_NAMES = tuple(group for group, _ in SPECIALTY_GROUPS) + (OTHER,)


def _group(text: str | None, table: list[tuple[str, re.Pattern[str]]]) -> str:
    if not text or not text.strip():
        return OTHER
    lowered = " ".join(text.lower().split())
    for group, pattern in table:
        if pattern.search(lowered):
            return group
    return OTHER


def career_stage_group(text: str | None) -> str:
    """ "ST4 registrar" -> "trainee"; anything unrecognised -> "other"."""
    return _group(text, _STAGES)


def specialty_group(text: str | None) -> str:
    """ "Interventional cardiology" -> "medicine"; anything unrecognised -> "other"."""
    return _group(text, _SPECIALTIES)


# --- dates -------------------------------------------------------------------------------

_WEEK = re.compile(r"(\d{4})-W(\d{2})")


def iso_week(day: date | None) -> str | None:
    if day is None:
        return None
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def parse_week(text: str) -> date:
    """The Monday of an ISO week written "YYYY-Www"; ValueError if it is not one."""
    match = _WEEK.fullmatch(text)
    if not match:
        raise ValueError(f"not an ISO week: {text!r}")
    year, week = int(match.group(1)), int(match.group(2))
    return date.fromisocalendar(year, week, 1)


def week_month(text: str) -> str:
    """The month an ISO week belongs to: the month of its Thursday (as ISO 8601 does for years)."""
    thursday = parse_week(text) + timedelta(days=3)
    return f"{thursday.year:04d}-{thursday.month:02d}"
