from __future__ import annotations

from mentor_tui.core.errors import NotFound
from mentor_tui.core.models import Person
from mentor_tui.core.records import SessionRecord
from mentor_tui.store.repo.part import RepositoryPart


class RecordsRepo(RepositoryPart):
    def session_record(self, session_id: str) -> SessionRecord:
        """One session with what a follow-up or a summary shows; shared notes only."""
        session = self.get_session(session_id)
        mentorship = self.get_mentorship(session.mentorship_id)
        notes = self.notes_for_session(session.id)
        actions = self.list_action_items(mentorship.id, session_id=session.id)
        open_actions = self.list_action_items(mentorship.id, open_only=True)
        goals = self.list_goals(mentorship.id)
        checkins = self.checkins_for_session(session.id)
        earlier = {g: self.checkins(g) for g in {c.goal_id for c in checkins}}
        skills = self.skill_ratings(session_id=session.id)
        wanted = [m.person_id for m in mentorship.members]
        wanted += [n.author_id for n in notes] + [a.owner_id for a in actions + open_actions]
        wanted += [g.owner_id for g in goals] + [s.person_id for s in skills]
        people: dict[str, Person] = {}
        for person_id in dict.fromkeys(p for p in wanted if p):
            try:
                people[person_id] = self.get_person(person_id)
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
