"""Search results: where each match is, and the words around it with the match highlighted."""

from __future__ import annotations

from datetime import date

from textual.content import Content

from mentor_tui.store.repo.notes import MATCH_END, MATCH_START, NoteHit
from mentor_tui.tui import fmt

MATCH_STYLE = "bold $match-foreground on $match-background"


def highlighted(snippet: str) -> Content:
    """The snippet on one line, each marked match in the match style, the markers removed."""
    parts: list[fmt.Piece] = []
    rest = " ".join(snippet.split())
    while MATCH_START in rest:
        before, _, after = rest.partition(MATCH_START)
        match, _, rest = after.partition(MATCH_END)
        if before:
            parts.append(fmt.printable(before))
        parts.append((fmt.printable(match), MATCH_STYLE))
    if rest:
        parts.append(fmt.printable(rest))
    return Content.assemble(*parts)


def hit_prompt(hit: NoteHit, author: str, today: date) -> Content:
    when = fmt.local_date(hit.session_started_at)
    private = hit.note.visibility.value == "private"
    head = Content.assemble(
        (fmt.short_day(when, today) if when else "?", "bold"),
        f" · {hit.agenda_name} · {author}",
        (" · private" if private else "", "bold $text-error"),
        "\n",
    )
    return head + highlighted(hit.snippet)
