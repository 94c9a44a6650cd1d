"""The repository: every read and write the app makes, taking and returning core dataclasses."""

from __future__ import annotations

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
from mentor_tui.store.repo.notes import NoteHit, NotesRepo
from mentor_tui.store.repo.people import PeopleRepo
from mentor_tui.store.repo.points import PointsRepo
from mentor_tui.store.repo.presence import PresenceRepo
from mentor_tui.store.repo.records import RecordsRepo
from mentor_tui.store.repo.reverse import ReverseMentoringRepo
from mentor_tui.store.repo.sessions import SessionRepo
from mentor_tui.store.repo.tui_queries import TuiQueriesRepo

__all__ = ["NoteHit", "Repository"]


class Repository(
    PeopleRepo,
    MentorshipRepo,
    SessionRepo,
    NotesRepo,
    GoalsRepo,
    ActionsRepo,
    FeedbackRepo,
    RecordsRepo,
    TuiQueriesRepo,
    KeysRepo,
    PresenceRepo,
    DevelopmentPlanRepo,
    CompetenciesRepo,
    AgreementRepo,
    ReverseMentoringRepo,
    CredentialsRepo,
    MailRepo,
    PointsRepo,
    MeetingsRepo,
):
    """One object per open database; cheap to keep for the life of the app."""
