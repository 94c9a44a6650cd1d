"""What one part of the repository may call on the others, for the type checker.

Repository (store/repository.py) is composed of these parts, and a few of them use a
method another part defines (a session record reads sessions, notes, goals ...). The
declarations below say so; they exist only for the type checker (nothing here runs), and
mypy checks each part's real method against them as an override, so they cannot drift.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mentor_tui.store.base import StoreBase

if TYPE_CHECKING:
    from mentor_tui.core.models import (
        ActionItem,
        CheckIn,
        Goal,
        GoalStatus,
        Mentorship,
        Note,
        Person,
        SectionRun,
        Session,
        SessionStatus,
        SkillRating,
        Topic,
    )


class RepositoryPart(StoreBase):
    if TYPE_CHECKING:
        # The signed-in person's key for private notes and answers (notes.py).
        private_key: bytes | None

        def get_person(self, person_id: str) -> Person: ...

        def save_person(self, person: Person) -> Person: ...

        def get_mentorship(self, mentorship_id: str) -> Mentorship: ...

        def list_mentorships(
            self, *, person_id: str | None = None, include_closed: bool = True
        ) -> list[Mentorship]: ...

        def get_session(self, session_id: str) -> Session: ...

        def list_sessions(
            self,
            *,
            mentorship_id: str | None = None,
            status: SessionStatus | None = None,
            limit: int | None = None,
            person_id: str | None = None,
        ) -> list[Session]: ...

        def _save_section(
            self, session: Session, section: SectionRun, stamp: bool = True
        ) -> None: ...

        def notes_for_session(
            self, session_id: str, *, viewer_id: str | None = None, include_private: bool = False
        ) -> list[Note]: ...

        def _note(self, row: dict[str, Any]) -> Note | None: ...

        def list_goals(
            self,
            mentorship_id: str | None = None,
            *,
            owner_id: str | None = None,
            status: GoalStatus | None = None,
        ) -> list[Goal]: ...

        def save_goal(self, goal: Goal) -> Goal: ...

        def checkins(self, goal_id: str) -> list[CheckIn]: ...

        def checkins_for_session(self, session_id: str) -> list[CheckIn]: ...

        def list_action_items(
            self,
            mentorship_id: str | None = None,
            *,
            open_only: bool = False,
            owner_id: str | None = None,
            session_id: str | None = None,
        ) -> list[ActionItem]: ...

        def skill_ratings(
            self, *, session_id: str | None = None, mentorship_id: str | None = None
        ) -> list[SkillRating]: ...

        def list_topics(self) -> list[Topic]: ...

        def save_topic(self, topic: Topic) -> Topic: ...

