"""Who is typing: always on screen, in the top bar and above the editor."""

from __future__ import annotations

from textual.content import Content

from mentor_tui.tui import fmt


def badge(name: str, role: str, private: bool) -> Content:
    if private:
        return Content.assemble(
            (" PRIVATE ", "bold $private-foreground on $private-background"),
            (f" Typing: {name} ({role}) ", "bold $speaker-foreground on $speaker-background"),
        )
    return Content.assemble(
        (f" Typing: {name} ({role}) ", "bold $speaker-foreground on $speaker-background")
    )


def editor_label(name: str, private: bool, state: str) -> Content:
    first = fmt.first_name(name)
    if private:
        what = (f"{first}'s PRIVATE note, for {first} only", "bold $text-error")
    else:
        what = (f"{first}'s note, shared", "bold")
    return Content.assemble(what, ("  ·  ", "$text-muted"), (state, "$text-muted"))
