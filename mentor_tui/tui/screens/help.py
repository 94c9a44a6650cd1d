"""Help: the text in help.md beside this file, then every key, as currently bound."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import getters
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown, Static

from mentor_tui.tui import keymap
from mentor_tui.tui.fmt import Piece

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

HELP_FILE = Path(__file__).with_name("help.md")


def keys_content(overrides: dict[str, str]) -> Content:
    """Every key as aligned plain lines: a Markdown table makes one widget per cell, and
    some 150 of them made the first F1 take seconds."""
    rows: list[tuple[str, str, str]] = []
    for bindings in keymap.ALL.values():
        for binding in bindings:
            keys = keymap.keys_for(binding, overrides).replace(",", ", ")
            keys = keys.replace("question_mark", "?").replace("slash", "/")
            rows.append((keys, str(binding.description or binding.action), str(binding.id)))
    key_width = max(len(k) for k, _, _ in rows)
    does_width = max(len(d) for _, d, _ in rows)
    parts: list[Piece] = [("Keys\n", "bold $accent")]
    for place, bindings in keymap.ALL.items():
        parts.append((f"\n{place}\n", "bold"))
        for _ in bindings:
            keys, does, ident = rows.pop(0)
            parts += [
                (f"  {keys.ljust(key_width)}  ", "$text-accent"),
                does.ljust(does_width),
                (f"  {ident}\n", "$text-muted"),
            ]
    parts.append(f"\nYour keymap file: {keymap.keymap_path()}")
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = "help.tcss"
    BINDINGS = [*keymap.HELP]
    # The scrolling frame itself: down, page down, home and end work from the first key.
    AUTO_FOCUS = "#help-text"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-text"):
            yield Markdown(HELP_FILE.read_text(encoding="utf-8"), id="help-doc")
            # The keys the app bound at start, not the keymap file re-read: "as bound".
            yield Static(keys_content(self.app.key_overrides), id="help-keys")
        yield Footer(compact=True)

    def action_close(self) -> None:
        self.dismiss()
