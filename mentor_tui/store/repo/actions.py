"""Action items: saving and closing them, the lists across mentorships, what each person
owes whom, and what a session's review section carries over."""

from __future__ import annotations

# A method here is named `list`, so the type is spelled builtins.list after it.
import builtins
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from mentor_tui.core.clock import now_iso
from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.models import ActionItem, Person
from mentor_tui.store.base import in_marks
from mentor_tui.store.repo.base import SubRepository
from mentor_tui.store.rows import from_row, to_row

if TYPE_CHECKING:
    # Imported where used: Home lists open items only, and the dataclasses of the action-item
    # tables and reviews
    # are not worth building for its first frame (docs/performance.md, "Start-up").
    from mentor_tui.core.actions import ActionRow, Owed, ReviewItem


class ActionsRepo(SubRepository):
    def save(self, item: ActionItem) -> ActionItem:
        if not item.text.strip():
            raise UserError("An action item needs some text.")
        with self.write():
            self._upsert(
                "action_items",
                to_row(item),
                mentorship_id=item.mentorship_id,
                session_id=item.session_id,
            )
        return self.get(item.id)

    add = save

    def get(self, item_id: str) -> ActionItem:
        row = self._one("SELECT * FROM action_items WHERE id = ?", (item_id,))
        if row is None:
            raise NotFound(f"No action item with id {item_id}.")
        return from_row(ActionItem, row)

    def set_done(self, item_id: str, done: bool = True) -> ActionItem:
        item = self.get(item_id)
        item.done_at = (item.done_at or now_iso()) if done else None
        if done:
            item.dropped_at = None
        return self.save(item)

    def set_dropped(self, item_id: str, dropped: bool = True) -> ActionItem:
        """"No longer needed": closed without being done, kept in history (not deleted)."""
        item = self.get(item_id)
        item.dropped_at = (item.dropped_at or now_iso()) if dropped else None
        if dropped:
            item.done_at = None
        return self.save(item)

    def assign(self, item_id: str, owner_id: str) -> ActionItem:
        """Give the item to another member of its mentorship."""
        item = self.get(item_id)
        member = self._one(
            "SELECT 1 FROM members WHERE mentorship_id = ? AND person_id = ?",
            (item.mentorship_id, owner_id),
        )
        if member is None:
            raise UserError("An action item can go only to a member of its mentorship.")
        item.owner_id = owner_id
        return self.save(item)

    def set_due(self, item_id: str, due: date | None) -> ActionItem:
        item = self.get(item_id)
        item.due = due
        return self.save(item)

    def list(
        self,
        mentorship_id: str | None = None,
        *,
        open_only: bool = False,
        owner_id: str | None = None,
        session_id: str | None = None,
    ) -> list[ActionItem]:
        """Open items carry over: a mentorship's open items are its review list next time."""
        where, params = [], []
        for column, value in (
            ("mentorship_id", mentorship_id),
            ("owner_id", owner_id),
            ("session_id", session_id),
        ):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        if open_only:
            where.append("done_at IS NULL AND dropped_at IS NULL")
        sql = "SELECT * FROM action_items"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY (done_at IS NOT NULL OR dropped_at IS NOT NULL), due IS NULL, due, created_at, rowid"
        return [from_row(ActionItem, r) for r in self._read(sql, params)]

    def find(self, text: str) -> ActionItem:
        return from_row(
            ActionItem,
            self._by_prefix(
                "action_items", text, "action item", "`mentor-tui actions list` shows them"
            ),
        )

    def _people_by_id(self, ids: Iterable[str]) -> dict[str, Person]:
        ids = sorted(set(ids))
        if not ids:
            return {}
        rows = self._read(f"SELECT * FROM people WHERE id IN ({in_marks(ids)})", ids)
        return {r["id"]: from_row(Person, r) for r in rows}

    def rows(
        self,
        person_id: str | None = None,
        *,
        open_only: bool = True,
        mentorship_id: str | None = None,
    ) -> builtins.list[ActionRow]:
        from mentor_tui.core.actions import ActionRow

        """Action items across mentorships (those `person_id` is in, if given), with names."""
        where, params = [], []
        if person_id:
            where.append(
                "a.mentorship_id IN (SELECT mentorship_id FROM members WHERE person_id = ?)"
            )
            params.append(person_id)
        if mentorship_id:
            where.append("a.mentorship_id = ?")
            params.append(mentorship_id)
        if open_only:
            where.append("a.done_at IS NULL AND a.dropped_at IS NULL")
        sql = (
            "SELECT a.*, p.display_name AS owner_name, m.title AS mentorship_title "
            "FROM action_items a LEFT JOIN people p ON p.id = a.owner_id "
            "LEFT JOIN mentorships m ON m.id = a.mentorship_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY (a.done_at IS NOT NULL OR a.dropped_at IS NOT NULL), a.due IS NULL, a.due, a.created_at, a.rowid"
        rows = self._read(sql, params)
        mentorship_ids = sorted({r["mentorship_id"] for r in rows})
        members: dict[str, list[tuple[str, str]]] = {}
        if mentorship_ids:
            for r in self._read(
                "SELECT mb.mentorship_id, mb.person_id, p.display_name FROM members mb "
                f"JOIN people p ON p.id = mb.person_id WHERE mb.mentorship_id IN "
                f"({in_marks(mentorship_ids)}) ORDER BY p.display_name COLLATE NOCASE",
                mentorship_ids,
            ):
                members.setdefault(r["mentorship_id"], []).append(
                    (r["person_id"], r["display_name"])
                )
        found = []
        for row in rows:
            others = [m for m in members.get(row["mentorship_id"], []) if m[0] != row["owner_id"]]
            found.append(
                ActionRow(
                    item=from_row(ActionItem, row),
                    owner_name=row["owner_name"] or "someone",
                    mentorship_title=row["mentorship_title"] or "",
                    counterpart_ids=[pid for pid, _ in others],
                    counterpart_names=[name for _, name in others],
                )
            )
        return found

    def owed(self, person_id: str, today: date, *, open_only: bool = True) -> Owed:
        from mentor_tui.core import actions as rules
        from mentor_tui.core.actions import Owed

        """ "What do I owe, and to whom" (and what others owe me), across all my mentorships."""
        mentorships = self.repo.mentorships.list(person_id=person_id)
        ids = [m.id for m in mentorships]
        if not ids:
            return Owed(person_id)
        sql = f"SELECT * FROM action_items WHERE mentorship_id IN ({in_marks(ids)})"
        if open_only:
            sql += " AND done_at IS NULL AND dropped_at IS NULL"
        items = [from_row(ActionItem, r) for r in self._read(sql + " ORDER BY created_at, rowid", ids)]
        people = self._people_by_id(m.person_id for ms in mentorships for m in ms.members)
        return rules.owed(items, mentorships, people, person_id, today, open_only=open_only)

    def review_items(self, session_id: str, today: date) -> builtins.list[ReviewItem]:
        from mentor_tui.core import actions as rules

        """The action items a session's review section lists (carried over from before)."""
        session = self.repo.sessions.get(session_id)
        earlier = self.repo.sessions.list(mentorship_id=session.mentorship_id)
        items = self.list(session.mentorship_id)
        return rules.review_items(items, session, earlier, today)
