"""Support resources: what a mentor does when someone's safety is at risk, and whom to call.

Opened from anywhere (ctrl+g, or "Support resources" in the palette), above the session, so
the agenda and the notes wait underneath. The list is prompts/resources.toml, localised by a
programme's own resources.toml in the config directory (core/resources.py).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Footer, MarkdownViewer

from mentor_tui import paths
from mentor_tui.core.errors import UserError
from mentor_tui.core.resources import RESOURCES_FILE, Resources, load_resources, resources_markdown
from mentor_tui.tui import keymap

COUNTRY_NAMES = {"US": "the United States", "GB": "the United Kingdom", "IE": "Ireland"}


def support_markdown(resources: Resources) -> str:
    lines = ["# Support resources", "", "## If someone's safety is at risk", ""]
    lines += [f"{number}. {step}" for number, step in enumerate(resources.protocol, 1)]
    country = resources.country
    where = COUNTRY_NAMES.get(country, country) if country else "each country listed"
    lines += ["", f"## Whom to contact: {where}", ""]
    lines += resources_markdown(resources, "support") or ["- (none listed)"]
    lines += [
        "",
        f"Your programme can set its country and add local numbers in "
        f"`{paths.user_prompts_dir() / RESOURCES_FILE}` (see `prompts/resources.toml`).",
    ]
    return "\n".join(lines)


def load_support() -> Resources:
    """The built-in list with the programme's file over it; a broken file says why in one line."""
    return load_resources(paths.prompts_dir(), paths.user_prompts_dir())


class SupportScreen(ModalScreen[None]):
    CSS_PATH = "support.tcss"
    BINDINGS = [*keymap.SUPPORT]
    AUTO_FOCUS = "MarkdownViewer"

    def compose(self) -> ComposeResult:
        try:
            text = support_markdown(load_support())
        except UserError as exc:
            # The built-in list still helps when the programme's file has a mistake.
            builtin = load_resources(paths.prompts_dir(), None)
            text = f"**{exc.message}**\n\n" + support_markdown(builtin)
        yield MarkdownViewer(text, show_table_of_contents=False, id="support-text")
        yield Footer(compact=True)

    def action_close(self) -> None:
        self.dismiss()
