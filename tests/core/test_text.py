"""How a list of items from an agenda reads when it is shown as one line of prose."""

from __future__ import annotations

import pytest

from mentor_tui.core.text import as_sentences


@pytest.mark.parametrize(
    ("items", "shown"),
    [
        # The built-in agendas write whole sentences: no ".;" between them.
        (["Reread the agreement.", "Bring your CV."], "Reread the agreement. Bring your CV."),
        # A user's agenda may leave the stops out: each item still ends as a sentence.
        (["Your CV", "One question you keep putting off"],
         "Your CV. One question you keep putting off."),
        (["Ready?", "Go!", "And then…", "(see the CV.)"], "Ready? Go! And then… (see the CV.)"),
        (["  padded.  ", "", "   "], "padded."),
        ([], ""),
    ],
)
def test_items_read_as_sentences(items, shown):
    assert as_sentences(items) == shown
