"""Career stages for the whole workforce: every onboarding choice has a coarse group that is not
"other", and the nursing and allied-health words doctors' tables miss are recognised."""

from __future__ import annotations

import pytest

from mentor_tui.share.coarsen import career_stage_group
from mentor_tui.tui.screens.onboarding import CAREER_STAGES


@pytest.mark.parametrize(("label", "stored"), CAREER_STAGES[:-1])
def test_every_onboarding_stage_has_a_group(label: str, stored: str) -> None:
    assert career_stage_group(stored) != "other", label


@pytest.mark.parametrize(
    "text",
    [
        "ANP in the emergency department",
        "Band 6 staff nurse",
        "band 8a lead",
        "Advanced clinical practitioner",
        "Therapeutic radiographer",
        "Physician associate",
        "Ward sister",
        "Health visitor",
    ],
)
def test_nursing_and_allied_health_words(text: str) -> None:
    assert career_stage_group(text) == "nursing / allied health"


def test_doctors_stages_are_unchanged() -> None:
    assert career_stage_group("ST4 registrar") == "trainee"
    assert career_stage_group("Consultant cardiologist") == "consultant / attending"
