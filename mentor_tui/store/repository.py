"""The repository: every read and write the app makes, taking and returning core dataclasses.

One Repository per open database and viewer. Each concept's reads and writes are a
sub-repository (`repo.notes.search(...)`, `repo.goals.add(...)`), built on first use and
sharing this object's connection, viewer scope and write transaction (store/repo/base.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from mentor_tui.store.base import StoreBase

if TYPE_CHECKING:
    from mentor_tui.store.repo.actions import ActionsRepo
    from mentor_tui.store.repo.agreement import AgreementRepo
    from mentor_tui.store.repo.competencies import CompetenciesRepo
    from mentor_tui.store.repo.credentials import CredentialsRepo
    from mentor_tui.store.repo.feedback import FeedbackRepo
    from mentor_tui.store.repo.goals import GoalsRepo
    from mentor_tui.store.repo.idp import DevelopmentPlanRepo
    from mentor_tui.store.repo.keys import KeysRepo
    from mentor_tui.store.repo.mail import MailRepo
    from mentor_tui.store.repo.meetings import MeetingsRepo
    from mentor_tui.store.repo.mentorships import MentorshipRepo
    from mentor_tui.store.repo.notes import NotesRepo
    from mentor_tui.store.repo.people import PeopleRepo
    from mentor_tui.store.repo.points import PointsRepo
    from mentor_tui.store.repo.presence import PresenceRepo
    from mentor_tui.store.repo.records import RecordsRepo
    from mentor_tui.store.repo.reverse import ReverseMentoringRepo
    from mentor_tui.store.repo.sessions import SessionRepo
    from mentor_tui.store.repo.topics import TopicsRepo

__all__ = ["Repository"]


class Repository(StoreBase):
    """One object per open database; cheap to keep for the life of the app."""

    # The signed-in person's key for private notes and answers, once their passphrase
    # opened it (store/accounts.py); None until then, and for the owner's view.
    private_key: bytes | None = None

    # -- the sub-repositories, one per concept ---------------------------------------
    #
    # Each sub-repository's module (and the domain modules it reads) is imported when the
    # sub-repository is first used, not with this module: Home's first frame needs eleven of
    # the nineteen (docs/performance.md, "Start-up"; tests/tui/test_home_imports.py).

    @cached_property
    def people(self) -> PeopleRepo:
        from mentor_tui.store.repo.people import PeopleRepo

        return PeopleRepo(self)

    @cached_property
    def mentorships(self) -> MentorshipRepo:
        from mentor_tui.store.repo.mentorships import MentorshipRepo

        return MentorshipRepo(self)

    @cached_property
    def sessions(self) -> SessionRepo:
        from mentor_tui.store.repo.sessions import SessionRepo

        return SessionRepo(self)

    @cached_property
    def notes(self) -> NotesRepo:
        from mentor_tui.store.repo.notes import NotesRepo

        return NotesRepo(self)

    @cached_property
    def goals(self) -> GoalsRepo:
        from mentor_tui.store.repo.goals import GoalsRepo

        return GoalsRepo(self)

    @cached_property
    def actions(self) -> ActionsRepo:
        from mentor_tui.store.repo.actions import ActionsRepo

        return ActionsRepo(self)

    @cached_property
    def points(self) -> PointsRepo:
        from mentor_tui.store.repo.points import PointsRepo

        return PointsRepo(self)

    @cached_property
    def feedback(self) -> FeedbackRepo:
        from mentor_tui.store.repo.feedback import FeedbackRepo

        return FeedbackRepo(self)

    @cached_property
    def topics(self) -> TopicsRepo:
        from mentor_tui.store.repo.topics import TopicsRepo

        return TopicsRepo(self)

    @cached_property
    def records(self) -> RecordsRepo:
        from mentor_tui.store.repo.records import RecordsRepo

        return RecordsRepo(self)

    @cached_property
    def meetings(self) -> MeetingsRepo:
        from mentor_tui.store.repo.meetings import MeetingsRepo

        return MeetingsRepo(self)

    @cached_property
    def presence(self) -> PresenceRepo:
        from mentor_tui.store.repo.presence import PresenceRepo

        return PresenceRepo(self)

    @cached_property
    def idp(self) -> DevelopmentPlanRepo:
        from mentor_tui.store.repo.idp import DevelopmentPlanRepo

        return DevelopmentPlanRepo(self)

    @cached_property
    def competencies(self) -> CompetenciesRepo:
        from mentor_tui.store.repo.competencies import CompetenciesRepo

        return CompetenciesRepo(self)

    @cached_property
    def agreement(self) -> AgreementRepo:
        from mentor_tui.store.repo.agreement import AgreementRepo

        return AgreementRepo(self)

    @cached_property
    def reverse(self) -> ReverseMentoringRepo:
        from mentor_tui.store.repo.reverse import ReverseMentoringRepo

        return ReverseMentoringRepo(self)

    @cached_property
    def keys(self) -> KeysRepo:
        from mentor_tui.store.repo.keys import KeysRepo

        return KeysRepo(self)

    @cached_property
    def credentials(self) -> CredentialsRepo:
        from mentor_tui.store.repo.credentials import CredentialsRepo

        return CredentialsRepo(self)

    @cached_property
    def mail(self) -> MailRepo:
        from mentor_tui.store.repo.mail import MailRepo

        return MailRepo(self)

    # -- own writes (for live sync) ----------------------------------------------------
    #
    # Live sync (mentor_tui.live.sync) wants only the changes other processes made. When
    # tracking is switched on (`track_own_changes`), every change-log seq this connection
    # commits is remembered, so the watcher can skip its own echoes. Seqs are recorded only
    # once the outermost write transaction has committed: a rolled-back seq can be handed
    # out again by SQLite to someone else's commit.

    _own_seqs: set[int] | None = None
    _own_pending: list[int] | None = None

    def track_own_changes(self) -> None:
        if self._own_seqs is None:
            self._own_seqs = set()

    def is_own_change(self, seq: int) -> bool:
        return self._own_seqs is not None and seq in self._own_seqs

    def forget_own_changes(self, up_to: int) -> None:
        if self._own_seqs:
            self._own_seqs = {s for s in self._own_seqs if s > up_to}

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        if self._own_seqs is None or self.db.conn.in_transaction:
            with super().write():
                yield
            return
        self._own_pending = []
        try:
            with super().write():
                yield
            committed = self._own_pending or []
        finally:
            self._own_pending = None
        self._own_seqs.update(committed)

    def _log(self, table: str, row_id: str, op: str, session_id: str | None = None) -> None:
        super()._log(table, row_id, op, session_id)
        if self._own_pending is not None:
            seq = self.db.conn.execute("SELECT last_insert_rowid()").fetchone()[0]
            self._own_pending.append(seq)
