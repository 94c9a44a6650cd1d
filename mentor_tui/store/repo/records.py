from __future__ import annotations

from mentor_tui.core.errors import NotFound
from mentor_tui.core.models import Person
from mentor_tui.core.records import SessionRecord
from mentor_tui.store.repo.base import SubRepository


class RecordsRepo(SubRepository):
    def session(self, session_id: str) -> SessionRecord:
        """One session with what a follow-up or a summary shows; shared notes only."""
        session = self.repo.sessions.get(session_id)
        mentorship = self.repo.mentorships.get(session.mentorship_id)
        notes = self.repo.notes.for_session(session.id)
        actions = self.repo.actions.list(mentorship.id, session_id=session.id)
        open_actions = self.repo.actions.list(mentorship.id, open_only=True)
        goals = self.repo.goals.list(mentorship.id)
        checkins = self.repo.goals.checkins_for_session(session.id)
        earlier = {g: self.repo.goals.checkins(g) for g in {c.goal_id for c in checkins}}
        skills = self.repo.feedback.skill_ratings(session_id=session.id)
        wanted = [m.person_id for m in mentorship.members]
        wanted += [n.author_id for n in notes] + [a.owner_id for a in actions + open_actions]
        wanted += [g.owner_id for g in goals] + [s.person_id for s in skills]
        people: dict[str, Person] = {}
        for person_id in dict.fromkeys(p for p in wanted if p):
            try:
                people[person_id] = self.repo.people.get(person_id)
            except NotFound:
                continue
        return SessionRecord(
            session=session,
            mentorship=mentorship,
            people=people,
            notes=notes,
            actions=actions,
            open_actions=open_actions,
            goals=goals,
            checkins=checkins,
            earlier_checkins=earlier,
            skills=skills,
        )
