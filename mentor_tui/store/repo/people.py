from __future__ import annotations

from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.models import Person
from mentor_tui.store.repo.base import SubRepository
from mentor_tui.store.rows import from_row, to_row


class PeopleRepo(SubRepository):
    def add(self, person: Person) -> Person:
        if not person.display_name.strip():
            raise UserError("A person needs a name.")
        with self.write():
            self._upsert("people", to_row(person))
        return self.get(person.id)

    save = add

    def get(self, person_id: str) -> Person:
        row = self._one("SELECT * FROM people WHERE id = ?", (person_id,))
        if row is None:
            raise NotFound(f"No person with id {person_id}.")
        return from_row(Person, row)

    def list(self) -> list[Person]:
        rows = self._read("SELECT * FROM people ORDER BY display_name COLLATE NOCASE")
        return [from_row(Person, r) for r in rows]

    def find(self, name_or_id: str) -> Person:
        """By id, id prefix, or display name (case-insensitive); ambiguity is an error."""
        text = name_or_id.strip()
        rows = self._read(
            "SELECT * FROM people WHERE id = ? OR display_name = ? COLLATE NOCASE",
            (text, text),
        )
        if not rows and len(text) >= 4:
            rows = self._read("SELECT * FROM people WHERE id LIKE ?", (text + "%",))
        if not rows:
            raise NotFound(f'Nobody called "{text}" is in this database; see `mentor-tui people list`.')
        if len(rows) > 1:
            raise UserError(f'More than one person matches "{text}"; use their id instead.')
        return from_row(Person, rows[0])
