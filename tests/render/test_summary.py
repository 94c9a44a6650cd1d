"""The Markdown summary: readable pasted anywhere, shared notes only."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from followup_pair import PRIVATE_TEXTS

from mentor_tui.render.summary import markdown_from_context, session_markdown


def test_summary_sections(context):
    text = markdown_from_context(context)
    assert text.startswith(
        "# Session summary: Zoë & Łukasz\n\n**Tuesday 17 March 2026**, 17:30–18:15"
    )
    for heading in ("## Notes", "### Check-in", "## Action items", "### Zoë Ñúñez", "## Goals",
                    "## Reverse mentoring", "## Next meeting"):  # fmt: skip
        assert f"\n{heading}\n" in text
    assert (
        "- **Dr Łukasz Öztürk:** Showed Zotero groups & shared\n  libraries, step by step." in text
    )
    assert (
        "- [ ] Read the grants primer — due Tuesday 10 March 2026 (overdue) _(from an earlier session)_"
        in text
    )
    assert "**Submit a first grant** (Dr Łukasz Öztürk): 20% → 45% — Aims drafted." in text
    assert "Tuesday 31 March 2026, 17:30 (Europe/Paris) — every 2 weeks on Tuesday" in text
    for secret in PRIVATE_TEXTS:
        assert secret not in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_session_markdown_from_a_record(record):
    text = session_markdown(record, tz=ZoneInfo("Europe/Paris"), today=date(2026, 3, 20))
    assert "## Next meeting" not in text  # none given
    assert "Grant: aim for the spring call" in text
    for secret in PRIVATE_TEXTS:
        assert secret not in text


def test_empty_session_says_so(repo, pair, record):
    record.notes, record.actions, record.open_actions = [], [], []
    record.checkins, record.goals, record.skills = [], [], []
    text = session_markdown(record, tz=ZoneInfo("UTC"), today=date(2026, 3, 20))
    assert "No shared notes." in text and "No action items." in text
