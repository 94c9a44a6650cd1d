"""The reverse-mentoring topics a pair added themselves, beside the catalogue's (topics.toml)."""

from __future__ import annotations

from mentor_tui.core.reverse import Topic
from mentor_tui.store.repo.base import SubRepository
from mentor_tui.store.rows import from_row, to_row


class TopicsRepo(SubRepository):
    def save(self, topic: Topic) -> Topic:
        """A topic a pair added themselves, beside the catalogue's."""
        existing = self._one("SELECT id FROM topics WHERE key = ?", (topic.key,))
        # Safeguards belong to the catalogue's inclusion topics (topics.toml), not a pair's own.
        row = to_row(topic, skip=("safeguards",))
        row["id"] = existing["id"] if existing else topic.key
        with self.write():
            self._upsert("topics", row)
        return topic

    def list(self) -> list[Topic]:
        return [from_row(Topic, r) for r in self._read("SELECT * FROM topics ORDER BY title")]
