"""The one order of the tables that hold people's data: parents before children.

Foreign keys hold at every step when rows are written in this order, which is why both the
data file's import and export (store/exchange.py, every table here) and the bulk writer
(store/bulk.py, the tables it fills) follow it. A table added to the schema that holds data
goes here too (docs/architecture.md); the change log and the search index do not.
"""

from __future__ import annotations

DATA_TABLES = (
    "people",
    # Passphrase verifiers and wrapped data keys (never a passphrase): the private notes
    # travel sealed, and their author opens them after an import with the same passphrase.
    "credentials",
    "person_keys",
    "mentorships",
    "members",
    "agreements",
    "sessions",
    "session_sections",
    "notes",
    "goals",
    "checkins",
    "action_items",
    "talking_points",
    "ratings",
    "topics",
    "skill_ratings",
    "development_plans",
    "competency_answers",
    "sent_mail",
    "meeting_plans",
)
