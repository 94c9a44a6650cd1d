"""The next meeting the pair chose in the wrap-up, and each person's time zone."""

from __future__ import annotations

from datetime import datetime

from mentor_tui.core import clock
from mentor_tui.core.clock import iso, parse_iso
from mentor_tui.core.errors import UserError
from mentor_tui.core.meetings import (
    MAX_MINUTES,
    MIN_MINUTES,
    Meeting,
    MeetingPlan,
    local_zone_name,
    next_meeting,
    zone_named,
)
from mentor_tui.core.models import Mentorship
from mentor_tui.store.repo.base import SubRepository


class MeetingsRepo(SubRepository):
    def upcoming(
        self, mentorship: Mentorship, *, now: datetime | None = None, zone: str | None = None
    ) -> Meeting | None:
        """core.meetings.next_meeting fed from the store: the last session held, the pair's
        plan, and the zone of the person reading (their setting, else the machine's)."""
        last = self.repo.sessions.list(mentorship_id=mentorship.id, limit=1)
        return next_meeting(
            mentorship,
            now=now or clock.now(),
            zone=zone or self.person_zone(self.viewer_id),
            last_met=parse_iso(last[0].started_at) if last else None,
            plan=self.plan(mentorship.id),
        )

    def person_zone(self, person_id: str | None) -> str:
        """The person's own time zone, else this process's (under `serve`, the client's)."""
        if person_id:
            try:
                zone = self.repo.people.get(person_id).time_zone
            except UserError:
                zone = None
            if zone:
                try:
                    zone_named(zone)
                    return zone
                except UserError:
                    pass
        return local_zone_name()

    def plan(self, mentorship_id: str) -> MeetingPlan | None:
        row = self._one("SELECT * FROM meeting_plans WHERE mentorship_id = ?", (mentorship_id,))
        if row is None:
            return None
        try:
            zone = zone_named(row["zone"])
            start = datetime.fromisoformat(row["starts_at"]).astimezone(zone)
        except (UserError, ValueError, TypeError):
            # A row from an import or an older zone database that no longer reads: the
            # rhythm proposes instead, and the next wrap-up writes a good one.
            return None
        return MeetingPlan(
            start=start,
            minutes=int(row["minutes"] or 0) or MIN_MINUTES,
            zone=row["zone"],
            place=row["place"] or "",
            after=parse_iso(row["planned_after"]) if row["planned_after"] else None,
            sequence=int(row["sequence"] or 0),
        )

    def set_plan(self, mentorship_id: str, plan: MeetingPlan) -> MeetingPlan:
        """Store the pair's choice; the sequence goes up whenever date, length or place change,
        so a calendar that has the invite replaces it."""
        zone_named(plan.zone)
        if not MIN_MINUTES <= plan.minutes <= MAX_MINUTES:
            raise UserError(f"A meeting lasts from {MIN_MINUTES} to {MAX_MINUTES} minutes.")
        self.repo.mentorships.get(mentorship_id)
        with self.write():
            old = self.plan(mentorship_id)
            # 1, not 0, for a first plan: an invite sent from the proposal before (SEQUENCE
            # 0, the same UID) must be replaced by this one, not kept.
            sequence = 1
            if old is not None:
                same = (old.start, old.minutes, old.zone, old.place, old.after) == (
                    plan.start, plan.minutes, plan.zone, plan.place.strip(), plan.after
                )  # fmt: skip
                sequence = old.sequence if same else old.sequence + 1
            row = {
                "id": mentorship_id,
                "mentorship_id": mentorship_id,
                "starts_at": plan.start.isoformat(timespec="minutes"),
                "zone": plan.zone,
                "minutes": plan.minutes,
                "place": plan.place.strip(),
                "planned_after": iso(plan.after) if plan.after else None,
                "sequence": sequence,
            }
            self._upsert("meeting_plans", row, mentorship_id=mentorship_id)
        stored = self.plan(mentorship_id)
        assert stored is not None
        return stored

    def set_time_zone(self, person_id: str, zone: str | None) -> None:
        """A person's own zone (IANA name), or None for the machine's or SSH client's."""
        if zone:
            zone_named(zone)
        person = self.repo.people.get(person_id)
        person.time_zone = zone or None
        self.repo.people.save(person)
