from __future__ import annotations

# A method here is named `list`, so the type is spelled builtins.list after it.
import builtins
import json
from typing import TYPE_CHECKING, Any

from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.models import (
    Agreement,
    Member,
    MentorRole,
    Mentorship,
    MentorshipStatus,
    Role,
)
from mentor_tui.store.repo.base import SubRepository
from mentor_tui.store.rows import from_row, to_row

if TYPE_CHECKING:
    # Imported where used: Home reads mentorships, not which mentor roles are covered.
    from mentor_tui.core.roles import RoleCover


class MentorshipRepo(SubRepository):
    def add(self, mentorship: Mentorship) -> Mentorship:
        if not mentorship.members:
            raise UserError("A mentorship needs at least one mentor and one mentee.")
        with self.write():
            self._upsert(
                "mentorships",
                to_row(mentorship, skip=("members", "agreement")),
                mentorship_id=mentorship.id,
            )
            self._save_members(mentorship)
            if mentorship.agreement is not None:
                self._save_agreement(mentorship.id, mentorship.agreement)
        return self.get(mentorship.id)

    save = add

    def _save_members(self, mentorship: Mentorship) -> None:
        keep = {m.person_id for m in mentorship.members}
        for row in self.db.execute(
            "SELECT id, person_id FROM members WHERE mentorship_id = ?", (mentorship.id,)
        ).fetchall():
            if row[1] not in keep:
                self._delete("members", row[0])
        for member in mentorship.members:
            existing = self.db.execute(
                "SELECT id FROM members WHERE mentorship_id = ? AND person_id = ?",
                (mentorship.id, member.person_id),
            ).fetchone()
            row = {
                "id": existing[0] if existing else f"{mentorship.id[:16]}{member.person_id[:16]}",
                "mentorship_id": mentorship.id,
                "person_id": member.person_id,
                "role": member.role.value,
                "mentor_roles": json.dumps([r.value for r in member.mentor_roles]),
            }
            self._upsert("members", row, mentorship_id=mentorship.id)
        self._roles.clear()

    def _save_agreement(self, mentorship_id: str, agreement: Agreement) -> None:
        existing = self.db.execute(
            "SELECT id FROM agreements WHERE mentorship_id = ?", (mentorship_id,)
        ).fetchone()
        row = to_row(agreement)
        row["id"] = existing[0] if existing else mentorship_id
        row["mentorship_id"] = mentorship_id
        self._upsert("agreements", row, mentorship_id=mentorship_id)

    def set_agreement(self, mentorship_id: str, agreement: Agreement) -> None:
        self.get(mentorship_id)
        with self.write():
            self._save_agreement(mentorship_id, agreement)

    def set_mentor_roles(self, mentorship_id: str, person_id: str, roles: list[MentorRole]) -> None:
        mentorship = self.get(mentorship_id)
        for member in mentorship.members:
            if member.person_id == person_id:
                member.mentor_roles = list(roles)
        with self.write():
            self._save_members(mentorship)

    def get(self, mentorship_id: str) -> Mentorship:
        row = self._one("SELECT * FROM mentorships WHERE id = ?", (mentorship_id,))
        if row is None:
            raise NotFound(f"No mentorship with id {mentorship_id}.")
        return self._hydrate(row)

    def _hydrate(self, row: dict[str, Any]) -> Mentorship:
        members = [
            Member(
                person_id=m["person_id"],
                role=Role(m["role"]),
                mentor_roles=[MentorRole(r) for r in json.loads(m["mentor_roles"] or "[]")],
            )
            for m in self._read(
                "SELECT * FROM members WHERE mentorship_id = ? ORDER BY role DESC, created_at, rowid",
                (row["id"],),
            )
        ]
        agreement_row = self._one(
            "SELECT * FROM agreements WHERE mentorship_id = ?", (row["id"],)
        )
        agreement = from_row(Agreement, agreement_row) if agreement_row else None
        return from_row(Mentorship, row, members=members, agreement=agreement)

    def list(
        self, *, person_id: str | None = None, include_closed: bool = True
    ) -> list[Mentorship]:
        sql = "SELECT * FROM mentorships"
        where, params = [], []
        if person_id:
            where.append("id IN (SELECT mentorship_id FROM members WHERE person_id = ?)")
            params.append(person_id)
        if not include_closed:
            where.append("status != 'closed'")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created_at, rowid"
        return [self._hydrate(r) for r in self._read(sql, params)]

    def find(self, text: str) -> Mentorship:
        """By id, id prefix (4+ characters) or title (case-insensitive); ambiguity is an error."""
        text = text.strip()
        rows = self._read(
            "SELECT id FROM mentorships WHERE id = ? OR title = ? COLLATE NOCASE", (text, text)
        )
        if not rows and len(text) >= 4:
            rows = self._read("SELECT id FROM mentorships WHERE id LIKE ?", (text + "%",))
        if not rows:
            raise NotFound(f'No mentorship matches "{text}"; give its id or its exact title.')
        if len(rows) > 1:
            raise UserError(f'More than one mentorship matches "{text}"; give its id instead.')
        return self.get(rows[0]["id"])

    def resolve(
        self, text: str | None = None, person_id: str | None = None
    ) -> Mentorship:
        """The mentorship named by `text`, else the only open one (of `person_id`, if given)."""
        if text:
            return self.find(text)
        found = [
            m
            for m in self.list(person_id=person_id)
            if m.status != MentorshipStatus.CLOSED
        ]
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFound("There is no open mentorship yet; run `mentor-tui` to set one up.")
        listed = "; ".join(f"{m.title} ({m.id[:8]})" for m in found[:5])
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        raise UserError(
            f"There are {len(found)} mentorships, so choose one with --mentorship: {listed}{more}."
        )

    def role_coverage(self, mentee_id: str) -> builtins.list[RoleCover]:
        """Who among the mentee's mentors covers coach, sponsor, connector, traditional."""
        from mentor_tui.core.roles import role_coverage

        return role_coverage(
            self.list(person_id=mentee_id),
            mentee_id,
        )

    def titles(self) -> dict[str, str]:
        return {r["id"]: r["title"] for r in self._read("SELECT id, title FROM mentorships")}

    def any(self) -> bool:
        return self._one("SELECT 1 AS one FROM mentorships LIMIT 1") is not None

    def page_ids(
        self, *, person_id: str | None = None, limit: int = 20, offset: int = 0
    ) -> tuple[builtins.list[str], int]:
        """One page of active mentorship ids (oldest first, as Home lists them), and the total."""
        where = "status != 'closed'"
        params: list[str] = []
        if person_id:
            where += " AND id IN (SELECT mentorship_id FROM members WHERE person_id = ?)"
            params.append(person_id)
        total = self._one(f"SELECT count(*) AS n FROM mentorships WHERE {where}", params)
        rows = self._read(
            f"SELECT id FROM mentorships WHERE {where} ORDER BY created_at, id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [r["id"] for r in rows], (total["n"] if total else 0)
