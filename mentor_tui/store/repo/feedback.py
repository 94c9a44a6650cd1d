from __future__ import annotations

from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Rating, SkillRating, Topic
from mentor_tui.store.base import StoreBase
from mentor_tui.store.rows import from_row, to_row


class FeedbackRepo(StoreBase):
    """Ratings of sessions, and the reverse-mentoring topics with skill before and after."""

    def save_rating(self, rating: Rating) -> Rating:
        if not 1 <= rating.score <= 5:
            raise UserError("A rating is a whole number from 1 to 5.")
        existing = self._one(
            "SELECT id, created_at FROM ratings WHERE session_id = ? AND person_id = ?",
            (rating.session_id, rating.person_id),
        )
        if existing:
            rating.id, rating.created_at = existing["id"], existing["created_at"]
        session = self._one(
            "SELECT mentorship_id FROM sessions WHERE id = ?", (rating.session_id,)
        )
        with self.write():
            self._upsert(
                "ratings",
                to_row(rating),
                mentorship_id=session["mentorship_id"] if session else None,
                session_id=rating.session_id,
            )
        return rating

    def ratings_for_session(self, session_id: str) -> list[Rating]:
        rows = self._read("SELECT * FROM ratings WHERE session_id = ? ORDER BY created_at, rowid", (session_id,))
        return [from_row(Rating, r) for r in rows]

    def save_topic(self, topic: Topic) -> Topic:
        """A topic a pair added themselves, beside the catalogue's."""
        existing = self._one("SELECT id FROM topics WHERE key = ?", (topic.key,))
        row = to_row(topic)
        row["id"] = existing["id"] if existing else topic.key
        with self.write():
            self._upsert("topics", row)
        return topic

    def list_topics(self) -> list[Topic]:
        return [from_row(Topic, r) for r in self._read("SELECT * FROM topics ORDER BY title")]

    def save_skill_rating(self, rating: SkillRating) -> SkillRating:
        for value in (rating.before, rating.after):
            if value is not None and not 1 <= value <= 5:
                raise UserError("A skill rating is a whole number from 1 to 5.")
        session = self._one(
            "SELECT mentorship_id FROM sessions WHERE id = ?", (rating.session_id,)
        )
        with self.write():
            self._upsert(
                "skill_ratings",
                to_row(rating),
                mentorship_id=session["mentorship_id"] if session else None,
                session_id=rating.session_id,
            )
        return rating

    def skill_ratings(
        self, *, session_id: str | None = None, mentorship_id: str | None = None
    ) -> list[SkillRating]:
        if session_id:
            rows = self._read(
                "SELECT * FROM skill_ratings WHERE session_id = ? ORDER BY created_at, rowid",
                (session_id,),
            )
        else:
            rows = self._read(
                "SELECT r.* FROM skill_ratings r JOIN sessions s ON s.id = r.session_id "
                "WHERE s.mentorship_id = ? ORDER BY r.created_at, r.rowid",
                (mentorship_id,),
            )
        return [from_row(SkillRating, r) for r in rows]
