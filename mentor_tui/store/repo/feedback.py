from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from mentor_tui.core.errors import NotAllowed, UserError
from mentor_tui.store import vault
from mentor_tui.store.repo.base import SubRepository
from mentor_tui.store.rows import from_row, to_row

if TYPE_CHECKING:
    # Imported where a rating is read: Home only asks for averages, and the dataclasses
    # (with reverse mentoring's module) are not worth building for its first frame.
    from mentor_tui.core.feedback import Rating
    from mentor_tui.core.reverse import SkillRating

PAIRING_ANSWERS = (None, "yes", "no", "unsure")
# How answers from before sealing are kept in the plain column ("not sure" is an answer too).
_PLAIN = {"yes": 1, "no": 0, "unsure": -1, None: None}
_FROM_PLAIN = {v: k for k, v in _PLAIN.items()}
NEEDS_PASSPHRASE_ANSWER = (
    "Your answer to \"is this pairing working?\" is kept encrypted for you alone, so it needs "
    "a passphrase: set one (ctrl+p, Set passphrase) and answer again."
)


def plain_pairing(answer: str | None) -> int | None:
    return _PLAIN.get(answer)


class FeedbackRepo(SubRepository):
    """Ratings of sessions, and skill before and after a reverse-mentoring topic (topics.py)."""

    def save_rating(self, rating: Rating, *, private: bool = True) -> Rating:
        """A rating: score and word for the mentorship, the pairing answer and the comment
        for the rater alone (sealed with their key through their repository).

        private=False saves score and word only and leaves the private answers as stored
        (a screen that does not show them must not clear them)."""
        if not 1 <= rating.score <= 5:
            raise UserError("A rating is a whole number from 1 to 5.")
        if rating.pairing not in PAIRING_ANSWERS:
            raise UserError('The pairing answer is "yes", "no" or "unsure".')
        existing = self._one(
            "SELECT id, created_at FROM ratings WHERE session_id = ? AND person_id = ?",
            (rating.session_id, rating.person_id),
        )
        if existing:
            rating.id, rating.created_at = existing["id"], existing["created_at"]
        session = self._one(
            "SELECT mentorship_id FROM sessions WHERE id = ?", (rating.session_id,)
        )
        row = to_row(rating, skip=("pairing", "private_comment"))
        answered = rating.pairing is not None or bool(rating.private_comment)
        if not private:
            pass
        elif self.scope is None:
            # The owner's maintenance (demo, import): answers kept as they came, in plain.
            row["pairing_working"] = plain_pairing(rating.pairing)
            row["private_answer"] = None
        elif answered:
            if self.private_key is None:
                raise NotAllowed(NEEDS_PASSPHRASE_ANSWER)
            row["pairing_working"] = None
            row["private_answer"] = vault.seal(
                self.private_key,
                json.dumps({"pairing": rating.pairing, "comment": rating.private_comment}),
                vault.rating_context(rating.id, rating.person_id),
            )
        else:
            row["pairing_working"] = None
            row["private_answer"] = None
        with self.write():
            self._upsert(
                "ratings",
                row,
                mentorship_id=session["mentorship_id"] if session else None,
                session_id=rating.session_id,
            )
        return rating

    def ratings(self, session_id: str) -> list[Rating]:
        rows = self._read("SELECT * FROM ratings WHERE session_id = ? ORDER BY created_at, rowid", (session_id,))
        return [self._rating(r) for r in rows]

    def _rating(self, row: dict[str, Any]) -> Rating:
        """The private answers filled in only for their rater, opened with their key."""
        from mentor_tui.core.feedback import Rating

        rating = from_row(Rating, row)
        sealed = row.get("private_answer")
        if vault.is_sealed(sealed):
            key = self.private_key
            if key is not None and row["person_id"] == self.viewer_id:
                try:
                    answer = json.loads(
                        vault.open_sealed(key, sealed, vault.rating_context(row["id"], row["person_id"]))
                    )
                    rating.pairing = answer.get("pairing")
                    rating.private_comment = answer.get("comment") or ""
                except (vault.VaultError, ValueError):
                    pass  # left unanswered on screen; the stored answer is not touched
        else:
            rating.pairing = _FROM_PLAIN.get(row.get("pairing_working"))
        return rating

    def seal_own_private_answers(self) -> int:
        """Seal the signed-in person's pairing answers stored in plain before they had a key."""
        key = self.private_key
        if key is None or self.viewer_id is None:
            return 0
        rows = self._read(
            "SELECT * FROM ratings WHERE person_id = ? AND pairing_working IS NOT NULL",
            (self.viewer_id,),
        )
        with self.write():
            for row in rows:
                answer = {"pairing": _FROM_PLAIN.get(row["pairing_working"]), "comment": ""}
                self.db.execute(
                    "UPDATE main.ratings SET pairing_working = NULL, private_answer = ? "
                    "WHERE id = ?",
                    (
                        vault.seal(key, json.dumps(answer), vault.rating_context(row["id"], row["person_id"])),
                        row["id"],
                    ),
                )
        return len(rows)

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
        from mentor_tui.core.reverse import SkillRating

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

    def average_ratings(self, session_ids: list[str]) -> dict[str, float]:
        """Mean rating per session, for the sessions given (a page of history)."""
        if not session_ids:
            return {}
        marks = ",".join("?" for _ in session_ids)
        rows = self._read(
            f"SELECT session_id, avg(score) AS score FROM ratings "
            f"WHERE session_id IN ({marks}) GROUP BY session_id",
            session_ids,
        )
        return {r["session_id"]: r["score"] for r in rows}
