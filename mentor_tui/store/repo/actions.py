from __future__ import annotations

from datetime import date

from mentor_tui.core.clock import now_iso
from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.models import ActionItem
from mentor_tui.store.repo.part import RepositoryPart
from mentor_tui.store.rows import from_row, to_row


class ActionsRepo(RepositoryPart):
    def save_action_item(self, item: ActionItem) -> ActionItem:
        if not item.text.strip():
            raise UserError("An action item needs some text.")
        with self.write():
            self._upsert(
                "action_items",
                to_row(item),
                mentorship_id=item.mentorship_id,
                session_id=item.session_id,
            )
        return self.get_action_item(item.id)

    add_action_item = save_action_item

    def get_action_item(self, item_id: str) -> ActionItem:
        row = self._one("SELECT * FROM action_items WHERE id = ?", (item_id,))
        if row is None:
            raise NotFound(f"No action item with id {item_id}.")
        return from_row(ActionItem, row)

    def set_action_done(self, item_id: str, done: bool = True) -> ActionItem:
        item = self.get_action_item(item_id)
        item.done_at = (item.done_at or now_iso()) if done else None
        if done:
            item.dropped_at = None
        return self.save_action_item(item)

    def set_action_dropped(self, item_id: str, dropped: bool = True) -> ActionItem:
        """"No longer needed": closed without being done, kept in history (not deleted)."""
        item = self.get_action_item(item_id)
        item.dropped_at = (item.dropped_at or now_iso()) if dropped else None
        if dropped:
            item.done_at = None
        return self.save_action_item(item)

    def assign_action(self, item_id: str, owner_id: str) -> ActionItem:
        """Give the item to another member of its mentorship."""
        item = self.get_action_item(item_id)
        member = self._one(
            "SELECT 1 FROM members WHERE mentorship_id = ? AND person_id = ?",
            (item.mentorship_id, owner_id),
        )
        if member is None:
            raise UserError("An action item can go only to a member of its mentorship.")
        item.owner_id = owner_id
        return self.save_action_item(item)

    def set_action_due(self, item_id: str, due: date | None) -> ActionItem:
        item = self.get_action_item(item_id)
        item.due = due
        return self.save_action_item(item)

    def list_action_items(
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
