"""Home's agreement-review notice: shown when a mentoring agreement's review date is near or past."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters
from textual.content import Content
from textual.widgets import Static

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp


class AgreementNotice(Static):
    """ "The mentoring agreement is due for review..." when a review date is near or past."""

    DEFAULT_CLASSES = "banner"
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    def refresh_notice(self) -> None:
        app = self.app
        me = app.me
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
