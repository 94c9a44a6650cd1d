"""Search results: where each match is, and the words around it with the match highlighted."""

from __future__ import annotations

import re
from datetime import date

from textual.content import Content

from mentor_tui.core.search import NoteHit, Snippet
from mentor_tui.tui import fmt

MATCH_STYLE = "bold $match-foreground on $match-background"


def highlighted(snippet: Snippet) -> Content:
    """The snippet on one line (each run of white space one space), each match in the match style."""
    pieces = [(re.sub(r"\s+", " ", text), match) for text, match in snippet.parts()]
    if pieces:
        pieces[0] = (pieces[0][0].lstrip(), pieces[0][1])
        pieces[-1] = (pieces[-1][0].rstrip(), pieces[-1][1])
    parts: list[fmt.Piece] = []
    for text, match in pieces:
        if match:
            parts.append((fmt.printable(text), MATCH_STYLE))
        elif text:
            parts.append(fmt.printable(text))
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
