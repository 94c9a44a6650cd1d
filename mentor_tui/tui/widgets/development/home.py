"""What issue 4 adds to Home: the agreement-review notice, and keys to its screens.

Home's footer shows every key when the terminal is wide enough. On a narrower one the
footer keeps the core keys and a line above it lists the development screens' keys
instead (the same keys still work: a quiet twin of each binding takes over).
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static

from mentor_tui.tui.keymap import HOME_QUIET

FOOTER_FITS = 120  # columns Home's footer needs to show every key


def development_keys() -> Content:
    parts: list = []
    for binding in HOME_QUIET:
        if parts:
            parts.append("  ")
        parts += [(binding.key, "bold $text-accent"), f" {binding.description}"]
    return Content.assemble(*parts)


class AgreementNotice(Static):
    """ "The mentoring agreement is due for review..." when a review date is near or past."""

    DEFAULT_CLASSES = "banner"

    def refresh_notice(self) -> None:
        app = self.app
        me = getattr(app, "me", None)
        reviews = app.repo.agreement.reviews(app.today(), person_id=me.id if me else None)
        if not reviews:
            self.display = False
            return
        first = reviews[0]
        more = f" (and {len(reviews) - 1} more)" if len(reviews) > 1 else ""
        self.update(
            Content.assemble(
                (f"{first.mentorship_title}: ", "bold"),
                first.message,
                more,
                " Press e to open it; s offers the agreement-review agenda.",
            )
        )
        self.display = True


class DevelopmentKeys(Static):
    """The development screens' keys, on a line of their own when the footer is narrow."""

    def on_mount(self) -> None:
        self.update(development_keys())


class HomeDevelopment:
    """Mixed into HomeScreen (`self` is the screen)."""

    def action_open_screen(self: Any, key: str) -> None:
        self.app.run_command(key)

    def action_open_screen_quietly(self: Any, key: str) -> None:
        self.app.run_command(key)

    def footer_fits(self: Any) -> bool:
        return self.size.width >= FOOTER_FITS

    def check_action(self: Any, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_screen":
            return self.footer_fits()  # when False, the quiet twin handles the key
        if action == "open_screen_quietly":
            return not self.footer_fits()
        return True

    def on_resize(self: Any) -> None:
        self.refresh_bindings()
        for keys in self.query(DevelopmentKeys):
            keys.display = not self.footer_fits()

    def refresh_development(self: Any) -> None:
        for notice in self.query(AgreementNotice):
            notice.refresh_notice()
        for keys in self.query(DevelopmentKeys):
            keys.display = not self.footer_fits()
