"""What the goals, actions, plan, topics and competencies commands share: the --json and
--mentorship options, and the words for a due date."""

from __future__ import annotations

from datetime import date

import click

from mentor_tui.core.dates import describe_due

AS_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
MENTORSHIP = click.option(
    "--mentorship", "mentorship", metavar="ID", help="Mentorship id, id prefix or exact title."
)


def due_text(due: date | None, today: date, closed: bool = False) -> str:
    """Words for an open item's due date; a finished one just shows the date it had."""
    if not due:
        return ""
    return due.isoformat() if closed else describe_due(due, today)
