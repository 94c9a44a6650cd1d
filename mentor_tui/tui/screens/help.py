"""Help: the text in help.md beside this file, then every key, as currently bound."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Footer, MarkdownViewer

from mentor_tui.tui import keymap

HELP_FILE = Path(__file__).with_name("help.md")


def keys_markdown(overrides: dict[str, str]) -> str:
    lines = ["## Keys", ""]
    for place, bindings in keymap.ALL.items():
        lines += [f"### {place}", "", "| key | does | id |", "| --- | --- | --- |"]
        for binding in bindings:
            keys = keymap.keys_for(binding, overrides).replace(",", ", ")
            keys = keys.replace("question_mark", "?").replace("slash", "/")
            lines.append(f"| `{keys}` | {binding.description or binding.action} | `{binding.id}` |")
        lines.append("")
    lines.append(f"Your keymap file: `{keymap.keymap_path()}`")
    return "\n".join(lines)


class HelpScreen(ModalScreen):
    CSS_PATH = "help.tcss"
    BINDINGS = keymap.HELP
    AUTO_FOCUS = "MarkdownViewer"

    def compose(self) -> ComposeResult:
        overrides, _ = keymap.load_user_keymap(getattr(self.app, "_keymap_file", None))
        text = HELP_FILE.read_text(encoding="utf-8") + "\n\n" + keys_markdown(overrides)
        yield MarkdownViewer(text, show_table_of_contents=False, id="help-text")
        yield Footer(compact=True)

    def action_close(self) -> None:
        self.dismiss()
